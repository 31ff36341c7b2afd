"""voices.toml: the user's casting, loaded and validated before any work starts.

Every problem is reported as one AudiobookError naming the file and line,
so a typo never costs a long synthesis run.
"""
from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import KeyAlreadyPresent, ParseError

from ..errors import AudiobookError
from ..model import Pauses, Voice
from . import engine

GENDERS = ("male", "female")
VOICE_KEYS = {"voice": str, "rate": int, "pitch": int, "volume": float,
              "length_scale": float, "noise_scale": float, "noise_w": float, "semitones": float}
RANGES = {"rate": (80, 450), "pitch": (0, 100), "volume": (0.0, 1.0),
          "length_scale": (0.5, 2.0), "noise_scale": (0.0, 1.5), "noise_w": (0.0, 1.5), "semitones": (-12.0, 12.0)}
SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "book": {"title": str, "author": str, "album": str, "cover": str, "genre": str},
    "narrator": VOICE_KEYS,
    "pauses": {f.name: (int, float) for f in fields(Pauses)},
    "character": {"aliases": list, "gender": str, **VOICE_KEYS},
    "pin": {"story": str, "quote": str, "speaker": str},
    "engines.piper": {"voices": str},
}
_HEADER = re.compile(r"\s*\[")
TOP_LEVEL = ("book", "narrator", "pauses", "characters", "pin", "pronunciations", "engines")


@dataclass(frozen=True)
class CharacterSettings:
    """A character as the user described them; unset voice keys are cast automatically."""

    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    voice: dict[str, Any] = field(default_factory=dict)  # the Voice fields the user set
    where: str = ""  # file:line of its table, for notices found later


@dataclass(frozen=True)
class Pin:
    """The user's correction: the quotation starting with ``quote`` in ``story`` is ``speaker``'s."""

    story: str
    quote: str
    speaker: str
    where: str = ""  # file:line of its speaker, for errors found later


@dataclass(frozen=True)
class Config:
    path: str | None = None
    book: dict[str, str] = field(default_factory=dict)
    narrator: Voice = Voice("en-gb-x-rp")
    narrator_set: frozenset[str] = frozenset()  # narrator keys the user gave
    pauses: Pauses = Pauses()
    characters: tuple[CharacterSettings, ...] = ()
    pins: tuple[Pin, ...] = ()
    pronunciations: dict[str, str] = field(default_factory=dict)
    digest: str = ""  # hash of the file's content, for caching decisions
    piper_voices: str | None = None  # [engines.piper] voices: a folder of Piper models


class _Where:
    """Finds the line of a key or a table in the TOML source, for messages."""

    def __init__(self, path: str, source: str):
        self.path = path
        self.lines = source.splitlines()

    def __call__(self, key: str, table: str | None = None, nth: int = 0) -> str:
        """Where ``key`` is set in ``table`` (its ``nth`` header, for [[pin]] tables), else the header."""
        start, stop, found = 0, len(self.lines), None
        if table is not None:
            headers = self._headers(table)
            if nth < len(headers):
                found = start = headers[nth]
                stop = next((i for i in range(start + 1, stop) if _HEADER.match(self.lines[i])), stop)
        pattern = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
        for i in range(start, stop):
            if pattern.match(self.lines[i]):
                return f"{self.path}:{i + 1}"
        return self.path if found is None else f"{self.path}:{found + 1}"

    def table(self, table: str) -> str:
        """Where the header of ``table`` is."""
        headers = self._headers(table)
        return f"{self.path}:{headers[0] + 1}" if headers else self.path

    def _headers(self, table: str) -> list[int]:
        header = re.compile(r"^\s*\[\[?\s*" + _table_pattern(table) + r"\s*\]\]?\s*(#.*)?$")
        return [i for i, line in enumerate(self.lines) if header.match(line)]


def _table_pattern(table: str) -> str:
    parts = table.split(".", 1)
    if len(parts) == 1:
        return re.escape(table)
    return re.escape(parts[0]) + r"\s*\.\s*\"?" + re.escape(parts[1]) + r"\"?"


def load(path: str | Path | None, voice_ok=None) -> Config:
    """Read and validate a voices.toml; ``None`` or a missing default gives an empty config.

    ``voice_ok(id, piper_folder) -> (model, nearest)`` checks a voice id
    against the engines: nearest is None when the id is valid, else the
    nearest valid ids (for the message); model is the file of a Piper voice.
    """
    if path is None:
        return Config()
    path = Path(path)
    try:
        raw = path.read_bytes()
        # Windows editors save "Unicode" as UTF-16 with a byte-order mark.
        source = raw.decode("utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8-sig")
    except FileNotFoundError:
        raise AudiobookError("voices file not found; create it or pass --voices", str(path)) from None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise AudiobookError("voices file is not UTF-8 text; save it as UTF-8", f"{path}:{line}") from None
    except OSError as exc:
        raise AudiobookError(f"cannot read the voices file ({exc.strerror}); check the path", str(path)) from None
    doc = _parse(source, path)
    if not source.strip():
        raise AudiobookError("voices file is empty; delete it to cast every voice automatically, "
                             "or run `audiobook cast --write` to fill it", f"{path}:1")
    where = _Where(str(path), source)
    return _build(doc, where, voice_ok, hashlib.sha256(raw).hexdigest(), str(path))


