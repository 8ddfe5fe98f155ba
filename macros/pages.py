"""Page front matter and the map of pages and anchors that links are checked against.

Every page must say who it is for (title, description) and how fresh it is
(reviewed, next_review, review_status), because a health page without a date
cannot be trusted. The map lets data files link to `/page/#anchor` safely.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from .errors import DataError
from .reviews import Reviewer
from .text import Model, PlainText

log = logging.getLogger("mkdocs.plugins.facial_spasm")

# `{ #id }` on a heading or block (attr_list). `{#` alone would open a Jinja comment.
_EXPLICIT_ID = re.compile(r"\{\s*#([A-Za-z0-9_-]+)[^}]*\}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
_PAGE_REF = re.compile(r"^/(?:[a-z0-9-]+/)*(?:#[a-z0-9-]+)?$")

# Characters a title or description never needs. The theme writes both into HTML (the
# description into an attribute); they are escaped there too (overrides/main.html).
_META_REFUSED = {"<": "<", ">": ">", "{": "{", "}": "}", "`": "`", "\\": "\\", "|": "|"}


def _meta_chars(value: str) -> str:
    bad = sorted({c for c in value if c in _META_REFUSED or (ord(c) < 32 and c not in "\n\t")})
    if bad:
        shown = " ".join(repr(c)[1:-1] if ord(c) < 32 else c for c in bad)
        raise ValueError(f"contains {shown}, which a title or description never needs; write plain words "
                         "(quotes and apostrophes are fine)")
    return value


MetaText = Annotated[PlainText, AfterValidator(_meta_chars)]


class PageMeta(Model):
    model_config = ConfigDict(extra="forbid")
    title: MetaText = Field(max_length=70)
    description: MetaText = Field(min_length=50, max_length=170,
                                  description="One or two sentences for search results and link previews.")
    reviewed: dt.date
    next_review: dt.date
    review_status: Literal["draft", "clinically-reviewed"]
    reviewer: Reviewer | None = Field(default=None, description="Who checked the page (name, role, registration, scope).")
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
    first_line: int = 1  # the line of the file where `markdown` starts (after the front matter)


def url_for(src: str) -> str:
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_H2 = re.compile(r"^##\s+(?!#)(.*?)\s*$")
_H2_ID = re.compile(r"\{ #[a-z0-9]+(?:-[a-z0-9]+)*(?: [^}]*)? \}$")
# What no page's Markdown may contain: it would run a script in every reader's browser.
_UNSAFE = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.I),
     lambda m: f"raw <{m.group(1).lower()}> in the page; scripts and embeds come from templates "
               "(overrides/) and docs/assets/js/, never from a page"),
    (re.compile(r"(?:<[a-zA-Z][^>]*?|\{:?[^}\n]*?)\s(on[a-zA-Z]+)\s*=", re.S),
     lambda m: f"an inline event handler ({m.group(1)}=) in the page; pages may not run scripts"),
    # In a link or an attribute only: "without JavaScript: yes" in prose is fine.
    (re.compile(r"(?:\]\(\s*<?|\]:\s*<?|\b(?:href|src|action|formaction|data)\s*=\s*[\"']?|<)\s*"
                r"(javascript|vbscript)\s*:", re.I),
     lambda m: f"a {m.group(1).lower()}: link in the page; link to a page or a web address instead"),
]


def markdown_lines(text: str):
    """(line number, line) for every line outside fenced code, with inline code blanked."""
    fenced = None
    for n, line in enumerate(text.splitlines(), 1):
        fence = _FENCE.match(line)
        if fence and (fenced is None or fence.group(1) == fenced):
            fenced = None if fenced else fence.group(1)
            continue
        if fenced is None:
            yield n, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def check_markdown(label: str, body: str, first_line: int) -> None:
    """Refuse scripts, event handlers and javascript: links, and ## headings without a stable id."""
    for n, line in markdown_lines(body):
        where = f"{label}, line {n + first_line - 1}"
        for pattern, problem in _UNSAFE:
            m = pattern.search(line)
            if m:
                raise DataError(where, problem(m))
        h2 = _H2.match(line)
        if h2 and not _H2_ID.search(line):
            hint = ("; write { #id } with a space: {# starts a template comment" if "{#" in line else "")
            raise DataError(where, f'the heading "{h2.group(1)}" has no stable id; write it as '
                            f"## {h2.group(1).split('{')[0].strip()} {{ #stable-id }} (a space after the brace), "
                            f"with an id made of a-z, 0-9 and hyphens{hint}")


def read_page(path: Path, label: str) -> str:
    from .data import read_text
    text = read_text(path, label)
    if text.startswith("\ufeff"):
        raise DataError(f"{label}, line 1", "the file starts with an invisible byte-order mark (BOM), which hides "
                        "the front matter; save the file as UTF-8 without BOM in your editor")
    return text


def load_pages(docs_dir: Path, today: dt.date | None = None) -> dict[str, PageInfo]:
    from .data import load_text
    today = today or dt.date.today()
    pages: dict[str, PageInfo] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        if src.startswith(("includes/", "assets/")):
            continue
        label = f"docs/{src}"
        text = read_page(path, label)
        # Parsed here rather than by MkDocs, which silently drops front matter with a YAML error.
        match = _FRONT_MATTER.match(text)
        body = text[match.end():] if match else text
        no_front_matter = DataError(label, "the page has no front matter (title, description, reviewed, "
                                           "next_review, review_status)")
        if not match:
            raise no_front_matter
        meta = load_text(match.group(1) or "", f"{label} (front matter)", PageMeta, first_line=2,
                         when_empty=no_front_matter)
        check_markdown(label, body, first_line=text[:match.end()].count("\n") + 1)
        # Review dates due or overdue are reported by scripts/reviews.py, never by failing this (strict) build.
        info = PageInfo(src=src, url=url_for(src), meta=meta, markdown=body,
                        first_line=text[:match.end()].count("\n") + 1)
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


