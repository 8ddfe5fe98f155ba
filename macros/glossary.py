"""Glossary: every medical word the site uses, in plain words.

data/glossary.yml feeds the /glossary/ page (`{{ glossary() }}`, one stable
anchor per term: #term-<id>) and the abbreviation tooltips that Material shows
on every page (docs/includes/abbreviations.md, made by scripts/make_abbreviations.py
and appended to each page by pymdownx.snippets).
"""
from __future__ import annotations

from pydantic import ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug
from . import sources as sources_component

FILE = "glossary.yml"


class Term(Model):
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
    plain: PlainText | None = Field(
        default=None, max_length=60,
        description="A few plain words for it, said in the sentence the first time a page uses the term "
                    "({{ term(\"id\") }}): 'twitching on one side of your face'. No full stop.")
    plain_first: bool = Field(
        default=False, description="True when `plain` is the everyday name, so it comes first and the medical word "
                                   "follows in brackets: 'eyelid twitching (myokymia)'.")
    tooltip: bool = Field(default=True, description="Show the definition as a tooltip wherever the term appears.")
    link: str | None = Field(default=None, description="A page to read more, like /types/#blepharospasm.")
    sources: list[Slug] = Field(default_factory=list)


class GlossaryFile(Model):
    model_config = ConfigDict(extra="forbid")
    terms: list[Term] = Field(min_length=1)


def check(site) -> None:
    label = "data/glossary.yml"
    terms = site.data[FILE].terms
    unique_ids(label, terms)
    unique_ids(label, terms, what="term")
    for t in terms:
        if t.plain_first and not t.plain:
            raise DataError(label, "plain_first is true but the term has no `plain` words to put first; "
                            "add `plain` or remove plain_first", entry=t.id, field="plain_first")
        if t.plain and t.plain.endswith((".", "!", "?")):
            raise DataError(label, f'`plain` is said inside a sentence, so it has no full stop at the end (found: "{t.plain}")',
                            entry=t.id, field="plain")
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

    terms = {t.id: t for t in site.data[FILE].terms}
    used: dict[str, set[str]] = {}  # page -> term ids already explained on it

    def term(term_id: str, text: str | None = None, start: bool = False):
        """A medical word, explained in the sentence the first time the page uses it.

        `{{ term("hemifacial-spasm") }}` gives "hemifacial spasm (twitching on one side of your
        face)" the first time on a page, then just "hemifacial spasm". `text` is the word as the
        sentence needs it ("hemifacial spasms", "Bell's palsy"); `start=True` starts it with a capital.
        """
        label, _ = current_page(env)
        if term_id not in terms:
            raise DataError(label, f'term("{term_id}"): there is no term with that id in data/glossary.yml',
                            valid=sorted(terms), found=term_id)
        t = terms[term_id]
        if not t.plain:
            raise DataError("data/glossary.yml", f'{label} uses term("{term_id}"), which needs a short `plain` meaning '
                            "to say in the sentence, like: plain: twitching on one side of your face",
                            entry=term_id, field="plain")
        word = text or (t.term if t.abbreviation and t.term.isupper() else t.term[:1].lower() + t.term[1:])
        seen = used.setdefault(label, set())
        first = term_id not in seen
        seen.add(term_id)
        lead, after = (t.plain, word) if (first and t.plain_first) else (word, t.plain if first else None)
        if start:
            lead = lead[:1].upper() + lead[1:]
        return site.renderer.render("term.html", lead=lead, after=after, t=t)

    return {"glossary": glossary, "term": term}


MODEL = GlossaryFile
