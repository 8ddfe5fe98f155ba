"""Clinic links: short links (/go/<code>/), and the /for-clinicians/ list of every
page and section with its full address, short link and QR code.

data/links.yml maps a short code to a page or section ("/when-to-get-help/#emergency").
Every target is checked here at build time: an unknown page or section stops the
build. The redirect pages themselves are plain files written after the build by
scripts/postbuild.py from overrides/partials/short-link.html (they are not pages
of the site, and macros use `define_env` only).

`{{ handout_builder() }}` draws the "Make a handout" tool on /for-clinicians/: a clinician
ticks short links of data/links.yml, adds a note and prints one sheet with a QR code for
each (docs/assets/js/handout-builder.js; all in the browser, nothing sent; a set is kept
only if the clinician saves it). The tool is fetched when the clinician opens it: the page
itself carries only a button (see overrides/partials/handout-builder.html). Each pick's one-line description is the page's own
description, or the first sentence of the section: nothing is retyped.

`{{ clinic_links() }}` draws the link cards on /for-clinicians/; its copy buttons
come from docs/assets/js/clinic-links.js, loaded only on that page. The cards' QR
codes are SVG files under /qr/, written by scripts/qr_files.py after the build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .printing import canonical_url, qr_size, site_url
from .templates import relative_url
from .text import Model, PlainText, Slug

FILE = "links.yml"
LABEL = "data/links.yml"
PREFIX = "go"  # short links live at /go/<code>/
QR_DIR = "qr"  # section QR codes live at /qr/<slug>.svg (scripts/qr_files.py writes them)
QR_ERROR = "l"
MAX_PICKS = 8  # what fits one sheet of the handout builder, with a QR code each
# The builder's tool (its picks, note, buttons and sheet), moved out of the published page into this
# file beside it by scripts/handout_builder.py; handout-builder.js fetches it when the tool is opened.
BUILDER_PARTS_FILE = "handout-builder.json"


def qr_file_path(data: str) -> str:
    """Where the QR code file for `data` (a full address) lives: "/qr/<name>.svg", the name
    made from the address's path and, after "--", its anchor, so it is the same on every
    build and a section never shares a name with a page ("https://x/self-care/#sleep" ->
    "/qr/self-care--sleep.svg", "https://x/#about" -> "/qr/home--about.svg", "https://x/about/"
    -> "/qr/about.svg"). scripts/qr_files.py stops the build if two addresses ever share one.
    """
    tail = re.sub(r"^[a-z]+://[^/]*/", "", data)
    path, _, anchor = tail.partition("#")
    name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-").lower() or "home"
    if anchor:
        name += "--" + re.sub(r"[^A-Za-z0-9]+", "-", anchor).strip("-").lower()
    return f"/{QR_DIR}/{name}.svg"


# A section clinics can link to: a level-2 heading with a stable id, `## Sleep { #sleep }`.
_SECTION = re.compile(r"^##[ \t]+(?P<title>.+?)[ \t]*\{[ \t]*#(?P<id>[A-Za-z0-9_-]+)[^}\n]*\}[ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)


class ShortLink(Model):
    model_config = ConfigDict(extra="forbid")
    code: Slug = Field(description="The short link, /go/<code>/. Clinics print it: never reuse or rename one.")
    to: str = Field(pattern=r"^/", description="A page, like /self-care/, or a section, like /self-care/#sleep.")
    note: PlainText | None = Field(default=None, description="Why this link exists, for editors (not shown).")


class LinksFile(Model):
    model_config = ConfigDict(extra="forbid")
    links: list[ShortLink] = Field(min_length=1)


MODEL = LinksFile


@dataclass
class Section:
    id: str
    title: str


def sections(markdown: str) -> list[Section]:
    """The linkable sections of a page: level-2 headings with an explicit id, in page order."""
    text = _FENCE.sub("", markdown)
    return [Section(id=m["id"], title=m["title"].strip()) for m in _SECTION.finditer(text)]


_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def section_intro(markdown: str, anchor: str) -> str | None:
    """The first sentence (two if it is short) of a section's first paragraph, as plain text (None if none)."""
    text = _FENCE.sub("", markdown)
    found = next((m for m in _SECTION.finditer(text) if m["id"] == anchor), None)
    if not found:
        return None
    for block in re.split(r"\n\s*\n", text[found.end():]):
        block = block.strip()
        if block.startswith("#"):
            return None  # the next heading: the section has no paragraph of its own
        if not block or block.startswith(("{{", "{%", "!!!", "???", "|", "<", "- ", "* ", ":")) or re.match(r"\d+\. ", block):
            continue
        plain = _MD_LINK.sub(r"\1", _MACRO.sub("", block))
        plain = re.sub(r"[*_`]+", "", plain)
        plain = " ".join(plain.split())
        if plain.endswith(":"):
            continue  # "Common triggers are:" leads into a list, which says too much for one line
        if plain:
            # The first sentence, or the first two if the first is very short ("Hemi" means half.).
            first = _SENTENCE_END.split(plain)
            return first[0] if len(first[0]) >= 40 or len(first) == 1 else " ".join(first[:2])
    return None


