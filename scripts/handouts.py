"""Print the handouts in data/handouts.yml to PDF, in US Letter and A4, into the built site.

Each listed page of the built site is opened in headless Chromium (Playwright) and
printed with the site's print stylesheet (page.pdf fires `beforeprint`, so collapsed
sections print open). The PDFs go to SITE_DIR/handouts/<id>-letter.pdf and
<id>-a4.pdf. Their title and language are then set in the PDF's details (pypdf).

It stops with an error, and names the handout, when a PDF is longer than the
sheet limit in data/handouts.yml: a clinic printing it should get what the
/handouts/ page promises.

Needs Chromium: the system's `chromium` if there is one (as the tests use), else
Playwright's own. Nothing is fetched from the network: the site is served on 127.0.0.1.

Usage: python scripts/handouts.py SITE_DIR [--project DIR] [--only ID ...] [--size letter|a4 ...]
"""
from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402
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

    @property
    def too_long(self) -> bool:
        return self.pages > self.max_pages


class HandoutError(Exception):
    pass


def load_handouts(project: Path):
    from macros.data import load_file
    from macros.handouts import FILE, MODEL
    return load_file(project / "data", FILE, MODEL).handouts


def set_details(pdf: bytes, title: str, language: str = LANGUAGE) -> bytes:
    """The PDF with its title, language and subject set; pages, fonts and text unchanged."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": title, "/Subject": "Printable handout, Facial Spasm Guide"})
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
    from playwright.sync_api import sync_playwright

    handouts = load_handouts(project)
    if only:
        unknown = sorted(set(only) - {h.id for h in handouts})
        if unknown:
            raise HandoutError(f"data/handouts.yml has no handout {', '.join(unknown)}")
        handouts = [h for h in handouts if h.id in only]
    sizes = sizes or list(PAPER)
    if browser is not None:
        return _render(site, handouts, sizes, browser)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True)
        try:
            return _render(site, handouts, sizes, browser)
        finally:
            browser.close()


def _render(site: Path, handouts, sizes: list[str], browser) -> list[Result]:
    from pypdf import PdfReader
    from macros.handouts import max_pages, pdf_path
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
    try:
        results = render_handouts(args.site, args.project, args.only, args.size)
    except HandoutError as exc:
        print(f"Handouts stopped: {exc}", file=sys.stderr)
        return 1
    for r in results:
        print(f"{r.path.relative_to(args.site)}: {r.pages} page{'s' if r.pages != 1 else ''} "
              f"(limit {r.max_pages}){'  TOO LONG' if r.too_long else ''}")
    long = [r for r in results if r.too_long]
    if long:
        print("Handouts stopped: longer than their sheet limit in data/handouts.yml: "
              + ", ".join(f"{r.handout_id} ({r.size}, {r.pages} pages, limit {r.max_pages})" for r in long)
              + ". Shorten the page or raise its `sheets`.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
