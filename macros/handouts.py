"""Handouts: the pages a clinic prints and hands out, as PDFs in A4 and US Letter.

data/handouts.yml lists them: which page, its title on paper, and how many sheets
of paper it may take (printed on both sides). `make handouts` (scripts/handouts.py)
prints each page with Chromium into the built site at /handouts/ and stops with an
error when a handout is longer than its limit, so the limit shown on /handouts/ is
a promise the build keeps.

`{{ handouts_list() }}` lists them on /handouts/. Each listed page shows a
"Download printable handout (PDF)" link: the theme (overrides/partials/handout-link.html)
reads `config.extra.fsg_handouts`, which this component fills at build time.

The PDFs exist only after `make handouts`, so only a build made for them links to
them: `extra.handout_pdfs: true`, set by mkdocs-handouts.yml, the configuration
`make handouts` builds with. Any other build (`make build`, `make serve`) links to
/handouts/#get-the-pdfs instead, which says where the PDF files are: no dead link.

Every handout also comes as a one-page summary (`summary` in data/handouts.yml):
the main message of the page, 3 to 5 things to do and the warning signs, each taken
from data (checklists, red-flag advice and signs), never retyped. scripts/handouts.py
prints it to handouts/<id>-summary-letter.pdf and <id>-summary-a4.pdf and stops if
one runs onto a second page.
"""
from __future__ import annotations

import posixpath
import re
from typing import Literal

from pydantic import ConfigDict, Field

from .data import unique_ids
from .errors import DataError
from .pages import check_ref, current_page
from .templates import relative_url
from .text import Model, PlainText, Slug

FILE = "handouts.yml"
LABEL = "data/handouts.yml"
EXTRA_KEY = "fsg_handouts"
# Paper sizes, in the order links are shown: US Letter first (the configured region is the US and Canada).
SIZES = {"letter": "US Letter", "a4": "A4"}
PAGES_PER_SHEET = 2  # printed on both sides
FOLDER = "handouts"


# A thing to do, named by where it lives in data: "checklist:<list id>/<item id>" (an item of
# data/checklists.yml) or "advice:<level>/<step number>" (a step of the advice in data/red-flags.yml).
_DO = r"^(checklist:[a-z0-9-]+/[a-z0-9-]+|advice:(emergency|urgent|soon|self-care)/[1-9])$"
SUMMARY_MAX_PAGES = 1
# The offline copy of the whole guide (`make offline`, scripts/offline.py) is made into DIST_ZIP;
# a build of the published site then offers it at OFFLINE_ZIP (copied by scripts/postbuild.py).
OFFLINE_ZIP_NAME = "facial-spasm-guide-offline.zip"
DIST_ZIP = f"dist/{OFFLINE_ZIP_NAME}"
OFFLINE_ZIP = f"downloads/{OFFLINE_ZIP_NAME}"
NO_PDFS_ANCHOR = "get-the-pdfs"  # the section of /handouts/ that says where the PDF files are


class Summary(Model):
    model_config = ConfigDict(extra="forbid")
    do: list[str] = Field(min_length=3, max_length=5, description=(
        'The 3 to 5 things to do, taken from data, never retyped: "checklist:<list id>/<item id>" '
        '(an item of data/checklists.yml) or "advice:<level>/<step number>" (a step of the advice in data/red-flags.yml).'))
    signs: list[Slug] = Field(min_length=1, max_length=8, description=(
        "The warning signs that matter for this topic: ids from data/red-flags.yml, shown as one care card "
        "with the emergency number."))
    figure: Slug | None = Field(default=None, description=(
        'A figure of the page to show too: the id of a {{ figure("id") }} on that page (data/figures.yml).'))


