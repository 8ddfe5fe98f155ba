"""Figures: simple drawings of our own, with every word in data.

`{{ figure("stroke-signs") }}` renders the figure of that id from data/figures.yml:
the SVG file from docs/assets/figures/ as an image (lazy, so it never adds to a
page's first load), its numbered labels as an HTML list, its caption and sources.
`{{ icon_array("number-id") }}` draws 100 small people (1,000 for values under 1
in 100) from a record of data/numbers.yml, the affected ones filled, with the
record's sentence beside it and as its label. It marks the number the record's words say
("about 90 in 100" marks 90), so the picture and the words always agree.

The drawings carry no words, only numbered markers (1, 2, 3 ...), so every word
is searchable, printable and can be translated: the labels list says what each
number shows. The build stops when
* a figure's SVG file is missing, has no viewBox, holds words, or weighs more than 6 KiB gzip;
* the markers in the drawing are not exactly 1..n for n labels;
* a figure or icon array names an id that does not exist;
* a figure of a treatment's danger signs (`danger_signs:`) has a label that names no sign
  (`flag:` or `sign:`), a sign no longer on the treatment's get_help cards, or words that do not
  match that card's level (checked by the treatments component, after the cards themselves).
"""
from __future__ import annotations

import gzip
import math
import re
from pathlib import Path

from pydantic import ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .levels import CALL_EMERGENCY, says_call_emergency
from .pages import current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug

FILE = "figures.yml"
LABEL = "data/figures.yml"
CHECK_ORDER = 5
FIGURES_DIR = "docs/assets/figures"
MAX_GZIP = 6 * 1024

_VIEWBOX = re.compile(r'<svg\b[^>]*\bviewBox="\s*([\d.\-]+)[ ,]+([\d.\-]+)[ ,]+([\d.]+)[ ,]+([\d.]+)\s*"', re.S)
_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FORBIDDEN = re.compile(r"<(script|foreignObject|image)\b|\bon[a-z]+\s*=|https?://(?!www\.w3\.org/)", re.I)


class SignLabel(Model):
    """A label of a figure that shows a treatment's danger signs: its words, and the sign of the
    treatment's get_help cards (data/treatments.yml) that it shows."""
    model_config = ConfigDict(extra="forbid")
    text: InlineMarkdown = Field(description="What the marker shows, in the reader's words.")
    flag: Slug | None = Field(default=None, description="A red flag of data/red-flags.yml that is in a card's flags.")
    sign: Slug | None = Field(default=None, description="The id of a card's own sign (signs: - id: ...).")



