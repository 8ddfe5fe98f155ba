"""Treatments: one list in data/treatments.yml feeds the comparison table on
/treatments/ and the "at a glance" box on each treatment's own page, so the
table and the pages can never disagree.

`{{ treatments_table() }}` renders every treatment, in the order of the file;
`{{ treatment_summary("id") }}` renders one. Strength of evidence uses one fixed
vocabulary (EVIDENCE), shown in plain words, never as a letter or a score.
"""
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug
from . import sources as sources_component

FILE = "treatments.yml"

Evidence = Literal["strong", "moderate", "weak", "very-weak"]

# The level in plain words, as the reader sees it. Order: strongest first.
EVIDENCE: dict[str, dict[str, str]] = {
    "strong": {"label": "Strong", "meaning": "Several good trials agree."},
    "moderate": {"label": "Moderate", "meaning": "Some good studies, but gaps remain."},
    "weak": {"label": "Weak", "meaning": "Few or small studies. Results may not hold."},
    "very-weak": {"label": "Very weak", "meaning": "Poor-quality studies or none at all."},
}


class TableCells(Model):
    """The short phrases the comparison table shows, so it stays a grid on screen and on paper.
    The longer fields above stay the words of the "at a glance" box on the treatment's own page."""
    model_config = ConfigDict(extra="forbid")
    what: InlineMarkdown = Field(description="What it is, in a few words (shown under the name).")
    who: InlineMarkdown = Field(description="Who it is for, in a few words.")
    works: InlineMarkdown = Field(description="How well it works, in a few words ('About 95 in 100 get better').")
    lasts: InlineMarkdown = Field(description="How long it lasts, in a few words.")
    side_effects: InlineMarkdown = Field(description="The main side effects and risks, in a few words, with how often.")
    sources: list[Slug] | None = Field(default=None, description="The sources of these short phrases, if fewer than the treatment's.")
    icons: list[Slug] = Field(default_factory=list, max_length=2,
                              description="Ids of frequency records in data/numbers.yml to show as icon arrays under the row's cells.")


class OwnSign(Model):
    """A card's own sign with an id, so a figure can name it (data/figures.yml, `danger_signs`)."""
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Names the sign for a figure's label: sign: <id>.")
    text: InlineMarkdown = Field(description="The sign, one line.")


class HelpCard(Model):
    """A care card of the signs, for one treatment, that need help fast (the care-card component's look and levels)."""
    model_config = ConfigDict(extra="forbid")
    level: Literal["emergency", "urgent"] = Field(description="emergency: call the emergency number now; urgent: get medical help at once.")
    heading: PlainText = Field(description="The action, e.g. 'Call {number} now' (an emergency card only may say {number}).")
    flags: list[Slug] = Field(default_factory=list, description="Signs that data/red-flags.yml already has, by id, "
                              "shown first in their own words (never retype a red flag); each must be of this card's level.")
    signs: list[InlineMarkdown | OwnSign] = Field(default_factory=list, max_length=6,
                                                  description="The treatment's own signs, one line each; give a sign "
                                                  "an id (- id: ... text: ...) when a figure shows it.")
    catch_all: PlainText | None = Field(default=None, description="One line under the signs.")
    sources: list[Slug] = Field(min_length=1)

    @property
    def sign_texts(self) -> list[str]:
        return [s if isinstance(s, str) else s.text for s in self.signs]

    @property
    def sign_ids(self) -> list[str]:
        return [s.id for s in self.signs if not isinstance(s, str)]


