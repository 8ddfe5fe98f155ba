"""Red flags: the signs that mean "get help", each with how fast to act.

One list in data/red-flags.yml feeds the care cards on /when-to-get-help/, the
red-flag checklist and the decision tree's questions, so the three can never
disagree. The advice for each level lives here too, in `advice`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .data import unique_ids
from .errors import DataError
from .levels import LEVELS, RANK, Level
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, PlainText, Slug
from . import sources as sources_component

FILE = "red-flags.yml"
FlagLevel = Literal["emergency", "urgent", "soon"]


class Advice(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: PlainText = Field(description='Short heading, e.g. "Call the emergency number now".')
    when: PlainText = Field(description="How fast, in words: 'now', 'today', 'in the next few days'.")
    steps: list[InlineMarkdown] = Field(min_length=1, description="What to do, in order.")
    why: PlainText = Field(description="One or two sentences on why it matters.")
    read_next: str | None = Field(default=None, description="A page to read next, like /when-to-get-help/#emergency.")


class RedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    level: FlagLevel
    sign: InlineMarkdown = Field(description="What the person notices, in plain words (shown on cards and checklists).")
    question: PlainText = Field(description="The sign as a yes/no question (used by the decision tree).")
    help: PlainText | None = Field(default=None, description="Extra help, e.g. what face drooping looks like.")
    sources: list[Slug] = Field(min_length=1)


class RedFlagsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    advice: dict[Level, Advice]
    red_flags: list[RedFlag] = Field(min_length=1)

    @model_validator(mode="after")
    def _every_level_has_advice(self):
        missing = [lvl for lvl in LEVELS if lvl not in self.advice]
        if missing:
            raise ValueError(f"advice is missing for: {', '.join(missing)}")
        return self


def check(site) -> None:
    label = "data/red-flags.yml"
    data = site.data[FILE]
    unique_ids(label, data.red_flags)
    for flag in data.red_flags:
        sources_component.require(site, flag.sources, label, flag.id)
    for level, advice in data.advice.items():
        if advice.read_next:
            check_ref(site, advice.read_next, label, f"advice.{level}", "read_next")


def flags_by_level(site) -> dict[str, list[RedFlag]]:
    groups: dict[str, list[RedFlag]] = {lvl: [] for lvl in LEVELS if lvl != "self-care"}
    for flag in site.data[FILE].red_flags:
        groups[flag.level].append(flag)
    return groups


def flag(site, flag_id: str) -> RedFlag | None:
    return next((f for f in site.data[FILE].red_flags if f.id == flag_id), None)


def macros(site, env):
    def red_flag_cards(*levels: str):
        """Care cards for the given levels (all three when none are named), most urgent first."""
        label, url = current_page(env)
        for lvl in levels:
            if lvl not in LEVELS[:3]:
                raise DataError(label, f'red_flag_cards("{lvl}"): not a red-flag level', valid=list(LEVELS[:3]),
                                found=lvl)
        wanted = sorted(levels or LEVELS[:3], key=RANK.__getitem__)
        groups = flags_by_level(site)
        advice = site.data[FILE].advice
        cite = site.cite
        cards = []
        for lvl in wanted:
            a = advice[lvl]
            cards.append({
                "level": lvl, "advice": a, "flags": groups[lvl],
                "refs": cite(sorted({s for f in groups[lvl] for s in f.sources})),
                "read_next": relative_url(a.read_next, url) if a.read_next else None,
            })
        return site.renderer.render("care-cards.html", cards=cards, emergency=site.emergency)

    def advice_card(level: str):
        """One care card with the advice for a level and no list of signs."""
        label, url = current_page(env)
        if level not in LEVELS:
            raise DataError(label, f'advice_card("{level}"): not a level', valid=list(LEVELS), found=level)
        a = site.data[FILE].advice[level]
        card = {"level": level, "advice": a, "flags": [], "refs": [],
                "read_next": relative_url(a.read_next, url) if a.read_next else None}
        return site.renderer.render("care-cards.html", cards=[card], emergency=site.emergency)

    return {"red_flag_cards": red_flag_cards, "advice_card": advice_card}


MODEL = RedFlagsFile
