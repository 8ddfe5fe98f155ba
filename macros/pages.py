"""Page front matter and the map of pages and anchors that links are checked against.

Every page must say who it is for (title, description) and how fresh it is
(reviewed, next_review, review_status), because a health page without a date
cannot be trusted. The map lets data files link to `/page/#anchor` safely.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import DataError
from .text import PlainText

log = logging.getLogger("mkdocs.plugins.facial_spasm")

# `{ #id }` on a heading or block (attr_list). `{#` alone would open a Jinja comment.
_EXPLICIT_ID = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
_PAGE_REF = re.compile(r"^/(?:[a-z0-9-]+/)*(?:#[a-z0-9-]+)?$")


class PageMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: PlainText = Field(max_length=70)
    description: PlainText = Field(min_length=50, max_length=170,
                                   description="One or two sentences for search results and link previews.")
    reviewed: dt.date
    next_review: dt.date
    review_status: Literal["draft", "clinically-reviewed"]
    reviewer: PlainText | None = Field(default=None, description="Name and role of the clinician who reviewed it.")
    # Material's own front matter keys that pages may use.
    hide: list[Literal["navigation", "toc", "footer", "feedback", "path", "tags"]] | None = None
    search: dict | None = None

    @model_validator(mode="after")
    def _review_is_consistent(self):
        if self.next_review <= self.reviewed:
            raise ValueError("next_review must come after reviewed")
        if self.review_status == "clinically-reviewed" and not self.reviewer:
            raise ValueError("a clinically-reviewed page must name its reviewer")
        if self.review_status == "draft" and self.reviewer:
            raise ValueError("a draft page has no reviewer yet; set review_status to clinically-reviewed")
        return self


@dataclass
class PageInfo:
    src: str           # docs-relative source path, e.g. "treatments/surgery.md"
    url: str           # site-relative URL, e.g. "treatments/surgery/"
    meta: PageMeta
    markdown: str
    anchors: set[str] = field(default_factory=set)


def url_for(src: str) -> str:
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def load_pages(docs_dir: Path, today: dt.date | None = None) -> dict[str, PageInfo]:
    from .data import parse_yaml, validate
    today = today or dt.date.today()
    pages: dict[str, PageInfo] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src.startswith(("includes/", "assets/")):
            continue
        label = f"docs/{src}"
        text = path.read_text(encoding="utf-8")
        # Parsed here rather than by MkDocs, which silently drops front matter with a YAML error.
        match = _FRONT_MATTER.match(text)
        raw = parse_yaml(match.group(1) or "", f"{label} (front matter)", first_line=2) if match else None
        body = text[match.end():] if match else text
        if not raw:
            raise DataError(label, "the page has no front matter (title, description, reviewed, next_review, review_status)")
        meta = validate(f"{label} (front matter)", raw, PageMeta)
        if meta.next_review < today:
            log.warning("%s: the review of this page was due on %s. Review it, then update reviewed and next_review.",
                        label, meta.next_review.isoformat())
        info = PageInfo(src=src, url=url_for(src), meta=meta, markdown=body)
        info.anchors = set(_EXPLICIT_ID.findall(body))
        pages[info.url] = info
    return pages


def check_ref(site, ref: str, file: str, entry: str, field_name: str) -> None:
    """Fail unless `ref` ("/page/#anchor") names a page (and anchor) that exists."""
    if not _PAGE_REF.match(ref):
        raise DataError(file, f'"{ref}" is not a page link; write it like /self-care/ or /self-care/#sleep',
                        entry=entry, field=field_name)
    path, _, anchor = ref.lstrip("/").partition("#")
    page = site.pages.get(path)
    if page is None:
        raise DataError(file, f'links to the page "/{path}", which does not exist', entry=entry, field=field_name,
                        valid=["/" + u for u in sorted(site.pages)], found="/" + path)
    if anchor and anchor not in page.anchors:
        raise DataError(file, f'links to "#{anchor}" on /{path}, but that page has no such anchor',
                        entry=entry, field=field_name, valid=sorted(page.anchors), found=anchor)


def current_page(env):
    """The page being rendered, as (label, url), for messages and relative links."""
    page = env.page
    # MkDocs' page has file.src_path; Zensical's has path (the same docs-relative path) and url.
    src = page.file.src_path if getattr(page, "file", None) is not None else page.path
    return f"docs/{src}", page.url
