"""Issue 6, interruptions: a build stopped by Ctrl-C or kill -9, or run twice at
once, loses no finished work and never leaves a half-written book.

Each build runs as the real CLI in its own process group, as from a terminal,
so a signal reaches the workers too. The story is long enough to be spoken in
several batches, and is interrupted once the first batch is in the cache.
"""
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.audio  # every test here makes or measures sound

CLI = Path(sys.executable).parent / "audiobook"


def story() -> str:
    """Forty short sentences, which the batch cutting (clips.CUT_EVERY) splits into four batches."""
    rnd, words = random.Random(0), "the old cat sat by a warm fire and dreamt of fish in the deep blue sea".split()
    said = [" ".join(rnd.choice(words) for _ in range(rnd.randint(4, 9))).capitalize() + "." for _ in range(40)]
    return "\n\n".join(" ".join(said[n : n + 4]) for n in range(0, 40, 4)) + "\n"


def start(root: Path, out: str = "out") -> subprocess.Popen:
    return subprocess.Popen([str(CLI), "build", "stories", "--output", out, "--cache-dir", "cache", "--jobs", "1"],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str]:
    """Exit code and stderr, once the build and every process it started are done."""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, err


def batches(root: Path) -> dict[str, int]:
    """The finished batches of clips in the cache, with when each was completed."""
    return {index.parent.name: index.stat().st_mtime_ns for index in (root / "cache" / "clips").glob("[!.]*/index.json")}


def worker_started(proc: subprocess.Popen) -> bool:
    """Whether the build has started a helper process (a speaker, still starting, for a moment):
    the kernel lists each thread's children in /proc (what pgrep -P reads, without procps)."""
    try:
        return any(children.read_text().split() for children in Path(f"/proc/{proc.pid}/task").glob("*/children"))
    except OSError:  # the build ended meanwhile
        return False


def interrupt(root: Path, sig: int, ready=lambda root, proc: bool(batches(root))):
    """Start a build and send ``sig`` to it once ``ready``; the batches finished by then,
    how long it took to stop, its exit code and its stderr."""
    proc = start(root)
    deadline = time.monotonic() + 60
    while not ready(root, proc) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the build finished before it could be interrupted"
    done = batches(root)
    os.killpg(proc.pid, sig)
    sent = time.monotonic()
    code, err = finish(proc)
    return done, time.monotonic() - sent, code, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> str:
    """The book file of an uninterrupted build."""
    root = project(tmp_path_factory.mktemp("reference"))
    code, err = finish(start(root))
    assert code == 0, err
    assert len(batches(root)) >= 3  # so that a build can be stopped between two
    return digest(root / "out" / "a.mp3")


def project(root: Path) -> Path:
    (root / "stories").mkdir(parents=True)
    (root / "stories" / "a.txt").write_text(story(), encoding="utf-8")
    return root


def test_ctrl_c_stops_at_once_leaves_no_partial_file_and_the_next_build_resumes(tmp_path, reference):
    root = project(tmp_path)
    done, took, code, err = interrupt(root, signal.SIGINT)
    assert took < 2 and code == 130
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("interrupted:"), err
    assert not (root / "out").exists() or list((root / "out").iterdir()) == []
    assert batches(root).items() >= done.items()  # every finished clip kept
    code, err = finish(start(root))
    assert code == 0, err
    assert digest(root / "out" / "a.mp3") == reference
    assert batches(root).items() >= done.items()  # and not spoken again


def test_ctrl_c_prints_no_traceback_from_the_workers(tmp_path):
    """Ctrl-C while a speaker process is starting; three times, as the moment is not exact."""
    for attempt in range(3):
        root = project(tmp_path / str(attempt))
        _, _, _, err = interrupt(root, signal.SIGINT, lambda root, proc: worker_started(proc))
        assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_kill_9_then_a_rebuild_gives_the_same_bytes(tmp_path, reference):
    root = project(tmp_path)
    done, _, code, _ = interrupt(root, signal.SIGKILL)
    assert code == -signal.SIGKILL
    finals = [p.name for p in (root / "out").glob("*") if not p.name.startswith(".")]
    assert finals == []  # never a half-written file at a final name
    code, err = finish(start(root))
    assert code == 0, err
    assert digest(root / "out" / "a.mp3") == reference
    assert batches(root).items() >= done.items()


def test_two_builds_at_once_share_the_cache_and_agree(tmp_path, reference):
    root = project(tmp_path)
    both = [start(root), start(root)]
    for proc in both:
        code, err = finish(proc)
        assert code == 0, err
    assert digest(root / "out" / "a.mp3") == reference
    assert [p.name for p in (root / "out").iterdir() if p.name.startswith(".")] == []
