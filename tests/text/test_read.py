"""Read stage: files on disk -> Story values, on small exact examples."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audiobook.errors import AudiobookError, SkippedInput
from audiobook.model import Skip
from audiobook.text.read import find_stories, read_story, story_from_text, title_from_file_name
from books import EPUB_CHAPTERS, make_epub, write_epub3
from conftest import ROOT

STORIES = ROOT / "stories"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file holding exactly these bytes (text as UTF-8, newlines untouched)."""
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def chapter_view(story):
    """(title, heading text) per chapter, checking the chapters tile the text."""
    assert story.chapters[0].start == 0 and story.chapters[-1].end == len(story.text)
    for before, after in zip(story.chapters, story.chapters[1:]):
        assert before.end == after.start
    return [(c.title, story.text[slice(*c.heading)] if c.heading else None) for c in story.chapters]


# --- finding stories -------------------------------------------------------


def test_folder_gives_its_files_in_natural_order_without_hidden_or_cover(tmp_path):
    for name in ["10 End.txt", "2 Middle.md", "1 Start.txt", ".hidden.txt", "cover.jpg", "notes.pdf"]:
        write(tmp_path, name, "Words.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "nested.txt", "Words.")
    names = [p.name for p in find_stories([tmp_path])]
    assert names == ["1 Start.txt", "2 Middle.md", "10 End.txt", "notes.pdf"]


def test_files_are_kept_in_the_order_given_without_repeats(tmp_path):
    b, a = write(tmp_path, "b.txt", "B."), write(tmp_path, "a.txt", "A.")
    assert find_stories([b, str(a), tmp_path]) == [b, a]


def test_missing_path_is_an_error_naming_it(tmp_path):
    with pytest.raises(AudiobookError) as e:
        find_stories([tmp_path / "nope.txt"])
    assert e.value.where == str(tmp_path / "nope.txt")


def test_folder_without_stories_is_an_error(tmp_path):
    write(tmp_path, "picture.png", b"\x89PNG\r\n")
    with pytest.raises(AudiobookError, match="no stories"):
        find_stories([tmp_path])


def test_other_file_kinds_are_skipped_with_a_notice(tmp_path):
    with pytest.raises(SkippedInput, match="not a story"):
        read_story(write(tmp_path, "notes.pdf", b"%PDF-1.4"))


# --- titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, title",
    [
        ("01 Sophie Returns to Montmartre.txt", "Sophie Returns to Montmartre"),
        ("02-Kaneko's Café.md", "Kaneko's Café"),
        ("3_the_long_road.txt", "the long road"),
        ("10. Last One.txt", "Last One"),
        ("1984.txt", "1984"),
        ("2001 A Space Odyssey.txt", "2001 A Space Odyssey"),
    ],
)
def test_title_from_file_name_drops_an_ordering_prefix(name, title):
    assert title_from_file_name(Path(name)) == title


def test_sample_stories_start_with_prose_and_take_the_file_name_as_title():
    story = read_story(STORIES / "01 Sophie Returns to Montmartre.txt")
    assert story.title == "Sophie Returns to Montmartre"
    assert chapter_view(story) == [("Sophie Returns to Montmartre", None)]
    assert story.text.startswith("Sophie Dumas stepped off the train")


def test_markdown_title_with_byline_is_not_a_chapter_of_its_own(tmp_path):
    text = "# The Lost Key\n\n*by Jane Doe*\n\n## Chapter 1\n\nIt rained.\n\n## The Return\n\nIt stopped.\n"
    story = read_story(write(tmp_path, "x.md", text))
    assert (story.title, story.author) == ("The Lost Key", "Jane Doe")
    assert chapter_view(story) == [("Chapter 1", "Chapter 1"), ("The Return", "The Return")]
    assert [text[k.start : k.end] for k in story.skipped] == ["# ", "## ", "## "]


def test_text_between_title_and_first_chapter_is_an_opening_chapter(tmp_path):
    story = read_story(write(tmp_path, "x.md", "# The Lost Key\n\nA foreword.\n\n## Chapter 1\n\nIt rained.\n"))
    assert chapter_view(story) == [("The Lost Key", "The Lost Key"), ("Chapter 1", "Chapter 1")]


