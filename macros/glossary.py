"""Glossary: every medical word the site uses, in plain words.

data/glossary.yml feeds the /glossary/ page (`{{ glossary() }}`, one stable
anchor per term: #term-<id>) and the abbreviation tooltips that Material shows
on every page (docs/includes/abbreviations.md, made by scripts/make_abbreviations.py
and appended to each page by pymdownx.snippets).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .data import unique_ids
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, PlainText, Slug
from . import sources as sources_component

FILE = "glossary.yml"


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Stable anchor: the term is at /glossary/#term-<id>.")
    term: PlainText = Field(description="The word as the site writes it, e.g. 'Blepharospasm'.")
    abbreviation: PlainText | None = Field(
        default=None, pattern=r"^[A-Za-z0-9-]{2,12}$",
        description="Short form used on the site, e.g. 'BEB'. Gets a tooltip on every page.")
    also: list[PlainText] = Field(default_factory=list, description="Other names for it, e.g. 'Botox'. Shown on the glossary page.")
    variants: list[PlainText] = Field(default_factory=list,
                                      description="Other forms that get the tooltip, e.g. plurals. Not shown on the page.")
    definition: InlineMarkdown = Field(description="What it means, in one to three short, plain sentences.")
    tooltip: bool = Field(default=True, description="Show the definition as a tooltip wherever the term appears.")
    link: str | None = Field(default=None, description="A page to read more, like /types/#blepharospasm.")
    sources: list[Slug] = Field(default_factory=list)


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[Term] = Field(min_length=1)


def check(site) -> None:
    label = "data/glossary.yml"
    terms = site.data[FILE].terms
    unique_ids(label, terms)
    unique_ids(label, terms, what="term")
    for t in terms:
        sources_component.require(site, t.sources, label, t.id)
        if t.link:
            check_ref(site, t.link, label, t.id, "link")


def page_anchors(markdown: str, site) -> set[str]:
    if "glossary()" not in markdown or FILE not in site.data:
        return set()
    return {f"term-{t.id}" for t in site.data[FILE].terms}


def sorted_terms(terms):
    return sorted(terms, key=lambda t: t.term.casefold())


def macros(site, env):
    def glossary():
        """Every term, A to Z, each with a stable anchor (#term-<id>)."""
        _, url = current_page(env)
        entries = [{"t": t, "refs": site.cite(t.sources) if t.sources else [],
                    "link": relative_url(t.link, url) if t.link else None}
                   for t in sorted_terms(site.data[FILE].terms)]
        return site.renderer.render("glossary.html", entries=entries)

    return {"glossary": glossary}


MODEL = GlossaryFile
