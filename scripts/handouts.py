"""Print the handouts in data/handouts.yml to PDF, in US Letter and A4, into the built site,
each with its one-page summary.

Each listed page of the built site is opened in headless Chromium (Playwright) and
printed with the site's print stylesheet (page.pdf fires `beforeprint`, so collapsed
sections print open). The PDFs go to SITE_DIR/handouts/<id>-letter.pdf and
<id>-a4.pdf. Their title and language are then set in the PDF's details (pypdf).

Each handout's one-page summary (handouts/<id>-summary-letter.pdf and -a4.pdf) is
rendered from overrides/partials/handout-summary.html: the main message box of the
built page, then the things to do and warning signs that data/handouts.yml names
(resolved in data/checklists.yml and data/red-flags.yml), the emergency number from
mkdocs.yml, the QR code, short link and web address, and the page's review dates.

It stops with an error, and names the handout, when a PDF is longer than the
sheet limit in data/handouts.yml, or a summary longer than one page: a clinic
printing it should get what the /handouts/ page promises. It also stops if the
site was not built for the PDFs (mkdocs-handouts.yml, as `make handouts` does):
its pages would not link to them.

Needs Chromium: the system's `chromium` if there is one (as the tests use), else
Playwright's own. Nothing is fetched from the network: the site is served on 127.0.0.1.

Usage: python scripts/handouts.py SITE_DIR [--project DIR] [--only ID ...] [--size letter|a4 ...]
"""
from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.local_server import Server  # noqa: E402

# Playwright's names for the paper sizes in macros/handouts.py SIZES.
PAPER = {"letter": "Letter", "a4": "A4"}
LANGUAGE = "en"


@dataclass
class Result:
    handout_id: str
    size: str
    path: Path
    pages: int
    max_pages: int
    kind: str = "handout"  # or "summary"

    @property
    def too_long(self) -> bool:
        return self.pages > self.max_pages


class HandoutError(Exception):
    pass


def load_handouts(project: Path):
    from macros.data import load_file
    from macros.handouts import FILE, MODEL
    return load_file(project / "data", FILE, MODEL).handouts


def set_details(pdf: bytes, title: str, language: str = LANGUAGE,
                subject: str = "Printable handout, Facial Spasm Guide") -> bytes:
    """The PDF with its title, language and subject set; pages, fonts and text unchanged."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Subject": subject})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language)
    # Viewers show the title rather than the file name.
    from pypdf.generic import BooleanObject, DictionaryObject
    prefs = writer._root_object.get("/ViewerPreferences") or DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer._root_object[NameObject("/ViewerPreferences")] = prefs
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_page(browser_page, url: str, size: str) -> bytes:
    """One page of the site as a PDF, with the site's print stylesheet (margins and page numbers from @page)."""
    browser_page.goto(url, wait_until="load")
    return browser_page.pdf(format=PAPER[size], print_background=False, tagged=True, outline=True)


def render_handouts(site: Path, project: Path = ROOT, only: list[str] | None = None,
                    sizes: list[str] | None = None, browser=None) -> list[Result]:
    """Print every handout (or those in `only`) in every size into SITE/handouts/. Returns what was made.

    `browser` is a Playwright Chromium already running (the tests pass theirs); without it, one is started.
    """
    from scripts.browser import chromium

    handouts = load_handouts(project)
    if only:
        unknown = sorted(set(only) - {h.id for h in handouts})
        if unknown:
            raise HandoutError(f"data/handouts.yml has no handout {', '.join(unknown)}")
        handouts = [h for h in handouts if h.id in only]
    sizes = sizes or list(PAPER)
    with chromium(browser) as running:
        return _render(site, handouts, sizes, running, project)


_ADMONITION = re.compile(r'<div class="admonition abstract">(.*?)</div>', re.S)


def main_message(page_html: str):
    """The page's own main-message box (`!!! abstract`), without its title, citations or tooltips."""
    from markupsafe import Markup
    found = _ADMONITION.search(page_html)
    if not found:
        return None
    body = re.sub(r'<p class="admonition-title">.*?</p>', "", found.group(1), flags=re.S)
    body = re.sub(r'<sup class="fsg-cite">.*?</sup>', "", body, flags=re.S)
    body = re.sub(r"</?abbr\b[^>]*>", "", body)
    return Markup(body.strip())


