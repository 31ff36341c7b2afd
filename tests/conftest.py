import shutil
import subprocess
from array import array
from pathlib import Path

import pytest

import audiobook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample stories built once, cold, with the repo's voices.toml."""
    work = tmp_path_factory.mktemp("sample")
    results = audiobook.build([ROOT / "stories"], ROOT / "voices.toml", work / "output",
                              cache_dir=work / "cache")
    return work, results


def decode(path, start: float = 0.0, end: float | None = None, rate: int = 22050) -> array:
    """Samples of an audio file (or a stretch of it) as ffmpeg decodes them."""
    args = ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), "-ss", f"{start:.3f}"]
    if end is not None:
        args += ["-to", f"{end:.3f}"]
    out = subprocess.run(args + ["-f", "s16le", "-ac", "1", "-ar", str(rate), "-"], check=True,
                         capture_output=True).stdout
    return array("h", out)


def ffprobe(path) -> dict:
    import json
    out = subprocess.run(["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters",
                          "-of", "json", str(path)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def copy_project(tmp_path) -> Path:
    """A scratch copy of the sample project (stories and voices.toml) to edit."""
    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    shutil.copy(ROOT / "voices.toml", tmp_path / "voices.toml")
    return tmp_path
