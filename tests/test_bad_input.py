"""Issue 6, inputs: whatever a user's folder and voices.toml hold, a build reads
it right or says in one line what is wrong, where, and what to do.

Reading-level cases go through `audiobook script` (no sound); the cases that
only a build can show (skipped files, output names) use one tiny build each.
"""
import json
import os
import random
import time

import pytest
from click.testing import CliRunner
from mutagen.id3 import ID3

from audiobook import api
from audiobook.audio.plan import plan
from audiobook.cli import main
from audiobook.errors import AudiobookError
from audiobook.model import Pauses
from audiobook.text.segment import segment
from audiobook.text.sentences import MAX_SENTENCE, sentences
from audiobook.voices.config import Config

STORY = 'Tom looked up. "It is late," said Tom.\n'


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def error_line(result) -> str:
    """The one-line error of a failed command (and that it failed cleanly)."""
    assert result.exit_code not in (0, None), result.output
    assert isinstance(result.exception, SystemExit), result.exception  # handled, not a crash
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def spoken(path, *options) -> list[str]:
    """What `audiobook script` would have said for each segment of ``path``."""
    result = cli("script", path, "--format", "jsonl", "--voices", path.parent / "none.toml", *options)
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    return [text for text in texts if text]


def alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


# --- encodings and odd whitespace -------------------------------------------

WESTERN = 'Zoë said, "Café au lait, s\'il vous plaît."\n\nThe naïve cook smiled at Zoë.\n'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1"])
def test_each_encoding_speaks_the_same_words(tmp_path, encoding):
    path = tmp_path / "story.txt"
    data = WESTERN.encode(encoding)
    path.write_bytes(b"\xfe\xff" + data if encoding == "utf-16-be" else data)
    assert spoken(path) == ["Zoë said,", "Café au lait, s'il vous plaît.", "The naïve cook smiled at Zoë."]


def test_unknown_legacy_encoding_is_one_line_naming_file_line_and_encoding_option(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("It was cold.\nПривет, сказал он.\n".encode("cp1251"))
    message = error_line(cli("script", path, "--voices", tmp_path / "none.toml"))
    assert f"{path}:2" in message and "--encoding" in message
    assert spoken(path, "--encoding", "cp1251") == ["It was cold. Привет, сказал он."]


def test_stray_nul_bytes_and_nul_padding_do_not_make_a_text_binary(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes(("It was a dark night. " * 20).encode() + b"\x00The end.\n" + bytes(4096))
    assert spoken(path) == [("It was a dark night. " * 20) + "The end."]


def test_line_breaks_tabs_form_feeds_and_invisible_spaces_are_only_spacing(tmp_path):
    path = tmp_path / "story.txt"
    path.write_bytes("First line\r\nstill the first paragraph.\r\n\r\nSecond\tparagraph\u00a0here.\r\r"
                     "Third\u200b paragraph,\u2060 with\ftabs.\f\n\u200b\nFourth\u202fone.\n".encode())
    assert spoken(path) == ["First line still the first paragraph.", "Second paragraph here.",
                            "Third paragraph, with tabs.", "Fourth one."]


# --- files that are not stories ----------------------------------------------

JUNK = {
    "empty.txt": b"",
    "blank.txt": b" \r\n\t\f\n\xc2\xa0\n",
    "dots.txt": b"...\n\n* * *\n\n!?",
    "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "scan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "noise.txt": bytes(random.Random(6).randrange(256) for _ in range(4096)),
}


@pytest.fixture(scope="module")
def mixed_build(tmp_path_factory):
    """One story among files that are not stories, built from the command line."""
    root = tmp_path_factory.mktemp("mixed")
    stories = root / "stories"
    stories.mkdir()
    (stories / "a.txt").write_text(STORY, encoding="utf-8")
    for name, data in JUNK.items():
        (stories / name).write_bytes(data)
    (root / "voices.toml").write_text("[narrator]\nrate = 200\n", encoding="utf-8")
    result = cli("build", stories, "--voices", root / "voices.toml", "--output", root / "out",
                 "--cache-dir", root / "cache")
    return root, result


def test_files_that_are_not_stories_are_skipped_and_the_build_goes_on(mixed_build):
    root, result = mixed_build
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "out").iterdir() if p.suffix == ".mp3") == ["a.mp3"]


