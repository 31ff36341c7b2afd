"""Speaker-attribution benchmark over a folder in the PDNC layout.

    .venv/bin/python bench/attribution.py [GOLD_DIR] [--scorer PATH] [--keep DIR] [--via library|api] [--quick]
                                          [--made-up-names] [--quotes double|single]

GOLD_DIR holds one folder per novel with ``text.txt``, ``gold.jsonl`` and
``characters.json``. For each novel it attributes the text twice, with no
character list and with the list from characters.json (as a user would list
them in voices.toml), runs the scorer on both and prints per novel and as
the macro mean over novels: detection F1, accuracy by quote type, end-to-end
accuracy. Then, measured here on the no-list run:

- stability: each of a novel's five busiest characters listed alone; the
  share of the *other* characters' quotations whose speaker moved (mean and
  worst over the five), when the listing did not just rename the same person;
- splits: correctly attributed lines voiced under a second name of the same
  person, and how many characters are split;
- confidence: the share of all errors held by the 20% least confident
  lines, and accuracy per confidence band.

``--via api`` runs what `audiobook script PATH --format jsonl` runs;
``--via library`` (the default) segments and attributes the bare text.
``--quick`` leaves out stability (about half the time). ``--made-up-names``
runs on a copy with every character's name replaced by a made-up word
(made_up_names.py): how much rests on the given-name table knowing them;
``--quotes double|single`` on a copy typeset with curly quotes, as EPUBs and
British books print them (typeset_quotes.py).
"""
from __future__ import annotations

import argparse
import bisect
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import made_up_names
import typeset_quotes
from audiobook.model import Character, Segment
from audiobook.speakers.resolver import attribute
from audiobook.text.segment import segment

REPO = Path(__file__).resolve().parent.parent
GENDERS = {"F": "female", "M": "male"}
COLUMNS = ("char_f1", "e2e_acc_explicit", "e2e_acc_anaphoric", "e2e_acc_implicit", "e2e_acc")
NARRATOR_ALIASES = {"_narr", "narr"}  # how the corpus marks a first-person narrator; a user writes "I"
_TOKEN = re.compile(r"[^\W_]+")


def norm(name: str | None) -> str:
    return " ".join(_TOKEN.findall((name or "").casefold()))


def known_characters(novel: Path) -> list[Character]:
    """Characters as a user would list them in voices.toml after `audiobook cast`."""
    listed = json.loads((novel / "characters.json").read_text(encoding="utf-8"))
    return [Character(c["name"], tuple("I" if a.casefold() in NARRATOR_ALIASES else a for a in c.get("aliases") or ()),
                      GENDERS.get(c.get("gender") or "")) for c in listed]


def predict_library(path: Path, text: str, known: list[Character]) -> list[Segment]:
    """Segment and attribute the bare text: no headings, nothing skipped."""
    segments, _ = attribute(text, segment(text), known)
    return segments


def predict_api(path: Path, text: str, known: list[Character]) -> list[Segment]:
    """What `audiobook script PATH --format jsonl` writes, with the characters as voices.toml would list them."""
    from audiobook import api
    from audiobook.voices.config import CharacterSettings, Config

    config = Config(characters=tuple(CharacterSettings(c.name, c.aliases, c.gender) for c in known))
    return api.script(path, config).segments


PREDICTORS = {"library": predict_library, "api": predict_api}


