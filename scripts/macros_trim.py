"""What mkdocs-macros does on every build that this site never uses, left out (issue 17).

Installed by scripts/build.py and scripts/serve.py before MkDocs loads its plugins, like
scripts/theme_cache.py; not a plugin, and nothing a page can see changes:

- **No git processes.** mkdocs-macros runs git twelve times per build to fill its `git`
  variable (the last commit's author, date and message). No page may use it: pages call only
  our macros and settings (macros/pages.py, `check_template_syntax`), and the theme's templates
  do not see macros' variables. `git` is left as mkdocs-macros leaves it when git is missing
  (`status: False`). The processes were about a thirtieth of a build.
- **requests imported only if used.** mkdocs-macros imports it at start-up only to ask PyPI
  about pluglets, which this site has none of: a build never goes to the network. While
  mkdocs-macros is imported, a module stands in for it that imports it in full on first use,
  so anything that does use it still works; any other `import requests` gets the real module.
  Importing it was about a thirtieth of a build.
"""
from __future__ import annotations

import importlib
import sys
import types

NO_GIT = {"status": False, "date": None}


class _OnFirstUse(types.ModuleType):
    """Stands in for a module that is imported only when one of its names is first used."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(self.__name__), name)


def _no_git_info() -> dict:
    return dict(NO_GIT)


def install() -> bool:
    """Call before mkdocs-macros is imported (for requests). False if mkdocs-macros is missing."""
    stand_in = _OnFirstUse("requests")
    if "requests" not in sys.modules:
        sys.modules["requests"] = stand_in
    try:
        from mkdocs_macros import context, plugin  # noqa: F401 - plugin imports util, which imports requests
    except ImportError:
        return False
    finally:
        if sys.modules.get("requests") is stand_in:
            del sys.modules["requests"]
    context.get_git_info = _no_git_info
    return True