def page_figure(page_html: str, figure_id: str):
    """A figure of the page, by its id (the figures component marks it id="figure-<id>"), or None."""
    from markupsafe import Markup
    found = re.search(r'<figure\b[^>]*\bid="figure-' + re.escape(figure_id) + r'".*?</figure>', page_html, re.S)
    if not found:
        return None
    # No reference list on a summary: its citation markers and tooltips would point nowhere.
    body = re.sub(r'<sup class="fsg-cite">.*?</sup>', "", found.group(0), flags=re.S)
    return Markup(re.sub(r"</?abbr\b[^>]*>", "", body))


@dataclass
class SummaryData:
    config: dict
    checklists: object
    red_flags: object
    pages: dict
    shorts: dict


def load_summary_data(project: Path, config: str = "mkdocs.yml") -> SummaryData:
    from mkdocs.utils.yaml import yaml_load
    from macros import checklist, links, red_flags
    from macros.data import load_file
    from macros.pages import load_pages
    with (project / config).open(encoding="utf-8") as fh:
        conf = yaml_load(fh) or {}
    data = project / "data"
    shorts: dict[str, str] = {}
    for link in load_file(data, links.FILE, links.MODEL).links:
        shorts.setdefault(link.to, link.code)
    # The same text the pages show: {n:id} numbers and the region's care words filled in, as the
    # build does (macros/numbers.py), so a summary never prints a token.
    from macros import numbers
    from macros.emergency import CareWords
    known = {n.id: n for n in load_file(data, numbers.FILE, numbers.MODEL).numbers}
    words = (((conf.get("extra") or {}).get("emergency") or {}).get("words")) or {}
    care = dict(CareWords(**words)) if words else {}
    lists, flags = load_file(data, checklist.FILE, checklist.MODEL), load_file(data, red_flags.FILE, red_flags.MODEL)
    for model in (lists, flags):
        numbers._expand_in_place(model, known, care)
    return SummaryData(conf, lists, flags, load_pages(project / conf.get("docs_dir", "docs")), shorts)


def summary_html(site: Path, handout, size: str, data: SummaryData) -> str:
    """The summary of one handout as a standalone HTML page, to print."""
    from macros.handouts import resolve_summary
    from macros.levels import LABELS, RANK
    from macros.printing import canonical_url, qr_svg
    from macros.templates import Renderer

    page_html = (site / handout.page.lstrip("/") / "index.html").read_text(encoding="utf-8")
    meta = data.pages[handout.page.lstrip("/")].meta
    content = resolve_summary(handout, data.checklists, data.red_flags)
    base = data.config["site_url"].rstrip("/") + "/"
    full = canonical_url(base, handout.page)
    code = data.shorts.get(handout.page)
    short = canonical_url(base, f"/go/{code}/") if code else None
    figure = None
    if handout.summary.figure:
        figure = page_figure(page_html, handout.summary.figure)
        if figure is None:
            raise HandoutError(f'data/handouts.yml, entry "{handout.id}", field "summary.figure": the page '
                               f'{handout.page} has no figure "{handout.summary.figure}"')
    message = main_message(page_html)
    if message is None:  # a page without a main-message box: its description, from its front matter
        from markupsafe import Markup, escape
        message = Markup("<p>") + escape(meta.description) + Markup("</p>")
    groups = []
    for level in sorted({f.level for f in content["signs"]}, key=RANK.__getitem__):
        groups.append({"label": LABELS[level], "advice": data.red_flags.advice[level],
                       "flags": [f for f in content["signs"] if f.level == level]})
    extra = data.config.get("extra") or {}
    theme = data.config.get("theme") or {}
    status = ("Checked by " + meta.reviewer + "." if meta.review_status == "clinically-reviewed"
              else "Not yet checked by a clinician.")
    renderer = Renderer(ROOT / "overrides" / "partials")
    return renderer.render(
        "handout-summary.html", language=theme.get("language", LANGUAGE), size=size, title=handout.title,
        site_name=data.config.get("site_name", ""), full=full, short=short, scan=short or full,
        qr=qr_svg(short or full), message=message, figure=figure, do=content["do"], signs=groups,
        emergency=extra["emergency"], reviewed=meta.reviewed.strftime("%B %-d, %Y"),
        next_review=meta.next_review.strftime("%B %-d, %Y"), status=status)


