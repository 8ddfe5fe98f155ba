"""Review records: who checked a page, how much of it, and when the next check is due.

A page's front matter may name its reviewer:

    review_status: clinically-reviewed
    reviewer:
      name: Dr Ana Ruiz
      role: Consultant neurologist
      registration: GMC 7654321      # optional: a professional register and number
      scope: The whole page           # optional: what was checked, if not the whole page

overrides/partials/page-review.html shows it beside "Last reviewed" and
"Next review due", as NHS pages do. `due_reviews` finds pages whose review is
overdue or falls due soon; scripts/reviews.py reports them (a warning after
`make build`, a failure in the weekly workflow with --fail-overdue). The
everyday build never fails because of a date alone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ConfigDict, Field

from .text import Model, PlainText

# `make build` warns this many days before a review falls due.
WARN_DAYS = 30


class Reviewer(Model):
    model_config = ConfigDict(extra="forbid")
    name: PlainText = Field(max_length=80, description="The reviewer's name as they want it shown, e.g. 'Dr Ana Ruiz'.")
    role: PlainText = Field(max_length=120, description="Their job, e.g. 'Consultant neurologist'.")
    registration: PlainText | None = Field(default=None, max_length=80,
                                           description="Professional register and number, if any, e.g. 'GMC 7654321'.")
    scope: PlainText | None = Field(default=None, max_length=200,
                                    description="What they checked, if not the whole page, e.g. 'The treatment sections'.")


@dataclass
class DueReview:
    label: str          # docs/<page>.md
    next_review: dt.date
    days_left: int      # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    def message(self) -> str:
        when = self.next_review.isoformat()
        if self.overdue:
            return (f"{self.label}: the review of this page was due on {when}. "
                    "Review it, then update reviewed and next_review in its front matter.")
        if self.days_left == 0:
            return f"{self.label}: the review of this page is due today ({when})."
        return (f"{self.label}: the review of this page falls due on {when}, in {self.days_left} "
                f"day{'s' if self.days_left != 1 else ''}.")


def due_reviews(pages, today: dt.date | None = None, within: int = WARN_DAYS) -> list[DueReview]:
    """Pages (from macros.pages.load_pages) whose review is overdue or due within `within` days, soonest first."""
    today = today or dt.date.today()
    due = []
    for page in pages.values():
        days = (page.meta.next_review - today).days
        if days <= within:
            due.append(DueReview(f"docs/{page.src}", page.meta.next_review, days))
    return sorted(due, key=lambda d: (d.next_review, d.label))
