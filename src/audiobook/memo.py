"""Remember the results of the slow pure steps (reading, segmenting,
attributing) by the content they depend on, so that a rebuild where nothing
changed does not redo them: that is most of a no-op build's time.

Keys include a digest of this package's own source, so a new version of
the code never reuses an old result.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def remember(folder: Path | None, key: object, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier result stored in ``folder`` under ``key``."""
    if folder is None:
        return compute()
    name = hashlib.sha256(repr((code_version(), key)).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    path = Path(folder) / f"{name}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
    return value