def test_each_skipped_file_gets_one_notice_naming_it(mixed_build):
    root, result = mixed_build
    notices = [line for line in result.stderr.splitlines() if ": skipped" in line]
    for name in JUNK:
        assert len([n for n in notices if n.startswith(f"{root / 'stories' / name}: skipped")]) == 1, notices
    assert len(notices) == len(JUNK)


def test_only_the_storys_sentences_reach_the_engine(mixed_build):
    root, _ = mixed_build
    from audiobook.audio.loudness import CALIBRATION
    from audiobook.files import read_checked_json

    said = {clip[0] for index in (root / "cache" / "clips").glob("[!.]*/index.json")
            for clip in read_checked_json(index)["clips"]}
    assert said - set(CALIBRATION) == {"Tom looked up.", "It is late,", "said Tom."}  # and the voice's calibration


# --- sizes: script and plan only, never synthesized ----------------------------

def planned(path) -> list[str]:
    """The engine's lines for the story at ``path``."""
    script = api.script(path, Config())
    return [line.text for chapter in plan(script.story, script.segments, script.cast, Pauses())
            for line in chapter.lines]


def prose(words: int, seed: int = 6) -> str:
    """Sentences of ordinary words, without a quote mark."""
    rnd, vocabulary = random.Random(seed), "the old cat sat by a warm fire and dreamt of fish".split()
    out, count = [], 0
    while count < words:
        n = rnd.randint(4, 18)
        out.append(" ".join(rnd.choice(vocabulary) for _ in range(n)).capitalize() + ".")
        count += n
    return " ".join(out)


@pytest.mark.parametrize("text", [prose(40_000)[:200_000], "It began. " + "x" * 10_000 + " It ended."],
                         ids=["200k-char paragraph", "10k-char word"])
def test_one_huge_paragraph_is_spoken_whole_in_short_lines(tmp_path, text):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    lines = planned(path)
    assert time.monotonic() - started < 5
    assert max(map(len, lines)) <= MAX_SENTENCE
    assert alnum("".join(lines)) == alnum(text)


def test_a_500000_word_story_is_read_segmented_and_planned_in_seconds(tmp_path):
    paragraphs = [prose(200, seed) + (' "Is it late?" asked Tom.' if seed % 3 else "") for seed in range(2500)]
    path = tmp_path / "novel.txt"
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")
    started = time.monotonic()
    lines = planned(path)
    assert time.monotonic() - started < 30
    assert sum(len(line.split()) for line in lines) >= 500_000
    assert max(map(len, lines)) <= MAX_SENTENCE


# --- sentences: split at their ends, nowhere else --------------------------------

@pytest.mark.parametrize("text", [
    "Mr. Smith met Dr. Jones on St. Mark's Road.",
    "Bring fruit, e.g. apples or pears.",
    "The U.S.A. is big and it cost $10.50 to cross.",
    "It weighs 3.5 kg and costs $10 at 5 p.m. today.",
    "See https://example.com/a.b?c=1.5 and mail me at a.b@c.org now.",
    "She laughed 😀 and waved 👋🏽 at the café.",
    "Cafe\u0301 au lait and nai\u0308ve ideas.",
    "Chapter 3.5 of vol. 2 was read in 1999.",
])
def test_abbreviations_numbers_urls_emoji_and_accents_do_not_end_a_sentence(text):
    assert sentences(text) == [text]
    assert sentences(f"{text} Then he left.") == [text, "Then he left."]


@pytest.mark.parametrize("text", ["It was late. 1999 was over.", "He came. Émile went.", "Wait... Who?",
                                  'He said "Stop." Then he left.', "It ends\u2026 Then more."])
def test_sentence_ends_still_split(text):
    assert len(sentences(text)) == 2