class Novel:
    """One annotated novel, and each gold quotation's predicted segment."""

    def __init__(self, folder: Path):
        self.name = folder.name
        self.folder = folder
        self.text = (folder / "text.txt").open(encoding="utf-8", newline="").read()
        self.gold = [json.loads(line) for line in (folder / "gold.jsonl").open(encoding="utf-8")]
        self.gold = [g for g in self.gold if not g["speaker"].startswith("_") and g["speaker"] != "Unknowable"]

    def names(self, g: dict) -> set[str]:
        return {norm(g["speaker"]), *map(norm, g.get("speaker_aliases") or ())}

    def matched(self, segments: list[Segment]) -> list[Segment | None]:
        """For each gold quotation, the dialogue segment overlapping it most."""
        dialogue = sorted((s for s in segments if s.kind == "dialogue"), key=lambda s: s.start)
        starts = [s.start for s in dialogue]
        out = []
        for g in self.gold:
            best, overlap = None, 0
            for a, b in g.get("spans") or [[g["start"], g["end"]]]:

                i = max(0, bisect.bisect_right(starts, a) - 1)
                while i < len(dialogue) and dialogue[i].start < b:
                    o = min(b, dialogue[i].end) - max(a, dialogue[i].start)
                    if o > overlap:
                        best, overlap = dialogue[i], o
                    i += 1
            out.append(best)
        return out

    def right(self, g: dict, seg: Segment | None) -> bool:
        return seg is not None and norm(seg.speaker) in self.names(g)


def write(segments: list[Segment], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"start": s.start, "end": s.end, "kind": s.kind, "speaker": s.speaker,
                                  "how": s.how, "confidence": s.confidence}) + "\n" for s in segments)


def score(gold: Path, scorer: Path, out: Path) -> dict:
    metrics = out / "metrics.json"
    subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json", str(metrics)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(metrics.read_text())


def cell(value) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def stability(novel: Novel, known: list[Character], baseline: list[Segment], predict) -> tuple[float, float]:
    """Mean and worst share of other characters' lines that move when one busy character is listed alone."""
    by_norm = {norm(n): c for c in known for n in (c.name, *c.aliases)}
    busiest = Counter(by_norm.get(norm(g["speaker"])) for g in novel.gold)
    shares = []
    before = novel.matched(baseline)
    for character, _ in [item for item in busiest.most_common() if item[0] is not None][:5]:
        after = novel.matched(predict(novel.folder / "text.txt", novel.text, [character]))
        own = {norm(n) for n in (character.name, *character.aliases)}
        own_words = {w for n in own for w in n.split()}
        moved = others = 0
        for g, old, new in zip(novel.gold, before, after):
            if norm(g["speaker"]) in own or g["speaker"] == character.name:
                continue
            others += 1
            old_name, new_name = norm(old and old.speaker), norm(new and new.speaker)
            renamed = new_name in own and old_name and set(old_name.split()) <= own_words | set(new_name.split())
            moved += old_name != new_name and not renamed
        shares.append(moved / max(1, others))
    return mean(shares), max(shares, default=0.0)


def splits(novel: Novel, segments: list[Segment]) -> tuple[int, int, int]:
    """(correct lines, correct lines under a second name of their person, split characters)."""
    names: dict[str, Counter] = defaultdict(Counter)
    for g, seg in zip(novel.gold, novel.matched(segments)):
        if novel.right(g, seg):
            names[g["speaker"]][seg.speaker] += 1
    correct = sum(sum(c.values()) for c in names.values())
    second = sum(sum(c.values()) - max(c.values()) for c in names.values())
    return correct, second, sum(1 for c in names.values() if len(c) > 1)


