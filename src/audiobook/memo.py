"""Remember the results of the slow pure steps (reading, segmenting,
attributing) by the content they depend on, so that a rebuild where nothing
changed does not redo them: that is most of a no-op build's time.

Keys include a digest of this package's own source, so a new version of
the code never reuses an old result.
"""
from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .files import crc, write_atomic

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(str(source.relative_to(Path(__file__).parent)).encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def remember(folder: Path | None, key: object, compute: Callable[[], T],
             notice: Callable[[str], None] = lambda message: None) -> T:
    """``compute()``, or its earlier result stored in ``folder`` under ``key``.

    The stored result starts with a checksum of itself: one that rotted on
    disk is reported, thrown away and computed again, never used.
    """
    if folder is None:
        return compute()
    name = hashlib.sha256(repr((code_version(), key)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = Path(folder) / f"{name}.pickle"
    try:
        stored = path.read_bytes()
    except OSError:
        stored = None
    if stored is not None:
        head, _, body = stored.partition(b"\n")
        try:
            if head == b"%08x" % crc(body):
                return pickle.loads(body)
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            pass
        notice(f"cache: damaged entry ({path}: checksum mismatch); working it out again")
    value = compute()
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, b"%08x\n" % crc(body) + body)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return value
