"""audiobook: offline multi-voice text-to-speech audiobooks.

The library is the product; the CLI (audiobook.cli) is a thin layer over it:

    import audiobook
    for built in audiobook.build(["stories"], "voices.toml", "output"):
        print(built.path, built.duration)

Names are imported on first use, so a speaking worker process that needs
only the engine does not load the whole pipeline (each worker is ~15 MB lighter).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_EXPORTS = {
    # the library (api.py)
    "build": "api", "script": "api", "cast": "api", "write_cast": "api", "list_voices": "api", "check_files": "api",
    "review": "api",
    "load_config": "api", "cache_info": "api", "clear_cache": "api", "default_cache_dir": "api",
    "CacheInfo": "api", "VoiceList": "api",
    # the values passed between stages (model.py) and those the functions return
    "Story": "model", "Chapter": "model", "Skip": "model", "Segment": "model", "Character": "model",
    "Voice": "model", "Pauses": "model", "Cast": "model", "Line": "model", "ChapterPlan": "model", "Cue": "model",
    "Script": "model", "Config": "voices.config", "CharacterSettings": "voices.config", "Pin": "voices.config",
    "StoryCast": "voices.castfile", "Role": "voices.castfile", "Built": "output.publish", "Report": "check.report",
    "AudiobookError": "errors", "SkippedInput": "errors",
}
__all__ = ["AudiobookError", "Built", "CacheInfo", "Cast", "Chapter", "ChapterPlan", "Character",
           "CharacterSettings", "Config", "Cue", "Line", "Pauses", "Pin", "Report", "Role", "Script", "Segment",
           "Skip", "SkippedInput", "Story", "StoryCast", "Voice", "VoiceList", "build", "cache_info", "cast",
           "check_files", "clear_cache", "default_cache_dir", "list_voices", "load_config", "review", "script",
           "write_cast"]

if TYPE_CHECKING:  # what an editor and mypy see
    from .api import (
        CacheInfo,
        VoiceList,
        build,
        cache_info,
        cast,
        check_files,
        clear_cache,
        default_cache_dir,
        list_voices,
        load_config,
        review,
        script,
        write_cast,
    )
    from .check.report import Report
    from .errors import AudiobookError, SkippedInput
    from .model import Cast, Chapter, ChapterPlan, Character, Cue, Line, Pauses, Script, Segment, Skip, Story, Voice
    from .output.publish import Built
    from .voices.castfile import Role, StoryCast
    from .voices.config import CharacterSettings, Config, Pin


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'audiobook' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