def _parse(source: str, path: Path) -> dict:
    """The TOML document, or a syntax error at its 1-based line and column."""
    try:
        return tomlkit.parse(source).unwrap()
    except ParseError as exc:
        message = str(exc).split(" at line ")[0].rstrip(".")
        if "'\\x00'" in message:  # tomlkit's way of saying the file ended
            message = "unexpected end of file (a bracket or quote left open?)"
        raise AudiobookError(f"TOML syntax error: {message}; fix the syntax",
                             f"{path}:{exc.line}:{exc.col + 1}") from None
    except KeyAlreadyPresent as exc:  # tomlkit gives no position for this one
        raise AudiobookError(f"TOML syntax error: {str(exc).rstrip('.')}; keep one of them",
                             _repeated_key_where(str(path), source)) from None


def _repeated_key_where(path: str, source: str) -> str:
    """file:line of the first key set twice in one table ([[pin]] tables each count as one)."""
    table, seen = None, set()
    for number, line in enumerate(source.splitlines(), 1):
        header = re.match(r"\s*(\[\[?)([^\]]*)\]", line)
        key = re.match(r"\s*(\"[^\"]*\"|[\w-]+)\s*=", line)
        if header:
            table = (header.group(2).strip(), number if header.group(1) == "[[" else 0)
        elif key:
            if (table, key.group(1).strip('"')) in seen:
                return f"{path}:{number}"
            seen.add((table, key.group(1).strip('"')))
    return path


def _build(doc: dict, where: _Where, voice_ok, digest: str, path: str) -> Config:
    _unknown_keys(doc, TOP_LEVEL, where, None)
    book = _section(doc, "book", where)
    if "cover" in book:
        _inside_project(book["cover"], path, where("cover", "book"))
    piper_folder = _piper_folder(doc, where, path)
    narrator_raw = _section(doc, "narrator", where)
    narrator = Voice(**{**Voice("en-gb-x-rp").__dict__,
                        **_voice(narrator_raw, where, "narrator", voice_ok, piper_folder)})
    pauses_raw = _section(doc, "pauses", where)
    for key, value in pauses_raw.items():
        if value < 0 or value > 60:
            raise AudiobookError(f"pause '{key}' = {value} is out of range; use 0 to 60 seconds", where(key, "pauses"))
    pauses = Pauses(**{k: float(v) for k, v in pauses_raw.items()})
    characters = []
    table = doc.get("characters", {})
    if not isinstance(table, dict):
        raise AudiobookError("'characters' must be a table of [characters.\"Name\"] sections", where("characters"))
    for name, raw in table.items():
        characters.append(_character(name, raw, where, voice_ok, piper_folder))
    pins = tuple(_pin(raw, i, where) for i, raw in enumerate(_array(doc, "pin", where)))
    pronunciations = doc.get("pronunciations", {})
    for word, said in pronunciations.items():
        if not isinstance(said, str) or not said.strip():
            raise AudiobookError(f"pronunciation of '{word}' must be a non-empty string", where(word, "pronunciations"))
    return Config(path, dict(book), narrator, frozenset(narrator_raw), pauses, tuple(characters), pins,
                  dict(pronunciations), digest, piper_folder)


def _piper_folder(doc: dict, where: _Where, path: str) -> str | None:
    """[engines.piper] voices: a folder of .onnx models (~ is the home folder, a relative
    path is relative to voices.toml's folder)."""
    engines = doc.get("engines", {})
    if not isinstance(engines, dict):
        raise AudiobookError("'engines' must be a table like [engines.piper]", where("engines"))
    _unknown_keys(engines, ("piper",), where, "engines")
    if "piper" not in engines:
        return None
    raw = _section(engines, "piper", where, engines["piper"], "engines.piper")
    if "voices" not in raw:
        return None
    folder = Path(path).resolve().parent / Path(raw["voices"]).expanduser()
    if not folder.is_dir():
        raise AudiobookError(f"Piper voices folder {folder} not found; create it or fix the path",
                             where("voices", "engines.piper"))
    return str(folder)


def _inside_project(value: str, path: str, where: str) -> None:
    """A path in voices.toml is relative to its folder and may not lead out of it."""
    project = Path(path).resolve().parent
    if not (project / value).resolve().is_relative_to(project):
        raise AudiobookError(f"cover = {value!r} is outside the project folder; "
                             "put the image beside voices.toml and give its name", where)