def test_prose_in_the_title_heading_paragraph_is_an_opening_chapter(tmp_path):
    story = read_story(write(tmp_path, "x.md", "# The Lost Key\nA foreword.\n\n## Chapter 1\n\nIt rained.\n"))
    assert chapter_view(story) == [("The Lost Key", "The Lost Key"), ("Chapter 1", "Chapter 1")]


def test_several_top_level_headings_are_chapters_and_the_title_comes_from_the_file(tmp_path):
    story = read_story(write(tmp_path, "Two Tales.md", "# The Cat\n\nMeow.\n\n# The Dog\n\nWoof.\n\n### Aside\n\nHm."))
    assert story.title == "Two Tales"
    assert chapter_view(story) == [("The Cat", "The Cat"), ("The Dog", "The Dog")]


def test_first_short_title_line_names_the_story(tmp_path):
    story = read_story(write(tmp_path, "x.txt", "The Lost Key\n\nIt rained all day.\n"))
    assert story.title == "The Lost Key"
    assert chapter_view(story) == [("The Lost Key", "The Lost Key")]


def test_all_caps_title_and_headings_read_in_capitalised_words(tmp_path):
    text = "ROSE HALE: A SKETCH\n\nIN TWO PARTS\n\nPART I\n\nAt the little inn by the lake.\n\nPART II\n\nMore.\n"
    story = read_story(write(tmp_path, "x.txt", text))
    assert story.title == "Rose Hale: A Sketch"
    assert chapter_view(story) == [
        ("Rose Hale: A Sketch", "ROSE HALE: A SKETCH"),  # "IN TWO PARTS" is more than the title
        ("Part I", "PART I"),
        ("Part II", "PART II"),
    ]


@pytest.mark.parametrize("first", ["It rained.", "\u201cRun!\u201d she said", "the lost key", "It was a dark night, and"])
def test_a_first_line_that_is_prose_is_not_a_title(tmp_path, first):
    story = read_story(write(tmp_path, "01 Named.txt", f"{first}\n\nMore text.\n"))
    assert story.title == "Named"


# --- chapters ----------------------------------------------------------------


def test_chapter_heading_styles(tmp_path):
    text = (
        "Chapter One\n\nShe ran.\n\n"
        "Chapter one was the hardest, she thought.\n\n"
        "Chapter 12. The Return\n\nBack.\n\n"
        "CHAPTER IV\n\n\u201cHi,\u201d she said.\n\n"
        "CHAPTER V.\nTHE PERIOD\n\nIt was the best of times.\n\n"
        "Part Two\n\nA new part.\n\n"
        "Chapter 3 was lost, and the chapter after it.\n"
    )
    story = read_story(write(tmp_path, "x.txt", text))
    assert chapter_view(story) == [
        ("Chapter One", "Chapter One"),
        ("Chapter 12: The Return", "Chapter 12. The Return"),
        ("Chapter IV", "CHAPTER IV"),
        ("Chapter V: The Period", "CHAPTER V.\nTHE PERIOD"),
        ("Part Two", "Part Two"),
    ]


def test_heading_lines_followed_by_prose_without_a_blank_line(tmp_path):
    text = (
        "CHAPTER I.\nInto the Old Well\nNora was growing tired of waiting for her brother on the\nbridge.\n\n"
        "Chapter 2\nSophie Dumas stepped off the train and onto\nthe worn platform.\n\n"
        "# Three\nRight after the heading.\n"
    )
    story = read_story(write(tmp_path, "x.md", text))
    assert chapter_view(story) == [
        ("Chapter I: Into the Old Well", "CHAPTER I.\nInto the Old Well"),
        ("Chapter 2", "Chapter 2"),
        ("Three", "Three"),
    ]


def test_a_list_of_chapter_lines_is_contents_not_a_heading(tmp_path):
    text = "Contents\n\n CHAPTER I.     Into the Old Well\n CHAPTER II.    The Lake of Salt\n\nNora sat.\n"
    story = read_story(write(tmp_path, "01 Nora.txt", text))
    assert chapter_view(story) == [("Nora", None)]