@pytest.mark.parametrize("text", ["Привет. Как дела?", "Γεια σου. Τι κάνεις;", "שלום עולם. זה טוב.",
                                  "مرحبا بالعالم. هذا جيد."])
def test_sentences_in_other_scripts_split_at_their_ends(text):
    assert len(sentences(text)) == 2


# --- quotation marks -------------------------------------------------------------

def voiced(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segment(text) if s.text]


@pytest.mark.parametrize("text, expected", [
    ('"He said \'no\' to me."', [("dialogue", "He said 'no' to me.")]),
    ('She said, "Hello.\n\nThe door shut.', [("narration", "She said,"), ("dialogue", "Hello."),
                                              ("narration", "The door shut.")]),
    ('"Wait.\n\n"Go on," he said.', [("dialogue", "Wait."), ("dialogue", "Go on,"), ("narration", "he said.")]),
    ("A stray mark\u201d here. More.", [("narration", "A stray mark\u201d here. More.")]),
    ('\u201cMixed,\" she said. \"Styles.\u201d', [("dialogue", "Mixed,"), ("narration", "she said."),
                                                  ("dialogue", "Styles.")]),
    ("\u00abNon\u00bb, dit-il.", [("dialogue", "Non"), ("narration", ", dit-il.")]),
], ids=["nested", "never closed", "continued", "stray closing", "mismatched", "guillemets"])
def test_odd_quotation_marks(text, expected):
    assert voiced(text) == expected


def test_german_quotation_marks_close_with_a_high_mark():
    assert voiced("\u201eNein\u201c, sagte er.") == [("dialogue", "Nein"), ("narration", ", sagte er.")]


def test_an_empty_quotation_voices_nothing():
    assert voiced('"" he said.') == [("narration", "he said.")]


# --- voices.toml -------------------------------------------------------------------

def build_with_voices(tmp_path, toml: str | bytes, *options):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "voices.toml").write_bytes(toml.encode() if isinstance(toml, str) else toml)
    return cli(*options, "build", tmp_path / "stories", "--voices", tmp_path / "voices.toml",
               "--output", tmp_path / "out", "--cache-dir", tmp_path / "cache")


def nothing_spoken(root) -> bool:
    return not list(root.glob("cache/clips/*"))


@pytest.mark.parametrize("toml, line, fragment", [
    ('[narrator]\nvoice = "en\nrate = 170\n', "2:", "syntax error"),
    ("[narrator]\nrate = [170\n", "2:", "syntax error"),
    ("[narrator]\nrate = 170\nrate = 180\n", "3", 'Key "rate" already exists'),
    ("[narrator]\npitch = 50\nrat = 170\n", "3", "did you mean 'rate'?"),
    ('[narrator]\nrate = "fast"\n', "2", "'rate' must be a whole number"),
    ("[narrator]\nrate = 5000\n", "2", "rate = 5000 is out of range; use 80 to 450"),
    ("[narrator]\npitch = 101\n", "2", "pitch = 101 is out of range"),
    ("[narrator]\nvolume = -0.5\n", "2", "volume = -0.5 is out of range"),
    ("[pauses]\nsentence = 0.3\nparagraph = -1\n", "3", "pause 'paragraph' = -1 is out of range"),
    ('[characters."Tom"]\ngender = "male"\nvoice = "en-gbb"\n', "3", "unknown voice 'en-gbb'; nearest: en-gb"),
    ('[[pin]]\nquote = "It is"\nspeaker = "Tom"\n\n[[pin]]\nquote = "Late"\n', "5", "[[pin]] number 2 needs speaker"),
    ('[book]\ncover = "../../etc/passwd"\n', "2", "outside the project folder"),
    ("\n\n", "1", "voices file is empty"),
], ids=["syntax", "unclosed", "repeated key", "unknown key", "type", "rate", "pitch", "volume", "pause",
        "voice id", "pin", "cover", "empty"])
