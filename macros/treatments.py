"""Treatments: one list in data/treatments.yml feeds the comparison table on
/treatments/ and the "at a glance" box on each treatment's own page, so the
table and the pages can never disagree.

`{{ treatments_table() }}` renders every treatment, in the order of the file;
`{{ treatment_summary("id") }}` renders one. Strength of evidence uses one fixed
vocabulary (EVIDENCE), shown in plain words, never as a letter or a score.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, PlainText, Slug
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


class Treatment(BaseModel):
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
    page: str = Field(description="The page about it, like /treatments/surgery/ or /treatments/surgery/#myectomy.")
    sources: list[Slug] = Field(min_length=1)


class TreatmentsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    treatments: list[Treatment] = Field(min_length=1)


def check(site) -> None:
    label = "data/treatments.yml"
    items = site.data[FILE].treatments
    unique_ids(label, items)
    for t in items:
        sources_component.require(site, t.sources, label, t.id)
        check_ref(site, t.page, label, t.id, "page")


def page_anchors(markdown: str, site) -> set[str]:
    """The table gives each treatment a row anchor (#treatment-<id>) on the page that shows it."""
    if "treatments_table(" not in markdown or FILE not in site.data:
        return set()
    return {f"treatment-{t.id}" for t in site.data[FILE].treatments}


def by_id(site) -> dict[str, Treatment]:
    return {t.id: t for t in site.data[FILE].treatments}


def macros(site, env):
    def _rows(items):
        _, url = current_page(env)
        return [{"t": t, "evidence": EVIDENCE[t.evidence], "refs": site.cite(t.sources),
                 "link": relative_url(t.page, url)} for t in items]

    def treatments_table(caption: str = "The main treatments compared"):
        """Every treatment in data/treatments.yml, in file order, as one accessible table."""
        return site.renderer.render("treatments-table.html", rows=_rows(site.data[FILE].treatments),
                                    caption=caption)

    def treatment_summary(treatment_id: str):
        """The facts about one treatment, as a short box for that treatment's own page."""
        known = by_id(site)
        if treatment_id not in known:
            raise DataError(current_page(env)[0], f'treatment_summary("{treatment_id}"): no treatment with that id '
                            "in data/treatments.yml", valid=sorted(known), found=treatment_id)
        row = _rows([known[treatment_id]])[0]
        row["compare"] = relative_url(f"/treatments/#treatment-{treatment_id}", current_page(env)[1])
        return site.renderer.render("treatment-summary.html", row=row)

    return {"treatments_table": treatments_table, "treatment_summary": treatment_summary}


MODEL = TreatmentsFile
