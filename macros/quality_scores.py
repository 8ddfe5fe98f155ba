"""Our own scores for the main pages, on two published instruments, kept in data/quality-scores.yml.

* PEMAT-P (AHRQ's Patient Education Materials Assessment Tool for printable materials):
  understandability and actionability, each the share of the items that apply which the
  page meets.
* The CDC Clear Communication Index: points earned out of the points possible, times 100.

The file lists each instrument's real items once (wording, and whether "does not apply"
is allowed), then for each page one score per item (1, 0 or na) with a line of evidence,
and what would fix each item that failed. The scores are worked out from the items here,
never typed in, so a sheet cannot claim more than its items show.

`{{ quality_scores() }}` shows the totals on /about/; the clinical reviewer's pack
(scripts/review_pack.py) shows every item with its evidence, for the editors.

The build stops when a page skips or repeats an item, gives "na" where the instrument
does not allow it, scores a page the site does not have, or leaves a failed item with
no fix.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import ConfigDict, Field

from .errors import DataError
from .pages import current_page
from .templates import relative_url
from .text import Model, PlainText

FILE = "quality-scores.yml"
LABEL = "data/quality-scores.yml"
PEMAT, CDC = "pemat-p", "cdc-cci"
TARGET = 90


class Item(Model):
    model_config = ConfigDict(extra="forbid")
    id: int | str = Field(description="The instrument's own item number.")
    part: PlainText = Field(description="The instrument's part: for PEMAT-P, understandability or actionability.")
    topic: PlainText | None = None
    text: PlainText = Field(description="The item as the instrument words it.")
    na_allowed: bool = Field(description="Whether the instrument lets this item be scored 'does not apply'.")
    na_rule: PlainText | None = Field(default=None, description="When 'does not apply' is allowed, by the instrument's rules.")
    rule: PlainText | None = None


class Instrument(Model):
    model_config = ConfigDict(extra="forbid")
    name: PlainText
    source: str = Field(pattern=r"^https://", description="Where the instrument's items and rules were read.")
    notes: PlainText | None = None
    items: list[Item] = Field(min_length=1)


class Score(Model):
    model_config = ConfigDict(extra="forbid")
    id: int | str
    score: Literal[0, 1, "na"] = Field(description="1 (meets the item), 0 (does not) or na (does not apply).")
    evidence: PlainText = Field(description="One line: what on the page shows this.")


class PageScores(Model):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(pattern=r"^/([a-z0-9-]+/)*$", description="The page, like /self-care/.")
    pemat: list[Score]
    cdc: list[Score]
    fixes: list[PlainText] = Field(default_factory=list, description="One line per failed item: what would make it pass.")


class QualityScores(Model):
    model_config = ConfigDict(extra="forbid")
    scored: dt.date
    site_commit: str = Field(pattern=r"^[0-9a-f]{7,40}$", description="The commit of the site that was scored.")
    scorer: PlainText = Field(description="Who scored, and that they did not write the pages.")
    method: PlainText
    instruments: dict[Literal["pemat-p", "cdc-cci"], Instrument]
    pages: list[PageScores] = Field(min_length=1)


MODEL = QualityScores


def _percent(scores: list[Score], ids: set) -> float | None:
    counted = [s.score for s in scores if s.id in ids and s.score != "na"]
    return round(100 * sum(counted) / len(counted), 1) if counted else None


def totals(data: QualityScores, page: PageScores) -> dict:
    """PEMAT understandability and actionability (%), and the CDC index (0-100), from the items."""
    pemat = data.instruments[PEMAT].items
    return {
        "understandability": _percent(page.pemat, {i.id for i in pemat if i.part == "understandability"}),
        "actionability": _percent(page.pemat, {i.id for i in pemat if i.part == "actionability"}),
        "cdc": _percent(page.cdc, {i.id for i in data.instruments[CDC].items}),
    }


def failed(data: QualityScores, page: PageScores) -> list[dict]:
    """The items a page does not meet, with their wording and evidence, instrument by instrument."""
    out = []
    for key, scores in ((PEMAT, page.pemat), (CDC, page.cdc)):
        items = {i.id: i for i in data.instruments[key].items}
        out += [{"instrument": data.instruments[key].name, "item": items[s.id], "evidence": s.evidence}
                for s in scores if s.score == 0]
    return out


def summary(data: QualityScores) -> list[dict]:
    return [{"url": p.url, **totals(data, p), "failed": failed(data, p), "fixes": p.fixes} for p in data.pages]


def check(site) -> None:
    data: QualityScores = site.data[FILE]
    missing = {PEMAT, CDC} - set(data.instruments)
    if missing:
        raise DataError(LABEL, f"instruments needs both {PEMAT} and {CDC}; add {', '.join(sorted(missing))}",
                        field="instruments")
    if not any(i.part == "understandability" for i in data.instruments[PEMAT].items) or \
            not any(i.part == "actionability" for i in data.instruments[PEMAT].items):
        raise DataError(LABEL, "PEMAT-P items need a part of understandability or actionability",
                        entry=PEMAT, field="items")
    seen = set()
    for page in data.pages:
        if page.url in seen:
            raise DataError(LABEL, f"{page.url} is scored twice; keep one sheet per page", entry=page.url)
        seen.add(page.url)
        if page.url.lstrip("/") not in site.pages:
            raise DataError(LABEL, f"{page.url} is not a page of the site", entry=page.url, field="url",
                            valid=["/" + u for u in sorted(site.pages)], found=page.url)
        for key, field_name, scores in ((PEMAT, "pemat", page.pemat), (CDC, "cdc", page.cdc)):
            items = data.instruments[key].items
            wanted = [i.id for i in items]
            given = [s.id for s in scores]
            if given != wanted:
                lost = [i for i in wanted if i not in given]
                extra = [i for i in given if i not in wanted]
                twice = sorted({str(i) for i in given if given.count(i) > 1})
                what = (f"is missing items {lost}" if lost else f"has items the instrument does not have: {extra}"
                        if extra else f"scores items {twice} more than once" if twice else "has the items out of order")
                raise DataError(LABEL, f"{page.url}'s {field_name} sheet {what}; score every item of "
                                f"{data.instruments[key].name} once, in the instrument's order", entry=page.url,
                                field=field_name)
            by_id = {i.id: i for i in items}
            for s in scores:
                if s.score == "na" and not by_id[s.id].na_allowed:
                    raise DataError(LABEL, f"{page.url} scores {field_name} item {s.id} as na, but the instrument does "
                                    "not allow 'does not apply' for it; score it 1 or 0", entry=page.url, field=field_name)
        named = _named_in_fixes(page.fixes, data.instruments)
        for key, field_name, scores in ((PEMAT, "pemat", page.pemat), (CDC, "cdc", page.cdc)):
            zeros = {str(s.id) for s in scores if s.score == 0}
            short = SHORT[key]
            lost = sorted(zeros - named[key], key=_order)
            if lost:
                raise DataError(LABEL, f"{page.url} fails {short} item{'s' if len(lost) > 1 else ''} {', '.join(lost)} "
                                f'but no fix names {"them" if len(lost) > 1 else "it"}; add a line like '
                                f'"{short} {lost[0]}: what would make it pass"', entry=page.url, field="fixes")
            passed = sorted(named[key] - zeros, key=_order)
            if passed:
                raise DataError(LABEL, f"{page.url} has a fix for {short} item{'s' if len(passed) > 1 else ''} "
                                f"{', '.join(passed)}, which the sheet does not score 0; remove the fix once the item "
                                "passes, or correct the item's number", entry=page.url, field="fixes")


SHORT = {PEMAT: "PEMAT", CDC: "CDC"}
_FIX = re.compile(r"^((?:PEMAT|CDC) [0-9]+(?:, [0-9]+)*(?: / (?:PEMAT|CDC) [0-9]+(?:, [0-9]+)*)?): \S")


def _order(item_id: str):
    return int(item_id) if item_id.isdigit() else item_id


def _named_in_fixes(fixes: list[str], instruments) -> dict[str, set[str]]:
    """{"pemat-p": {"4", "15"}, "cdc-cci": {"7"}} from lines like "PEMAT 4, 15 / CDC 7: ..."."""
    named = {PEMAT: set(), CDC: set()}
    key_of = {v: k for k, v in SHORT.items()}
    for line in fixes:
        match = _FIX.match(line)
        if not match:
            raise DataError(LABEL, f'the fix "{line[:60]}" does not start with the items it fixes; start it like '
                            '"PEMAT 4 / CDC 7: ..." (PEMAT or CDC, the item numbers, a colon)', field="fixes")
        for group in match.group(1).split(" / "):
            name, numbers = group.split(" ", 1)
            named[key_of[name]] |= {n.strip() for n in numbers.split(",")}
    return named


def macros(site, env):
    def quality_scores():
        """Our self-scores for the main pages, worked out from the items in data/quality-scores.yml."""
        data = site.data[FILE]
        _, here = current_page(env)
        rows = summary(data)
        for r in rows:
            r["title"] = site.pages[r["url"].lstrip("/")].meta.title
            r["href"] = relative_url(r["url"], here)
        below = [r for r in rows if any(r[k] is not None and r[k] < TARGET
                                        for k in ("understandability", "actionability", "cdc"))]
        return site.renderer.render("quality-scores.html", data=data, rows=rows, target=TARGET, below=below)

    return {"quality_scores": quality_scores}
