"""Paragraph layouts: the same novel written three other ways, and how much of its attribution holds.

    .venv/bin/python bench/layouts.py [GOLD_DIR] [NOVEL ...]

Each novel's text.txt (blank lines between paragraphs) is rewritten with no
blank lines: hard-wrapped with each paragraph's first line indented; one line
a paragraph; one line a paragraph after a tab. For each it prints the
paragraphs and quotations found, and the share of the blank-line text's
quotations found again (the same words, in order) with the same speaker.
"""
from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

from audiobook.speakers.resolver import attribute
from audiobook.text.segment import segment
from audiobook.text.spans import paragraph_spans

REPO = Path(__file__).resolve().parent.parent


def layouts(text: str) -> dict[str, str]:
    paragraphs = [text[s:e] for s, e in paragraph_spans(text)]
    one_line = [re.sub(r"\s*\n\s*", " ", p) for p in paragraphs]
    return {"blank lines": text, "indented": "\n".join("    " + p for p in paragraphs) + "\n",
            "one line": "\n".join(one_line) + "\n", "tab, one line": "\n".join("\t" + p for p in one_line) + "\n"}


def quotations(text: str) -> list[tuple[str, str | None]]:
    """(words, speaker) of each quotation."""
    segments, _ = attribute(text, segment(text), [])
    return [(" ".join(s.text.split()), s.speaker) for s in segments if s.kind == "dialogue"]


def kept(base: list[tuple[str, str | None]], found: list[tuple[str, str | None]]) -> int:
    """How many of ``base`` are found again, aligned by their words, with the same speaker."""
    match = difflib.SequenceMatcher(None, [w for w, _ in base], [w for w, _ in found], autojunk=False)
    return sum(base[a + k][1] == found[b + k][1] for a, b, n in match.get_matching_blocks() for k in range(n))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(REPO.parent / "shared" / "pdnc-dev"))
    ap.add_argument("novels", nargs="*")
    args = ap.parse_args()
    folders = [p for p in sorted(Path(args.gold).iterdir()) if (p / "text.txt").is_file()
               and (not args.novels or p.name in args.novels)]
    print(f"{'novel':30} {'layout':14} {'paragraphs':>10} {'quotations':>10} {'same speaker':>12}")
    for folder in folders:
        base = None
        for name, text in layouts((folder / "text.txt").read_text(encoding="utf-8")).items():
            found = quotations(text)
            base = found if base is None else base
            same = kept(base, found)
            print(f"{folder.name:30} {name:14} {len(paragraph_spans(text)):10} {len(found):10} "
                  f"{same / max(1, len(base)):12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