class Figure(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Used by {{ figure(\"id\") }}; the figure is at #figure-<id> on its page.")
    file: str = Field(pattern=r"^[a-z0-9-]+\.svg$", description="The drawing, in docs/assets/figures/.")
    alt: PlainText = Field(description="What the picture shows, for people who cannot see it. One or two sentences.")
    caption: InlineMarkdown = Field(description="Shown under the figure: what the reader should take from it.")
    labels: list[InlineMarkdown | SignLabel] = Field(
        default_factory=list, description="What each numbered marker in the drawing shows, in order: 1, 2, 3 ... "
        "In a figure with danger_signs, each label is - text: ... with flag: or sign: (the sign it shows).")
    danger_signs: Slug | None = Field(
        default=None, description="The id of a treatment in data/treatments.yml whose danger-sign cards (get_help) "
        "the figure shows. Each label then names its sign, and the build checks it is on those cards.")
    description: InlineMarkdown | None = Field(default=None, description="An optional longer description, shown under the labels.")
    sources: list[Slug] = Field(default_factory=list, description="Ids from data/sources.yml for the facts the figure shows.")


    @property
    def label_texts(self) -> list[str]:
        return [lab if isinstance(lab, str) else lab.text for lab in self.labels]


class FiguresFile(Model):
    model_config = ConfigDict(extra="forbid")
    figures: list[Figure] = Field(min_length=1)


MODEL = FiguresFile


def by_id(site) -> dict[str, Figure]:
    return {f.id: f for f in site.data[FILE].figures}


def svg_facts(path: Path, label: str, entry: str) -> dict:
    """Size (width, height) and gzip weight of a figure's SVG; DataError when it breaks a rule."""
    if not path.is_file():
        raise DataError(label, f'the drawing "{path.name}" is not in {FIGURES_DIR}/; add the file or fix the name',
                        entry=entry, field="file")
    svg = path.read_text(encoding="utf-8")
    where = f"{FIGURES_DIR}/{path.name}"
    box = _VIEWBOX.search(svg)
    if not box:
        raise DataError(label, f'{where} has no viewBox on its <svg>; add one like viewBox="0 0 320 200"',
                        entry=entry, field="file")
    bad = _FORBIDDEN.search(svg)
    if bad:
        raise DataError(label, f'{where} contains "{bad.group(0)}": a figure is a plain drawing, with no scripts, '
                        "embedded images or links to other hosts", entry=entry, field="file")
    markers = []
    for text in _TEXT.findall(svg):
        words = _TAG.sub("", text).strip()
        if not words.isdigit():
            raise DataError(label, f'{where} has the words "{words}" in the drawing; put words in the figure\'s '
                            "`labels` and mark the place with a number (1, 2, 3 ...)", entry=entry, field="labels")
        markers.append(int(words))
    weight = len(gzip.compress(svg.encode("utf-8"), compresslevel=9, mtime=0))
    if weight > MAX_GZIP:
        raise DataError(label, f"{where} weighs {weight} bytes gzip, more than {MAX_GZIP} (6 KiB); simplify the drawing",
                        entry=entry, field="file")
    return {"width": float(box.group(3)), "height": float(box.group(4)), "markers": sorted(set(markers)),
            "gzip": weight}


def check(site) -> None:
    from .sources import require
    figures = site.data[FILE].figures
    unique_ids(LABEL, figures)
    folder = site.root / FIGURES_DIR
    site.figure_facts = {}
    for f in figures:
        require(site, f.sources, LABEL, f.id)
        facts = svg_facts(folder / f.file, LABEL, f.id)
        wanted = list(range(1, len(f.labels) + 1))
        if facts["markers"] != wanted:
            raise DataError(LABEL, f"the drawing {f.file} has the markers {facts['markers'] or 'none'} but the figure has "
                            f"{len(f.labels)} labels; give one label for each marker, in order ({wanted or 'none'})",
                            entry=f.id, field="labels")
        site.figure_facts[f.id] = facts
    # A figure's danger_signs are checked by the treatments component, after its own checks
    # (treatments.check calls check_danger_signs), so a mistake in the cards is named first.


def check_danger_signs(site, f: Figure) -> None:
    """A figure of a treatment's danger signs names, in each label, the sign of the treatment's
    get_help cards it shows, so it cannot drift from them: the sign is still on a card, and a
    label says "call the emergency number" exactly when that card is an emergency card."""
    signed = [(n, lab) for n, lab in enumerate(f.labels, 1) if not isinstance(lab, str)]
    if f.danger_signs is None:
        if signed:
            raise DataError(LABEL, f"label {signed[0][0]} names a sign (flag: or sign:), but the figure has no "
                            "danger_signs; add danger_signs: <treatment id> or write the label as plain text",
                            entry=f.id, field="danger_signs")
        return
    from . import treatments
    known = treatments.by_id(site)
    t = known.get(f.danger_signs)
    if t is None or not t.get_help:
        raise DataError(LABEL, f'"{f.danger_signs}" is not a treatment with get_help cards in data/treatments.yml',
                        entry=f.id, field="danger_signs", valid=sorted(k for k, v in known.items() if v.get_help),
                        found=f.danger_signs)
    where_flag = {fid: c for c in t.get_help for fid in c.flags}
    where_sign = {sid: c for c in t.get_help for sid in c.sign_ids}
    for n, lab in enumerate(f.labels, 1):
        field = f"labels[{n - 1}]"
        if isinstance(lab, str) or (lab.flag is None) == (lab.sign is None):
            raise DataError(LABEL, f"label {n} must name the one sign of {t.id}'s get_help cards it shows: write it as "
                            "- text: ... with flag: <red flag id> or sign: <sign id> (not both)", entry=f.id, field=field)
        if lab.flag is not None and lab.flag not in where_flag:
            raise DataError(LABEL, f'label {n} shows the red flag "{lab.flag}", which is not in the flags of '
                            f'{t.id}\'s get_help cards in data/treatments.yml; fix the id, or update the label and drawing',
                            entry=f.id, field=f"{field}.flag", valid=sorted(where_flag), found=lab.flag)
        if lab.sign is not None and lab.sign not in where_sign:
            raise DataError(LABEL, f'label {n} shows the sign "{lab.sign}", which is not a sign id of {t.id}\'s '
                            "get_help cards in data/treatments.yml; fix the id, or update the label and drawing",
                            entry=f.id, field=f"{field}.sign", valid=sorted(where_sign), found=lab.sign)
        card = where_flag[lab.flag] if lab.flag is not None else where_sign[lab.sign]
        says_call = says_call_emergency(lab.text)
        if card.level == "emergency" and not says_call:
            raise DataError(LABEL, f'label {n} shows a sign of {t.id}\'s emergency card, so it must tell the reader '
                            f'to "{CALL_EMERGENCY} now"', entry=f.id, field=f"{field}.text")
        if card.level != "emergency" and says_call:
            raise DataError(LABEL, f"label {n} says to {CALL_EMERGENCY}, but its sign is on {t.id}'s {card.level} "
                            "card; make the label say what that card says, or move the sign", entry=f.id,
                            field=f"{field}.text")


def page_anchors(markdown: str, site) -> set[str]:
    if FILE not in site.data:
        return set()
    return {f"figure-{fid}" for fid in re.findall(r'\bfigure\(\s*["\']([a-z0-9-]+)["\']', markdown)}


# -- icon arrays ---------------------------------------------------------------------------

def icon_grid(value: float) -> dict:
    """How to draw `value` (a percentage) as people: 100 of them, or 1,000 when under 1 in 100.

    Returns the total, the columns, the marked count and the rectangles (in cells) that the
    template fills with the marked and the unmarked pattern: full rows, then the part row.
    """
    total = 1000 if value < 1 else 100
    cols = 40 if total == 1000 else 10
    marked = round(value * total / 100)
    if value > 0 and marked == 0:
        marked = 1
    rows = math.ceil(total / cols)
    full, rest = divmod(marked, cols)
    parts = []   # (kind, x, y, w, h) in cells
    if full:
        parts.append(("marked", 0, 0, cols, full))
    if rest:
        parts.append(("marked", 0, full, rest, 1))
        parts.append(("other", rest, full, cols - rest, 1))
    done = full + (1 if rest else 0)
    if done < rows:
        parts.append(("other", 0, done, cols, rows - done))
    return {"total": total, "cols": cols, "rows": rows, "marked": marked, "parts": parts}


def macros(site, env):
    known = by_id(site)

    def figure(figure_id: str):
        """A figure from data/figures.yml: the drawing, its numbered labels, caption and sources."""
        label, url = current_page(env)
        if figure_id not in known:
            raise DataError(label, f'figure("{figure_id}"): there is no figure with that id in {LABEL}',
                            valid=sorted(known), found=figure_id)
        f = known[figure_id]
        facts = site.figure_facts[figure_id]
        return site.renderer.render(
            "figure.html", f=f, src=relative_url(f"/assets/figures/{f.file}", url).rstrip("/"),
            width=round(facts["width"]), height=round(facts["height"]),
            refs=site.cite(f.sources) if f.sources and site.cite else [])

    def icon_array(number_id: str):
        """100 (or 1,000) people, the ones a number from data/numbers.yml is about filled in."""
        from . import numbers
        records = numbers.by_id(site)
        label, _ = current_page(env)
        if number_id not in records:
            raise DataError(label, f'icon_array("{number_id}"): there is no record with that id in {numbers.LABEL}',
                            valid=sorted(records), found=number_id)
        rec = records[number_id]
        if rec.kind != "frequency":
            raise DataError(label, f'icon_array("{number_id}"): the record is a {rec.kind}; an icon array shows '
                            "a frequency (how many in 100)", found=number_id)
        if not rec.sentence:
            raise DataError(numbers.LABEL, "an icon array needs the record's `sentence` (a whole sentence to show "
                            "beside the picture and to read out)", entry=number_id, field="sentence")
        if rec.is_bound:
            raise DataError(label, f'icon_array("{number_id}"): the words "{rec.say}" give a bound, not a number '
                            "of people to draw", found=number_id)
        # The words' rounding, not the raw value: "about 90 in 100" marks 90 people, never 91.
        return site.renderer.render("icon-array.html", rec=rec, grid=icon_grid(rec.said),
                                    refs=site.cite(rec.sources) if site.cite else [])

    return {"figure": figure, "icon_array": icon_array}
