"""mkdocs-macros entry point for the facial spasm guide.

mkdocs-macros imports this package once per process, so `mkdocs serve` would keep
running stale component code after an edit. We therefore drop our submodules from
the import cache on every (re)build and import them fresh. Only `define_env` is
used, so a move to Zensical stays cheap.
"""
import importlib
import sys


def define_env(env):
    for name in [m for m in sys.modules if m.startswith(__name__ + ".")]:
        del sys.modules[name]
    site = importlib.import_module(__name__ + ".site")
    site.register(env)