def _render(site: Path, handouts, sizes: list[str], browser, project: Path = ROOT) -> list[Result]:
    from pypdf import PdfReader
    from macros.handouts import SUMMARY_MAX_PAGES, max_pages, pdf_path, summary_path
    listing = site / "handouts" / "index.html"
    if listing.exists() and "fsg-handouts__none" in listing.read_text(encoding="utf-8"):
        raise HandoutError("this site was built without its handouts, so its pages do not link to them; "
                           "build it with mkdocs-handouts.yml first, as `make handouts` does")
    data = load_summary_data(project)
    results: list[Result] = []
    with Server(site) as server:
        context = browser.new_context()
        try:
            page = context.new_page()
            for h in handouts:
                source = site / h.page.lstrip("/") / "index.html"
                if not source.exists():
                    raise HandoutError(f"the built site has no page {h.page} for the handout {h.id}; build first")
                for size in sizes:
                    pdf = set_details(print_page(page, server.url + h.page.lstrip("/"), size), h.title)
                    out = site / pdf_path(h, size)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(pdf)
                    results.append(Result(h.id, size, out, len(PdfReader(io.BytesIO(pdf)).pages), max_pages(h)))
                # The one-page summary: a page of its own, printed from the same folder as the PDFs.
                for size in sizes:
                    source = site / "handouts" / f"_summary-{h.id}-{size}.html"
                    source.write_text(summary_html(site, h, size, data), encoding="utf-8")
                    try:
                        page.goto(server.url + source.relative_to(site).as_posix(), wait_until="load")
                        pdf = page.pdf(format=PAPER[size], print_background=False, tagged=True, outline=True,
                                       prefer_css_page_size=False)
                    finally:
                        source.unlink()
                    pdf = set_details(pdf, f"{h.title}: one-page summary",
                                      subject="One-page summary of a printable handout, Facial Spasm Guide")
                    out = site / summary_path(h, size)
                    out.write_bytes(pdf)
                    results.append(Result(h.id, size, out, len(PdfReader(io.BytesIO(pdf)).pages),
                                          SUMMARY_MAX_PAGES, kind="summary"))
        finally:
            context.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder with data/ (default: this one)")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these handouts")
    parser.add_argument("--size", nargs="+", choices=sorted(PAPER), help="only these paper sizes")
    args = parser.parse_args(argv)
    from macros.errors import DataError
    try:
        results = render_handouts(args.site, args.project, args.only, args.size)
    except HandoutError as exc:
        print(f"Handouts stopped: {exc}", file=sys.stderr)
        return 1
    except DataError as exc:
        print(f"Handouts stopped: {exc.message}", file=sys.stderr)
        return 1
    for r in results:
        print(f"{r.path.relative_to(args.site)}: {r.pages} page{'s' if r.pages != 1 else ''} "
              f"(limit {r.max_pages}){'  TOO LONG' if r.too_long else ''}")
    long = [r for r in results if r.too_long and r.kind == "handout"]
    if long:
        print("Handouts stopped: longer than their sheet limit in data/handouts.yml: "
              + ", ".join(f"{r.handout_id} ({r.size}, {r.pages} pages, limit {r.max_pages})" for r in long)
              + ". Shorten the page or raise its `sheets`.", file=sys.stderr)
    long_summaries = [r for r in results if r.too_long and r.kind == "summary"]
    if long_summaries:
        print("Handouts stopped: a one-page summary runs onto a second page: "
              + ", ".join(f"{r.handout_id} ({r.size}, {r.pages} pages)" for r in long_summaries)
              + ". List fewer things to do or warning signs in its `summary` in data/handouts.yml.", file=sys.stderr)
    if long or long_summaries:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
