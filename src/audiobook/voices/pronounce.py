"""The user's [pronunciations], applied to what every voice will say.

Applied to the segments right after attribution, so `audiobook script`
shows exactly the spoken form and the engine gets nothing else.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Segment


def pronouncer(pronunciations: dict[str, str]):
    """A function applying the user's pronunciations: whole words, case-aware.

    A lowercase entry also matches the capitalised word at a sentence start;
    an entry with capitals matches only that spelling.
    """
    if not pronunciations:
        return lambda text: text
    table = {}
    for word, said in pronunciations.items():
        table[word] = said
        if word.islower():
            table.setdefault(word.capitalize(), said[:1].upper() + said[1:])
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in
                                                   sorted(table, key=len, reverse=True)) + r")(?![\w])")
    return lambda text: pattern.sub(lambda m: table[m.group(1)], text)


def pronounce(segments: list[Segment], pronunciations: dict[str, str]) -> list[Segment]:
    say = pronouncer(pronunciations)
    return [replace(s, text=say(s.text)) if s.text else s for s in segments]
