"""What a killed build leaves behind is cleaned, and only what is stale."""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from audiobook.audio.parts import STALE_AFTER, sweep


def test_old_temporary_files_of_a_killed_build_are_swept(tmp_path):
    (tmp_path / ".book.mp3.abc.part").write_bytes(b"half")
    (tmp_path / ".batchkey.xyz").mkdir()
    (tmp_path / ".fresh.mp3.def.part").write_bytes(b"being written")
    (tmp_path / "book.mp3").write_bytes(b"finished")
    old = time.time() - STALE_AFTER - 10
    for name in (".book.mp3.abc.part", ".batchkey.xyz", "book.mp3"):
        os.utime(tmp_path / name, (old, old))
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".fresh.mp3.def.part", "book.mp3"]


@pytest.mark.audio
def test_a_full_disk_is_one_line_leaves_no_file_and_keeps_the_cache(tmp_path):
    """The output folder is a real 16 KB tmpfs: the book file does not fit."""
    from click.testing import CliRunner

    from audiobook.cli import main

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text("The sea was calm that night.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(out)], check=True)
    try:
        args = ["build", str(tmp_path / "stories"), "--cache-dir", str(tmp_path / "cache"), "--output"]
        result = CliRunner().invoke(main, [*args, str(out)])
        assert result.exit_code == 1
        (line,) = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
        assert "No space left on device" in line and "disk is full" in line
        assert [p.name for p in out.iterdir()] == []  # nothing at a final name, no temp file
    finally:
        subprocess.run(["umount", str(out)], check=True)
    batches = {p.name for p in (tmp_path / "cache" / "clips").iterdir()}
    again = CliRunner().invoke(main, [*args, str(tmp_path / "roomy")])
    assert again.exit_code == 0 and "speaking" not in again.output  # the cache served every clip
    assert {p.name for p in (tmp_path / "cache" / "clips").iterdir()} == batches
    assert (tmp_path / "roomy" / "a.mp3").stat().st_size > 16_000


@pytest.mark.audio
def test_a_failing_clip_is_retried_then_reported(tmp_path, monkeypatch):
    """The engine's rare empty clip cannot be caused on demand: the speakers are made to report it."""
    from concurrent.futures import Future

    import pytest

    from audiobook.audio import scheduler
    from audiobook.audio.encode import Format
    from audiobook.audio.parts import PartCache
    from audiobook.audio.render import render
    from audiobook.errors import AudiobookError
    from audiobook.model import ChapterPlan, Line, Voice

    book = [[ChapterPlan("c", ((Line("A sentence to speak.", Voice("en"), 0.3, 0),),))]]
    calls = []

    class Flaky(scheduler.Speakers):
        failures = 2

        def submit(self, batch, cache_dir):
            calls.append(batch.key)
            if "A sentence to speak." in batch.texts and Flaky.failures:
                Flaky.failures -= 1
                failed = Future()
                failed.set_result("empty clip for 'A sentence to speak.'")
                return failed
            return super().submit(batch, cache_dir)

    monkeypatch.setattr(scheduler, "Speakers", Flaky)
    parts, ((jobs,),) = render(book, Format(), tmp_path)
    assert len(calls) == 4 and PartCache(tmp_path).get(jobs[0].key) is not None  # calibration, then third try

    Flaky.failures = scheduler.RETRIES + 1
    with pytest.raises(AudiobookError, match=f"failed {scheduler.RETRIES + 1} times: empty clip"):
        render(book, Format(), tmp_path / "b")


# --- what a build writes is readable as the umask allows ------------------------------

CLI = Path(sys.executable).parent / "audiobook"
TALE = ('The lamp was lit. "Who is there?" asked Nell.\n\n"Only me," said Tom.\n\n'
        "Chapter 2\n\nThe night went on. The rain stopped at last.\n")


def tale(tmp_path: Path) -> Path:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "tale.txt").write_text(TALE, encoding="utf-8")
    return tmp_path


def build_under_umask(root: Path, mask: int, *extra: str) -> subprocess.CompletedProcess:
    """The real CLI in a child process whose umask is ``mask``."""
    return subprocess.run([str(CLI), "build", "stories", "--output", "out", "--cache-dir", "cache", *extra],
                          cwd=root, capture_output=True, text=True, timeout=300,
                          preexec_fn=lambda: os.umask(mask))


def modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mode & 0o777 for p in root.rglob("*")}


@pytest.mark.audio
@pytest.mark.parametrize("mask, file_mode, folder_mode", [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_every_file_the_build_writes_honours_the_umask(tmp_path, mask, file_mode, folder_mode):
    root = tale(tmp_path)
    done = build_under_umask(root, mask)
    assert done.returncode == 0, done.stderr
    done = build_under_umask(root, mask, "--format", "m4b")  # the M4B is made by ffmpeg then renamed
    assert done.returncode == 0, done.stderr
    written = {**modes(root / "out"), **{f"cache/{k}": v for k, v in modes(root / "cache").items()}}
    kinds = {Path(name).suffix for name in written}
    assert {".mp3", ".m4b", ".vtt", ".srt", ".m3u", ".pcm", ".json", ".pickle"} <= kinds
    wrong = {name: oct(mode) for name, mode in written.items()
             if mode != (folder_mode if (root / name.removeprefix("cache/")).is_dir()
                         or (root / "cache" / name.removeprefix("cache/")).is_dir() else file_mode)}
    assert wrong == {}


# --- the cache never turns into wrong audio -------------------------------------------

def flip_middle(path: Path) -> None:
    """Bit rot: one byte in the middle of the file inverted, the size unchanged."""
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.audio
def test_damaged_cache_entries_are_reported_thrown_away_and_made_again(tmp_path):
    root = tale(tmp_path)
    assert build_under_umask(root, 0o022).returncode == 0
    clean = (root / "out" / "tale.mp3").read_bytes()
    cache = root / "cache"
    damaged = [*cache.glob("clips/*/audio.pcm"), *cache.glob("clips/*/index.json"), *cache.glob("parts/*.mp3"),
               *cache.glob("scripts/*.pickle")]
    parts_json = sorted(cache.glob("parts/*.json"))
    assert len(damaged) >= 6 and parts_json
    for path in damaged:
        flip_middle(path)
    text = parts_json[0].read_text()  # a digit of a duration, still valid JSON
    parts_json[0].write_text(text.replace('"duration": 1', '"duration": 2', 1) if '"duration": 1' in text
                             else text.replace('"duration": ', '"duration": 1', 1))
    shutil.rmtree(root / "out")
    again = build_under_umask(root, 0o022)
    assert again.returncode == 0, again.stderr
    notices = [line for line in again.stderr.splitlines() if line.startswith("cache: damaged entry")]
    # one line per damaged entry: a batch with a bad index or samples is one entry, so is a part
    batches = {p.parent.name for p in damaged if "clips" in p.parts}
    parts = {p.stem for p in damaged if "parts" in p.parts} | {parts_json[0].stem}
    assert len(notices) == len(batches) + len(parts) + 1, notices  # + the attribution memo
    assert all(len(line) < 300 for line in notices)
    assert (root / "out" / "tale.mp3").read_bytes() == clean
    quiet = build_under_umask(root, 0o022)  # the damage is gone for good
    assert quiet.returncode == 0 and "damaged" not in quiet.stderr
