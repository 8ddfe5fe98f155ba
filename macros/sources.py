"""Citations: every fact on a page points to an entry in data/sources.yml.

`{{ cite("id") }}` numbers sources in the order a page first cites them and
`{{ references() }}` lists them at the end of that page; `{{ source_list() }}`
lists every source for /sources/. An unknown id stops the build.
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, HttpUrl

from .data import unique_ids
from .errors import DataError
from .pages import current_page
from .text import Model, PlainText, Slug

FILE = "sources.yml"
CHECK_ORDER = 0

Kind = Literal["patient-information", "guideline", "systematic-review", "review", "study",
               "professional-reference", "organisation", "plain-language-guide"]


class Source(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    title: PlainText
    publisher: PlainText = Field(description="Organisation or journal, e.g. 'Mayo Clinic' or 'Neurology'.")
    authors: PlainText | None = Field(default=None, description="Short form, e.g. 'Simpson DM, et al.'")
    url: HttpUrl
    year: int = Field(ge=1950, le=2100)
    kind: Kind
    note: PlainText | None = Field(
        default=None, description="For editors and reviewers only (the review pack), never shown on a patient's page: "
                                  "why it is used, how strong it is, what still needs checking.")
    # A journal article's full reference (issue 11). Optional, so other kinds of source need none of them.
    volume: PlainText | None = Field(default=None, description="Volume and issue, e.g. '26(4)'.")
    pages: PlainText | None = Field(default=None, description="Pages or article number, e.g. '438-444' or 'e0283111'.")
    pmid: str | None = Field(default=None, pattern=r"^[0-9]{1,9}$", description="PubMed ID, digits only. Never guess one.")
    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$", description="DOI, e.g. '10.1136/bmj.h3480'.")


class SourcesFile(Model):
    model_config = ConfigDict(extra="forbid")
    sources: list[Source] = Field(min_length=1)


# Two citations side by side ({{ cite("a") }}{{ cite("b") }}) would show "[1][2]": one call groups them.
_ADJACENT = re.compile(r"\{\{\s*cite\(([^}]*)\)\s*\}\}\s*\{\{\s*cite\(([^}]*)\)\s*\}\}")


def check(site) -> None:
    unique_ids("data/sources.yml", site.data[FILE].sources)
    for page in site.pages.values():
        found = _ADJACENT.search(page.markdown)
        if found:
            from .numbers import _body_first_line
            line = page.markdown[: found.start()].count("\n") + _body_first_line(site, page)
            joined = ", ".join(part.strip() for part in found.groups())
            raise DataError(f"docs/{page.src}", f"line {line}: two cite() calls side by side show two markers; "
                            f"write one call with every source of the sentence: {{{{ cite({joined}) }}}}")


def by_id(site) -> dict[str, Source]:
    return {s.id: s for s in site.data[FILE].sources}


def require(site, ids, file: str, entry: str, field: str = "sources") -> None:
    """Used by other components: every source id they name must exist."""
    known = by_id(site)
    for sid in ids:
        if sid not in known:
            raise DataError(file, f'cites the source "{sid}", which is not in data/sources.yml',
                            entry=entry, field=field, valid=sorted(known), found=sid)


def macros(site, env):
    known = by_id(site)
    cited: dict[str, list[str]] = {}  # page src -> source ids in order of first citation

    def _number(ids) -> list[tuple[int, Source]]:
        label, _ = current_page(env)
        order = cited.setdefault(label, [])
        out = []
        for sid in ids:
            if sid not in known:
                raise DataError(label, f'cite("{sid}"): no source with that id in data/sources.yml',
                                valid=sorted(known), found=sid)
            if sid not in order:
                order.append(sid)
            out.append((order.index(sid) + 1, known[sid]))
        return out

    def cite(*ids: str):
        if not ids:
            raise DataError(current_page(env)[0], "cite() needs at least one source id", valid=sorted(known))
        return site.renderer.render("cite.html", refs=_number(ids))

    def references():
        label, _ = current_page(env)
        order = cited.get(label, [])
        if not order:
            raise DataError(label, "references() is called but the page cites no source; cite at least two")
        return site.renderer.render("references.html", sources=[known[s] for s in order])

    def source_list():
        return site.renderer.render("source-list.html", sources=sorted(known.values(), key=lambda s: (s.publisher, s.title)))

    # Other components cite inside their own templates (tables, cards) through this.
    site.cite = _number
    return {"cite": cite, "references": references, "source_list": source_list}


MODEL = SourcesFile