class Handout(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug = Field(description="Names the PDF files: handouts/<id>-a4.pdf and handouts/<id>-letter.pdf. Never reuse an old id.")
    page: str = Field(pattern=r"^/", description="The page to print, like /self-care/ (no #section).")
    title: PlainText = Field(max_length=70, description="The handout's title, used as the PDF title.")
    sheets: Literal[1, 2, 3] = Field(description="The most sheets of paper the full handout may take, printed on both sides "
                                     "(2 pages a sheet). The one-sheet version is the summary.")
    summary: Summary = Field(description="The one-page summary: things to do and warning signs, from data.")


class HandoutsFile(Model):
    model_config = ConfigDict(extra="forbid")
    handouts: list[Handout] = Field(min_length=1)


MODEL = HandoutsFile


def max_pages(handout: Handout) -> int:
    return handout.sheets * PAGES_PER_SHEET


def pdf_path(handout: Handout, size: str) -> str:
    """Site-relative path of a handout's PDF, e.g. "handouts/self-care-a4.pdf"."""
    return f"{FOLDER}/{handout.id}-{size}.pdf"


def summary_path(handout: Handout, size: str) -> str:
    """Site-relative path of a handout's one-page summary, e.g. "handouts/self-care-summary-a4.pdf"."""
    return f"{FOLDER}/{handout.id}-summary-{size}.pdf"


def pdfs_built(extra) -> bool:
    """True in a build made for the PDFs (`make handouts`): only then do pages link to them."""
    return (extra or {}).get("handout_pdfs") is True


def resolve_summary(handout: Handout, checklists, red_flags) -> dict:
    """The summary's content, looked up in data: {"do": [inline Markdown], "signs": [RedFlag], "advice": {...}}.

    `checklists` is data/checklists.yml and `red_flags` data/red-flags.yml (their models). A name that
    does not resolve stops with a DataError naming the handout and the field.
    """
    lists = {c.id: c for c in checklists.checklists}
    do = []
    for ref in handout.summary.do:
        if not re.match(_DO, ref):
            raise DataError(LABEL, f'"{ref}" is not a thing to do from data; write "checklist:<list id>/<item id>" '
                            'or "advice:<level>/<step number>"', entry=handout.id, field="summary.do")
        kind, _, rest = ref.partition(":")
        first, _, second = rest.partition("/")
        if kind == "checklist":
            cl = lists.get(first)
            if cl is None:
                raise DataError(LABEL, f'"{ref}": data/checklists.yml has no list "{first}"', entry=handout.id,
                                field="summary.do", valid=sorted(lists), found=first)
            items = {getattr(i, "id"): i for i in cl.all_items if hasattr(i, "text")}
            if second not in items:
                raise DataError(LABEL, f'"{ref}": the list "{first}" has no item "{second}"', entry=handout.id,
                                field="summary.do", valid=sorted(items), found=second)
            do.append(items[second].text)
        else:
            steps = red_flags.advice[first].steps
            n = int(second)
            if n > len(steps):
                raise DataError(LABEL, f'"{ref}": the advice "{first}" has {len(steps)} steps, not {n}',
                                entry=handout.id, field="summary.do")
            do.append(steps[n - 1])
    if len(set(handout.summary.do)) != len(handout.summary.do):
        raise DataError(LABEL, "the same thing to do is listed twice", entry=handout.id, field="summary.do")
    flags = {f.id: f for f in red_flags.red_flags}
    signs = []
    for flag_id in handout.summary.signs:
        if flag_id not in flags:
            raise DataError(LABEL, f'"{flag_id}" is not a sign in data/red-flags.yml', entry=handout.id,
                            field="summary.signs", valid=sorted(flags), found=flag_id)
        signs.append(flags[flag_id])
    return {"do": do, "signs": signs}


def check(site) -> None:
    handouts = site.data[FILE].handouts
    unique_ids(LABEL, handouts)
    seen: dict[str, str] = {}
    for h in handouts:
        if "#" in h.page:
            raise DataError(LABEL, f'"{h.page}" points to a section; a handout prints a whole page, like /self-care/',
                            entry=h.id, field="page")
        check_ref(site, h.page, LABEL, h.id, "page")
        if h.page in seen:
            raise DataError(LABEL, f'the page {h.page} already has the handout "{seen[h.page]}"; one handout a page',
                            entry=h.id, field="page")
        seen[h.page] = h.id
        resolve_summary(h, site.data["checklists.yml"], site.data["red-flags.yml"])


def _relative_file(path: str, from_url: str) -> str:
    return posixpath.relpath("/" + path, "/" + from_url if from_url.endswith("/") or not from_url
                             else posixpath.dirname("/" + from_url))


def macros(site, env):
    handouts = site.data[FILE].handouts
    built = pdfs_built(env.conf.get("extra"))
    # For the theme: the page's URL (as MkDocs writes page.url) -> its handout.
    env.conf["extra"][EXTRA_KEY] = {
        h.page.lstrip("/"): {"title": h.title, "sheets": h.sheets, "pages": max_pages(h), "built": built,
                             "summary": [{"size": s, "name": name, "path": summary_path(h, s)} for s, name in SIZES.items()],
                             "no_pdfs": f"{FOLDER}/#{NO_PDFS_ANCHOR}",
                             "files": [{"size": s, "name": name, "path": pdf_path(h, s)} for s, name in SIZES.items()]}
        for h in handouts
    }

    def handouts_list():
        """Every handout with its page, its PDFs in each paper size and its length."""
        _, url = current_page(env)
        rows = [{
            "handout": h,
            "page_title": site.pages[h.page.lstrip("/")].meta.title,
            "page_href": relative_url(h.page, url),
            "files": [{"name": name, "href": _relative_file(pdf_path(h, s), url)} for s, name in SIZES.items()],
            "summaries": [{"name": name, "href": _relative_file(summary_path(h, s), url)} for s, name in SIZES.items()],
            "pages": max_pages(h),
        } for h in handouts]
        return site.renderer.render("handouts-list.html", rows=rows, built=built,
                                    no_pdfs=relative_url(f"/{FOLDER}/#{NO_PDFS_ANCHOR}", url))

    def offline_download():
        """The link to the offline copy of the whole guide, with its size, where this build has it.

        The published site has it when `make offline` ran first (the zip in dist/); the offline copy
        itself, and a build without the zip, link to the one on the online guide instead.
        """
        from .printing import canonical_url, site_url
        _, url = current_page(env)
        zip_file = site.root / DIST_ZIP
        online = canonical_url(site_url(env.conf), "/" + OFFLINE_ZIP)
        if (env.conf.get("extra") or {}).get("offline") is not True and zip_file.is_file():
            size = zip_file.stat().st_size
            return site.renderer.render("offline-download.html", href=_relative_file(OFFLINE_ZIP, url),
                                        size=f"{size / 1e6:.1f} MB", here=True)
        return site.renderer.render("offline-download.html", href=online, size=None, here=False)

    return {"handouts_list": handouts_list, "offline_download": offline_download}