def confidence_rows(novels: list[Novel], predictions: dict[str, list[Segment]]) -> list[tuple[float, bool]]:
    rows = []
    for novel in novels:
        for g, seg in zip(novel.gold, novel.matched(predictions[novel.name])):
            if seg is not None:
                rows.append((seg.confidence, novel.right(g, seg)))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(REPO.parent / "shared" / "pdnc-dev"))
    ap.add_argument("--scorer", default=str(REPO.parent / "shared" / "eval" / "score_quotes.py"))
    ap.add_argument("--keep", help="write predictions here instead of a temporary folder")
    ap.add_argument("--via", choices=sorted(PREDICTORS), default="library")
    ap.add_argument("--quick", action="store_true", help="leave out the stability runs")
    ap.add_argument("--made-up-names", action="store_true",
                    help="run on a copy of the novels with every character's name made up (bench/made_up_names.py)")
    ap.add_argument("--quotes", choices=("double", "single"),
                    help="run on a copy with the quotes typeset curly, double or single (bench/typeset_quotes.py)")
    args = ap.parse_args()
    predict = PREDICTORS[args.via]
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="attribution-"))
    if args.made_up_names:
        args.gold = str(made_up_names.rename_all(Path(args.gold), base / "made-up-names"))
    if args.quotes:
        args.gold = str(typeset_quotes.typeset_all(Path(args.gold), base / f"quotes-{args.quotes}", args.quotes))
    novels = [Novel(p) for p in sorted(Path(args.gold).iterdir()) if (p / "gold.jsonl").is_file()]
    print(f"{'novel':30s} {'list':4s} {'detF1':>6s} {'expl':>6s} {'anaph':>6s} {'impl':>6s} {'e2e':>6s} {'cpu s':>6s}")
    runs: dict[bool, dict[str, list[Segment]]] = {}
    for with_list in (False, True):
        out = base / ("with-list" if with_list else "no-list")
        out.mkdir(parents=True, exist_ok=True)
        runs[with_list], seconds = {}, {}
        for novel in novels:
            known = known_characters(novel.folder) if with_list else []
            t0 = time.process_time()
            runs[with_list][novel.name] = predict(novel.folder / "text.txt", novel.text, known)
            seconds[novel.name] = time.process_time() - t0
            write(runs[with_list][novel.name], out / f"{novel.name}.jsonl")
        metrics = score(Path(args.gold), Path(args.scorer), out)
        per = metrics["per_novel"]
        for name, m in per.items():
            print(f"{name[:30]:30s} {'yes' if with_list else 'no':4s} "
                  + " ".join(cell(m.get(c)) for c in COLUMNS) + f" {seconds.get(name, 0):6.2f}")
        macro = {c: mean(m[c] for m in per.values() if m.get(c) is not None) for c in COLUMNS}
        print(f"{'MACRO MEAN':30s} {'yes' if with_list else 'no':4s} " + " ".join(cell(macro[c]) for c in COLUMNS)
              + f" {sum(seconds.values()):6.2f}")
    plain = runs[False]
    print("\nper novel, no list:          splits (2nd-name lines / correct, characters)   stability (mean / worst)")
    totals = Counter()
    stable = []
    for novel in novels:
        correct, second, split = splits(novel, plain[novel.name])
        totals.update(correct=correct, second=second, split=split)
        row = f"{novel.name[:30]:30s} {second:5d} / {correct:5d} = {second / max(1, correct):5.3f}, {split:3d} split"
        if not args.quick:
            s_mean, s_max = stability(novel, known_characters(novel.folder), plain[novel.name], predict)
            stable.append((s_mean, s_max))
            row += f"      {s_mean:5.3f} / {s_max:5.3f}"
        print(row)
    print(f"{'TOTAL':30s} {totals['second']:5d} / {totals['correct']:5d} = "
          f"{totals['second'] / max(1, totals['correct']):5.3f}, {totals['split']:3d} split"
          + (f"      {mean(s for s, _ in stable):5.3f} / {max(w for _, w in stable):5.3f}" if stable else ""))
    for with_list in (False, True):
        rows = sorted(confidence_rows(novels, runs[with_list]))
        errors = sum(1 for _, ok in rows if not ok)
        low = rows[: len(rows) // 5]
        print(f"\nconfidence ({'with' if with_list else 'no'} list): the least confident 20% of lines hold "
              f"{sum(1 for _, ok in low if not ok) / max(1, errors):.3f} of the {errors} errors")
        for lo, hi in ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01)):
            band = [ok for c, ok in rows if lo <= c < hi]
            if band:
                print(f"  confidence {lo:.2f}-{min(hi, 1):.2f}: {len(band):5d} lines, accuracy {mean(band):.3f}")
    print(f"\npredictions: {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
