"""mkdocs-macros entry point for the facial spasm guide.

mkdocs-macros imports this package once per process, so `mkdocs serve` would keep
running stale component code after an edit. We therefore drop our submodules from
the import cache on every (re)build and import them fresh. Only `define_env` is
used, so a move to Zensical stays cheap.
"""
import importlib
import sys
from pathlib import Path


def define_env(env):
    if __name__ not in sys.modules:
        # Zensical runs this file without registering the package (it loads it from its path),
        # so put the project on the import path for our submodules to import as under MkDocs.
        project = str(Path(__file__).resolve().parent.parent)
        if project not in sys.path:
            sys.path.insert(0, project)
    for name in [m for m in sys.modules if m.startswith(__name__ + ".")]:
        del sys.modules[name]
    site = importlib.import_module(__name__ + ".site")
    site.register(env)
