"""Checklists: lists a reader ticks through on screen and a clinic prints as a handout.

Every list lives in data/checklists.yml and is rendered into a page with
`{{ checklist("id") }}`. A list is either ticked items or a fillable diary (a
table with one row per day). A long list comes in `groups` (a heading and at most
7 items each) instead of `items`; a group's heading is not part of the list's
version, so stored ticks survive regrouping. Items of the red-flag list are not retyped: they
name a record of data/red-flags.yml (`- flag: face-drooping`) and take its
words and level from there, and the advice shown for the most urgent tick is
that file's `advice`.

The HTML is overrides/partials/checklist.html; docs/assets/js/checklist.js adds
remembering ticks (in this browser only), Clear, Print, progress and the live
result; docs/assets/css/checklist.css styles screen and paper. Both load only
on pages that contain a checklist (see overrides/main.html).
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Discriminator, Field, Tag, model_validator

from . import red_flags as red_flags_component
from . import sources as sources_component
from .data import unique_ids
from .errors import DataError
from .levels import CALL_EMERGENCY, LABELS, LEVELS, RANK, most_urgent, says_call_emergency
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug

FILE = "checklists.yml"
LABEL = "data/checklists.yml"


class TextItem(Model):
    """An item written in this file."""
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Stable id: ticks are remembered under it. Never reuse an id for a different item.")
    text: InlineMarkdown = Field(description="What to do or check, in plain words. Inline Markdown (**bold**) is allowed.")
    hint: PlainText | None = Field(default=None, description="One short line of help shown under the item.")
    link: str | None = Field(default=None, pattern=r"^/", description="A page and section that explains it, like /self-care/#sleep.")
    link_text: PlainText | None = Field(default=None, description='The words of the link, e.g. "Sleep tips". Needed with link.')
    sources: list[Slug] = Field(default_factory=list, description="Ids from data/sources.yml for any fact the item states.")
    flags: list[Slug] = Field(default_factory=list, description="The red flags of data/red-flags.yml that the text sums up, "
                              "by id. The build checks they exist, and that the text says to call the emergency number "
                              "exactly when every one of them is an emergency.")



class FlagItem(Model):
    """An item that is a record of data/red-flags.yml: its words and level come from there."""
    model_config = ConfigDict(extra="forbid")
    flag: Slug = Field(description="The id of a red flag in data/red-flags.yml. Its sign, help and level are used as they are.")

    @model_validator(mode="before")
    @classmethod
    def _nothing_retyped(cls, value):
        if isinstance(value, dict):
            extra = sorted(k for k in value if k != "flag")
            if extra:
                raise ValueError(f"a red-flag item takes its words and level from data/red-flags.yml, so write "
                                 f"only - flag: id; remove {', '.join(extra)}")
        return value

    @property
    def id(self) -> str:
        return self.flag


def _item_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "FlagItem" if "flag" in value else "TextItem"
    return "FlagItem" if isinstance(value, FlagItem) else "TextItem"


Item = Annotated[Union[Annotated[TextItem, Tag("TextItem")], Annotated[FlagItem, Tag("FlagItem")]],
                 Discriminator(_item_kind)]


MAX_GROUP_ITEMS = 7  # a reader takes in a list of 7 or fewer at a glance (CDC Clear Communication Index, item 8)


class Group(Model):
    """A part of a long list, under its own heading."""
    model_config = ConfigDict(extra="forbid")
    heading: PlainText = Field(max_length=60, description="A short heading that says what the items have in common, e.g. 'Sleep and drinks'.")
    items: list[Item] = Field(min_length=1, description=f"The things to tick in this group, in order: {MAX_GROUP_ITEMS} at most.")

    @model_validator(mode="after")
    def _short(self):
        if len(self.items) > MAX_GROUP_ITEMS:
            raise ValueError(f'the group "{self.heading}" has {len(self.items)} items; a group holds '
                             f"{MAX_GROUP_ITEMS} at most, so split it into two groups with their own headings")
        return self


class Result(Model):
    """What the list says back to the reader as they tick."""
    model_config = ConfigDict(extra="forbid")
    advice: Literal["red-flags"] = Field(
        description="red-flags: show the advice of data/red-flags.yml for the most urgent sign ticked.")
    nothing_ticked: PlainText = Field(description="What to do when no sign is ticked, including if things change.")


class DiaryColumn(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    label: PlainText = Field(description="Column heading, e.g. 'Where on your face'.")
    hint: PlainText | None = Field(default=None, description="Example answers, shown under the heading.")
    numeric: bool = Field(default=False, description="True for a number (shows a number keypad on phones).")
    width: int = Field(default=18, ge=5, le=60, description="Share of the table width, in percent (all columns: 90 at most).")


class Diary(Model):
    model_config = ConfigDict(extra="forbid")
    days: int = Field(ge=1, le=31, description="How many rows, one per day.")
    row_label: PlainText = Field(default="Day", description="Words before the row number, e.g. 'Day'.")
    columns: list[DiaryColumn] = Field(min_length=1)

    @model_validator(mode="after")
    def _fits_the_page(self):
        total = sum(c.width for c in self.columns)
        if total > 90:
            raise ValueError(f"the column widths add up to {total}%; keep them at 90 or less "
                             "(the day column takes the other 10%)")
        return self


class Checklist(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description='What pages use: {{ checklist("id") }}. Also part of where ticks are remembered.')
    title: PlainText = Field(max_length=80, description="Shown as the legend of the list.")
    intro: InlineMarkdown = Field(description="One or two sentences: what the list is for and how to use it.")
    items: list[Item] = Field(default_factory=list, description="The things to tick, in order. Use items or groups, not both. Not used by a diary.")
    groups: list[Group] = Field(default_factory=list, description="A long list in parts, each with a heading and its items. Use groups or items, not both.")
    diary: Diary | None = Field(default=None, description="Makes this a fillable diary table instead of ticked items.")
    result: Result | None = Field(default=None, description="Optional: advice that changes with what is ticked.")

    @model_validator(mode="after")
    def _items_or_groups(self):
        if self.items and self.groups:
            raise ValueError("a checklist has items or groups, not both; move the items into a group "
                             "(groups: - heading: ... items: ...), or remove groups")
        return self

    @property
    def all_items(self) -> list:
        """Every item in order, with or without groups."""
        return [it for g in self.groups for it in g.items] if self.groups else list(self.items)

    def item_places(self) -> list[tuple[str, Any]]:
        """(field path, item) for every item, for error messages."""
        if self.groups:
            return [(f"groups[{g}].items[{i}]", it) for g, grp in enumerate(self.groups) for i, it in enumerate(grp.items)]
        return [(f"items[{i}]", it) for i, it in enumerate(self.items)]


class ChecklistsFile(Model):
    model_config = ConfigDict(extra="forbid")
    checklists: list[Checklist] = Field(min_length=1)


MODEL = ChecklistsFile


# --- checks across files ------------------------------------------------------

def check(site) -> None:
    data: ChecklistsFile = site.data[FILE]
    unique_ids(LABEL, data.checklists)
    flags_by_id = {f.id: f for f in site.data[red_flags_component.FILE].red_flags}
    flags = set(flags_by_id)
    for cl in data.checklists:
        items = cl.all_items
        if cl.diary is None and not items:
            raise DataError(LABEL, "a checklist needs items (or groups, or a diary)", entry=cl.id, field="items")
        if cl.diary is not None and (items or cl.result):
            raise DataError(LABEL, "a diary has columns only; remove items, groups and result, or remove diary",
                            entry=cl.id, field=("groups" if cl.groups else "items") if items else "result")
        unique_ids(LABEL, items, parent=cl.id)
        if cl.diary:
            unique_ids(LABEL, cl.diary.columns, parent=cl.id)
        for where, item in cl.item_places():
            if isinstance(item, FlagItem):
                if item.flag not in flags:
                    raise DataError(LABEL, f'names the red flag "{item.flag}", which is not in data/red-flags.yml',
                                    entry=cl.id, field=f"{where}.flag", valid=sorted(flags), found=item.flag)
                continue
            if item.link and not item.link_text:
                raise DataError(LABEL, f'the item "{item.id}" has a link but no link_text, the words a reader '
                                "sees and clicks", entry=cl.id, field=f"{where}.link_text")
            if item.link_text and not item.link:
                raise DataError(LABEL, f'the item "{item.id}" has link_text but no link',
                                entry=cl.id, field=f"{where}.link")
            sources_component.require(site, item.sources, LABEL, cl.id, f"{where}.sources")
            _check_summed_flags(item, flags_by_id, cl.id, where)
            if item.link:
                check_ref(site, item.link, LABEL, cl.id, f"{where}.link")
        for g, grp in enumerate(cl.groups):
            levels = {flags_by_id[it.flag].level for it in grp.items if isinstance(it, FlagItem) and it.flag in flags_by_id}
            if not levels:
                continue
            if len(levels) > 1:
                raise DataError(LABEL, f'the group "{grp.heading}" mixes red flags of levels {", ".join(sorted(levels))}; '
                                "put each level in its own group", entry=cl.id, field=f"groups[{g}].items")
            word = LABELS[levels.pop()]
            if not grp.heading.startswith(word):
                raise DataError(LABEL, f'the group "{grp.heading}" holds red flags marked {word}, so its heading must '
                                f'start with "{word}" (the items show no level of their own); e.g. "{word}: ..."',
                                entry=cl.id, field=f"groups[{g}].heading")
        if cl.result is not None:
            plain = [it.id for it in items if not isinstance(it, FlagItem)]
            if plain:
                raise DataError(LABEL, "a list with red-flag advice may only hold red flags (- flag: id), "
                                f"so every item has a level; these do not: {', '.join(plain)}",
                                entry=cl.id, field="items")
            listed = {it.flag for it in items}
            missing = [f.id for f in site.data[red_flags_component.FILE].red_flags if f.id not in listed]
            if missing:
                raise DataError(LABEL, "a list with red-flag advice must include every red flag, so no warning "
                                f"sign is left out; add - flag: {', - flag: '.join(missing)}",
                                entry=cl.id, field="groups" if cl.groups else "items")


def _check_summed_flags(item: TextItem, flags_by_id: dict, checklist_id: str, where: str) -> None:
    """A text item that sums up red flags (flags: [...]) keeps their level: it says "call the emergency
    number" when, and only when, every one of them is an emergency."""
    if not item.flags:
        return
    for fid in item.flags:
        if fid not in flags_by_id:
            raise DataError(LABEL, f'the item "{item.id}" names the red flag "{fid}", which is not in '
                            "data/red-flags.yml; fix the id, or remove it and the words about it from the text",
                            entry=checklist_id, field=f"{where}.flags", valid=sorted(flags_by_id), found=fid)
    says_call = says_call_emergency(item.text)
    other = [f"{fid} ({flags_by_id[fid].level})" for fid in item.flags if flags_by_id[fid].level != "emergency"]
    if says_call and other:
        raise DataError(LABEL, f'the item "{item.id}" tells the reader to {CALL_EMERGENCY}, but these red flags '
                        f"are not emergencies in data/red-flags.yml: {', '.join(other)}; take them out of the "
                        "item's flags and text, or give the item its own words for their level",
                        entry=checklist_id, field=f"{where}.flags")
    if not says_call and not other:
        raise DataError(LABEL, f'the item "{item.id}" sums up emergency red flags ({", ".join(item.flags)}), so its '
                        f'text must tell the reader to "{CALL_EMERGENCY} now"',
                        entry=checklist_id, field=f"{where}.text")


