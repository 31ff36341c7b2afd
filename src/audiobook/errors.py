"""The one exception type the CLI turns into a one-line message."""
from __future__ import annotations


class AudiobookError(Exception):
    """A problem the user can fix: says what is wrong, where, and what to do.

    ``where`` is "file" or "file:line" (or "file:line:column"); the CLI prints
    ``where: message`` on one line and exits non-zero.
    """

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class SkippedInput(AudiobookError):
    """An input that is not a story (empty, binary, an image...): the build
    prints this as a one-line notice, skips the file and goes on."""
