"""Bytes of a story file -> text, or a clear reason why it is not text.

Offsets everywhere else point into the string returned here, so nothing is
translated: \\r\\n and \\r stay as they are, only a byte-order mark is dropped.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import AudiobookError, SkippedInput

# Leading bytes of the non-text files people drop into a stories folder.
_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (an .epub, .docx or .odt?)",
    b"RIFF": "a RIFF file (WAV or WebP)",
    b"ID3": "an MP3 file",
    b"{\\rtf": "an RTF document",
}

# Longest BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_LINE_END = re.compile(rb"\r\n?|\n")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_ASCII_LETTER = re.compile(rb"[A-Za-z]")

# Above this share of non-ASCII among letter-like bytes, a file that is not
# UTF-8 is unlikely to be Western European (cp1251, Shift-JIS, ...), and
# reading it as cp1252 would speak gibberish.
_MAX_HIGH_BYTE_SHARE = 0.3
# Share of zero high bytes above which NUL-laden data is taken for UTF-16.
_UTF16_ZERO_SHARE = 0.9
# Binary data is full of control bytes; a text file may hold a few stray NULs,
# or a run of them at its end (left by a crash while saving), and is still read.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def decode_story(data: bytes, path: Path, encoding: str | None = None) -> str:
    """The text of a story file, without a byte-order mark.

    With ``encoding`` given, that is used. Otherwise a BOM decides (UTF-8,
    UTF-16, UTF-32), then UTF-8 is tried, then cp1252 (Windows' Western
    European, a superset of latin-1's printable characters) when the bytes
    look like it. Raises SkippedInput for binary files and AudiobookError,
    with the line of the first bad byte and a hint about ``--encoding``, for
    text it cannot read with confidence.
    """
    _refuse_known_binary(data, path)
    if encoding:
        return _decode_as(data, path, encoding).removeprefix("\ufeff")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, path, codec).removeprefix("\ufeff")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        body = data.rstrip(b"\x00")
        if len(_CONTROL.findall(body)) > _MAX_CONTROL_SHARE * len(body):
            raise SkippedInput("skipped: not a story, this is a binary file", where=str(path))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        return _decode_western(data, path, utf8_error)


def _refuse_known_binary(data: bytes, path: Path) -> None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise SkippedInput(f"skipped: not a story, this is {kind}", where=str(path))


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without a BOM has a NUL beside nearly every Latin
    character (NUL padding at the end aside); None when ``data`` is not that."""
    sample = data.rstrip(b"\x00")
    sample += b"\x00" * (len(sample) % 2)  # the high byte of a last UTF-16-LE character
    for zeros, codec in ((sample[1::2], "utf-16-le"), (sample[0::2], "utf-16-be")):
        if len(data) % 2 == 0 and zeros.count(0) >= _UTF16_ZERO_SHARE * len(zeros):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _decode_western(data: bytes, path: Path, utf8_error: UnicodeDecodeError) -> str:
    line = _line_at(data, utf8_error.start)
    high = len(_HIGH_BYTE.findall(data))
    if high <= _MAX_HIGH_BYTE_SHARE * (high + len(_ASCII_LETTER.findall(data))):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    raise AudiobookError(
        "not UTF-8, and does not look like Windows-1252 either; "
        "give its encoding with --encoding (e.g. --encoding cp1251 or --encoding latin-1) "
        "or save it as UTF-8",
        where=f"{path}:{line}",
    )


def _decode_as(data: bytes, path: Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise AudiobookError(
            f"unknown encoding {encoding!r}; use a Python codec name such as utf-8, cp1252 or latin-1",
            where=str(path),
        ) from None
    except UnicodeDecodeError as e:
        line = _line_at(data, e.start)
        raise AudiobookError(
            f"cannot be read as {encoding} (byte {data[e.start]:#04x}); "
            "give the right one with --encoding or save the file as UTF-8",
            where=f"{path}:{line}",
        ) from None


def _line_at(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CR LF, CR and LF line ends."""
    return len(_LINE_END.findall(data, 0, offset)) + 1
