"""The annotated novels with their straight quotes typeset as printed books have them.

    .venv/bin/python bench/typeset_quotes.py GOLD_DIR OUT_DIR {double,single}

The corpus writes "straight" double quotes; EPUBs and British books print
curly ones: \u201cdouble\u201d, or \u2018single\u2019 with every apostrophe a \u2019 as well, so
that "goin\u2019 home" and the end of a quotation look alike. Each mark keeps its
place (one character for one), so the gold offsets hold. A straight double
quote opens at a paragraph's start or after a space or dash with a word
after it, and closes otherwise. bench/attribution.py runs on such a copy
with ``--quotes double`` or ``--quotes single``.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path

_MARKS = {"double": ("\u201c", "\u201d"), "single": ("\u2018", "\u2019")}


def typeset(text: str, style: str) -> str:
    opening, closing = _MARKS[style]
    out = list(text)
    for i, ch in enumerate(text):
        if ch == '"':
            before, after = text[i - 1] if i else "\n", text[i + 1] if i + 1 < len(text) else " "
            opens = before == "\n" or before in " \t(\u2014-_[" and not after.isspace()
            out[i] = opening if opens else closing
        elif ch == "'" and style == "single":
            out[i] = "\u2019"
    return "".join(out)


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
