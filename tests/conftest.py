import shutil
import signal
import subprocess
from array import array
from pathlib import Path

import pytest

import audiobook
from audiobook import tools
from audiobook.audio import worker
from audiobook.voices import espeak, piper

ROOT = Path(__file__).resolve().parent.parent

# A suite started in the background by a non-interactive shell inherits SIGINT ignored (POSIX), and so
# would every build it starts: the Ctrl-C tests need it as a terminal delivers it.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
SOUND_TOOLS = {"ffmpeg", "ffprobe", "espeak-ng", "audiobook", "mediainfo", "mpv"}


@pytest.fixture(autouse=True)
def _sound_only_when_marked(request, monkeypatch):
    """A test that is not marked `audio` may not start espeak-ng or ffmpeg (or the CLI that
    would), so that `pytest -m "not audio"` really is the fast, pure part of the suite."""
    if request.node.get_closest_marker("audio"):
        return

    def refuse(what):
        raise RuntimeError(f"{what}: this test makes or measures sound; mark it @pytest.mark.audio")

    popen = subprocess.Popen.__init__

    def guarded(self, args, *rest, **options):
        first = args[0] if isinstance(args, (list, tuple)) else args
        if Path(str(first)).name in SOUND_TOOLS:
            refuse(Path(str(first)).name)
        popen(self, args, *rest, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded)
    monkeypatch.setattr(espeak, "_load_pyttsx3", lambda: refuse("espeak-ng"))
    monkeypatch.setattr(worker.Speakers, "__init__", lambda self, *a: refuse("a speaker process"))
    monkeypatch.setattr(piper, "speak", lambda *a: refuse("Piper"))
    espeak.catalogue.cache_clear()  # answers an earlier test got from espeak-ng
    espeak.version.cache_clear()
    monkeypatch.setattr(tools, "_find", lambda name: refuse(name))


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
