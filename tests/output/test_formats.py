"""Every player: M4B, the ACX preset, cover art, one-file books, EPUB and Gutenberg input."""
import subprocess

import pytest
from mutagen.id3 import ID3, CTOCFlags
from mutagen.mp4 import MP4

import audiobook
from audiobook.audio.encode import Format
from audiobook.check.report import check_file
from audiobook.output import metadata
from books import EPUB_CHAPTERS, make_epub
from conftest import ffprobe

pytestmark = pytest.mark.audio  # every test here makes or measures sound

STORY = """# The Lighthouse

## Chapter 1

The keeper climbed the long stairs of the old tower, one slow step at a time. "Another storm is coming
tonight," said Tom. The wind rose over the grey water, and the gulls went quiet on the rocks below.

## Chapter 2

The lamp burned all night, and its beam swept the sea from the cliffs to the harbour and back again.

* * *

Morning came at last, grey and quiet, and the keeper slept in his chair by the cold stove.
"""
# the smallest valid PNG, 1x1 pixel
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    (root / "stories").mkdir()
    (root / "stories" / "lighthouse.md").write_text(STORY, encoding="utf-8")
    (root / "stories" / "cover.png").write_bytes(PNG)
    return root


def build(project, out, **options):
    return audiobook.build([project / "stories"], None, project / out, cache_dir=project / "cache", **options)


def chapter_titles(path):
    return [c["tags"]["title"] for c in ffprobe(path)["chapters"]]


def test_m4b_has_chapters_every_reader_sees(project):
    (result,) = build(project, "m4b", format="m4b")
    assert result.path.suffix == ".m4b"
    info = ffprobe(result.path)
    assert info["streams"][0]["codec_name"] == "aac"
    assert chapter_titles(result.path) == ["Chapter 1", "Chapter 2"]
    starts = [float(c["start_time"]) for c in info["chapters"]]
    assert starts == sorted(starts)
    assert [c.title for c in MP4(str(result.path)).chapters] == ["Chapter 1", "Chapter 2"]
    menu = subprocess.run(["mediainfo", str(result.path)], capture_output=True, text=True, check=True).stdout
    assert ": Chapter 1" in menu and ": Chapter 2" in menu
    tags = MP4(str(result.path))
    assert tags["\xa9nam"] == ["The Lighthouse"] and tags["\xa9gen"] == ["Audiobook"]
    assert bytes(tags["covr"][0]) == PNG
    assert check_file(result.path).ok


def test_mp3_embeds_the_cover(project):
    (result,) = build(project, "mp3")
    (apic,) = ID3(str(result.path)).getall("APIC")
    assert apic.data == PNG and apic.mime == "image/png" and apic.type == 3


def test_acx_preset_one_file_per_chapter_that_passes_acx(project):
    results = build(project, "acx", preset="acx")
    assert [r.story for r in results] == ["The Lighthouse - 01 Chapter 1", "The Lighthouse - 02 Chapter 2"]
    for number, result in enumerate(results, 1):
        stream = ffprobe(result.path)["streams"][0]
        assert (stream["sample_rate"], stream["bit_rate"]) == ("44100", "192000")
        assert ffprobe(result.path)["format"]["tags"]["track"] == f"{number}/2"
        report = check_file(result.path, "acx")
        assert report.ok, report.failures


def test_single_file_has_one_chapter_per_story(project, tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "1 first.txt").write_text("The first story is short.", encoding="utf-8")
    (tmp_path / "stories" / "2 second.txt").write_text("The second one too.", encoding="utf-8")
    (result,) = audiobook.build([tmp_path / "stories"], None, tmp_path / "out", cache_dir=project / "cache",
                                single_file=True)
    assert chapter_titles(result.path) == ["first", "second"]  # titles from the file names
    assert [c.title for c in metadata.read_chapters(str(result.path))] == ["first", "second"]


def test_scene_break_is_a_longer_pause_and_titles_are_spoken(project):
    (result,) = build(project, "mp3")
    texts = [c.text for c in result.cues]
    assert "Chapter 1" in texts and "Chapter 2" in texts  # chapter titles are spoken
    lamp = next(c for c in result.cues if c.text.startswith("The lamp"))
    morning = next(c for c in result.cues if c.text.startswith("Morning"))
    keeper = next(c for c in result.cues if c.text.startswith("The keeper"))
    storm = next(c for c in result.cues if c.text.startswith("Another storm"))
    assert heard_as_planned(morning.start - lamp.end, 1.6)  # scene pause
    assert heard_as_planned(storm.start - keeper.end, 0.4)  # speaker change


def heard_as_planned(gap: float, planned: float) -> bool:
    """A pause is heard whole or at most one MP3 frame short, never longer (Format.fill)."""
    frame = Format().frame / Format().sample_rate
    return planned - frame - 0.001 <= gap <= planned + 0.001


def test_epub_is_built_with_its_chapters(tmp_path, project):
    (tmp_path / "stories").mkdir()
    make_epub(tmp_path / "stories" / "key.epub", EPUB_CHAPTERS)
    (result,) = audiobook.build([tmp_path / "stories"], None, tmp_path / "out", cache_dir=project / "cache")
    assert result.story == "The Lost Key"
    assert chapter_titles(result.path)[-3:] == ["Chapter One", "The Return", "Epilogue"]
    assert ffprobe(result.path)["format"]["tags"]["artist"] == "Jane Doe"


