"""Move the handout builder's tool out of the published page, into a file beside it.

/for-clinicians/ has a "Make a handout" tool (overrides/partials/handout-builder.html):
a pick list of every short link with its title, description and QR code, a note, buttons
and a preview of the sheet. In the page it made the first load too heavy (the page-weight
budget, tests/quality/test_quality_weight.py), and most readers of the page never open it.
So the template renders the tool into `<template data-fsg-builder-parts>`, and this step
takes that template's content out of each published page and writes it, as
{"html": "..."}, to the file the builder names in `data-fsg-builder-src` (beside the page's
index.html). docs/assets/js/handout-builder.js fetches it from this site, and only when the
clinician opens the tool (connect-src 'self' in scripts/csp.py). Without JavaScript nothing
changes: the tool needs it anyway, and the link cards of the page print as before.

The offline copy (scripts/offline.py) does not run this step: a browser cannot fetch a file
over file://, so there the template stays in the page, and the script takes it from there.

Run by scripts/postbuild.py after scripts/qr_files.py (which writes the QR code files the
tool's images name) and before the Content-Security-Policy.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

_OPEN = '<template data-fsg-builder-parts>'
_TAG = re.compile(r"<(/?)template\b[^>]*>", re.I)
_SRC = re.compile(r'<div class="fsg-builder"[^>]*\sdata-fsg-builder-src="([^"/]+)"')


class BuilderError(Exception):
    pass


def split(html: str) -> tuple[str, str] | None:
    """(the page without the tool's template, the template's content), or None if the page has none.
    The template holds templates of its own, so its end is found by counting them."""
    start = html.find(_OPEN)
    if start == -1:
        return None
    depth, pos = 0, start
    for m in _TAG.finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = m.end()
            content = html[start + len(_OPEN):m.start()]
            rest = html[end:]
            return html[:start] + (rest[1:] if rest.startswith("\n") else rest), content.strip("\n")
        pos = m.end()
    raise BuilderError(f"the handout builder's <template data-fsg-builder-parts> is not closed (after character {pos})")


def apply(site: Path) -> list[Path]:
    """Move the tool out of every page that has it; returns the files written beside the pages."""
    from scripts import file_store
    written = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        parts = split(html)
        if parts is None:
            continue
        src = _SRC.search(html)
        where = page.relative_to(site).as_posix()
        if not src:
            raise BuilderError(f"/{where}: the handout builder names no file for its tool (data-fsg-builder-src)")
        rest, content = parts
        out = page.parent / src.group(1)
        out.write_text(json.dumps({"html": content}, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        file_store.rewrite(page, rest)
        written.append(out)
    return written
