"""Fit a few of the speaker stage's weights on annotated novels, reproducibly.

    .venv/bin/python bench/fit_weights.py [GOLD_DIR] [--rounds 2]

Coordinate search: each weight in FITTED in turn is tried at a few multiples
of its value, every other weight held; a value is kept when it raises the
macro mean of end-to-end accuracy (no list and with the list, averaged)
and lowers no novel by more than 0.01 against the start. It prints the
values to write into speakers/weights.py; it changes nothing by itself.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from attribution import Novel, known_characters, predict_library
from audiobook.speakers import weights as w

# (name in weights.py, key in a dict of weights or None)
FITTED = [("CHANGE", None), ("RETURN", None), ("ADDRESSED_BEFORE", None), ("IS_ADDRESSED", None),
          ("PRESENT", None), ("NAMED_INSIDE", None), ("ANSWERED", None), ("PRONOUN_CLUES", "paragraph subject"),
          ("PRONOUN_CLUES", "recent"), ("PRONOUN_CLUES", "lead-in last"), ("EVIDENCE", "pronoun"),
          ("EVIDENCE", "nearby"), ("PRONOUN_CLUES", "last speaker"), ("TURN_TAKING_GAP", None)]
FACTORS = (0.5, 0.75, 1.33, 2.0)


def get(name: str, key: str | None) -> float:
    value = getattr(w, name)
    return value[key] if key else value


def put(name: str, key: str | None, value: float) -> None:
    if key:
        getattr(w, name)[key] = value
    else:
        setattr(w, name, value)


def evaluate(novels: list[Novel], lists: dict) -> dict[str, float]:
    """Per novel, end-to-end accuracy averaged over no list and the full list."""
    out = {}
    for novel in novels:
        scores = []
        for known in ([], lists[novel.name]):
            segments = predict_library(novel.folder / "text.txt", novel.text, known)
            scores.append(sum(novel.right(g, s) for g, s in zip(novel.gold, novel.matched(segments))) / len(novel.gold))
        out[novel.name] = sum(scores) / 2
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?",
                    default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "pdnc-dev"))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    novels = [Novel(p) for p in sorted(Path(args.gold).iterdir()) if (p / "gold.jsonl").is_file()]
    lists = {n.name: known_characters(n.folder) for n in novels}
    start = evaluate(novels, lists)
    best = sum(start.values()) / len(start)
    print(f"start: macro {best:.4f}", flush=True)
    for _ in range(args.rounds):
        for name, key in FITTED:
            base = get(name, key)
            for factor in FACTORS:
                put(name, key, round(base * factor, 3))
                scores = evaluate(novels, lists)
                macro = sum(scores.values()) / len(scores)
                ok = all(scores[n] >= start[n] - 0.01 for n in scores)
                if macro > best + 1e-4 and ok:
                    best, base = macro, get(name, key)
                    print(f"  {name}[{key}] = {base}: macro {macro:.4f}", flush=True)
            put(name, key, base)
    print("fitted:")
    for name, key in FITTED:
        print(f"  {name}{f'[{key!r}]' if key else ''} = {get(name, key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
