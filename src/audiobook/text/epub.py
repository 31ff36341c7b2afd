"""EPUB books -> plain text with chapters, via ebooklib and html.parser.

The text is the spine's documents in order, one paragraph per HTML block
(``p``, ``div``, ``h1``...) separated by blank lines, so headings are
paragraphs of their own as in a plain-text story. Chapters start where the
table of contents points; without a usable one, at each spine document
that opens with a heading; failing that, at the headings found in the text
as for a plain-text story.

What a reader does not read is kept in the text but skipped, with the
reason (`audiobook script` shows it): the navigation document when it is in
the spine, as in many real books; ``<nav>`` and ``epub:type="toc"`` blocks;
a document that is nothing but links (a contents page made by hand); and
documents marked ``linear="no"``, outside the reading order.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import ebooklib
from ebooklib import epub

from ..errors import AudiobookError
from ..model import Skip
from .headings import Heading
from .spans import fold

PARAGRAPH_BREAK = "\n\n"

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "li", "ul", "ol",
    "dl", "dt", "dd", "tr", "table", "figure", "figcaption", "body", "h1", "h2", "h3", "h4", "h5", "h6",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Never text of the book: rt and rp are ruby annotations (furigana).
_UNSPOKEN = {"head", "script", "style", "svg", "math", "rt", "rp"}
# Navigation inside a document: an EPUB 3 <nav>, or a block marked as a table of contents.
_NAVIGATION_TYPES = {"toc", "landmarks", "page-list", "loi", "lot", "doc-toc", "doc-pagelist"}
NAVIGATION = "table of contents (EPUB navigation)"
NOT_LINEAR = "outside the EPUB's reading order (linear=\"no\")"
CONTENTS_PAGE = "table of contents (a page of links)"
_MIN_CONTENTS_LINKS = 3  # link-only paragraphs a contents page has at least ...
_CONTENTS_SHARE = 0.6  # ... and at least this share of its paragraphs
SCENE_BREAK = "* * *"  # what an <hr> (a scene break in most e-books) becomes
_ENCRYPTED_DOCUMENT = re.compile(r"""CipherReference[^>]*URI=["'][^"']*\.x?html?["']""", re.IGNORECASE)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_LINE_BREAK_SPACE = re.compile(r"\s*\n\s*")  # also blank lines a <br> run would leave


@dataclass(frozen=True)
class EpubBook:
    text: str
    title: str | None
    author: str | None
    headings: list[Heading] | None  # one per chapter, from the contents or the spine; None: unknown
    skips: list[Skip]  # navigation and documents outside the reading order


@dataclass
class _Paragraph:
    text: str
    heading: bool
    skip: str = ""  # why it is not read, if it is not
    link_only: bool = False  # every word of it is inside a link to the book itself


class _DocumentText(HTMLParser):
    """Paragraphs of one XHTML document, and the paragraph each element id falls in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[_Paragraph] = []
        self.anchors: dict[str, int] = {}
        self._pending_ids: list[str] = []
        self._inline: list[str] = []
        self._unspoken_depth = 0
        self._in_heading = False
        self._navigation: list[str] = []  # the tag of the navigation block we are in, nested in itself
        self._link_depth = 0
        self._linked = self._unlinked = 0  # letters inside and outside links in this paragraph

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._navigation and tag == self._navigation[0]:
            self._navigation.append(tag)
        elif not self._navigation and (tag == "nav" or _NAVIGATION_TYPES & set(
                f"{attributes.get('epub:type') or ''} {attributes.get('role') or ''}".split())):
            self._flush()
            self._navigation.append(tag)
        if tag == "a" and _internal(attributes.get("href")):
            self._link_depth += 1
        if tag in _UNSPOKEN:
            self._unspoken_depth += 1
        elif tag == "br":
            self._inline.append("\n")
        elif tag == "hr":
            self._flush()
            self._inline.append(SCENE_BREAK)
            self._flush()
        elif tag in _BLOCKS:
            self._flush()
            self._in_heading = tag in _HEADINGS
        element_id = attributes.get("id")
        if element_id:
            self._pending_ids.append(element_id)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link_depth:
            self._link_depth -= 1
        if tag in _UNSPOKEN:
            self._unspoken_depth = max(0, self._unspoken_depth - 1)
        elif tag in _BLOCKS:
            self._flush()
            self._in_heading = False
        if self._navigation and tag == self._navigation[0]:
            self._flush()
            self._navigation.pop()

    def handle_data(self, data: str) -> None:
        if not self._unspoken_depth:
            self._inline.append(_HTML_SPACE.sub(" ", data))
            letters = sum(ch.isalnum() for ch in data)
            if self._link_depth:
                self._linked += letters
            else:
                self._unlinked += letters

    def close(self) -> None:
        super().close()
        self._flush()
        for element_id in self._pending_ids:  # ids after the last words point past them
            self.anchors[element_id] = len(self.paragraphs)

    def _flush(self) -> None:
        text = _LINE_BREAK_SPACE.sub("\n", "".join(self._inline)).strip()
        link_only = self._linked > 0 and self._unlinked == 0
        self._inline, self._linked, self._unlinked = [], 0, 0
        if not fold(text):
            return
        for element_id in self._pending_ids:
            self.anchors[element_id] = len(self.paragraphs)
        self._pending_ids = []
        self.paragraphs.append(_Paragraph(text, self._in_heading, NAVIGATION if self._navigation else "", link_only))

    def skip_all(self, reason: str) -> None:
        for paragraph in self.paragraphs:
            paragraph.skip = reason

    @property
    def contents_page(self) -> bool:
        """Nothing but links to the book itself, apart from a title or two."""
        links = sum(p.link_only for p in self.paragraphs)
        return links >= _MIN_CONTENTS_LINKS and links >= _CONTENTS_SHARE * len(self.paragraphs)