@pytest.mark.audio
def test_voices_file_errors_are_one_line_naming_file_and_line_before_any_work(tmp_path, toml, line, fragment):
    message = error_line(build_with_voices(tmp_path, toml))
    assert message.startswith(f"error: {tmp_path / 'voices.toml'}:{line}") and fragment in message, message
    assert nothing_spoken(tmp_path) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("data, line, fragment", [
    ('[narrator]\nrate = 170\n# caf\u00e9\n'.encode("cp1252"), "3", "not UTF-8"),
    ("[narrator]\nrate = 5000\n".encode("utf-16"), "2", "rate = 5000 is out of range"),
    (b"[narrator]\r\npitch = 50\r\nrat = 170\r\n", "3", "did you mean 'rate'?"),
], ids=["cp1252", "utf-16", "crlf"])
@pytest.mark.audio
def test_voices_file_as_windows_editors_save_it(tmp_path, data, line, fragment):
    message = error_line(build_with_voices(tmp_path, data))
    assert message.startswith(f"error: {tmp_path / 'voices.toml'}:{line}") and fragment in message, message


@pytest.mark.audio
def test_debug_shows_the_traceback_instead(tmp_path):
    result = build_with_voices(tmp_path, "[narrator]\nrate = 5000\n", "--debug")
    assert isinstance(result.exception, AudiobookError) and "rate = 5000" in str(result.exception)