class Treatment(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    name: PlainText = Field(description="What the reader calls it, e.g. 'Botulinum toxin injections'.")
    what: InlineMarkdown = Field(description="What it is, in one or two short sentences.")
    who: InlineMarkdown = Field(description="Who it is for: which condition, and when doctors offer it.")
    how_well: InlineMarkdown = Field(description="How well it works, as natural frequencies ('about 9 in 10').")
    lasts: InlineMarkdown = Field(description="How long the benefit lasts.")
    common_side_effects: InlineMarkdown = Field(description="Common side effects, or 'None known'.")
    serious_side_effects: InlineMarkdown = Field(description="Serious or lasting risks, with how often.")
    evidence: Evidence = Field(description="How strong the evidence is: " + ", ".join(EVIDENCE) + ".")
    evidence_note: PlainText | None = Field(default=None, description="Why, in a few words (e.g. 'no placebo trials for HFS').")
    get_help: list[HelpCard] = Field(default_factory=list, description="Care cards for the treatment's danger signs, most urgent first.")
    table: TableCells | None = Field(default=None, description="Short phrases for the comparison table (else it shows the fields above).")
    page: str = Field(description="The page about it, like /treatments/surgery/ or /treatments/surgery/#myectomy.")
    sources: list[Slug] = Field(min_length=1)

    @model_validator(mode="after")
    def _sign_ids_unique(self):
        own = [sid for card in self.get_help for sid in card.sign_ids]
        twice = sorted({sid for sid in own if own.count(sid) > 1})
        if twice:
            raise ValueError(f'the sign id "{twice[0]}" is used twice in get_help; give each sign its own id')
        return self


class TreatmentsFile(Model):
    model_config = ConfigDict(extra="forbid")
    treatments: list[Treatment] = Field(min_length=1)


def check(site) -> None:
    label = "data/treatments.yml"
    items = site.data[FILE].treatments
    unique_ids(label, items)
    for t in items:
        sources_component.require(site, t.sources, label, t.id)
        for card in t.get_help:
            sources_component.require(site, card.sources, label, t.id)
            if not card.flags and not card.signs:
                raise DataError(label, "a get_help card needs at least one sign: list `flags` (ids in "
                                "data/red-flags.yml) or `signs`", entry=t.id, field="get_help")
            from .red_flags import FILE as RED_FLAGS
            known_flags = {f.id: f for f in site.data[RED_FLAGS].red_flags}
            for fid in card.flags:
                flag = known_flags.get(fid)
                if flag is None:
                    raise DataError(label, f'"{fid}" is not a red flag in data/red-flags.yml', entry=t.id,
                                    field="get_help.flags", valid=sorted(known_flags), found=fid)
                if flag.level != card.level:
                    raise DataError(label, f'the red flag "{fid}" is {flag.level}, so it cannot go on a {card.level} '
                                    "card; move it to a card of its level", entry=t.id, field="get_help.flags", found=fid)
            if "{number}" in card.heading and card.level != "emergency":
                raise DataError(label, "only an emergency card names the emergency number in its heading",
                                entry=t.id, field="get_help", found=card.heading)
        if t.table and t.table.sources:
            sources_component.require(site, t.table.sources, label, t.id)
        check_ref(site, t.page, label, t.id, "page")
        if t.table:
            from . import numbers
            records = numbers.by_id(site)
            for nid in t.table.icons:
                rec = records.get(nid)
                if rec is None or rec.kind != "frequency":  # (icon_array() asks for its `sentence`)
                    raise DataError(label, f'"{nid}" is not a frequency record in data/numbers.yml',
                                    entry=t.id, field="table", found=nid)
    # A figure of a treatment's danger signs names each label's sign on these cards (data/figures.yml).
    from . import figures
    if figures.FILE in site.data:
        for f in site.data[figures.FILE].figures:
            figures.check_danger_signs(site, f)


def page_anchors(markdown: str, site) -> set[str]:
    """The table gives each treatment a row anchor (#treatment-<id>) on the page that shows it."""
    if "treatments_table(" not in markdown or FILE not in site.data:
        return set()
    return {f"treatment-{t.id}" for t in site.data[FILE].treatments}


def by_id(site) -> dict[str, Treatment]:
    return {t.id: t for t in site.data[FILE].treatments}


def macros(site, env):
    def _rows(items, table: bool = False):
        """The rows to render. In the table, a row cites the sources of its short phrases (`table.sources`)."""
        _, url = current_page(env)

        def sources(t):
            return t.table.sources if table and t.table and t.table.sources else t.sources
        return [{"t": t, "evidence": EVIDENCE[t.evidence], "refs": site.cite(sources(t)),
                 "link": relative_url(t.page, url)} for t in items]

    def treatments_table(caption: str = "The main treatments compared"):
        """Every treatment in data/treatments.yml, in file order, as one accessible table."""
        rows = _rows(site.data[FILE].treatments, table=True)
        from . import figures
        icon_array = figures.macros(site, env)["icon_array"]
        for row in rows:
            cells = row["t"].table
            row["icons"] = [icon_array(nid) for nid in cells.icons] if cells else []
        return site.renderer.render("treatments-table.html", rows=rows, caption=caption, evidence=EVIDENCE)

    def treatment_summary(treatment_id: str):
        """The facts about one treatment, as a short box for that treatment's own page."""
        known = by_id(site)
        if treatment_id not in known:
            raise DataError(current_page(env)[0], f'treatment_summary("{treatment_id}"): no treatment with that id '
                            "in data/treatments.yml", valid=sorted(known), found=treatment_id)
        row = _rows([known[treatment_id]])[0]
        row["compare"] = relative_url(f"/treatments/#treatment-{treatment_id}", current_page(env)[1])
        return site.renderer.render("treatment-summary.html", row=row)

    def treatment_get_help(treatment_id: str):
        """The treatment's danger signs as care cards (overrides/partials/care-cards.html), most urgent first."""
        known = by_id(site)
        t = known.get(treatment_id)
        if t is None or not t.get_help:
            raise DataError(current_page(env)[0], f'treatment_get_help("{treatment_id}"): no treatment with `get_help` '
                            "cards in data/treatments.yml", valid=sorted(k for k, v in known.items() if v.get_help),
                            found=treatment_id)
        from .red_flags import FILE as RED_FLAGS
        flags = {f.id: f for f in site.data[RED_FLAGS].red_flags}
        cards = [{"id": f"{t.id}-{n + 1}", "level": c.level, "first": False, "catch_all": c.catch_all,
                  "heading": c.heading.replace("{number}", site.emergency.number),
                  "flags": [{"id": f"{t.id}-{n + 1}-{i + 1}", "sign": sign}
                            for i, sign in enumerate([flags[f].sign for f in c.flags] + c.sign_texts)],
                  "refs": site.cite(c.sources), "read_next": None}
                 for n, c in enumerate(sorted(t.get_help, key=lambda c: c.level != "emergency"))]
        return site.renderer.render("care-cards.html", cards=cards, emergency=site.emergency)

    return {"treatments_table": treatments_table, "treatment_summary": treatment_summary,
            "treatment_get_help": treatment_get_help}


MODEL = TreatmentsFile
