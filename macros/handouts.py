"""Handouts: the pages a clinic prints and hands out, as PDFs in A4 and US Letter.

data/handouts.yml lists them: which page, its title on paper, and how many sheets
of paper it may take (printed on both sides). `make handouts` (scripts/handouts.py)
prints each page with Chromium into the built site at /handouts/ and stops with an
error when a handout is longer than its limit, so the limit shown on /handouts/ is
a promise the build keeps.

`{{ handouts_list() }}` lists them on /handouts/. Each listed page shows a
"Download printable handout (PDF)" link: the theme (overrides/partials/handout-link.html)
reads `config.extra.fsg_handouts`, which this component fills at build time.
"""
from __future__ import annotations

import posixpath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import PlainText, Slug

FILE = "handouts.yml"
LABEL = "data/handouts.yml"
EXTRA_KEY = "fsg_handouts"
# Paper sizes, in the order links are shown: US Letter first (the configured region is the US and Canada).
SIZES = {"letter": "US Letter", "a4": "A4"}
PAGES_PER_SHEET = 2  # printed on both sides
FOLDER = "handouts"


class Handout(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Names the PDF files: handouts/<id>-a4.pdf and handouts/<id>-letter.pdf. Never reuse an old id.")
    page: str = Field(pattern=r"^/", description="The page to print, like /self-care/ (no #section).")
    title: PlainText = Field(max_length=70, description="The handout's title, used as the PDF title.")
    sheets: Literal[1, 2] = Field(description="The most sheets of paper it may take, printed on both sides (2 pages a sheet).")


class HandoutsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    handouts: list[Handout] = Field(min_length=1)


MODEL = HandoutsFile


def max_pages(handout: Handout) -> int:
    return handout.sheets * PAGES_PER_SHEET


def pdf_path(handout: Handout, size: str) -> str:
    """Site-relative path of a handout's PDF, e.g. "handouts/self-care-a4.pdf"."""
    return f"{FOLDER}/{handout.id}-{size}.pdf"


def check(site) -> None:
    handouts = site.data[FILE].handouts
    unique_ids(LABEL, handouts)
    seen: dict[str, str] = {}
    for h in handouts:
        if "#" in h.page:
            raise DataError(LABEL, f'"{h.page}" points to a section; a handout prints a whole page, like /self-care/',
                            entry=h.id, field="page")
        check_ref(site, h.page, LABEL, h.id, "page")
        if h.page in seen:
            raise DataError(LABEL, f'the page {h.page} already has the handout "{seen[h.page]}"; one handout a page',
                            entry=h.id, field="page")
        seen[h.page] = h.id


def _relative_file(path: str, from_url: str) -> str:
    return posixpath.relpath("/" + path, "/" + from_url if from_url.endswith("/") or not from_url
                             else posixpath.dirname("/" + from_url))


def macros(site, env):
    handouts = site.data[FILE].handouts
    # For the theme: the page's URL (as MkDocs writes page.url) -> its handout.
    env.conf["extra"][EXTRA_KEY] = {
        h.page.lstrip("/"): {"title": h.title, "sheets": h.sheets, "pages": max_pages(h),
                             "files": [{"size": s, "name": name, "path": pdf_path(h, s)} for s, name in SIZES.items()]}
        for h in handouts
    }

    def handouts_list():
        """Every handout with its page, its PDFs in each paper size and its length."""
        _, url = current_page(env)
        rows = [{
            "handout": h,
            "page_title": site.pages[h.page.lstrip("/")].meta.title,
            "page_href": relative_url(h.page, url),
            "files": [{"name": name, "href": _relative_file(pdf_path(h, s), url)} for s, name in SIZES.items()],
            "pages": max_pages(h),
        } for h in handouts]
        return site.renderer.render("handouts-list.html", rows=rows)

    return {"handouts_list": handouts_list}
