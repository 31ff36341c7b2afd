"""audiobook: offline multi-voice text-to-speech audiobooks.

The library is the product; the CLI (audiobook.cli) is a thin layer over it.
"""
from .api import Script, build, default_cache_dir, load_config, script
from .publish import Built
from .errors import AudiobookError

__all__ = ["AudiobookError", "Built", "Script", "build", "default_cache_dir", "load_config", "script"]
