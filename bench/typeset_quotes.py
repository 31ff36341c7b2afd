"""The annotated novels with their straight quotes typeset as printed books have them.

    .venv/bin/python bench/typeset_quotes.py GOLD_DIR OUT_DIR {double,single}

The corpus writes "straight" double quotes; EPUBs and British books print
curly ones: \u201cdouble\u201d, or \u2018single\u2019 with every apostrophe a \u2019 as well, so
that "goin\u2019 home" and the end of a quotation look alike, and a quotation inside one in
\u201cdouble\u201d quotes, as British books print it. Each mark keeps its
place (one character for one), so the gold offsets hold. A straight double
quote opens at a paragraph's start or after a space or dash with a word
after it, and closes otherwise. bench/attribution.py runs on such a copy
with ``--quotes double`` or ``--quotes single``.
"""
from __future__ import annotations

import argparse
import re
import shutil
from collections import Counter
from pathlib import Path

_MARKS = {"double": ("\u201c", "\u201d"), "single": ("\u2018", "\u2019")}


def typeset(text: str, style: str) -> str:
    opening, closing = _MARKS[style]
    out = list(text)
    words = Counter(re.findall(r"(?<![\w'])[a-z]+(?![\w'])", text.lower()))  # words written whole
    inside = False  # within a double-quoted quotation of the corpus
    nested_ends = set()
    for i, ch in enumerate(text):
        if i in nested_ends:
            continue
        if ch == '"':
            before, after = text[i - 1] if i else "\n", text[i + 1] if i + 1 < len(text) else " "
            opens = before == "\n" or before in " \t(\u2014-_[" and not after.isspace()
            out[i] = opening if opens else closing
            inside = opens
        elif ch == "\n" and text[i + 1:i + 2] == "\n":
            inside = False
        elif ch == "'" and style == "single":
            out[i] = "\u2019"
            if inside and (pair := _nested(text, i, words)):  # British books quote inside a quotation with doubles
                out[i], out[pair] = "\u201c", "\u201d"
                nested_ends.add(pair)
    return "".join(out)


# words after a straight single quote that is an apostrophe: 'em, 'tis, and "I 'll", "it 's" as some texts space them
_ELIDED = ("em", "tis", "twas", "twere", "twill", "cause", "bout", "taint", "nough", "prentice", "ow", "ere", "un",
           "ll", "m", "s", "re", "ve", "d", "t")


def _nested(text: str, i: int, words: Counter) -> int | None:
    """Where the straight single quote opening a quotation at ``i``, inside a double-quoted
    one, closes: the next single quote after a word or stop and before a space or stop, within
    the same quotation; None when ``i`` opens nothing ('em, 'tis) or nothing closes it."""
    before, after = text[i - 1] if i else " ", text[i + 1:i + 2]
    word = re.match(r"_?([A-Za-z]*)", text[i + 1:i + 12]).group(1).lower()
    if before not in " \t\n\u2014-(\"" or not (after.isalpha() or after == "_") or word in _ELIDED \
            or words[word] < 3:
        return None  # 'roun', 'bout: talk written as it is said, no word the book writes whole
    for j in range(i + 2, min(len(text) - 1, i + 1500)):
        if text[j] == '"' or text[j:j + 2] == "\n\n":
            return None
        if text[j] == "'" and not text[j - 1].isspace() and not text[j + 1].isalnum():
            last = re.search(r"[a-z]*$", text[i:j].lower()).group()
            if not last or words[last] >= 3:  # not goin' or befo'
                return j
    return None


def typeset_all(gold: Path, out: Path, style: str) -> Path:
    for folder in sorted(p for p in gold.iterdir() if (p / "gold.jsonl").is_file()):
        copy = out / folder.name
        copy.mkdir(parents=True, exist_ok=True)
        text = (folder / "text.txt").open(encoding="utf-8", newline="").read()
        (copy / "text.txt").open("w", encoding="utf-8", newline="").write(typeset(text, style))
        for name in ("gold.jsonl", "characters.json"):
            shutil.copy(folder / name, copy / name)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("out")
    ap.add_argument("style", choices=sorted(_MARKS))
    args = ap.parse_args()
    print(typeset_all(Path(args.gold), Path(args.out), args.style))
