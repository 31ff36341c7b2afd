"""`audiobook cast`: the listing, and --write adding characters to voices.toml
without touching what the user wrote, the same voices before and after."""
import re

import pytest
from click.testing import CliRunner

from audiobook import api
from audiobook.cli import main
from audiobook.voices import config
from audiobook.voices.engine import check_voice
from conftest import ROOT, copy_project

LIGHTHOUSE = [("Margaret", "The lamp is out again"), ("Thomas", "Then we must light it"),
              ("Margaret", "You never bring the matches"), ("Thomas", "I brought them tonight"),
              ("Margaret", "Good, hand them over"), ("Thomas", "Here they are"),
              ("Peter", "Is it lit yet"), ("Margaret", "Almost, it is catching"),
              ("Thomas", "Mind the wick"), ("Margaret", "I always do"), ("Thomas", "Not last winter"),
              ("Margaret", "That was the storm")]
HARBOUR = [("Anna", "Where is the ferry"), ("Thomas", "Late, as always"), ("Anna", "Then we wait"),
           ("Thomas", "So we do"), ("Anna", "Tea, then")]

USER_FILE = """\
# My casting notes: keep these words exactly.
[book]
title = "Two Stories"   # the album

[narrator]
voice = "en-gb-x-rp"
rate = 160

[characters."Margaret"]   # she is Scottish
voice = "en-gb-scotland+f3"
pitch = 66

[[pin]]
quote = "Is it lit"
speaker = "Peter"
"""


def write_story(folder, name, title, lines):
    folder.mkdir(exist_ok=True)
    text = f"{title}\n\nThe wind rose over the water that night.\n\n"
    text += "".join(f'"{said}," said {who}.\n\n' for who, said in lines)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    write_story(tmp_path / "stories", "1 lighthouse.txt", "The Lighthouse", LIGHTHOUSE)
    return tmp_path


