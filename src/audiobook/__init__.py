"""audiobook: offline multi-voice text-to-speech audiobooks.

The library is the product; the CLI (audiobook.cli) is a thin layer over it.
Names are imported on first use, so a speaking worker process that needs
only the engine does not load the whole pipeline (each worker is ~15 MB lighter).
"""
from importlib import import_module

_EXPORTS = {"AudiobookError": "errors", "Built": "publish", "Script": "api", "build": "api",
            "default_cache_dir": "api", "load_config": "api", "script": "api"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'audiobook' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
