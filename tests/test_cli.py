"""The commands, driven as a user would (click's CliRunner), over the real library."""
import json
import re

import pytest
from click.testing import CliRunner

from audiobook.cli import main
from conftest import ROOT

CAFE = ROOT / "stories" / "02 Kaneko's Café.txt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.audio
def test_script_jsonl_tiles_the_story_in_order():
    result = run("script", CAFE, "--voices", ROOT / "voices.toml", "--format", "jsonl")
    assert result.exit_code == 0
    text = CAFE.read_text(encoding="utf-8")
    segments = [json.loads(line) for line in result.output.splitlines()]
    assert all(set(s) >= {"start", "end", "kind", "speaker", "voice", "text"} for s in segments)
    covered = set()
    for a, b in zip(segments, segments[1:]):
        assert a["end"] <= b["start"]
    for s in segments:
        assert s["kind"] in ("narration", "dialogue")
        covered.update(range(s["start"], s["end"]))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    (line,) = [s for s in segments if s["kind"] == "dialogue"]
    assert (line["speaker"], line["voice"], line["text"]) == ("Étienne", "fr+m3", "Bonjour, ma chère,")
    assert text[line["start"]:line["end"]] == "\"Bonjour, ma chère,\""


@pytest.mark.audio
def test_script_text_reads_like_a_screenplay():
    result = run("script", CAFE, "--voices", ROOT / "voices.toml")
    assert result.exit_code == 0
    assert re.search(r"ÉTIENNE \(fr\+m3, (explicit|pronoun) (0\.\d\d|1\.00)\): Bonjour, ma chère,", result.output)
    assert "NARRATOR (en-gb-x-rp): Kaneko Dufresne stepped out" in result.output


@pytest.mark.audio
def test_voices_lists_ids_usable_in_voices_toml():
    result = run("voices", "--language", "fr")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.output.splitlines() if line.strip() and not line.startswith("variants")]
    assert ids and all(i.startswith("fr") for i in ids)
    assert "m3" in result.output.splitlines()[-1]


@pytest.mark.audio
def test_build_summary_then_cache_and_check(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "tale.txt").write_text('"Hello there," said Ann. Bob waved back.', encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    result = run("build", tmp_path / "stories", "--output", out, "--cache-dir", cache, "--voices", tmp_path / "none.toml")
    assert result.exit_code == 1 and "voices file not found" in result.output  # a --voices given must exist
    result = run("build", tmp_path / "stories", "--output", out, "--cache-dir", cache)
    assert result.exit_code == 0, result.output
    assert "tale: 0:0" in result.output and "1 chapter(s)" in result.output and str(out / "tale.mp3") in result.output
    shown = run("cache", "--cache-dir", cache)
    # narrator and Ann: a batch of lines and one of calibration each; her line and the narration a part each
    assert shown.exit_code == 0 and "4 batch(es) of clips, 2 encoded part(s)" in shown.output
    checked = run("check", out / "tale.mp3")
    assert checked.exit_code == 0 and "PASS" in checked.output
    acx = run("check", out / "tale.mp3", "--preset", "acx")
    assert acx.exit_code == 1 and "FAIL" in acx.output  # 64 kbps at 22 kHz is not ACX
    cleared = run("cache", "--cache-dir", cache, "--clear")
    assert cleared.exit_code == 0 and not cache.exists()


@pytest.mark.audio
def test_a_pin_overrides_the_speaker_of_one_quotation(tmp_path):
    voices = tmp_path / "voices.toml"
    voices.write_text((ROOT / "voices.toml").read_text(encoding="utf-8") +
                      '\n[[pin]]\nstory = "Kaneko\'s Café"\nquote = "bonjour, MA"\nspeaker = "Kaneko Dufresne"\n',
                      encoding="utf-8")
    result = run("script", CAFE, "--voices", voices, "--format", "jsonl")
    (line,) = [json.loads(ln) for ln in result.output.splitlines() if '"dialogue"' in ln]
    assert (line["speaker"], line["how"], line["voice"]) == ("Kaneko Dufresne", "pinned", "en-us+f3")
    other_story = run("script", ROOT / "stories" / "01 Sophie Returns to Montmartre.txt", "--voices", voices)
    assert other_story.exit_code == 0


def test_an_unexpected_exception_is_one_line_and_its_own_exit_code(tmp_path, monkeypatch):
    """A bug cannot be caused on purpose without writing one: the library call is made to raise."""
    from audiobook import api
    from audiobook.cli import INTERNAL_ERROR

    def broken(*args, **kwargs):
        raise KeyError("chapter 7")

    monkeypatch.setattr(api, "build", broken)
    result = CliRunner().invoke(main, ["build", str(tmp_path)])
    assert result.exit_code == INTERNAL_ERROR != 1
    assert result.stderr.splitlines() == ["error: internal error (KeyError: 'chapter 7'); run again with --debug "
                                          "and report it"]
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(main, ["--debug", "build", str(tmp_path)])
    assert isinstance(debug.exception, KeyError)  # --debug lets it through, with its traceback


def test_help_and_usage_errors_are_clicks_own_not_internal_errors():
    """A subcommand's --help exits 0 with no error line; an unknown option is a usage error (exit 2)."""
    shown = run("build", "--help")
    assert shown.exit_code == 0 and "Usage: main build" in shown.output and "internal error" not in shown.output
    wrong = run("build", "--no-such-option")
    assert wrong.exit_code == 2 and "No such option" in wrong.output and "internal error" not in wrong.output