_CALL = re.compile(r"""\bchecklist\(\s*["']([a-z0-9-]+)["']\s*\)""")


def page_anchors(markdown: str, site) -> set[str]:
    """Each checklist on a page can be linked to as #checklist-<id>."""
    return {anchor(cid) for cid in _CALL.findall(markdown)}


def anchor(checklist_id: str) -> str:
    return f"checklist-{checklist_id}"


# --- rendering ----------------------------------------------------------------

def _resolved_items(site, cl: Checklist, page_url: str, items: list | None = None) -> list[dict]:
    """What the template shows for each item, with red flags looked up."""
    out = []
    for item in cl.all_items if items is None else items:
        if isinstance(item, FlagItem):
            flag = red_flags_component.flag(site, item.flag)
            out.append({"id": flag.id, "text": flag.sign, "hint": flag.help, "level": flag.level,
                        "link": None, "link_text": None, "sources": []})
        else:
            out.append({"id": item.id, "text": item.text, "hint": item.hint, "level": None,
                        "link": relative_url(item.link, page_url) if item.link else None,
                        "link_text": item.link_text, "sources": list(item.sources)})
    return out


def version(cl: Checklist, items: list[dict]) -> str:
    """A short hash of what the reader sees: edit a list and old ticks are not restored onto it."""
    content = {"id": cl.id, "items": [{k: it[k] for k in ("id", "text", "level")} for it in items],
               "diary": cl.diary.model_dump() if cl.diary else None}
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:10]


