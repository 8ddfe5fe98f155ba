"""mkdocs-macros entry point for the facial spasm guide.

mkdocs-macros imports this package once per process, so `mkdocs serve` would keep
running stale component code after an edit. We therefore drop our submodules from
the import cache on a (re)build when any file of this package has changed since they
were imported, and import them fresh; a rebuild after an edit of a page or a data file
reuses them (importing them is a tenth of a rebuild, bench/profile.md). Only `define_env`
is used, so a move to Zensical stays cheap.
"""
import importlib
import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_imported_from: list = []  # the package's files (name, size, time) when the submodules were imported


def _code_files() -> tuple:
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(_HERE.glob("*.py")))


def define_env(env):
    if __name__ not in sys.modules:
        # Zensical runs this file without registering the package (it loads it from its path),
        # so put the project on the import path for our submodules to import as under MkDocs.
        project = str(_HERE.parent)
        if project not in sys.path:
            sys.path.insert(0, project)
    code = _code_files()
    if _imported_from != [code] or f"{__name__}.site" not in sys.modules:
        for name in [m for m in sys.modules if m.startswith(__name__ + ".")]:
            del sys.modules[name]
        _imported_from[:] = [code]
    site = importlib.import_module(__name__ + ".site")
    site.register(env)
