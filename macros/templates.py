"""Render component templates from overrides/partials/ with autoescaping on.

Python never builds HTML; it hands data to a template. Text from data is escaped
by Jinja; inline Markdown goes through `text.render_inline`, which escapes first.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .text import render_inline

_BLANK_LINES = re.compile(r"\n\s*\n+")


def relative_url(target: str, from_url: str) -> str:
    """A link from the page at `from_url` to `target` ("/self-care/#sleep").

    Links are relative so the site works under any base path and offline.
    """
    path, _, anchor = target.lstrip("/").partition("#")
    here = "/" + from_url
    there = "/" + path
    rel = posixpath.relpath(there, posixpath.dirname(here) if not here.endswith("/") else here)
    if rel == ".":
        rel = "./"
    elif path.endswith("/") or path == "":
        rel = rel.rstrip("/") + "/"
    if rel.startswith("./") and len(rel) > 2:
        rel = rel[2:]
    if anchor and rel == "./":
        return f"#{anchor}"
    return rel + (f"#{anchor}" if anchor else "")


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between builds, in the build's cache folder (Jinja checks each one against its
    template's source, so an edited partial is compiled again). None where the folder cannot be made."""
    from .data import cache_root
    folder = cache_root() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


class Renderer:
    def __init__(self, partials_dir: Path):
        self.env = Environment(
            loader=FileSystemLoader(str(partials_dir)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(),
            # Made again for every build and `make serve` rebuild (macros/site.py), so an edited
            # partial is always read; within one build, not checking each file's time on every use
            # (some 1,200 uses) is a hundredth of a build.
            auto_reload=False,
        )
        self.env.filters["md"] = render_inline

    def render(self, template: str, **context) -> Markup:
        html = self.env.get_template(template).render(**context)
        # Python-Markdown ends a raw HTML block at a blank line, so keep blocks tight.
        return Markup(_BLANK_LINES.sub("\n", html).strip())
