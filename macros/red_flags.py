"""Red flags: the signs that mean "get help", each with how fast to act.

One list in data/red-flags.yml feeds the care cards on /when-to-get-help/, the
red-flag checklist and the decision tree's questions, so the three can never
disagree. The advice for each level lives here too, in `advice`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .data import unique_ids
from .errors import DataError
from .levels import LEVELS, RANK, Level
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug
from . import sources as sources_component

FILE = "red-flags.yml"
FlagLevel = Literal["emergency", "urgent", "soon"]


class SafetyNet(Model):
    """What every outcome of a level ends with (marked data-safety-net): the safety-netting advice."""
    model_config = ConfigDict(extra="forbid")
    while_waiting: PlainText = Field(description="What to do while you wait.")
    call_if: list[PlainText] = Field(default_factory=list,
                                     description='Signs that mean "call the emergency number", after "Call ... at once if".')
    today_if: list[PlainText] = Field(default_factory=list, description='Signs that mean "get help today".')
    time_course: PlainText = Field(description="How long this usually takes to settle.")
    see_doctor_if: PlainText | None = Field(default=None, description='"See a doctor if it is not better by ...".')
    come_back: PlainText = Field(description='"Come back if you are unsure."')
    not_diagnosis: PlainText = Field(description="One plain line: this is not a diagnosis.")


class Advice(Model):
    model_config = ConfigDict(extra="forbid")
    title: PlainText = Field(description='Short heading, e.g. "Call the emergency number now".')
    when: PlainText = Field(description="How fast, in words: 'now', 'today', 'in the next few days'.")
    steps: list[InlineMarkdown] = Field(min_length=1, description="What to do, in order.")
    why: PlainText = Field(description="One or two sentences on why it matters.")
    read_next: str | None = Field(default=None, description="A page to read next, like /when-to-get-help/#emergency.")
    safety_net: SafetyNet


class RedFlag(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    level: FlagLevel
    sign: InlineMarkdown = Field(description="What the person notices, in plain words (shown on cards and checklists).")
    question: PlainText = Field(description="The sign as a yes/no question (used by the decision tree).")
    help: PlainText | None = Field(default=None, description="Extra help, e.g. what face drooping looks like.")
    answer: PlainText = Field(max_length=60, description='The sign in the reader\'s words, as an answer button; the outcome says "You said: ...".')
    why: PlainText = Field(description="Why this sign needs its level, in one or two sentences.")
    meanwhile: PlainText = Field(description="What to do about this sign until you get help.")
    sources: list[Slug] = Field(min_length=1)


MAX_CARD_SIGNS = 6


class Card(Model):
    """A care card on /when-to-get-help/ (NHS style): the heading is the action, then the signs, then a catch-all."""
    model_config = ConfigDict(extra="forbid")
    id: Slug
    level: FlagLevel
    heading: PlainText = Field(description='The action, e.g. "Call {number} now if you have:"; {number} is the emergency number.')
    flags: list[Slug] = Field(min_length=1, description=f"The red flags on this card, at most {MAX_CARD_SIGNS}.")
    catch_all: PlainText = Field(description='The last line, e.g. "Or any other sign you think may be a stroke."')


class SameAdvice(Model):
    """One instruction and the words that give it, so an outcome of the decision tree can say it once."""
    model_config = ConfigDict(extra="forbid")
    id: Slug
    says: list[PlainText] = Field(min_length=1, description='Words that give this instruction, found anywhere in a '
                                  'sentence (any case), e.g. "sit or lie down", "sit down".')


class RedFlagsFile(Model):
    model_config = ConfigDict(extra="forbid")
    advice: dict[Level, Advice]
    cards: list[Card] = Field(min_length=1)
    red_flags: list[RedFlag] = Field(min_length=1)
    same_advice: list[SameAdvice] = Field(default_factory=list, description=(
        "Instructions that steps, signs' tips and safety nets give in different words. An outcome of the "
        "decision tree says each one once (macros/decision_tree.py, tests/decision_tree)."))

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
        if level != "emergency" and not advice.safety_net.call_if:
            raise DataError(label, "the safety net must say which signs mean calling the emergency number; "
                            "add them to call_if", entry=f"advice.{level}", field="safety_net.call_if")
    check_cards(label, data)
    unique_ids(label, data.same_advice)


def check_cards(label: str, data) -> None:
    """Every red flag is on exactly one card of its own level; a card holds at most MAX_CARD_SIGNS signs."""
    flags = {f.id: f for f in data.red_flags}
    unique_ids(label, data.cards)
    on_card: dict[str, str] = {}
    for i, card in enumerate(data.cards):
        where = f"cards[{i}]"
        if len(card.flags) > MAX_CARD_SIGNS:
            raise DataError(label, f"a card lists {len(card.flags)} signs; at most {MAX_CARD_SIGNS} fit the NHS pattern. "
                            "Split it into two cards", entry=card.id, field=f"{where}.flags")
        if card.level != "emergency" and "{number}" in card.heading:
            raise DataError(label, "only an emergency card names the emergency number in its heading",
                            entry=card.id, field=f"{where}.heading")
        for fid in card.flags:
            if fid not in flags:
                raise DataError(label, f'names the red flag "{fid}", which is not in red_flags', entry=card.id,
                                field=f"{where}.flags", valid=sorted(flags), found=fid)
            if fid in on_card:
                raise DataError(label, f'the red flag "{fid}" is already on the card "{on_card[fid]}"; show each sign once',
                                entry=card.id, field=f"{where}.flags")
            if flags[fid].level != card.level:
                raise DataError(label, f'the red flag "{fid}" is {flags[fid].level}, but this card is {card.level}',
                                entry=card.id, field=f"{where}.flags")
            on_card[fid] = card.id
    missing = [f for f in flags if f not in on_card]
    if missing:
        raise DataError(label, "every red flag needs a card, so no warning sign is left out; add "
                        + ", ".join(missing) + " to a card of its level", entry="cards", field="cards")


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
        data = site.data[FILE]
        by_id = {f.id: f for f in data.red_flags}
        cite = site.cite
        cards = []
        for lvl in wanted:
            a = data.advice[lvl]
            for n, card in enumerate(c for c in data.cards if c.level == lvl):
                signs = [by_id[f] for f in card.flags]
                cards.append({
                    "id": card.id, "level": lvl, "advice": a, "flags": signs, "catch_all": card.catch_all,
                    "first": n == 0,
                    "heading": card.heading.replace("{number}", site.emergency.number),
                    "refs": cite(sorted({s for f in signs for s in f.sources})),
                    "read_next": relative_url(a.read_next, url) if a.read_next else None,
                })
        return site.renderer.render("care-cards.html", cards=cards, emergency=site.emergency)

    def advice_card(level: str):
        """One care card with the advice for a level and no list of signs."""
        label, url = current_page(env)
        if level not in LEVELS:
            raise DataError(label, f'advice_card("{level}"): not a level', valid=list(LEVELS), found=level)
        a = site.data[FILE].advice[level]
        card = {"id": level, "level": level, "advice": a, "flags": [], "refs": [], "catch_all": None,
                "heading": a.title, "first": True,
                "read_next": relative_url(a.read_next, url) if a.read_next else None}
        return site.renderer.render("care-cards.html", cards=[card], emergency=site.emergency)

    def red_flag_signs(level: str, *flag_ids: str):
        """Named red flags' signs as a short list, in their own words and with their sources, on a page
        that says they are `level` (e.g. "These are emergencies too:"). The build stops if an id is
        unknown or a flag is of another level, so the page can never call a sign more urgent or less."""
        label, _ = current_page(env)
        call = f'red_flag_signs("{level}", ...)'
        if level not in LEVELS[:3]:
            raise DataError(label, f"{call}: the first value is the level the page says these signs are; "
                            f'"{level}" is not a red-flag level', valid=list(LEVELS[:3]), found=level)
        if not flag_ids:
            raise DataError(label, f"{call}: name at least one red flag of data/red-flags.yml after the level")
        by_id = {f.id: f for f in site.data[FILE].red_flags}
        signs = []
        for fid in flag_ids:
            f = by_id.get(fid)
            if f is None:
                raise DataError(label, f'{call}: "{fid}" is not a red flag in data/red-flags.yml; '
                                "use an id from there", valid=sorted(by_id), found=fid)
            if f.level != level:
                raise DataError(label, f'{call}: the red flag "{fid}" is {f.level} in data/red-flags.yml, but the '
                                f'page calls it {level}; change the page\'s words and level to "{f.level}", or '
                                "remove the flag from the call")
            signs.append({"id": f.id, "sign": f.sign, "why": f.why, "refs": site.cite(sorted(f.sources))})
        return site.renderer.render("red-flag-signs.html", level=level, signs=signs)

    return {"red_flag_cards": red_flag_cards, "advice_card": advice_card, "red_flag_signs": red_flag_signs}


MODEL = RedFlagsFile