# --- Template syntax in pages ------------------------------------------------------------
# mkdocs-macros runs every page through Jinja, so `{{ 2 * 3 }}` would be published as "6"
# and `{{a, b}}` as "(Undefined, Undefined)". A page may only call one of our macros with
# plain values ({{ cite("id") }}), or show a setting ({{ emergency.number }}). Braces meant
# as text go inside {% raw %} ... {% endraw %}.

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
RAW_HINT = "To show braces as text, write {% raw %}{{ like this }}{% endraw %}"


def _plain_value(node, variables: set[str]) -> bool:
    from jinja2 import nodes
    if isinstance(node, nodes.Const):
        return True
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return all(_plain_value(n, variables) for n in node.items)
    if isinstance(node, nodes.Concat):
        return all(_plain_value(n, variables) for n in node.nodes)
    if isinstance(node, nodes.Getattr):
        return _setting(node, variables)
    return False


def _setting(node, variables: set[str]) -> bool:
    """`emergency.number`: a name the site defines, and attributes of it."""
    from jinja2 import nodes
    while isinstance(node, nodes.Getattr):
        if node.attr.startswith("_"):
            return False
        node = node.node
    return isinstance(node, nodes.Name) and node.name in variables


def _snippet(markdown: str, lineno: int) -> str:
    lines = markdown.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    tag = _TAG.search(line)
    return " ".join((tag.group(0) if tag else line.strip()).split())[:80]


def check_template_syntax(page: PageInfo, macro_names: set[str], variables: set[str], jinja_env) -> None:
    """Stop on any template syntax in the page that is not a plain macro call or a setting."""
    from jinja2 import TemplateSyntaxError, nodes
    label = f"docs/{page.src}"
    shown = sorted(macro_names)

    def where(lineno: int) -> str:
        return f"{label}, line {lineno + page.first_line - 1}"

    try:
        tree = jinja_env.parse(page.markdown)
    except TemplateSyntaxError as exc:
        message = exc.message or ""
        if "comment" in message:
            message = "a {# is not closed; {# starts a template comment: write a heading id as { #id }, with a space"
        elif "end of print statement" in message or "unexpected end of template" in message or "unexpected '}'" in message:
            message = "a {{ or {% on this line is not closed, or holds more than one macro call"
        raise DataError(where(exc.lineno), f"template syntax error: {message}. {RAW_HINT}") from None
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            raise DataError(where(statement.lineno), f'"{_snippet(page.markdown, statement.lineno)}": a page may '
                            "not use {% ... %} template statements, only macro calls like "
                            '{{ cite("source-id") }}. ' + RAW_HINT)
        for node in statement.nodes:
            if isinstance(node, nodes.TemplateData):
                continue
            text = _snippet(page.markdown, node.lineno)
            if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
                name = node.node.name
                if name not in macro_names:
                    raise DataError(where(node.lineno), f'"{text}": {name} is not one of the site\'s macros',
                                    valid=shown, found=name)
                args = [*node.args, *(k.value for k in node.kwargs)]
                if node.dyn_args or node.dyn_kwargs or not all(_plain_value(a, variables) for a in args):
                    raise DataError(where(node.lineno), f'"{text}": give {name}() plain values only, in quotes, '
                                    f'like {name}("an-id"); no arithmetic or other expressions')
                continue
            if _setting(node, variables) and isinstance(node, nodes.Getattr):
                continue
            raise DataError(where(node.lineno), f'"{text}" is not a call of one of the site\'s macros, so it would '
                            'be published as computed text; a page may only call a macro, like {{ cite("source-id") }}, '
                            "or show a setting, like {{ emergency.number }}. " + RAW_HINT, valid=shown)


def _jinja_options(env) -> dict:
    return {k.split("_", 1)[1]: v for k, v in env.config.items() if k.startswith("j2_") and v}


def page_jinja(env):
    """A Jinja environment that parses pages as mkdocs-macros does (same delimiters)."""
    from jinja2 import Environment
    return Environment(**_jinja_options(env))


def check_pages_template_syntax(pages, macro_names: set[str], variables: set[str], env) -> None:
    """check_template_syntax for each page. A page that passed with the same Markdown, the same
    macros and settings, and the same Jinja options is not parsed again (parsing every page was
    a thirtieth of a build): the key is all of those and this file (macros/data.py Memo). A page
    that fails is never kept, so its message is worded afresh on every build."""
    import jinja2

    from .data import Memo
    memo = Memo("page-template-syntax", [Path(__file__)], f"jinja2=={jinja2.__version__}")
    context = json.dumps([sorted(macro_names), sorted(variables), sorted(_jinja_options(env).items())], default=str)
    jinja = []

    def parse(page: PageInfo) -> bool:
        if not jinja:
            jinja.append(page_jinja(env))
        check_template_syntax(page, macro_names, variables, jinja[0])
        return True

    for page in pages:
        memo(context + "\0" + page.markdown, lambda _text, page=page: parse(page))
    memo.save()