def test_sections_numbered_alone_on_a_line_when_they_count_up(tmp_path):
    story = read_story(write(tmp_path, "x.txt", "I.\n\nIt began.\n\nII.\n\nIt went on.\n\nIII\n\nEnd."))
    assert chapter_view(story) == [("Chapter I", "I."), ("Chapter II", "II."), ("Chapter III", "III")]
    story = read_story(write(tmp_path, "x.txt", "1\n\nIt began.\n\n2\n\nIt went on."))
    assert chapter_view(story) == [("Chapter 1", "1"), ("Chapter 2", "2")]


def test_numbered_sections_may_carry_a_title_on_their_line(tmp_path):
    text = "I. THE MILL ROAD\n\nIt began.\n\nII.\n\nIt went on.\n\nIII - A Night Crossing\n\nEnd."
    story = read_story(write(tmp_path, "x.txt", text))
    assert chapter_view(story) == [("Chapter I: The Mill Road", "I. THE MILL ROAD"), ("Chapter II", "II."),
                                   ("Chapter III: A Night Crossing", "III - A Night Crossing")]
    numbered_sentences = "1. We ran to the river.\n\n2. We hid in the barn.\n\n3. Nobody came."
    story = read_story(write(tmp_path, "01 Named.txt", numbered_sentences))  # a list, not chapters
    assert chapter_view(story) == [("Named", None)]


@pytest.mark.parametrize("text", ["I.\n\nIt began.\n\nIII.\n\nOn.", "Then it was me.\n\nI.\n\nMe.", "i.\n\nA.\n\nii.\n\nB."])
def test_numbers_that_do_not_count_up_are_not_sections(tmp_path, text):
    story = read_story(write(tmp_path, "01 Named.txt", text))
    assert chapter_view(story) == [("Named", None)]


def test_a_capitals_chapter_title_wrapped_over_two_lines_is_one_title(tmp_path):
    text = "CHAPTER I.\nIN WHICH THE MILLER LOSES HIS WHEEL AND FINDS\nA STRANGER AT HIS DOOR\n\nIt rained.\n"
    story = read_story(write(tmp_path, "x.txt", text))
    assert chapter_view(story) == [("Chapter I: In Which The Miller Loses His Wheel And Finds A Stranger At His Door",
                                    text[: text.index("\n\n")])]


def test_chapter_title_on_the_next_paragraph_joins_the_heading(tmp_path):
    story = read_story(write(tmp_path, "x.txt", "CHAPTER I.\n\nThe Mail\n\nIt was the Dover road.\n"))
    assert chapter_view(story) == [("Chapter I: The Mail", "CHAPTER I.\n\nThe Mail")]


def test_text_before_the_first_chapter_is_an_opening_chapter(tmp_path):
    story = read_story(write(tmp_path, "01 Tale.txt", "A note first.\n\nChapter 1\n\nStory.\n"))
    assert chapter_view(story) == [("Tale", None), ("Chapter 1", "Chapter 1")]


def test_crlf_cr_tabs_form_feeds_and_invisible_spaces_keep_headings(tmp_path):
    text = "\ufeff\u200b\r\n\tChapter\u00a01\r\n\u00a0\r\nText.\r\n\f\r\nCHAPTER 2\r\rMore.\r\r\u200bCHAPTER 3 \r\rEnd."
    story = read_story(write(tmp_path, "x.txt", text))
    assert story.text == text[1:]  # BOM dropped, nothing else touched
    assert chapter_view(story) == [("Chapter 1", "Chapter\u00a01"), ("Chapter 2", "CHAPTER 2"), ("Chapter 3", "CHAPTER 3")]


def test_crlf_hard_wrapped_prose_is_one_paragraph_not_a_title(tmp_path):
    story = read_story(write(tmp_path, "01 Named.txt", "Sophie Dumas Stepped\r\noff the train.\r\n\r\nMore.\r\n"))
    assert story.title == "Named"


# --- empty and binary inputs -------------------------------------------------