def _internal(href: str | None) -> bool:
    """A link to another place in the book, not to the web or an e-mail address."""
    return bool(href) and ":" not in href.split("#")[0].split("/")[0]


def read_epub(path: Path) -> EpubBook:
    """The text, metadata and chapter headings of an EPUB file.

    Raises AudiobookError naming the file when it is not a readable EPUB.
    """
    try:
        _refuse_encrypted(path)
        book = epub.read_epub(str(path), options={"ignore_ncx": False})
    except AudiobookError:
        raise
    except Exception as e:  # ebooklib raises zip, XML, key and its own errors alike
        detail = e.args[-1] if e.args else type(e).__name__  # EpubException's args are (code, message)
        message = f"not a readable EPUB ({detail}); re-export it from your e-book tool"
        raise AudiobookError(message, where=str(path)) from None
    documents = []
    for idref, linear in book.spine:
        document = _document(book, idref)
        if document is None:
            continue
        name, parsed = document
        item = book.get_item_with_id(idref)
        if isinstance(item, epub.EpubNav) or "nav" in getattr(item, "properties", ()):
            parsed.skip_all(NAVIGATION)
        elif linear == "no":  # notes and asides, outside the reading order
            parsed.skip_all(NOT_LINEAR)
        elif parsed.contents_page:
            parsed.skip_all(CONTENTS_PAGE)
        documents.append(document)
    text, spans = _join(documents)
    locate = _Locator(documents, spans)
    headings = _toc_headings(book.toc, locate) or _spine_headings(documents, locate)
    return EpubBook(text, _metadata(book, "title"), _metadata(book, "creator"), headings, _skips(documents, spans))


def _skips(documents: list[tuple[str, _DocumentText]], spans: dict[str, list[tuple[int, int]]]) -> list[Skip]:
    """One skip per run of skipped paragraphs with the same reason."""
    skips: list[Skip] = []
    for name, parsed in documents:
        for paragraph, (start, end) in zip(parsed.paragraphs, spans[name]):
            if not paragraph.skip:
                continue
            if skips and skips[-1].reason == paragraph.skip and skips[-1].end + len(PARAGRAPH_BREAK) == start:
                skips[-1] = Skip(skips[-1].start, end, paragraph.skip)
            else:
                skips.append(Skip(start, end, paragraph.skip))
    return skips


def _refuse_encrypted(path: Path) -> None:
    """DRM-encrypted text would be read out as noise. (Fonts are often
    obfuscated through the same file; that is harmless.)"""
    with zipfile.ZipFile(path) as archive:
        if "META-INF/encryption.xml" not in archive.namelist():
            return
        manifest = archive.read("META-INF/encryption.xml").decode("utf-8", errors="replace")
    if _ENCRYPTED_DOCUMENT.search(manifest):
        raise AudiobookError(
            "this EPUB is DRM-protected, its text cannot be read; use a DRM-free copy", where=str(path)
        )


