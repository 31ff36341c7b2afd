"""The annotated novels with every character's name replaced by a made-up word.

    .venv/bin/python bench/made_up_names.py GOLD_DIR OUT_DIR [--seed N]

A measure of how far attribution leans on knowing the names: the given-name
table tells Elizabeth is a woman and Bennet no given name; on a novel of
names no table has (another language's, a fantasy's, surnames used as given
names) only the text can. Each name word of ``characters.json`` (not titles,
not words the text writes in lower case) becomes a pronounceable word of the
same length that the table does not know, in the text, ``gold.jsonl`` and
``characters.json`` alike, so every offset stays where it was and the
scorer reads the copy as it reads the original. bench/attribution.py runs on
such a copy with ``--made-up-names``.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from audiobook.speakers.names import given_name_gender
from audiobook.speakers.vocabulary import HONORIFICS, NOT_NAMES, PERSON_NOUNS

# Words of names that are not the name: titles and ranks, particles, and the words of descriptions
_KEPT = {*HONORIFICS, "the", "of", "and", "de", "van", "der", "von", "la", "le", "du", "da", "st", "dr", "mlle",
         "mme", "old", "young", "little", "general", "lady", "lord", "marquis", "marchioness", "grandmother",
         "narr"}  # the corpus's mark of a first-person narrator, which the bench lists as "I"
_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"


def _described(text: str, word: str) -> bool:
    """"the Hatter", "the Frenchman": a word for a kind of person, mostly after "the", is a description
    the story capitalises; no name table knows it, and the words for people stay what they are."""
    if word.lower() not in PERSON_NOUNS:
        return False
    after_the = len(re.findall(rf"\b[Tt]he\s+{word}\b", text))
    return after_the * 2 > len(re.findall(rf"\b{word}\b", text))


def made_up_names(text: str, characters: list[dict], rng: random.Random) -> dict[str, str]:
    """Name word -> its made-up replacement (both as written, and in capitals)."""
    lower = Counter(re.findall(r"\b[a-z]+\b", text))
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    names = {word for c in characters for name in (c["name"], *(c.get("aliases") or ()))
             for word in re.findall(r"[^\W\d_]+", name)
             if word[0].isupper() and len(word) > 2 and word.lower() not in _KEPT | NOT_NAMES
             and lower[word.lower()] < 3 and not _described(text, word)}
    out: dict[str, str] = {}
    for name in sorted(names):
        while True:
            new = "".join(rng.choice(_CONSONANTS if i % 2 == 0 else _VOWELS) for i in range(len(name))).capitalize()
            if new.lower() not in words and new not in out.values() and given_name_gender(new) is None:
                break
        out[name] = new
    # a pet name made from another name keeps that make ("Kit", "Kitty"): a story's own names have it too
    for name in sorted(names, key=len):
        stem = max((n for n in names if len(n) >= 3 and n != name and name.startswith(n)
                    and len(name) - len(n) <= 3), key=len, default=None)
        if stem:
            out[name] = out[stem] + name[len(stem):]
    out.update({name.upper(): new.upper() for name, new in list(out.items())})
    return out


def rename(folder: Path, out: Path, seed: int) -> None:
    """One novel's folder copied to ``out`` under made-up names."""
    text = (folder / "text.txt").open(encoding="utf-8", newline="").read()
    characters = json.loads((folder / "characters.json").read_text(encoding="utf-8"))
    mapping = made_up_names(text, characters, random.Random(f"{seed}:{folder.name}"))
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")

    def renamed(value):
        if isinstance(value, str):
            return pattern.sub(lambda m: mapping[m.group(1)], value)
        if isinstance(value, list):
            return [renamed(v) for v in value]
        return value

    out.mkdir(parents=True, exist_ok=True)
    (out / "text.txt").open("w", encoding="utf-8", newline="").write(renamed(text))
    with (out / "gold.jsonl").open("w", encoding="utf-8") as f:
        for line in (folder / "gold.jsonl").open(encoding="utf-8"):
            f.write(json.dumps({k: renamed(v) for k, v in json.loads(line).items()}) + "\n")
    (out / "characters.json").write_text(json.dumps([{k: renamed(v) for k, v in c.items()} for c in characters]),
                                         encoding="utf-8")


def rename_all(gold: Path, out: Path, seed: int = 1) -> Path:
    for folder in sorted(p for p in gold.iterdir() if (p / "gold.jsonl").is_file()):
        rename(folder, out / folder.name, seed)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    print(rename_all(Path(args.gold), Path(args.out), args.seed))