def test_script_given_a_folder_names_a_story_to_give_instead(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no voices.toml here
    (tmp_path / "tales").mkdir()
    (tmp_path / "tales" / "2 second.txt").write_text(STORY)
    (tmp_path / "tales" / "10 tenth.txt").write_text(STORY)
    message = error_line(cli("script", tmp_path / "tales"))
    assert message.startswith(f"error: {tmp_path / 'tales'}: a folder, not a story file")
    assert message.endswith(str(tmp_path / "tales" / "2 second.txt"))  # the first in the order build reads them


@pytest.mark.audio
def test_a_folder_without_a_single_story_is_an_error_after_the_notices(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no voices.toml here
    for name in ("empty.txt", "photo.png"):
        (tmp_path / name).write_bytes(JUNK[name])
    result = cli("build", tmp_path, "--output", tmp_path / "out", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    *notices, last = result.stderr.strip().splitlines()
    assert len(notices) == 2 and last.startswith("error: ") and "no stories to build" in last


@pytest.mark.audio
def test_a_pin_naming_a_character_no_story_has_is_an_error(tmp_path):
    message = error_line(build_with_voices(tmp_path, '[[pin]]\nquote = "It is late"\nspeaker = "Ghost"\n'))
    assert message.startswith(f"error: {tmp_path / 'voices.toml'}:3")
    assert nothing_spoken(tmp_path)


@pytest.mark.audio
def test_a_listed_character_no_story_has_is_a_notice_naming_its_line(tmp_path):
    """Not an error: one voices.toml often serves several books, or a build of one story."""
    result = build_with_voices(tmp_path, '[narrator]\nrate = 170\n[characters."Tomm"]\nvoice = "en-us"\n')
    assert result.exit_code == 0
    assert f"{tmp_path / 'voices.toml'}:3: 'Tomm' is not in any story being built" in result.output


# --- file names ----------------------------------------------------------------------

NAMED = {"my story.txt": "my story", "Cafe.txt": "Cafe", "Café.txt": "Café", "Москва.txt": "Москва",
         "東京.txt": "東京", os.fsdecode(b"Caf\xe9 au lait.txt"): "Café au lait", "two\nlines.txt": "two lines"}


@pytest.fixture(scope="module")
def named_build(tmp_path_factory):
    """Stories with awkward names (one not UTF-8, as old archives unpack; one given as
    ``../x.txt``), built from inside a sibling folder."""
    root = tmp_path_factory.mktemp("names")
    for folder in ("stories", "work"):
        (root / folder).mkdir()
    for name in NAMED:
        (root / "stories" / name).write_text("It rained.\n", encoding="utf-8")
    (root / "x.txt").write_text("It snowed.\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root / "work")
        results = api.build(["../stories", "../x.txt"], None, root / "work" / "out", cache_dir=root / "cache")
    return root / "work" / "out", results


def test_outputs_stay_inside_the_output_folder_and_never_share_a_name(named_build):
    out, results = named_build
    paths = [r.path.resolve() for r in results]
    assert len(set(paths)) == len(paths) == len(NAMED) + 1
    assert all(p.parent == out.resolve() and p.exists() for p in paths)
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".mp3") == sorted(p.name for p in paths)
    assert all(f.stem in {p.stem for p in paths} or f.name == "playlist.m3u" for f in out.iterdir())


def test_each_output_holds_its_own_story(named_build):
    _, results = named_build
    assert {str(ID3(r.path)["TIT2"]) for r in results} == set(NAMED.values()) | {"x"}


def test_output_names_are_readable(named_build):
    _, results = named_build
    assert sorted(r.path.name for r in results) == sorted(
        ["my-story.mp3", "cafe.mp3", "cafe-2.mp3", "москва.mp3", "東京.mp3", "x.mp3", "cafe-au-lait.mp3",
         "two-lines.mp3"])


# --- Markdown that is not shown is not said ---------------------------------------------

def test_html_comments_in_markdown_are_skipped(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("<!-- draft two:\nfix the ending -->\n\nIt rained. <!-- check this --> Thunder came.\n",
                    encoding="utf-8")
    assert spoken(path) == ["It rained.", "Thunder came."]


def test_markdown_links_and_inline_html_speak_their_text_only(tmp_path):
    path = tmp_path / "story.md"
    path.write_text('We walked to [the river](https://example.com/river) at <span class="x">dawn</span>.\n',
                    encoding="utf-8")
    assert spoken(path) == ["We walked to the river at dawn."]


def test_markdown_list_items_are_said_without_their_marks(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("We packed:\n\n- a rope\n* two lamps\n\n1. We climbed.\n2) We slept.\n\n* * *\n\nDawn came.\n",
                    encoding="utf-8")
    assert spoken(path) == ["We packed:", "a rope two lamps", "We climbed. We slept.", "Dawn came."]


def test_markdown_images_code_and_addresses_say_what_a_reader_sees(tmp_path):
    path = tmp_path / "story.md"
    path.write_text('"Look at ![a grey heron](img/heron.jpg) there," said Ada, "by `the weir`."\n\n'
                    "Write to <mailto:ada@example.org> or see [the map][m].<br>Then rest.\n\n"
                    "[m]: https://example.org/map 'Map'\n", encoding="utf-8")
    lines = [json.loads(line) for line in cli("script", path, "--format", "jsonl", "--voices",
                                               tmp_path / "none.toml").stdout.splitlines()]
    said = [(ln["kind"], ln["text"]) for ln in lines if ln["text"]]
    assert said == [("dialogue", "Look at a grey heron there,"), ("narration", "said Ada,"),
                    ("dialogue", "by the weir."), ("narration", "Write to or see the map. Then rest.")]
    assert [ln["speaker"] for ln in lines if ln["kind"] == "dialogue"] == ["Ada", "Ada"]  # one speech, not split
    dropped = [piece for ln in lines for piece in ln["dropped"]]
    assert dropped == ["![", "](img/heron.jpg)", "`", "`", "<mailto:ada@example.org>", "[", "][m]", "<br>"]
    assert [ln["skip"] for ln in lines if ln["skip"]] == ["link definition"]
    text = cli("script", path, "--voices", tmp_path / "none.toml").stdout
    assert "[not said: '![', '](img/heron.jpg)']" in text and "[skipped: link definition]" in text


def test_markup_in_a_plain_text_story_is_said_as_written(tmp_path):
    """Only Markdown renders links: in a .txt file the brackets are the writer's own."""
    path = tmp_path / "story.txt"
    path.write_text("He wrote [sic] and `done`.\n", encoding="utf-8")
    assert spoken(path) == ["He wrote [sic] and `done`."]
