"""`audiobook cast`: who speaks in the stories, the voice each gets, and
voices.toml filled in with the characters it does not list yet.

Automatic voices are cast story by story, so a character met in two stories
could sound different in each, and two characters of different stories could
share a voice. ``find_cast`` therefore pins the new characters story after
story (each story cast around the voices pinned before it, as build would
after ``--write``) and shows the voices as they are once pinned: for a single
story these are exactly the voices ``script`` gives now, and ``write_cast``
writes them so that they stay.

``write_cast`` only appends: the user's file is kept byte for byte, and a
character already listed (by name or alias) is never added again, so a
second run changes nothing.
"""
from __future__ import annotations

import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomlkit
from tomlkit.exceptions import ParseError
from tomlkit.items import KeyType, SingleKey

from ..errors import AudiobookError
from ..model import Cast, Character, Script, Voice
from . import casting
from .config import CharacterSettings, Config, settings_of

HEADER = """\
# Who sounds like whom. Edit, then run `audiobook build` again.
# `audiobook cast --write` only adds characters that are not here yet:
# your edits and comments are kept.
# Voice ids: `audiobook voices` (add a variant such as +f3 or +m3 to any espeak-ng id).
"""
SAMPLE_CHARS, ALIAS_CHARS = 60, 40  # cells of the table


@dataclass(frozen=True)
class Role:
    """A character speaking in one story, and the voice they get."""

    character: Character  # as found in that story: its lines, aliases, gender, a sample
    voice: Voice
    new: bool  # not in voices.toml yet: `cast --write` adds it


@dataclass(frozen=True)
class StoryCast:
    title: str
    source: str
    roles: list[Role]  # most lines first
    idle: list[str]  # listed in voices.toml, no lines in this story
    unattributed: int  # quotations no speaker was found for (read by the narrator)


def find_cast(scripts: Sequence[Script], config: Config) -> list[StoryCast]:
    """The speaking characters of every story, with their voices."""
    pinned = _pin_new(scripts, config)
    new = {c.name for c in pinned.characters[len(config.characters):]}
    return [_story_cast(s, casting.cast(s.characters, pinned), new) for s in scripts]


def _pin_new(scripts: Sequence[Script], config: Config) -> Config:
    """``config`` with each character it does not cover pinned to the voice
    they get in the first story they speak in, cast around earlier pins."""
    settings = list(config.characters)
    for s in scripts:
        voices = casting.cast(s.characters, replace(config, characters=tuple(settings))).voices
        for c in _by_lines(s.characters):
            if c.lines and c.name.casefold() not in _names(settings):
                settings.append(CharacterSettings(c.name, c.aliases, c.gender, dict(voices[c.name].__dict__)))
    return replace(config, characters=tuple(settings))


def _names(settings: Sequence[CharacterSettings]) -> set[str]:
    return {n.casefold() for s in settings for n in (s.name, *s.aliases)}


def _by_lines(characters: Sequence[Character]) -> list[Character]:
    return sorted(characters, key=lambda c: (-c.lines, c.name))


def _story_cast(s: Script, cast: Cast, new: set[str]) -> StoryCast:
    roles = [Role(c, cast.voices[c.name], c.name in new) for c in _by_lines(s.characters) if c.lines]
    unattributed = sum(1 for g in s.segments if g.kind == "dialogue" and not g.speaker and not g.skip)
    return StoryCast(s.story.title, s.story.source, roles, [c.name for c in s.characters if not c.lines],
                     unattributed)


