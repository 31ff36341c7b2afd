#!/usr/bin/env python3
"""Benchmark: our build against the plainest hand-made pipeline, in one run.

    python bench/build.py [TEXT] [--work DIR] [--jobs N] [--sizes 10000,50000]

Baseline (single voice, no chapters, no tags):
    espeak-ng -f book.txt -w book.wav && ffmpeg -i book.wav -codec:a libmp3lame -b:a 64k book.mp3
Ours: cold build (empty cache), no-op rebuild, rebuild after one character's
voice changed in voices.toml (a character with under 10% of the lines), and
peak memory (RSS summed over the whole process tree) for the first 10k and
50k words and the whole text. Prints one table. It measures; it asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEXT = ROOT.parent / "shared" / "pdnc-dev" / "PrideAndPrejudice" / "text.txt"
AUDIOBOOK = [sys.executable, "-m", "audiobook"]


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in kB."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                rss[int(entry)] = int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run(args: list[str], cwd: Path, shell_pipeline: list[list[str]] | None = None) -> dict:
    """Run a command (or a sequence of commands), measuring wall, CPU and peak tree RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    peak = 0
    for command in shell_pipeline or [args]:
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stop = threading.Event()

        def sample(proc=proc, stop=stop):
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, tree_rss_kb(proc.pid))
                stop.wait(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, err = proc.communicate()
        stop.set()
        sampler.join()
        if proc.returncode:
            raise SystemExit(f"{' '.join(map(str, command))} failed: {err.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": time.monotonic() - start, "cpu": cpu, "peak_mb": peak / 1024}


def first_words(text: str, n: int) -> str:
    """The text cut at the first paragraph end after ``n`` words."""
    count = 0
    for m in re.finditer(r"\S+|\n\s*\n", text):
        if m.group().strip():
            count += 1
        elif count >= n:
            return text[: m.start()]
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text", nargs="?", default=str(DEFAULT_TEXT))
    ap.add_argument("--work", default="/tmp/audiobook-bench")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--sizes", default="10000,50000", help="word counts for the memory rows")
    args = ap.parse_args()
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "stories").mkdir(parents=True)
    text = Path(args.text).read_text(encoding="utf-8")
    words = len(text.split())
    title = Path(args.text).parent.name if Path(args.text).name == "text.txt" else Path(args.text).stem
    story = work / "stories" / f"{title}.txt"
    story.write_text(text, encoding="utf-8")
    build = AUDIOBOOK + ["build", "stories", "--output", "output", "--cache-dir", "cache", "--jobs", str(args.jobs),
                         "--quiet"]
    env_note = f"{os.cpu_count()} cores, text {words} words ({title})"

    rows = {}
    rows["baseline"] = run([], work, [["espeak-ng", "-f", str(story), "-w", "book.wav"],
                                      ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", "book.wav",
                                       "-codec:a", "libmp3lame", "-b:a", "64k", "book.mp3"]])
    (work / "book.wav").unlink()
    subprocess.run(AUDIOBOOK + ["cast", "stories", "--write"], cwd=work, check=True, capture_output=True)
    rows["cold build"] = run(build, work)
    rows["no-op rebuild"] = run(build, work)
    changed = change_one_voice(work)
    rows[f"one voice changed ({changed})"] = run(build, work)

    memory = []
    for n in [int(x) for x in args.sizes.split(",") if x]:
        part = work / f"size-{n}"
        (part / "stories").mkdir(parents=True)
        (part / "stories" / "part.txt").write_text(first_words(text, n), encoding="utf-8")
        memory.append((n, run(build, part)))
    memory.append((words, rows["cold build"]))

    base = rows["baseline"]["wall"]
    print(f"# audiobook build benchmark: {env_note}, --jobs {args.jobs}")
    print(f"{'run':44s} {'wall s':>8s} {'cpu s':>8s} {'peak MB':>8s} {'wall/baseline':>14s}")
    for name, r in rows.items():
        print(f"{name:44s} {r['wall']:8.1f} {r['cpu']:8.1f} {r['peak_mb']:8.0f} {r['wall'] / base:14.2f}")
    print(f"{'cold / no-op ratio':44s} {rows['cold build']['wall'] / rows['no-op rebuild']['wall']:8.0f}x")
    print()
    print(f"{'memory vs length (cold build)':44s} {'words':>8s} {'peak MB':>8s} {'wall s':>8s}")
    for n, r in memory:
        print(f"{'':44s} {n:8d} {r['peak_mb']:8.0f} {r['wall']:8.1f}")
    return 0


def change_one_voice(work: Path) -> str:
    """Raise the pitch of a character with under 10% of the lines; return who and their share."""
    listing = subprocess.run(AUDIOBOOK + ["script", str(next((work / "stories").iterdir())), "--format", "jsonl"],
                             cwd=work, check=True, capture_output=True, text=True).stdout
    import json
    speakers = [json.loads(ln)["speaker"] for ln in listing.splitlines() if '"dialogue"' in ln]
    counts = {s: speakers.count(s) for s in set(speakers) if s}
    total = len(speakers)
    name = max((s for s, c in counts.items() if c < 0.1 * total), key=lambda s: (counts[s], s))
    voices = work / "voices.toml"
    source = voices.read_text(encoding="utf-8")
    header = f'[characters."{name}"]'
    start = source.index(header)
    end = source.find("\n[", start + 1)
    end = len(source) if end < 0 else end
    block = re.sub(r"pitch = (\d+)", lambda m: f"pitch = {(int(m.group(1)) + 17) % 100}", source[start:end])
    voices.write_text(source[:start] + block + source[end:], encoding="utf-8")
    return f"{name}, {counts[name] / total:.0%} of lines"


if __name__ == "__main__":
    sys.exit(main())