@pytest.mark.parametrize("content", [b"", b" \n\t\r\n\f", b"...!?\n\n-- * --", "\ufeff\u200b\u00a0".encode()])
def test_files_without_words_are_skipped(tmp_path, content):
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(SkippedInput, match="skipped: (empty story|no words)") as e:
        read_story(path)
    assert e.value.where == str(path)


def test_image_bytes_in_a_txt_file_are_skipped(tmp_path):
    with pytest.raises(SkippedInput, match="PNG image"):
        read_story(write(tmp_path, "story.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))


def test_binary_bytes_in_a_txt_file_are_skipped(tmp_path):
    with pytest.raises(SkippedInput, match="binary"):
        read_story(write(tmp_path, "story.txt", b"Some\x00\x01\x02 words\xff\x00\x13"))


# --- encodings ---------------------------------------------------------------

SAMPLE = "Chapter 1\r\n\r\n\u201cBonjour, ma ch\u00e8re,\u201d said \u00c9tienne \u2014 caf\u00e9 au lait.\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_each_encoding_reads_back_the_same_text(tmp_path, encoding):
    data = SAMPLE.encode(encoding)
    if encoding == "utf-16-be":  # with a BOM, as editors write it
        data = b"\xfe\xff" + data
    story = read_story(write(tmp_path, "x.txt", data))
    assert story.text == SAMPLE
    assert chapter_view(story) == [("Chapter 1", "Chapter 1")]


def test_utf16_without_bom_is_recognised(tmp_path):
    assert read_story(write(tmp_path, "x.txt", SAMPLE.encode("utf-16-le"))).text == SAMPLE


def test_latin1_bytes_read_as_the_same_characters(tmp_path):
    text = "Le gar\u00e7on na\u00efve mangea une cr\u00e8me br\u00fbl\u00e9e \u00e0 l'h\u00f4tel."
    assert read_story(write(tmp_path, "x.txt", text.encode("latin-1"))).text == text


def test_non_western_legacy_encoding_is_an_error_suggesting_encoding(tmp_path):
    text = "Первая строка.\nВторая строка: \u00abПривет,\u00bb сказала она."
    path = write(tmp_path, "x.txt", text.encode("cp1251"))
    with pytest.raises(AudiobookError, match="--encoding") as e:
        read_story(path)
    assert e.value.where == f"{path}:1"
    assert read_story(path, encoding="cp1251").text == text


def test_explicit_encoding_is_honoured_over_detection(tmp_path):
    path = write(tmp_path, "x.txt", "na\u00efve caf\u00e9".encode("utf-8"))
    assert read_story(path, encoding="latin-1").text == "na\u00c3\u00afve caf\u00c3\u00a9"


def test_wrong_or_unknown_explicit_encoding_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "x.txt", "line one\nline \u00e9 two".encode("cp1252"))
    with pytest.raises(AudiobookError, match="utf-8") as e:
        read_story(path, encoding="utf-8")
    assert e.value.where == f"{path}:2"
    with pytest.raises(AudiobookError, match="unknown encoding"):
        read_story(path, encoding="klingon")


def test_file_names_with_spaces_and_non_ascii(tmp_path):
    folder = tmp_path / "my stories"
    folder.mkdir()
    path = write(folder, "02 L'été à Montréal.txt", "Il faisait chaud.")
    [found] = find_stories([folder])
    story = read_story(found)
    assert (story.title, story.source) == ("L'été à Montréal", str(path))


# --- Project Gutenberg -------------------------------------------------------

GUTENBERG = """\ufeffThe Project Gutenberg eBook of A Tale of Two Cities\r
\r
This ebook is for the use of anyone anywhere at no cost.\r
\r
Title: A Tale of Two Cities\r
       A Story of the French Revolution\r
\r
Author: Charles Dickens\r
\r
*** START OF THE PROJECT GUTENBERG EBOOK A TALE OF TWO CITIES ***\r
\r
Produced by Judith Boss\r
\r
A TALE OF TWO CITIES\r
\r
CONTENTS\r
\r
     Book the First--Recalled to Life\r
\r
     CHAPTER I      The Period\r
\r
     CHAPTER II     The Mail\r
\r
Book the First--Recalled to Life\r
\r
CHAPTER I.\r
The Period\r
\r
It was the best of times.\r
\r
CHAPTER II.\r
The Mail\r
\r
It was the Dover road.\r
\r
*** END OF THE PROJECT GUTENBERG EBOOK A TALE OF TWO CITIES ***\r
\r
Updated editions will replace the previous one.\r
"""


def test_gutenberg_licence_and_contents_are_skipped_and_chapters_found(tmp_path):
    story = read_story(write(tmp_path, "pg98.txt", GUTENBERG))
    text = story.text
    assert (story.title, story.author) == ("A Tale of Two Cities: A Story of the French Revolution", "Charles Dickens")
    skipped = [(k.reason, text[k.start : k.end]) for k in story.skipped]
    header, *contents, footer = skipped
    assert header[0] == footer[0] == "Project Gutenberg licence"
    assert header[1].startswith("The Project Gutenberg eBook") and header[1].endswith("Produced by Judith Boss")
    assert footer[1].startswith("*** END OF") and footer[1].endswith("previous one.\r\n")
    assert [c for reason, c in contents if reason == "table of contents"] == [
        "CONTENTS", "Book the First--Recalled to Life", "CHAPTER I      The Period", "CHAPTER II     The Mail"
    ]
    # The title page holds nothing but the title: it opens the first chapter.
    assert chapter_view(story) == [
        ("Book the First: Recalled to Life", "Book the First--Recalled to Life"),
        ("Chapter I: The Period", "CHAPTER I.\r\nThe Period"),
        ("Chapter II: The Mail", "CHAPTER II.\r\nThe Mail"),
    ]


def test_gutenberg_text_with_only_its_licence_is_skipped(tmp_path):
    licence_only = GUTENBERG[: GUTENBERG.index("Produced")] + GUTENBERG[GUTENBERG.index("*** END") :]
    with pytest.raises(SkippedInput, match="no words"):
        read_story(write(tmp_path, "pg.txt", licence_only))


def test_markdown_contents_section_is_skipped_with_its_markers(tmp_path):
    text = "# Book\n\n## Contents\n\n## Chapter 1 ##\n\n## Chapter 2\n\n## Chapter 1\n\nText.\n\n## Chapter 2\n\nMore."
    story = read_story(write(tmp_path, "x.md", text))
    assert story.title == "Book"
    assert chapter_view(story) == [("Chapter 1", "Chapter 1"), ("Chapter 2", "Chapter 2")]
    assert [(k.reason, text[k.start : k.end]) for k in story.skipped] == [
        ("Markdown markup", "# "),
        ("table of contents", "## Contents"),
        ("table of contents", "## Chapter 1 ##"),
        ("table of contents", "## Chapter 2"),
        ("Markdown markup", "## "),
        ("Markdown markup", "## "),
    ]


def test_chapter_numbers_restarting_in_each_part_are_all_kept(tmp_path):
    text = "Part One\n\nChapter 1\n\nA.\n\nChapter 2\n\nB.\n\nPart Two\n\nChapter 1\n\nC.\n"
    story = read_story(write(tmp_path, "x.txt", text))
    assert [c.title for c in story.chapters] == ["Part One", "Chapter 1", "Chapter 2", "Part Two", "Chapter 1"]
    assert story.skipped == ()


# --- EPUB --------------------------------------------------------------------


def test_epub_chapters_title_and_author_come_from_the_book(tmp_path):
    story = read_story(make_epub(tmp_path / "book.epub", EPUB_CHAPTERS))
    assert (story.title, story.author) == ("The Lost Key", "Jane Doe")
    contents = "The Lost Key\n\nChapter One\n\nThe Return\n\nEpilogue"  # the navigation document, in the spine
    assert story.text == contents + "\n\n" + (
        "The Lost Key\n\nChapter One\n\nIt was a dark night.\n\n\u201cWho\u2019s there?\u201d she said.\nNo answer.\n\n"
        "The Return\n\nMorning came.\n\n* * *\n\nRuby.\n\nEpilogue\n\nThe end.\nTruly."
    )
    assert story.skipped == (Skip(0, len(contents), "table of contents (EPUB navigation)"),)
    assert chapter_view(story) == [
        ("The Lost Key", None),  # the title page, before the first entry of the contents
        ("Chapter One", "Chapter One"),
        ("The Return", "The Return"),
        ("Epilogue", "Epilogue"),
    ]


def test_epub_without_table_of_contents_has_a_chapter_per_document(tmp_path):
    story = read_story(make_epub(tmp_path / "book.epub", EPUB_CHAPTERS[:2], toc=False))
    assert chapter_view(story) == [("The Lost Key", None), ("Chapter One", "Chapter One"), ("The Return", "The Return")]


def test_epub_without_contents_or_html_headings_uses_the_text_headings(tmp_path):
    chapters = [("one.xhtml", "", "<p>CHAPTER I.</p><p>Dark.</p>"), ("two.xhtml", "", "<p>CHAPTER II.</p><p>Light.</p>")]
    story = read_story(make_epub(tmp_path / "book.epub", chapters, toc=False))
    # The title page holds only the title: it opens the first chapter.
    assert chapter_view(story) == [("Chapter I", "CHAPTER I."), ("Chapter II", "CHAPTER II.")]


def test_epub_contents_entries_pointing_inside_a_document(tmp_path):
    from ebooklib import epub

    path = make_epub(tmp_path / "book.epub", [("all.xhtml", "Part One", "<p>Intro.</p><h2 id='c2'>Chapter 2</h2><p>Two.</p>")])
    book = epub.read_epub(str(path))
    book.toc = [epub.Link("all.xhtml", "Part One", "p1"), epub.Link("all.xhtml#c2", "Chapter 2", "c2")]
    epub.write_epub(str(path), book)
    story = read_story(path)
    assert chapter_view(story)[1:] == [("Part One", "Part One"), ("Chapter 2", "Chapter 2")]
    assert story.text[story.chapters[2].start :] == "Chapter 2\n\nTwo."


def test_epub_navigation_and_contents_pages_are_skipped_and_shown(tmp_path):
    """The nav document is in the spine (as in many real books) with words outside its <nav>;
    a hand-made contents page of links; notes marked linear="no"."""
    from audiobook import api
    from audiobook.voices.config import Config

    nav = ('<h1>Brief Contents</h1><nav epub:type="toc"><ol><li><a href="one.xhtml">The Quay</a></li>'
           '<li><a href="two.xhtml">The Storm</a></li></ol></nav><details><summary>Show all entries</summary>'
           '</details><nav epub:type="landmarks"><ol><li><a href="one.xhtml">Begin Reading</a></li></ol></nav>')
    links = '<h2>Contents</h2>' + "".join(f'<p><a href="{f}">{t}</a></p>' for f, t in
                                          [("one.xhtml", "The Quay"), ("two.xhtml", "The Storm"), ("notes.xhtml", "Notes")])
    documents = {"nav.xhtml": nav, "links.xhtml": links,
                 "one.xhtml": "<h1>The Quay</h1><p>The boats rocked at the quay.</p>",
                 "two.xhtml": '<h1>The Storm</h1><p>Rain came at dusk.</p><section epub:type="toc"><p>'
                              '<a href="one.xhtml">Back to the quay</a></p></section><p>Then it cleared.</p>',
                 "notes.xhtml": "<p>A note on the boats.</p>"}
    spine = [("nav.xhtml", "yes"), ("links.xhtml", "yes"), ("one.xhtml", "yes"), ("two.xhtml", "yes"),
             ("notes.xhtml", "no")]
    path = write_epub3(tmp_path / "harbour.epub", documents, spine, nav="nav.xhtml")
    script = api.script(path, Config())
    said = " ".join(seg.text for seg in script.segments if seg.text)
    assert said == "The Quay The boats rocked at the quay. The Storm Rain came at dusk. Then it cleared."
    skipped = {script.story.text[seg.start:seg.end]: seg.skip for seg in script.segments if seg.skip}
    assert skipped == {
        "Brief Contents\n\nThe Quay\n\nThe Storm\n\nShow all entries\n\nBegin Reading": "table of contents (EPUB navigation)",
        "Contents\n\nThe Quay\n\nThe Storm\n\nNotes": "table of contents (a page of links)",
        "Back to the quay": "table of contents (EPUB navigation)",
        "A note on the boats.": 'outside the EPUB\'s reading order (linear="no")',
    }
    assert [c.title for c in script.story.chapters if c.heading] == ["The Quay", "The Storm"]


def test_broken_epub_is_an_error_naming_the_file(tmp_path):
    path = write(tmp_path, "broken.epub", b"PK\x03\x04 not really a zip")
    with pytest.raises(AudiobookError, match="not a readable EPUB") as e:
        read_story(path)
    assert e.value.where == str(path)


def test_decoding_error_counts_lines_ending_in_cr(tmp_path):
    path = write(tmp_path, "x.txt", "one\rtwo\r\nthree \u00e9".encode("cp1252"))
    with pytest.raises(AudiobookError) as e:
        read_story(path, encoding="utf-8")
    assert e.value.where == f"{path}:3"


# --- Markdown ----------------------------------------------------------------


def test_markdown_front_matter_is_skipped_and_names_the_story(tmp_path):
    text = "---\ntitle: \"The Lost Key\"\nauthor: Jane Doe\ntags:\n  - mystery\n---\n\nIt rained.\n"
    story = read_story(write(tmp_path, "x.md", text))
    assert (story.title, story.author) == ("The Lost Key", "Jane Doe")
    assert [(k.reason, text[k.start : k.end]) for k in story.skipped] == [("front matter", text[: text.index("\n\nIt")])]


def test_rules_at_the_top_are_not_front_matter(tmp_path):
    text = "---\n\nIt rained. Nobody came.\n\n---\n\nThe end.\n"
    assert read_story(write(tmp_path, "01 Rain.md", text)).skipped == ()


def test_setext_headings_and_deeper_atx_markers(tmp_path):
    text = "The Lost Key\n============\n\nIt rained.\n\nThe Return\n----------\n\nSun.\n\n### A note ###\n\nHe left.\n---\n"
    story = read_story(write(tmp_path, "x.md", text))
    assert chapter_view(story) == [("The Lost Key", "The Lost Key"), ("The Return", "The Return")]
    assert [text[k.start : k.end] for k in story.skipped] == ["============", "----------", "### ", " ###"]


# --- any text ----------------------------------------------------------------

# Text made of the pieces that steer heading, title and preamble detection.
PIECES = st.sampled_from(
    ["Chapter 1", "CHAPTER IV.", "The Return", "I.", "II", "2", "[Illustration: X]", "# Title", "## Part", "===", "---", "by Jane Doe", "Contents",
     "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
     "title: X", "It rained.", "\u201cHi,\u201d she said.", "\n", "\r\n", "\r", "\n\n", " ", "\t", "\f", "\u00a0", "\u200b", "\u00e9"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.text(max_size=5), max_size=30).map("".join))
def test_any_text_gives_chapters_tiling_it_or_is_skipped(text):
    try:
        story = story_from_text(text, "x.md", "X")
    except SkippedInput:
        return
    chapter_view(story)
    assert all(c.start < c.end or len(story.chapters) == 1 for c in story.chapters)
    assert all(c.start <= c.heading[0] <= c.heading[1] <= c.end for c in story.chapters if c.heading)
    spans = [(k.start, k.end) for k in story.skipped]
    assert spans == sorted(spans) and all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_illustration_markers_are_skipped(tmp_path):
    text = "It rained.\n\n[Illustration: A VICARAGE\nHOUSE.]\n\nThen [Illustration] it stopped.\n"
    story = read_story(write(tmp_path, "x.txt", text))
    assert [(k.reason, text[k.start : k.end]) for k in story.skipped] == [
        ("illustration", "[Illustration: A VICARAGE\nHOUSE.]"),
        ("illustration", "[Illustration]"),
    ]


def test_drm_encrypted_epub_is_an_error_not_noise(tmp_path):
    import zipfile

    path = make_epub(tmp_path / "drm.epub", EPUB_CHAPTERS[:1])
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData>'
        '<enc:CipherReference URI="EPUB/one.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("META-INF/encryption.xml", encryption)
    with pytest.raises(AudiobookError, match="DRM"):
        read_story(path)