def test_gutenberg_licence_is_not_spoken(tmp_path, project):
    (tmp_path / "stories").mkdir()
    text = ("The Project Gutenberg eBook of Tiny Tale\n\nTitle: Tiny Tale\n\nAuthor: Ann Author\n\n"
            "*** START OF THE PROJECT GUTENBERG EBOOK TINY TALE ***\n\nCHAPTER I\n\nOnce there was a fox.\n\n"
            "CHAPTER II\n\nThe fox ran home.\n\n*** END OF THE PROJECT GUTENBERG EBOOK TINY TALE ***\n\n"
            "Section 1. General Terms of Use and Redistributing Project Gutenberg electronic works\n")
    (tmp_path / "stories" / "pg.txt").write_text(text, encoding="utf-8")
    (result,) = audiobook.build([tmp_path / "stories"], None, tmp_path / "out", cache_dir=project / "cache")
    spoken = " ".join(c.text for c in result.cues)
    assert "fox ran home" in spoken and "Gutenberg" not in spoken and "Redistributing" not in spoken
    assert result.story == "Tiny Tale" and len(chapter_titles(result.path)) == 2


@pytest.mark.parametrize("cover, message", [("../outside.png", "is outside the project folder"),
                                            ("missing.png", "not found"), ("voices.toml", "not a JPEG or PNG")])
def test_a_bad_cover_is_refused_before_any_work(tmp_path, cover, message):
    (tmp_path / "project" / "stories").mkdir(parents=True)
    (tmp_path / "outside.png").write_bytes(PNG)
    (tmp_path / "project" / "stories" / "a.txt").write_text("Hello.", encoding="utf-8")
    voices = tmp_path / "project" / "voices.toml"
    voices.write_text(f'[book]\ncover = "{cover}"\n', encoding="utf-8")
    with pytest.raises(audiobook.AudiobookError, match=message):
        audiobook.build([tmp_path / "project" / "stories"], voices, tmp_path / "out", cache_dir=tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


# --- books with hundreds of chapters -----------------------------------------------------

@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """A real story of 300 chapters (an ID3 CTOC lists at most 255), each a heading and a line."""
    root = tmp_path_factory.mktemp("serial")
    (root / "stories").mkdir()
    (root / "stories" / "serial.txt").write_text(
        "".join(f"Chapter {n}\n\nThe tide turned {n} times.\n\n" for n in range(1, 301)), encoding="utf-8")
    (root / "voices.toml").write_text("[pauses]\nchapter = 0.2\n[narrator]\nrate = 400\n", encoding="utf-8")
    return root


def build_serial(root, out, **options):
    (result,) = audiobook.build([root / "stories"], root / "voices.toml", root / out, cache_dir=root / "cache",
                                **options)
    return result


def test_three_hundred_chapters_in_an_mp3_are_read_back_in_order(serial):
    result = build_serial(serial, "mp3")
    titles = [f"Chapter {n}" for n in range(1, 301)]
    probed = ffprobe(result.path)["chapters"]
    assert [c["tags"]["title"] for c in probed] == titles
    starts = [float(c["start_time"]) for c in probed]
    assert starts == sorted(starts) and all(float(c["end_time"]) > float(c["start_time"]) for c in probed)
    assert [c.title for c in metadata.read_chapters(str(result.path))] == titles  # mutagen, in file order
    tocs = ID3(result.path).getall("CTOC")
    top = [t for t in tocs if t.flags & CTOCFlags.TOP_LEVEL]
    assert len(top) == 1 and all(t.flags & CTOCFlags.ORDERED for t in tocs)  # one top-level table, all ordered
    children = [child for name in top[0].child_element_ids for t in tocs if t.element_id == name
                for child in t.child_element_ids]
    chaps = {f.element_id: f for f in ID3(result.path).getall("CHAP")}
    assert [str(chaps[c].sub_frames["TIT2"]) for c in children] == titles and all(len(t.child_element_ids) <= 255
                                                                                   for t in tocs)
    assert check_file(result.path).chapter_problems == ()


def test_three_hundred_chapters_in_an_m4b(serial):
    """Every chapter in the chapter track (ffprobe, mpv, Apple); the Nero list that mutagen reads
    holds at most 255 (its count is a byte), the first 255 in order."""
    result = build_serial(serial, "m4b", format="m4b")
    titles = [f"Chapter {n}" for n in range(1, 301)]
    assert chapter_titles(result.path) == titles
    assert [c.title for c in MP4(str(result.path)).chapters] == titles[:255]
    assert check_file(result.path).chapter_problems == ()


def test_a_thousand_chapters_in_an_mp3_header(tmp_path):
    """The tag alone, in front of real encoded audio: 1,000 chapters of 0.3 s."""
    body = tmp_path / "body.mp3"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono",
                    "-t", "300", "-c:a", "libmp3lame", "-b:a", "32k", "-write_xing", "0", "-f", "mp3", str(body)],
                   check=True)
    marks = [metadata.ChapterMark(f"Part {n}", n * 0.3, (n + 1) * 0.3) for n in range(1000)]
    book = tmp_path / "book.mp3"
    book.write_bytes(metadata.header(metadata.Tags("Serial", "A. Writer"), marks) + body.read_bytes())
    assert chapter_titles(book) == [m.title for m in marks]
    assert [(round(m.start, 3), m.title) for m in metadata.read_chapters(str(book))] == \
           [(round(m.start, 3), m.title) for m in marks]
    assert str(ID3(book)["TPE1"]) == "A. Writer"