def short_path(code: str) -> str:
    return f"/{PREFIX}/{code}/"


def check(site) -> None:
    links = site.data[FILE].links
    unique_ids(LABEL, links, what="code")
    for link in links:
        check_ref(site, link.to, LABEL, link.code, "to")
    clash = sorted(u for u in site.pages if u == f"{PREFIX}/" or u.startswith(f"{PREFIX}/"))
    if clash:
        raise DataError(f"docs/{site.pages[clash[0]].src}",
                        f"pages under /{PREFIX}/ would clash with the short links; move the page")


def nav_order(nav, pages) -> list[str]:
    """Page URLs in the order of the navigation, then any page the navigation leaves out."""
    from .pages import url_for
    order: list[str] = []

    def walk(item):
        if isinstance(item, str):
            if item.endswith(".md"):
                order.append(url_for(item))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav or [])
    seen = [u for u in dict.fromkeys(order) if u in pages]
    return seen + sorted(u for u in pages if u not in seen)


def macros(site, env):
    base = site_url(env.conf)
    codes: dict[str, str] = {}  # target -> first code that points at it
    for link in site.data[FILE].links:
        codes.setdefault(link.to, link.code)

    def _card(ref: str, here: str, title: str, page_title: str | None = None) -> dict:
        full = canonical_url(base, ref)
        code = codes.get(ref)
        short = canonical_url(base, short_path(code)) if code else None
        # The QR code holds the short link where there is one: fewer dots, easier to scan from paper.
        scan = short or full
        card = {"ref": ref, "title": title, "page_title": page_title, "full": full, "short": short,
                "href": relative_url(ref, here), "scan": scan,
                "short_href": relative_url(short_path(code), here) if code else None}
        # Every card's code is a small SVG file loaded lazily (scripts/qr_files.py writes it after
        # the build, from the img's src and alt): inline, some 170 codes made the page too heavy.
        # Error correction L: /for-clinicians/ shows a code for every section, so each must be small.
        card["qr_src"] = relative_url(qr_file_path(scan), here)
        card["qr_size"] = qr_size(scan, error=QR_ERROR)
        return card

    def clinic_links():
        """A link card for every page and every section: full address, short link, QR code, copy buttons."""
        _, here = current_page(env)
        groups = []
        for url in nav_order(env.conf.get("nav"), site.pages):
            page = site.pages[url]
            ref = "/" + url
            groups.append({
                "page": _card(ref, here, page.meta.title),
                "sections": [_card(f"{ref}#{s.id}", here, s.title, page.meta.title)
                             for s in sections(page.markdown) if s.id in page.anchors],
            })
        return site.renderer.render("clinic-links.html", groups=groups)

    def handout_builder():
        """The "Make a handout" tool: every short link of data/links.yml to pick, with what the sheet shows."""
        _, here = current_page(env)
        picks, seen = [], set()
        for link in site.data[FILE].links:
            if link.to in seen:
                continue
            seen.add(link.to)
            path, _, anchor = link.to.lstrip("/").partition("#")
            page = site.pages[path]
            title, description = page.meta.title, page.meta.description
            if anchor:
                section = next((s for s in sections(page.markdown) if s.id == anchor), None)
                title = f"{section.title if section else anchor} ({page.meta.title})"
                description = section_intro(page.markdown, anchor) or page.meta.description
            short = canonical_url(base, short_path(link.code))
            picks.append({"code": link.code, "title": title, "description": description, "short": short,
                          "full": canonical_url(base, link.to), "group": page.meta.title,
                          "qr_src": relative_url(qr_file_path(short), here), "qr_size": qr_size(short, error=QR_ERROR)})
        # Grouped by page, in the order of the navigation.
        order = {site.pages[u].meta.title: i for i, u in enumerate(nav_order(env.conf.get("nav"), site.pages))}
        groups: dict[str, list] = {}
        for p in sorted(picks, key=lambda p: order.get(p["group"], len(order))):
            groups.setdefault(p["group"], []).append(p)
        return site.renderer.render("handout-builder.html", groups=[{"title": t, "picks": ps} for t, ps in groups.items()], emergency=site.emergency,
                                    site_url=base, site_name=env.conf.get("site_name", ""), max_picks=MAX_PICKS,
                                    parts_file=BUILDER_PARTS_FILE)

    return {"clinic_links": clinic_links, "handout_builder": handout_builder}