def macros(site, env):
    data: ChecklistsFile = site.data[FILE]
    by_id = {cl.id: cl for cl in data.checklists}
    rendered: dict[tuple[str, str], int] = {}  # (page, checklist id) -> times shown on that page so far

    def checklist(checklist_id: str):
        """A checklist (or diary) from data/checklists.yml."""
        label, url = current_page(env)
        cl = by_id.get(checklist_id)
        if cl is None:
            raise DataError(label, f'checklist("{checklist_id}"): there is no checklist with that id in {LABEL}',
                            valid=sorted(by_id), found=checklist_id)
        key = (label, cl.id)
        n = rendered[key] = rendered.get(key, 0) + 1
        # Ids start with the list's id, so they stay unique when a page shows several lists;
        # a list shown twice on one page gets a number from its second time on.
        prefix = f"fsg-{cl.id}" if n == 1 else f"fsg-{cl.id}-{n}"
        # Each group's items, in order; a list without groups is one group with no heading.
        groups = [{"heading": g.heading, "items": _resolved_items(site, cl, url, g.items)} for g in cl.groups] \
            or [{"heading": None, "items": _resolved_items(site, cl, url)}]
        items = [it for g in groups for it in g["items"]]
        for it in items:
            it["refs"] = site.cite(it["sources"]) if it["sources"] else []
        result = None
        if cl.result is not None:
            advice = site.data[red_flags_component.FILE].advice
            present = {it["level"] for it in items}
            levels = [lvl for lvl in LEVELS if lvl in present]
            result = {"levels": levels, "advice": advice, "nothing_ticked": cl.result.nothing_ticked,
                      "rank": RANK, "most_urgent": most_urgent(levels)}
        return site.renderer.render(
            "checklist.html", cl=cl, groups=groups, prefix=prefix, anchor=anchor(cl.id) if n == 1 else prefix,
            version=version(cl, items), result=result, emergency=site.emergency, level_labels=LABELS)

    return {"checklist": checklist}
