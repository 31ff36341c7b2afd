"""Output file names: readable, safe on every file system, never shared by two books."""
from __future__ import annotations

import re
import unicodedata

MAX_SLUG_CHARS = 80
MAX_SLUG_BYTES = 200  # file systems allow 255 bytes; room for "-2" and ".mp3"


def slugify(title: str, fallback: str = "story") -> str:
    """A readable, safe file name stem: lower-case letters, digits and dashes.

    Accents are dropped ("Café" -> "cafe") when that loses no letter; a title
    in another script keeps its own letters ("Москва" -> "москва") instead of
    becoming ``fallback``, so that such stories get names a reader can tell
    apart. Never a path: no separators, dots or control characters, and short
    enough (MAX_SLUG_BYTES) for any file system.
    """
    title = unicodedata.normalize("NFC", re.sub(r"['\u2019]", "", title))
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    letters = sum(unicodedata.category(ch)[0] in "LN" for ch in title)
    source = ascii_ if sum(ch.isalnum() for ch in ascii_) >= letters else title
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in source)
    slug = "-".join(kept.lower().split())[:MAX_SLUG_CHARS]
    while len(slug.encode()) > MAX_SLUG_BYTES:
        slug = slug[:-1]
    return slug.strip("-") or fallback


def file_stem(title: str, taken: set[str]) -> str:
    """``slugify(title)``, with -2, -3... when another book of this build took it; adds it to ``taken``."""
    slug = slugify(title)
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate
