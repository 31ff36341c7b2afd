"""Small e-books the tests make: EPUB 2 through ebooklib, EPUB 3 zipped by hand."""
from __future__ import annotations

from pathlib import Path


def make_epub(path: Path, chapters: list[tuple[str, str, str]], toc: bool = True) -> Path:
    """An EPUB with a title page and one document per (file, heading, body html)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("test-book")
    book.set_title("The Lost Key")
    book.set_language("en")
    book.add_author("Jane Doe")
    title_page = epub.EpubHtml(title="Title", file_name="title.xhtml", content="<html><body><p><img src='cover.png'/></p><p>The Lost Key</p></body></html>")
    documents = [title_page]
    for file_name, heading, body in chapters:
        html = f"<html><head><title>x</title><style>p {{}}</style></head><body><h1 id='top'>{heading}</h1>{body}</body></html>"
        documents.append(epub.EpubHtml(title=heading, file_name=file_name, content=html))
    for document in documents:
        book.add_item(document)
    book.toc = [epub.Link(d.file_name, d.title, d.file_name) for d in documents[1:]] if toc else []
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *documents]
    epub.write_epub(str(path), book)
    return path


EPUB_CHAPTERS = [
    ("one.xhtml", "Chapter One", "<p>It was\n   a dark night.</p><p>\u201cWho&#8217;s there?\u201d she said.<br/>No answer.</p>"),
    ("two.xhtml", "The Return", "<div><p>Morning came.</p></div><p>&#160;</p><hr/><p>Ru<ruby>by<rt>bi</rt></ruby>.</p>"),
    ("three.xhtml", "Epilogue", "<p>The end.<br/>&#160;<br/>Truly.</p><script>var x;</script>"),
]


def write_epub3(path: Path, documents: dict[str, str], spine: list[tuple[str, str]], nav: str) -> Path:
    """An EPUB 3 zipped by hand, as e-book tools lay them out: ``documents`` are
    file -> body, ``spine`` is (file, linear) in reading order, ``nav`` the
    navigation document's file (listed with properties="nav")."""
    import zipfile

    def xhtml(body: str) -> str:
        return ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" '
                'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head>'
                f"<body>{body}</body></html>")

    nav_property, not_linear = ' properties="nav"', ' linear="no"'
    items = "".join(f'<item id="d{n}" href="{name}" media-type="application/xhtml+xml"'
                    f'{nav_property if name == nav else ""}/>' for n, name in enumerate(documents))
    ids = {name: f"d{n}" for n, name in enumerate(documents)}
    refs = "".join(f'<itemref idref="{ids[name]}"{"" if linear == "yes" else not_linear}/>' for name, linear in spine)
    opf = ('<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
           'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x'
           '</dc:identifier><dc:title>The Harbour</dc:title><dc:language>en</dc:language>'
           '<dc:creator>A. Sailor</dc:creator></metadata>'
           f"<manifest>{items}</manifest><spine>{refs}</spine></package>")
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
                 '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
                 "</rootfiles></container>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", container)
        z.writestr("OEBPS/content.opf", opf)
        for name, body in documents.items():
            z.writestr(f"OEBPS/{name}", xhtml(body))
    return path
