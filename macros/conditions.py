"""Conditions: the types of facial spasm and how to tell them apart.

One list in data/conditions.yml feeds the comparison table on /types/
(`{{ conditions_table() }}`), so the table never disagrees with the data and a
page never retypes it. Every row cites its sources from data/sources.yml.
"""
from __future__ import annotations

from pydantic import ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug
from . import sources as sources_component

FILE = "conditions.yml"
LABEL = "data/conditions.yml"


class Condition(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    name: PlainText = Field(description='The everyday name first, e.g. "Eyelid twitching (myokymia)".')
    link: str | None = Field(default=None, description="Where the page explains it, like /types/#hemifacial-spasm.")
    side: InlineMarkdown = Field(description="Which part or side of the face it affects.")
    sleep: InlineMarkdown = Field(description="What happens to it during sleep.")
    course: InlineMarkdown = Field(description="How it usually behaves over time.")
    who: InlineMarkdown = Field(description="Who usually gets it.")
    outlook: InlineMarkdown = Field(description="The usual outlook, honest about treatment.")
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml backing this row.")


class ConditionsFile(Model):
    model_config = ConfigDict(extra="forbid")
    conditions: list[Condition] = Field(min_length=1)


MODEL = ConditionsFile

# The table's columns: field name -> column heading. The order here is the order shown.
COLUMNS = {
    "side": "Where",
    "sleep": "During sleep",
    "course": "How it goes",
    "who": "Who gets it",
    "outlook": "Usual outlook",
}


def check(site) -> None:
    data = site.data[FILE]
    unique_ids(LABEL, data.conditions)
    for c in data.conditions:
        sources_component.require(site, c.sources, LABEL, c.id)
        if c.link:
            check_ref(site, c.link, LABEL, c.id, "link")


def macros(site, env):
    tables_on_page: dict[str, int] = {}  # page -> tables so far, so ids stay unique if a page has two

    def conditions_table(*ids: str, caption: str = "How the types of facial spasm differ"):
        """A comparison table of conditions (all of them when no ids are named), in data order."""
        label, url = current_page(env)
        known = {c.id: c for c in site.data[FILE].conditions}
        for cid in ids:
            if cid not in known:
                raise DataError(label, f'conditions_table("{cid}"): no condition with that id in {LABEL}',
                                valid=list(known), found=cid)
        chosen = [known[i] for i in ids] if ids else list(known.values())
        rows = [{
            "condition": c,
            "href": relative_url(c.link, url) if c.link else None,
            "refs": site.cite(c.sources),
        } for c in chosen]
        n = tables_on_page[label] = tables_on_page.get(label, 0) + 1
        return site.renderer.render("conditions-table.html", rows=rows, columns=COLUMNS, caption=caption,
                                    caption_id="fsg-conditions-caption" + (f"-{n}" if n > 1 else ""))

    return {"conditions_table": conditions_table}