def _join(documents: list[tuple[str, _DocumentText]]) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """The book's text, and the span of each paragraph by document name."""
    parts: list[str] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    pos = 0
    for name, parsed in documents:
        spans[name] = []
        for paragraph in parsed.paragraphs:
            if parts:
                parts.append(PARAGRAPH_BREAK)
                pos += len(PARAGRAPH_BREAK)
            parts.append(paragraph.text)
            spans[name].append((pos, pos + len(paragraph.text)))
            pos += len(paragraph.text)
    return "".join(parts), spans


def _document(book: epub.EpubBook, idref: str) -> tuple[str, _DocumentText] | None:
    item = book.get_item_with_id(idref)
    if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
        return None
    parser = _DocumentText()
    parser.feed(_decode_xhtml(item.get_content()))
    parser.close()
    return item.get_name(), parser


def _decode_xhtml(data: bytes) -> str:
    """EPUB documents are UTF-8 or, with a BOM, UTF-16 (the format requires it)."""
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return data.decode(encoding, errors="replace")


class _Locator:
    """Where in the book text an href (``chapter.xhtml#section``) points."""

    def __init__(self, documents: list[tuple[str, _DocumentText]], spans: dict[str, list[tuple[int, int]]]):
        self.documents = dict(documents)
        self.spans = spans

    def locate(self, href: str) -> tuple[str, int] | None:
        """(document name, paragraph index) an href points to, if it is in the spine."""
        file, _, fragment = unquote(href).partition("#")
        name = self._name(posixpath.normpath(file))
        if name is None:
            return None
        return name, self.documents[name].anchors.get(fragment, 0) if fragment else 0

    def _name(self, file: str) -> str | None:
        if file in self.documents:
            return file
        matches = [n for n in self.documents if posixpath.basename(n) == posixpath.basename(file)]
        return matches[0] if len(matches) == 1 else None

    def heading(self, title: str, name: str, index: int) -> Heading | None:
        """A chapter starting at that paragraph; its heading is the paragraph
        itself when it is an HTML heading. None past the document's last words."""
        if index >= len(self.spans[name]) or self.documents[name].paragraphs[index].skip:
            return None
        span = self.spans[name][index]
        is_heading = self.documents[name].paragraphs[index].heading
        return Heading(span[0], span if is_heading else None, title)


def _toc_headings(toc: list, locate: _Locator) -> list[Heading]:
    """One heading per table-of-contents entry, in text order; where two entries
    point to the same place (a part and its first chapter), the deeper one."""
    at: dict[int, Heading] = {}
    for title, href in _flatten(toc):
        where = locate.locate(href)
        heading = where and locate.heading(title, *where)
        if heading:
            at[heading.start] = heading
    return [at[start] for start in sorted(at)]


def _flatten(toc: list | epub.Link) -> list[tuple[str, str]]:
    """(title, href) of each entry, depth first. ebooklib gives a bare empty
    Link instead of a list when the book's contents are empty."""
    entries = []
    for entry in toc if isinstance(toc, list) else [toc]:
        if isinstance(entry, tuple):  # (Section, [children])
            section, children = entry
            if getattr(section, "href", None):
                entries.append((section.title, section.href))
            entries += _flatten(children)
        elif getattr(entry, "href", None):
            entries.append((entry.title, entry.href))
    return [(" ".join(title.split()), href) for title, href in entries if title and title.strip()]


def _spine_headings(documents: list[tuple[str, _DocumentText]], locate: _Locator) -> list[Heading] | None:
    """Without a table of contents: a chapter per document that opens with an
    HTML heading; None when none does (the text's own headings then decide)."""
    headings = [
        locate.heading(" ".join(parsed.paragraphs[0].text.split()), name, 0)
        for name, parsed in documents
        if parsed.paragraphs and parsed.paragraphs[0].heading and not parsed.paragraphs[0].skip
    ]
    return headings or None


def _metadata(book: epub.EpubBook, name: str) -> str | None:
    values = [" ".join(str(value).split()) for value, _attrs in book.get_metadata("DC", name) if value]
    return ", ".join(values) if values else None
