"""EPUB books -> plain text with chapters, via ebooklib and html.parser.

The text is the spine's documents in order, one paragraph per HTML block
(``p``, ``div``, ``h1``...) separated by blank lines, so headings are
paragraphs of their own as in a plain-text story. Chapters start where the
table of contents points; without a usable one, at each spine document
that opens with a heading; failing that, at the headings found in the text
as for a plain-text story.
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

from .errors import AudiobookError
from .headings import Heading
from .text import fold

PARAGRAPH_BREAK = "\n\n"

_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "li", "ul", "ol",
    "dl", "dt", "dd", "tr", "table", "figure", "figcaption", "body", "h1", "h2", "h3", "h4", "h5", "h6",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# nav: an EPUB 3 table of contents in the spine; rt, rp: ruby annotations (furigana).
_UNSPOKEN = {"head", "script", "style", "nav", "svg", "math", "rt", "rp"}
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


@dataclass
class _Paragraph:
    text: str
    heading: bool


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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
        element_id = dict(attrs).get("id")
        if element_id:
            self._pending_ids.append(element_id)

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSPOKEN:
            self._unspoken_depth = max(0, self._unspoken_depth - 1)
        elif tag in _BLOCKS:
            self._flush()
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if not self._unspoken_depth:
            self._inline.append(_HTML_SPACE.sub(" ", data))

    def close(self) -> None:
        super().close()
        self._flush()
        for element_id in self._pending_ids:  # ids after the last words point past them
            self.anchors[element_id] = len(self.paragraphs)

    def _flush(self) -> None:
        text = _LINE_BREAK_SPACE.sub("\n", "".join(self._inline)).strip()
        self._inline = []
        if not fold(text):
            return
        for element_id in self._pending_ids:
            self.anchors[element_id] = len(self.paragraphs)
        self._pending_ids = []
        self.paragraphs.append(_Paragraph(text, self._in_heading))


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
    # Documents marked linear="no" (notes, asides) are not part of the reading order.
    documents = [_document(book, idref) for idref, linear in book.spine if linear != "no"]
    documents = [d for d in documents if d]
    text, spans = _join(documents)
    locate = _Locator(documents, spans)
    headings = _toc_headings(book.toc, locate) or _spine_headings(documents, locate)
    return EpubBook(text, _metadata(book, "title"), _metadata(book, "creator"), headings)


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
        if index >= len(self.spans[name]):
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
        if parsed.paragraphs and parsed.paragraphs[0].heading
    ]
    return headings or None


def _metadata(book: epub.EpubBook, name: str) -> str | None:
    values = [" ".join(str(value).split()) for value, _attrs in book.get_metadata("DC", name) if value]
    return ", ".join(values) if values else None