def cast(*args):
    result = CliRunner().invoke(main, ["cast", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def voices_after(stories, voices):
    """Every speaking character's voice, as `script` casts it with ``voices``."""
    cfg = api.load_config(voices)
    out = {}
    for path in sorted(stories.iterdir()):
        s = api.script(path, cfg)
        out.update({c.name: s.cast.voices[c.name] for c in s.characters if c.lines})
    return out


def test_listing_shows_characters_lines_and_voices_busiest_first(project):
    (project / "stories" / "map.pdf").write_bytes(b"%PDF-1.4")
    output = cast(project / "stories", "--voices", project / "voices.toml")
    assert "map.pdf: skipped: not a story" in output
    rows = [line.split() for line in output.splitlines()]
    table = [(r[0], r[1]) for r in rows if r and r[0].isdigit()]
    assert table == [("6", "Margaret"), ("5", "Thomas"), ("1", "Peter")]
    assert "female" in output and '"The lamp is out again"' in output and "+m" in output
    assert not (project / "voices.toml").exists()


@pytest.mark.audio
def test_write_creates_a_file_that_loads_and_keeps_the_voices_shown(project):
    voices = project / "voices.toml"
    found = api.cast([project / "stories"], voices if voices.exists() else None)
    shown = {r.character.name: r.voice for r in found[0].roles}
    assert api.write_cast(voices, found) == ["Margaret", "Thomas", "Peter"]
    text = voices.read_text(encoding="utf-8")
    assert text.startswith("# ") and "[narrator]" in text and '[characters."Thomas"]' in text
    assert "# 6 lines, e.g. \"The lamp is out again\"" in text
    assert voices_after(project / "stories", voices) == shown
    assert shown["Margaret"] != shown["Thomas"]


@pytest.mark.audio
def test_write_appends_and_keeps_the_users_file_byte_for_byte(project):
    voices = project / "voices.toml"
    voices.write_text(USER_FILE, encoding="utf-8")
    before = voices_after(project / "stories", voices)
    output = cast(project / "stories", "--voices", voices, "--write")
    assert output.rstrip().endswith("added Thomas, Peter")  # Margaret is the user's already
    text = voices.read_text(encoding="utf-8")
    assert text.startswith(USER_FILE) and text.count("[characters.") == 3
    assert voices_after(project / "stories", voices) == before
    assert config.load(voices, check_voice).characters[0].voice == {"id": "en-gb-scotland+f3", "pitch": 66}


@pytest.mark.audio
def test_second_write_changes_nothing(project):
    voices = project / "voices.toml"
    cast(project / "stories", "--voices", voices, "--write")
    first = voices.read_bytes()
    output = cast(project / "stories", "--voices", voices, "--write")
    assert voices.read_bytes() == first and "nothing to add" in output


@pytest.mark.audio
def test_a_users_edit_survives_a_later_write_for_a_new_story(project):
    voices = project / "voices.toml"
    cast(project / "stories", "--voices", voices, "--write")
    head, tail = voices.read_text(encoding="utf-8").split('[characters."Thomas"]')
    edited = head + '[characters."Thomas"]  # gruff' + re.sub(r"rate = \d+", "rate = 120  # slower", tail, count=1)
    voices.write_text(edited, encoding="utf-8")
    write_story(project / "stories", "2 harbour.txt", "The Harbour", HARBOUR)
    output = cast(project / "stories", "--voices", voices, "--write")
    assert output.rstrip().endswith("added Anna")
    assert voices.read_text(encoding="utf-8").startswith(edited)
    after = voices_after(project / "stories", voices)
    assert after["Thomas"].rate == 120
    assert len(set(after.values())) == len(after)  # the new story's voices avoid the first's


@pytest.mark.audio
def test_voices_pinned_across_stories_match_the_listing(project):
    write_story(project / "stories", "2 harbour.txt", "The Harbour", HARBOUR)
    voices = project / "voices.toml"
    found = api.cast([project / "stories"], voices if voices.exists() else None)
    shown = {r.character.name: r.voice for story in found for r in story.roles}
    api.write_cast(voices, found)
    assert voices_after(project / "stories", voices) == shown
    assert len(set(shown.values())) == len(shown)


def test_crlf_file_gets_crlf_lines(project):
    voices = project / "voices.toml"
    voices.write_bytes(b"[narrator]\r\nrate = 160\r\n")
    cast(project / "stories", "--voices", voices, "--write")
    data = voices.read_bytes()
    assert data.startswith(b"[narrator]\r\nrate = 160\r\n\r\n[characters.")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_inline_characters_table_is_a_one_line_error(project):
    voices = project / "voices.toml"
    voices.write_text('[narrator]\nrate = 160\n\ncharacters = { Peter = { gender = "male" } }\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["cast", str(project / "stories"), "--voices", str(voices), "--write"])
    assert result.exit_code == 1 and f"{voices}:4: " in result.output


@pytest.mark.audio
def test_sample_stories(tmp_path):
    project = copy_project(tmp_path)
    voices = project / "voices.toml"
    original = voices.read_text(encoding="utf-8")
    before = voices_after(project / "stories", voices)
    cast(project / "stories", "--voices", voices, "--write")
    written = voices.read_bytes()
    assert written.decode("utf-8").startswith(original)
    assert voices_after(project / "stories", voices) == before
    cast(project / "stories", "--voices", voices, "--write")
    assert voices.read_bytes() == written
    assert (ROOT / "voices.toml").read_text(encoding="utf-8") == original


def test_an_alias_anyone_may_be_called_by_gets_a_notice_naming_its_line(project):
    voices = project / "voices.toml"
    voices.write_text('[characters."Margaret"]\naliases = ["Maggie", "Madam"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["cast", str(project / "stories"), "--voices", str(voices)])
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stderr.splitlines() if "alias" in line]
    assert len(notices) == 1 and notices[0].startswith(f"{voices}:1: alias 'Madam' of 'Margaret'")