def format_cast(found: Sequence[StoryCast]) -> str:
    """A table per story, for the terminal."""
    out = []
    for story in found:
        out.append(f"{story.title} ({story.source})")
        rows = [("lines", "character", "gender", "voice", "aliases", "sample")]
        rows += [_row(role) for role in story.roles]
        if story.roles:
            widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
            out += ["  " + "  ".join(cell.rjust(w) if i == 0 else cell.ljust(w)
                                     for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]
        else:
            out.append("  no speaking characters found")
        if story.unattributed:
            out.append(f"  {story.unattributed} quotation(s) with no speaker found: read by the narrator")
        if story.idle:
            out.append(f"  listed, no lines here: {', '.join(story.idle)}")
        out.append("")
    if any(r.new for story in found for r in story.roles):
        out.append("+ not in the voices file yet: `audiobook cast --write` adds them with these voices")
    return "\n".join(out).rstrip("\n")


def _row(role: Role) -> tuple[str, ...]:
    c = role.character
    return (str(c.lines), c.name + (" +" if role.new else ""), c.gender or "unknown", _voice_label(role.voice),
            _cut(", ".join(c.aliases), ALIAS_CHARS), _quoted(c.sample))


def _voice_label(voice: Voice) -> str:
    keys = settings_of(voice)
    return " ".join([keys.pop("voice"), *(f"{k.replace('_', ' ')} {v}" for k, v in keys.items())])


def _quoted(sample: str) -> str:
    """A sample line on one line, without the comma before its tag."""
    sample = _cut(re.sub(r"[\x00-\x1f\x7f]+", " ", sample).strip().rstrip(",;:"), SAMPLE_CHARS)
    return f'"{sample}"' if sample else ""


def _cut(text: str, width: int) -> str:
    """``text`` shortened to ``width`` characters, so that a table stays readable."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def write_cast(voices_path: str | Path, found: Sequence[StoryCast]) -> list[str]:
    """Append the new characters of ``found`` to ``voices_path`` (created with
    a header and the default narrator if missing); returns the names added."""
    path = Path(os.path.realpath(voices_path))  # a symlinked voices.toml stays a symlink
    exists = path.exists()
    try:
        source = path.read_bytes().decode("utf-8") if exists else _new_file()
    except (OSError, UnicodeError):
        raise AudiobookError("cannot read the voices file; check that it is UTF-8 text you may read",
                             str(voices_path)) from None
    added = _additions(found)
    if exists and not added:
        return []
    text = _append(source, _characters(added)) if added else source
    try:
        tomlkit.parse(text.removeprefix("\ufeff"))
    except ParseError:  # characters written as one inline table: `characters = {...}`
        inline = re.search(r"(?m)^[ \t]*characters[ \t]*=", source)
        line = source.count("\n", 0, inline.start()) + 1 if inline else 1
        raise AudiobookError("cannot add characters to an inline `characters = {...}`; write each "
                             "character as a [characters.\"Name\"] table", f"{voices_path}:{line}") from None
    _replace(path, text, exists)
    return [c.name for c, _ in added]


def _new_file() -> str:
    doc = tomlkit.document()
    doc.add("narrator", settings_of(Config().narrator))
    return HEADER + "\n" + tomlkit.dumps(doc)


def _additions(found: Sequence[StoryCast]) -> list[tuple[Character, Voice]]:
    """The new characters of all stories, merged by name: lines summed, aliases
    joined, the sample from the story they speak most in; most lines first."""
    roles: dict[str, list[Role]] = {}
    for story in found:
        for role in story.roles:
            if role.new:
                roles.setdefault(role.character.name, []).append(role)
    merged = []
    for name, rs in roles.items():
        busiest = max(rs, key=lambda r: r.character.lines)
        aliases = tuple(sorted({a for r in rs for a in r.character.aliases}))
        gender = next((r.character.gender for r in rs if r.character.gender), None)
        lines = sum(r.character.lines for r in rs)
        merged.append((Character(name, aliases, gender, lines, busiest.character.sample), busiest.voice))
    return sorted(merged, key=lambda cv: (-cv[0].lines, cv[0].name))


def _character_table(character: Character, voice: Voice):
    table = tomlkit.table()
    sample = _quoted(character.sample)
    count = f"{character.lines} line{'' if character.lines == 1 else 's'}"
    table.add(tomlkit.comment(count + (f", e.g. {sample}" if sample else "")))
    if character.aliases:
        table.add("aliases", list(character.aliases))
    if character.gender:
        table.add("gender", character.gender)
    table.update(settings_of(voice))
    return table


def _characters(added: list[tuple[Character, Voice]]) -> str:
    """[characters."Name"] tables, one per new character."""
    doc, characters = tomlkit.document(), tomlkit.table(is_super_table=True)
    for character, voice in added:
        characters.add(SingleKey(character.name, KeyType.Basic), _character_table(character, voice))
    doc.add("characters", characters)
    return tomlkit.dumps(doc)


def _append(source: str, addition: str) -> str:
    """``source`` untouched, a blank line, then ``addition`` in the file's line endings."""
    newline = "\r\n" if "\r\n" in source else "\n"
    ending = source[len(source.rstrip("\r\n")):].count("\n")
    return source + newline * max(0, 2 - ending) + addition.replace("\n", newline)


def _replace(path: Path, text: str, exists: bool) -> None:
    """Write all or nothing: a temporary file in the same folder, then a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        if exists:
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AudiobookError(f"cannot write the voices file ({exc.strerror}); check the folder", str(path)) from None
