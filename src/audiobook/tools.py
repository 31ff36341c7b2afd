"""The one place that finds the outside programs the audio stages run:
ffmpeg (encoding, the meters) and ffprobe (reading finished files), both
from the ffmpeg package, with one install hint."""
from __future__ import annotations

import shutil

from .errors import AudiobookError

INSTALL_HINT = "install it with: sudo apt-get install ffmpeg (Fedora: sudo dnf install ffmpeg)"


def ffmpeg() -> str:
    return _find("ffmpeg")


def ffprobe() -> str:
    return _find("ffprobe")


def _find(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AudiobookError(f"{name} is not installed; {INSTALL_HINT}")
    return path
