"""Compiled theme templates kept between builds (issue 17).

MkDocs makes a new Jinja environment for the theme on every build, with no bytecode cache,
so Material's and overrides/' templates (about 50) are compiled from source each time:
about a tenth of `make build` and of each `make serve` rebuild. `install()` gives that
environment the same kind of cache our own partials use (macros/templates.py), in
.cache/jinja-theme/. Jinja checks each cached template against its source, so an edited
override is compiled again. Only scripts/build.py and scripts/serve.py call this, before
MkDocs runs: it is not a plugin or a hook, and under Zensical (which has no MkDocs theme
environment) nothing of it is needed.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".cache" / "jinja-theme"


def install(folder: Path = FOLDER) -> bool:
    """Give every MkDocs theme environment made from now on a bytecode cache in `folder`.
    False (and nothing changed) where the folder cannot be made."""
    import mkdocs.theme
    from jinja2 import FileSystemBytecodeCache
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    original = mkdocs.theme.Theme.get_env
    if getattr(original, "fsg_cached", False):
        return True

    def get_env(self):
        env = original(self)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

    get_env.fsg_cached = True
    mkdocs.theme.Theme.get_env = get_env
    return True
