"""Text types shared by every data model, and the inline-Markdown renderer.

Editors may use inline Markdown (bold, italics) in data text, never raw HTML:
HTML would bypass the escaping that keeps a typo from breaking a page, and links
go through `PageRef` fields so they can be checked and made relative per page.
"""
from __future__ import annotations

import atexit
import functools
import html
import re
from pathlib import Path
from typing import Annotated

import markdown
from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from .data import Memo

class Model(BaseModel):
    """The base of every data model. Each model's validator is built the first time it validates,
    not when its module is imported: a build whose data comes from the cache (macros/data.py)
    never builds most of them (that was a twentieth of a build, bench/profile.md). A model's
    own `model_config` (extra="forbid") is merged with this one."""
    model_config = ConfigDict(defer_build=True)


_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>?")
_MD_LINK = re.compile(r"\]\(")
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _no_html(value: str) -> str:
    if _HTML_TAG.search(value):
        raise ValueError("contains HTML; write plain text (inline Markdown such as **bold** is allowed)")
    return value


def _no_md_links(value: str) -> str:
    if _MD_LINK.search(value):
        raise ValueError("contains a Markdown link; use the entry's `link` field instead so the link is checked")
    return value


def _one_line(value: str) -> str:
    return " ".join(value.split())


# The description is what an editor's YAML plug-in shows (data/schema/), and the rule in words.
Slug = Annotated[str, StringConstraints(pattern=SLUG, min_length=1, max_length=60),
                 Field(description="An id: only a-z, 0-9 and single hyphens between words, like eyelid-twitching.")]
PlainText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                      AfterValidator(_no_html), AfterValidator(_one_line)]
InlineMarkdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                           AfterValidator(_no_html), AfterValidator(_no_md_links),
                           AfterValidator(_one_line)]

_md = None  # made on first use: most texts come from the memo below


def _render(text: str) -> str:
    global _md
    if _md is None:
        _md = markdown.Markdown(extensions=["smarty"])
    _md.reset()
    out = _md.convert(html.escape(text, quote=False))
    return re.sub(r"^<p>(.*)</p>$", r"\1", out.strip(), flags=re.S)


# The same text gives the same HTML: kept between builds (a tenth of a build, bench/profile.md).
_MEMO = Memo("inline-markdown", [Path(__file__)], f"markdown=={markdown.__version__}")
atexit.register(_MEMO.save)


@functools.lru_cache(maxsize=8192)  # the same text recurs on many pages; Markup is immutable
def render_inline(text: str) -> Markup:
    """Inline Markdown to safe HTML: the text is escaped first, so only Markdown survives."""
    return Markup(_MEMO(text, _render))