def _section(doc: dict, name: str, where: _Where, value=None, table: str | None = None, nth: int = 0) -> dict:
    value = doc.get(name, {}) if value is None else value
    table = table or name
    if not isinstance(value, dict):
        raise AudiobookError(f"'{name}' must be a table like [{name}]", where(name))
    schema = SCHEMA["character" if table.startswith("characters.") else table]
    _unknown_keys(value, schema, where, table, nth)
    for key, val in value.items():
        expected = schema[key]
        ok = isinstance(val, expected) and not isinstance(val, bool)
        if expected is float and isinstance(val, int) and not isinstance(val, bool):
            ok = True
        if not ok:
            names = "/".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            raise AudiobookError(f"'{key}' must be {_article(names)}, not {type(val).__name__} {val!r}",
                                 where(key, table, nth))
    return value


def _article(names: str) -> str:
    return {"str": "a string", "int": "a whole number", "float": "a number", "list": "a list",
            "int/float": "a number"}.get(names, names)


def _unknown_keys(value: dict, allowed, where: _Where, table: str | None, nth: int = 0) -> None:
    for key in value:
        if key not in allowed:
            near = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(allowed)}"
            raise AudiobookError(f"unknown key '{key}'{' in [' + table + ']' if table else ''}; {hint}",
                                 where(key, table, nth))


def _voice(raw: dict, where: _Where, table: str, voice_ok, piper_folder: str | None) -> dict[str, Any]:
    """The Voice fields a table sets, checked: ranges, the voice id, settings of the right engine."""
    for key, (low, high) in RANGES.items():
        if key in raw and not low <= raw[key] <= high:
            raise AudiobookError(f"{key} = {raw[key]} is out of range; use {low:g} to {high:g}", where(key, table))
    out = voice_fields(raw)
    if "voice" not in raw:
        return out
    piper = engine.is_piper(raw["voice"])
    wrong = [k for k in engine.foreign_settings(raw["voice"]) if k in raw]
    if wrong:
        hint = ("for a Piper voice use length_scale (speed) and semitones (pitch)" if piper
                else "those are Piper settings; espeak-ng voices take rate and pitch")
        raise AudiobookError(f"{wrong[0]} does not apply to voice '{raw['voice']}'; {hint}", where(wrong[0], table))
    if voice_ok is not None:
        try:
            model, near = voice_ok(raw["voice"], piper_folder)
        except AudiobookError as exc:
            raise AudiobookError(exc.message, where("voice", table)) from None
        if near is not None:
            hint = f"nearest: {', '.join(near)}" if near else "see `audiobook voices`"
            raise AudiobookError(f"unknown voice '{raw['voice']}'; {hint}", where("voice", table))
        if model:
            out["model"] = model
    return out


def voice_fields(raw: dict) -> dict[str, Any]:
    """The Voice fields set in a TOML table ("voice" there is Voice.id)."""
    out = {("id" if k == "voice" else k): raw[k] for k in VOICE_KEYS if k in raw}
    for key in ("volume", "length_scale", "noise_scale", "noise_w", "semitones"):
        if key in out:
            out[key] = float(out[key])
    return out


def settings_of(voice: Voice) -> dict[str, Any]:
    """A Voice as voices.toml keys (the inverse of voice_fields): the settings its engine reads."""
    if engine.is_piper(voice.id):
        keys = {"voice": voice.id, "length_scale": voice.length_scale, "semitones": voice.semitones,
                "noise_scale": voice.noise_scale, "noise_w": voice.noise_w}
        keys = {k: v for k, v in keys.items() if v is not None and (k != "semitones" or v)}
    else:
        keys = {"voice": voice.id, "rate": voice.rate, "pitch": voice.pitch}
    return keys if voice.volume == 1 else {**keys, "volume": voice.volume}


def _character(name: str, raw, where: _Where, voice_ok, piper_folder: str | None) -> CharacterSettings:
    table = f'characters.{name}'
    if not isinstance(raw, dict):
        raise AudiobookError(f"character '{name}' must be a table like [characters.\"{name}\"]", where(name))
    raw = _section(raw, name, where, raw, table)
    gender = raw.get("gender")
    if gender is not None and gender not in GENDERS:
        raise AudiobookError(f"gender = '{gender}' is not known; use 'male' or 'female', or leave it out",
                             where("gender", table))
    aliases = raw.get("aliases", [])
    if not all(isinstance(a, str) and a.strip() for a in aliases):
        raise AudiobookError("aliases must be a list of names", where("aliases", table))
    return CharacterSettings(name, tuple(aliases), gender, _voice(raw, where, table, voice_ok, piper_folder),
                             where.table(table))


def _array(doc: dict, name: str, where: _Where) -> list:
    value = doc.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise AudiobookError(f"'{name}' must be written as [[{name}]] tables", where(name))
    return value


def _pin(raw: dict, index: int, where: _Where) -> Pin:
    _section(raw, "pin", where, raw, nth=index)
    missing = [k for k in ("quote", "speaker") if not str(raw.get(k, "")).strip()]
    if missing:
        raise AudiobookError(f"[[pin]] number {index + 1} needs {' and '.join(missing)}",
                             where(missing[0], "pin", index))
    return Pin(raw.get("story", ""), raw["quote"], raw["speaker"], where("speaker", "pin", index))
