"""Files as every stage writes them: atomically, readable as the umask allows,
and, in the cache, carrying a checksum of their content.

A file is made under a temporary dot-name beside its final name, flushed to
disk, given the mode a plain ``open()`` would have given it (``mkstemp``
makes 0600, which would hide the books from a media server running as
another user), then renamed into place: a crash never leaves half a file at
a final name. Cache entries carry a CRC-32 of what they hold, checked when
they are used, so bit rot or a torn write is found, never heard.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class Damaged(Exception):
    """A cache entry whose content does not match its checksum (or cannot be read at all)."""


@functools.lru_cache(maxsize=1)
def umask() -> int:
    """The process's umask, read without changing it (os.umask would, for a moment, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def set_usual_mode(path: str | Path, directory: bool = False) -> None:
    """The mode ``open()`` or ``mkdir()`` would give: 0666 or 0777 less the umask."""
    os.chmod(path, (0o777 if directory else 0o666) & ~umask())


@contextlib.contextmanager
def replacing(target: Path, suffix: str = "") -> Iterator[str]:
    """A temporary path beside ``target`` for a tool to write; on success it
    replaces ``target`` with the usual mode, on failure it is removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix or ".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        set_usual_mode(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def writing(target: Path) -> Iterator[BinaryIO]:
    """An open binary file that becomes ``target`` once written and synced to disk."""
    with replacing(target) as tmp, open(tmp, "wb") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def write_atomic(target: Path, data: bytes) -> None:
    with writing(target) as out:
        out.write(data)


def crc(data: bytes, running: int = 0) -> int:
    """CRC-32: about 3 GB/s here, and corruption is not an adversary."""
    return zlib.crc32(data, running)


def file_crc(path: str | Path) -> int:
    value = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            value = crc(chunk, value)
    return value


def checked_json(value: object) -> bytes:
    """``value`` as JSON with a checksum of itself, for ``read_checked_json``."""
    body = json.dumps(value, sort_keys=True)
    return json.dumps({"crc32": crc(body.encode("ascii")), "data": value}).encode("ascii")


def read_checked_json(path: str | Path) -> object:
    """What ``checked_json`` wrote; Damaged when a byte of it changed since."""
    try:
        envelope = json.loads(Path(path).read_bytes().decode("ascii"))
        body = json.dumps(envelope["data"], sort_keys=True)
        if crc(body.encode("ascii")) != envelope["crc32"]:
            raise Damaged(f"{path}: checksum mismatch")
        return envelope["data"]
    except (ValueError, KeyError, TypeError):
        raise Damaged(f"{path}: unreadable") from None
