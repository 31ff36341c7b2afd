"""Which files a build writes: one per story, one for all stories
(``--single-file``, a chapter per story), or one per chapter (the ACX
preset), with the titles, album and author each is tagged with; and the
cover art they carry."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..model import ChapterPlan, Story


@dataclass(frozen=True)
class Book:
    """One output file."""

    title: str
    album: str
    author: str | None
    chapters: list[ChapterPlan]
    speakers: int  # characters heard in it


def arrange(stories: list[Story], plans: list[list[ChapterPlan]], heard: list[int], tags: dict[str, str],
            single_file: bool, split_chapters: bool) -> list[Book]:
    """The books for ``stories`` (each with its chapter plans and number of speakers heard);
    ``tags`` is voices.toml's [book]."""
    if single_file:
        title = tags.get("title") or tags.get("album") or stories[0].title
        merged = [ChapterPlan(s.title, tuple(b for c in p for b in c.blocks)) for s, p in zip(stories, plans)]
        return [Book(title, tags.get("album") or title, tags.get("author") or stories[0].author, merged, sum(heard))]
    out = []
    for story, chapters, n in zip(stories, plans, heard):
        album = tags.get("album") or tags.get("title") or story.title
        author = tags.get("author") or story.author
        if split_chapters and len(chapters) > 1:
            out += [Book(f"{story.title} - {k:02d} {c.title}", album, author, [c], n)
                    for k, c in enumerate(chapters, 1)]
        else:
            out.append(Book(story.title, album, author, chapters, n))
    return out


def find_cover(stories: list[Path], tags: dict[str, str], voices_file: str | None) -> tuple[bytes, str] | None:
    """Cover art: [book] cover (a path inside the folder of ``voices_file``),
    else cover.jpg/.png beside the stories."""
    if "cover" in tags:
        base = Path(voices_file).resolve().parent
        path = (base / tags["cover"]).resolve()
        if not path.is_relative_to(base):
            raise AudiobookError(f"cover '{tags['cover']}' is outside the project folder {base}; "
                                 "put the image inside it", voices_file)
        candidates = [path]
    else:
        folders = dict.fromkeys(p.parent for p in stories)
        candidates = [f / name for f in folders for name in ("cover.jpg", "cover.jpeg", "cover.png")]
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            if data[:3] == b"\xff\xd8\xff":
                return data, "image/jpeg"
            if data[:8] == b"\x89PNG\r\n\x1a\n":
                return data, "image/png"
            raise AudiobookError("cover is not a JPEG or PNG image; convert it or remove it", str(path))
    if "cover" in tags:
        raise AudiobookError(f"cover file '{tags['cover']}' not found", voices_file)
    return None
