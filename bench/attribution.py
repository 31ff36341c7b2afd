"""Speaker-attribution benchmark over a folder in the PDNC layout.

    .venv/bin/python bench/attribution.py [GOLD_DIR] [--scorer PATH] [--keep DIR] [--via library|api]

GOLD_DIR holds one folder per novel with ``text.txt`` (and ``characters.json``
for the "with list" run). For each novel and each run (no character list;
the list from characters.json) it writes ``<Novel>.jsonl`` predictions, runs
the scorer on them and prints one table: detection F1, speaker accuracy per
quote type and end-to-end accuracy, plus the time taken per novel.

``--via api`` runs what `audiobook script PATH --format jsonl --voices FILE`
runs (reading with headings and front matter, pinned quotes); ``--via library``
(the default) segments and attributes the bare text.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audiobook.model import Character
from audiobook.speakers.resolver import attribute
from audiobook.text.segment import segment

REPO = Path(__file__).resolve().parent.parent
GENDERS = {"F": "female", "M": "male"}
COLUMNS = ("char_f1", "e2e_acc_explicit", "e2e_acc_anaphoric", "e2e_acc_implicit", "e2e_acc")


def known_characters(novel: Path) -> list[Character]:
    """Characters as a user would list them in voices.toml after `audiobook cast`."""
    listed = json.loads((novel / "characters.json").read_text(encoding="utf-8"))
    return [Character(c["name"], tuple(c.get("aliases") or ()), GENDERS.get(c.get("gender") or ""))
            for c in listed]


def predict_library(path: Path, text: str, known: list[Character]) -> list:
    """Segment and attribute the bare text: no headings, nothing skipped."""
    segments, _ = attribute(text, segment(text), known)
    return segments


def predict_api(path: Path, text: str, known: list[Character]) -> list:
    """What `audiobook script PATH --format jsonl` writes: the story as the
    reader sees it (headings, front matter), with the characters as voices.toml would list them."""
    from audiobook import api
    from audiobook.voices.config import CharacterSettings, Config

    config = Config(characters=tuple(CharacterSettings(c.name, c.aliases, c.gender) for c in known))
    return api.script(path, config).segments


PREDICTORS = {"library": predict_library, "api": predict_api}


def run(gold: Path, scorer: Path, out: Path, with_list: bool, predict=predict_library) -> tuple[dict, dict[str, float]]:
    out.mkdir(parents=True, exist_ok=True)
    seconds = {}
    for novel in sorted(p for p in gold.iterdir() if (p / "text.txt").is_file()):
        text = (novel / "text.txt").open(encoding="utf-8", newline="").read()
        known = known_characters(novel) if with_list and (novel / "characters.json").is_file() else []
        t0 = time.process_time()
        segments = predict(novel / "text.txt", text, known)
        seconds[novel.name] = time.process_time() - t0
        with open(out / f"{novel.name}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"start": s.start, "end": s.end, "kind": s.kind,
                                      "speaker": s.speaker, "how": s.how}) + "\n" for s in segments)
    metrics = out / "metrics.json"
    subprocess.run([sys.executable, str(scorer), str(gold), str(out), "--json", str(metrics)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(metrics.read_text()), seconds


def cell(value) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", default=str(REPO.parent / "shared" / "pdnc-dev"))
    ap.add_argument("--scorer", default=str(REPO.parent / "shared" / "eval" / "score_quotes.py"))
    ap.add_argument("--keep", help="write predictions here instead of a temporary folder")
    ap.add_argument("--via", choices=sorted(PREDICTORS), default="library",
                    help="library: segment + attribute the bare text; api: the `audiobook script` path")
    args = ap.parse_args()
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="attribution-"))
    print(f"{'novel':30s} {'list':4s} {'detF1':>6s} {'expl':>6s} {'anaph':>6s} {'impl':>6s} "
          f"{'e2e':>6s} {'cpu s':>6s}")
    for with_list in (False, True):
        metrics, seconds = run(Path(args.gold), Path(args.scorer),
                               base / ("with-list" if with_list else "no-list"), with_list,
                               PREDICTORS[args.via])
        rows = [(n, m) for n, m in metrics["per_novel"].items()] + [("TOTAL", metrics["total_micro"])]
        for name, m in rows:
            secs = seconds.get(name, sum(seconds.values()))
            print(f"{name[:30]:30s} {'yes' if with_list else 'no':4s} "
                  + " ".join(cell(m.get(c)) for c in COLUMNS) + f" {secs:6.2f}")
    print(f"predictions: {base}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
