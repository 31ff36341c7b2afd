"""Issue 6, the environment: missing tools, an output that cannot be written,
and text that must never be taken for commands or markup.

A missing ffmpeg is simulated with a PATH that lacks it; a missing espeak-ng
library cannot be (it is installed system-wide), so the subprocess refuses to
load it before the CLI starts.
"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from audiobook import api
from audiobook.cli import main

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "audiobook"
CLI = Path(sys.executable).parent / "audiobook"
STORY = 'Tom looked up. "It is late," said Tom.\n'

WITHOUT_ESPEAK = """
import ctypes, ctypes.util, sys
_load, _find = ctypes.cdll.LoadLibrary, ctypes.util.find_library
def _refuse(name):
    if "espeak" in str(name):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return _load(name)
ctypes.cdll.LoadLibrary = _refuse
ctypes.util.find_library = lambda name: None if "espeak" in name else _find(name)
sys.argv[0] = "audiobook"
from audiobook.cli import main
main()
"""


def path_without(tmp_path: Path, *tools: str) -> str:
    """A PATH of one folder linking every program on the current PATH except ``tools``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        for program in Path(directory).glob("*") if Path(directory).is_dir() else ():
            link = folder / program.name
            if program.name not in tools and not link.exists() and not link.is_symlink():
                link.symlink_to(program)
    return str(folder)


def project(tmp_path: Path, text: str = STORY) -> Path:
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text(text, encoding="utf-8")
    return tmp_path


def run(args: list, tmp_path: Path, path: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=tmp_path, env={**os.environ, "PATH": path},
                          capture_output=True, text=True, timeout=120)


def build_args(tmp_path: Path) -> list:
    return ["build", tmp_path / "stories", "--output", tmp_path / "out", "--cache-dir", tmp_path / "cache"]


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    """Failed, and said why in one line (no warnings, no traceback)."""
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and all(f in lines[0] for f in fragments), proc.stderr


# --- missing tools -------------------------------------------------------------

@pytest.mark.audio
def test_missing_ffmpeg_is_one_line_with_its_install_command_before_any_speaking(tmp_path):
    proc = run([CLI, *build_args(project(tmp_path))], tmp_path, path_without(tmp_path, "ffmpeg", "ffprobe"))
    assert_one_line_error(proc, "ffmpeg is not installed", "apt-get install ffmpeg")
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob("cache/clips/*"))


@pytest.mark.parametrize("command", [["voices"], ["build", "--voices", "voices.toml"], ["build"]],
                         ids=["voices", "build with a voice named", "build with defaults"])
def test_missing_espeak_is_one_line_with_its_install_command(tmp_path, command):
    project(tmp_path)
    if "--voices" in command:
        (tmp_path / "voices.toml").write_text('[narrator]\nvoice = "en-us"\n', encoding="utf-8")
    args = command + build_args(tmp_path)[1:] if command[0] == "build" else command
    proc = run([sys.executable, "-c", WITHOUT_ESPEAK, *args], tmp_path, path_without(tmp_path, "espeak-ng", "espeak"))
    assert_one_line_error(proc, "espeak-ng is not installed", "apt-get install espeak-ng")


# --- an output that cannot be written ---------------------------------------------

def cli_build(tmp_path: Path, output: Path):
    (tmp_path / "voices.toml").write_text("[narrator]\nrate = 200\n", encoding="utf-8")
    return CliRunner().invoke(main, [str(a) for a in ["build", tmp_path / "stories", "--output", output,
                                                       "--voices", tmp_path / "voices.toml",
                                                       "--cache-dir", tmp_path / "cache"]])


def clip_times(cache: Path) -> dict[str, int]:
    """When each batch of clips in the cache was completed."""
    return {index.parent.name: index.stat().st_mtime_ns for index in (cache / "clips").glob("[!.]*/index.json")}


@pytest.mark.audio
def test_blocked_output_is_one_line_leaves_no_partial_file_and_keeps_the_cache(tmp_path):
    project(tmp_path)
    blocked = tmp_path / "out" / "a.mp3"
    blocked.mkdir(parents=True)  # a folder where the book file should go
    result = cli_build(tmp_path, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines()[-1] == f"error: {blocked}: Is a directory; a folder has that name; " \
                                                     "move it or use another --output"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.mp3"] and not any(blocked.iterdir())
    spoken = clip_times(tmp_path / "cache")
    again = cli_build(tmp_path, tmp_path / "elsewhere")
    assert again.exit_code == 0 and spoken and clip_times(tmp_path / "cache") == spoken  # nothing said again
    assert (tmp_path / "elsewhere" / "a.mp3").stat().st_size > 1000


@pytest.mark.audio
def test_output_that_cannot_be_made_is_one_line_before_any_speaking(tmp_path):
    project(tmp_path)
    (tmp_path / "taken").write_text("not a folder")
    result = cli_build(tmp_path, tmp_path / "taken" / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines()[-1].startswith(f"error: {tmp_path / 'taken'}")
    assert not list(tmp_path.glob("cache/clips/*"))


@pytest.mark.audio
def test_read_only_output_is_one_line(tmp_path):
    """As root a mode of 555 does not stop writing, so the folder is made immutable instead."""
    project(tmp_path)
    out = tmp_path / "out"
    out.mkdir(mode=0o555)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(out)], check=True)
    try:
        result = cli_build(tmp_path, out)
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(out)], check=True)
    last = result.stderr.strip().splitlines()[-1]
    assert result.exit_code == 1 and ("Permission denied" in last or "Operation not permitted" in last), last
    assert list(out.iterdir()) == []


# --- security -----------------------------------------------------------------------

def test_no_shell_strings_anywhere():
    """Subprocesses get argument lists; nothing is ever handed to a shell."""
    offenders = [f"{path.name}:{n}" for path in SOURCE.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"shell\s*=\s*True|os\.system\(|os\.popen\(|os\.exec\w*\(|os\.spawn\w*\(", line)]
    assert offenders == []


@pytest.mark.audio
def test_dashes_and_markup_in_a_story_are_spoken_as_words(tmp_path):
    text = ("-v fr --help me now.\n\n<speak><break time='9s'/>Hello</speak> there.\n\n"
            "Hello there.\n\n--output /etc/passwd\n")
    results = api.build([project(tmp_path, text) / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")
    heard = {cue.text: cue.end - cue.start for cue in results[0].cues}
    assert set(heard) >= {"-v fr --help me now.", "<speak><break time='9s'/>Hello</speak> there.",
                          "--output /etc/passwd"}
    markup, plain = heard["<speak><break time='9s'/>Hello</speak> there."], heard["Hello there."]
    assert 1.5 * plain < markup < 9  # the tags are read out, and the break is not obeyed
    assert heard["-v fr --help me now."] > 1.0


def test_every_exported_name_is_what_it_says_once_every_stage_is_imported():
    """Importing a subpackage sets an attribute of that name on the package: a function exported
    under a subpackage's name (`check`, `voices`) would silently become the module."""
    import importlib
    import pkgutil
    import types

    import audiobook

    for found in pkgutil.walk_packages(audiobook.__path__, "audiobook."):
        if not found.name.endswith("__main__"):
            importlib.import_module(found.name)
    assert [n for n in audiobook.__all__ if isinstance(getattr(audiobook, n), types.ModuleType)] == []
    assert set(audiobook.__all__) >= {"build", "script", "cast", "check_files", "list_voices", "review"}
