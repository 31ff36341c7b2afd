"""The only module that knows ID3 and MP4 atoms (through mutagen).

Chapters are written the way the most players read them (shared NOTES.md):
ID3v2.3, one top-level ordered CTOC, one CHAP per chapter with a TIT2,
in time order, each end meeting the next start, the last ending at the
duration. A CTOC lists at most 255 children (its count is one byte), so a
longer book gets a top-level CTOC whose children are ordered CTOCs of up
to 255 chapters each, as ID3v2's chapter addendum allows. mutagen sorts
frames by size when saving, which puts chapters out of time order, so the
saved frames are put back in the order they were added (``_in_order``).
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from mutagen import MutagenError
from mutagen.id3 import APIC, CHAP, CTOC, ID3, TALB, TCON, TIT2, TPE1, TRCK, TXXX, CTOCFlags, ID3NoHeaderError
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm


@dataclass(frozen=True)
class Tags:
    title: str
    author: str | None = None
    album: str | None = None
    track: int = 1
    tracks: int = 1
    genre: str = "Audiobook"
    cover: bytes | None = None
    cover_mime: str = "image/jpeg"
    build: str = ""  # digest of everything the file is made from; lets a rebuild skip it


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start: float  # seconds
    end: float


BUILD_KEY = "audiobook build"
CTOC_LIMIT = 255  # children of one CTOC frame: its entry count is a single byte


def header(tags: Tags, chapters: list[ChapterMark]) -> bytes:
    """The ID3 tag to put in front of the audio frames.

    Built before the audio is joined, so a long book is written once,
    never rewritten to make room for its tag.
    """
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    if tags.author:
        id3.add(TPE1(encoding=3, text=tags.author))
    id3.add(TALB(encoding=3, text=tags.album or tags.title))
    id3.add(TRCK(encoding=3, text=f"{tags.track}/{tags.tracks}"))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.build:
        id3.add(TXXX(encoding=3, desc=BUILD_KEY, text=tags.build))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover_mime, type=3, desc="Cover", data=tags.cover))
    frames = _chapter_frames(tags.title, chapters)
    for frame in frames:
        id3.add(frame)
    buffer = io.BytesIO()
    id3.save(buffer, v2_version=3, padding=lambda info: 0)
    return _in_order(buffer.getvalue(), [frame.element_id for frame in frames])


def _chapter_frames(title: str, chapters: list[ChapterMark]) -> list[CTOC | CHAP]:
    """The table(s) of contents, then the chapters in time order."""
    ids = [f"ch{n:04d}" for n in range(len(chapters))]
    top = CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    if len(ids) <= CTOC_LIMIT:
        tocs = [CTOC(element_id="toc", flags=top, child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=title)])]
    else:
        starts = range(0, len(ids), CTOC_LIMIT)
        names = [f"toc{n:03d}" for n in range(1, len(starts) + 1)]
        tocs = [CTOC(element_id="toc", flags=top, child_element_ids=names, sub_frames=[TIT2(encoding=3, text=title)])]
        tocs += [CTOC(element_id=name, flags=CTOCFlags.ORDERED, child_element_ids=ids[n:n + CTOC_LIMIT],
                      sub_frames=[TIT2(encoding=3, text=f"Chapters {n + 1}-{min(n + CTOC_LIMIT, len(ids))}")])
                 for name, n in zip(names, starts)]
    return tocs + [CHAP(element_id=element_id, start_time=round(mark.start * 1000), end_time=round(mark.end * 1000),
                        sub_frames=[TIT2(encoding=3, text=mark.title)]) for element_id, mark in zip(ids, chapters)]


def _in_order(tag: bytes, element_ids: list[str]) -> bytes:
    """``tag`` (an ID3v2.3 tag as mutagen saved it, no padding) with its CTOC
    and CHAP frames last, in the order of ``element_ids``.

    A v2.3 frame is a 4-byte id, a 4-byte big-endian size, 2 flag bytes and
    its data; a CTOC's or CHAP's data starts with its element id and a NUL.
    """
    rank = {element_id.encode("latin-1"): n for n, element_id in enumerate(element_ids)}
    others, chapters, pos = [], [], 10
    while pos + 10 <= len(tag):
        end = pos + 10 + int.from_bytes(tag[pos + 4:pos + 8], "big")
        frame = tag[pos:end]
        if frame[:4] in (b"CTOC", b"CHAP"):
            chapters.append((rank[frame[10:frame.index(b"\0", 10)]], frame))
        else:
            others.append(frame)
        pos = end
    return tag[:10] + b"".join(others) + b"".join(frame for _, frame in sorted(chapters))


def read_chapters(path: str) -> list[ChapterMark]:
    """The chapters as stored in the file, in file order (for tests and checks)."""
    if path.endswith(".m4b"):
        chapters = MP4(path).chapters
        ends = [c.start for c in list(chapters)[1:]] + [MP4(path).info.length]
        return [ChapterMark(c.title, c.start, end) for c, end in zip(chapters, ends)]
    id3 = ID3(path)
    return [ChapterMark(str(f.sub_frames["TIT2"]), f.start_time / 1000, f.end_time / 1000)
            for f in id3.values() if f.FrameID == "CHAP"]


MP4_BUILD = "----:com.github.audiobook:build"


def write_mp4(path: str, tags: Tags) -> None:
    """Tag an M4B (its chapters were written by the muxer)."""
    mp4 = MP4(path)
    mp4.clear()
    mp4["\xa9nam"] = [tags.title]
    if tags.author:
        mp4["\xa9ART"] = mp4["aART"] = [tags.author]
    mp4["\xa9alb"] = [tags.album or tags.title]
    mp4["trkn"] = [(tags.track, tags.tracks)]
    mp4["\xa9gen"] = [tags.genre]
    mp4["stik"] = [2]  # media kind: audiobook
    if tags.cover:
        kind = MP4Cover.FORMAT_PNG if tags.cover_mime == "image/png" else MP4Cover.FORMAT_JPEG
        mp4["covr"] = [MP4Cover(tags.cover, imageformat=kind)]
    if tags.build:
        mp4[MP4_BUILD] = [MP4FreeForm(tags.build.encode())]
    mp4.save()


def stored_build(path: str) -> str | None:
    """The build digest written in a file's tag, if any."""
    try:
        if path.endswith(".m4b"):
            value = MP4(path).get(MP4_BUILD)
            return bytes(value[0]).decode() if value else None
        frame = ID3(path).get(f"TXXX:{BUILD_KEY}")
    except (ID3NoHeaderError, OSError, MutagenError):
        return None
    return str(frame) if frame else None
