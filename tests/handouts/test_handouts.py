"""Handouts: `make handouts` (scripts/handouts.py) prints each page of data/handouts.yml
to PDF in US Letter and A4. A clinic hands these out, so each must say what it is and
where it lives online on page 1, be numbered, have real text and fonts, fit its sheet
limit and end without a blank sheet; and every link to a PDF on the site must work."""
from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from macros.data import load_file
from macros.handouts import FILE, MODEL, SIZES, max_pages, pdf_path
from macros.pages import load_pages
from scripts import handouts as handouts_script
from support import ROOT

pytestmark = pytest.mark.browser

SITE_URL = "https://facial-spasm-guide.github.io/"
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}
HANDOUTS = load_file(ROOT / "data", FILE, MODEL).handouts
CASES = [(h, s) for h in HANDOUTS for s in SIZES]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_heading(site, page: str) -> str:
    """The page's printed title: its <h1>, without the heading link symbol."""
    html = (site / page.lstrip("/") / "index.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    h1 = re.sub(r'<a class="headerlink".*?</a>', "", h1, flags=re.S)
    import html as html_lib
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", h1)).split())


@pytest.fixture(scope="module")
def handout_site(site_dir, tmp_path_factory, browser):
    """A copy of the built site with the handouts printed into it, as `make handouts` does."""
    site = tmp_path_factory.mktemp("handouts") / "site"
    shutil.copytree(site_dir, site)
    results = handouts_script.render_handouts(site, browser=browser)
    return site, {(r.handout_id, r.size): r for r in results}


def test_there_are_the_handouts_clinics_asked_for():
    pages = {h.page for h in HANDOUTS}
    assert {"/when-to-get-help/", "/self-care/", "/diagnosis/", "/treatments/botulinum-toxin/",
            "/treatments/", "/do-you-need-help/"} <= pages


@pytest.mark.parametrize("handout,size", CASES, ids=[f"{h.id}-{s}" for h, s in CASES])
def test_handout_pdf(handout_site, handout, size):
    site, results = handout_site
    path = site / pdf_path(handout, size)
    assert path.exists()
    reader = PdfReader(path)
    n = len(reader.pages)
    meta = load_pages(ROOT / "docs")[handout.page.lstrip("/")].meta

    # What it is, and where it lives online, on page 1.
    first = reader.pages[0].extract_text()
    assert page_heading(site, handout.page) in " ".join(first.split())
    assert squash(SITE_URL + handout.page.lstrip("/")) in squash(first)
    # Review dates, page numbers, real text.
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"Last reviewed: {meta.reviewed.strftime('%B %-d, %Y')}" in text
    for i, page in enumerate(reader.pages, start=1):
        assert f"Page {i} of {n}" in page.extract_text()
    assert re.sub(r"Page \d+ of \d+", "", reader.pages[-1].extract_text()).strip(), "blank last sheet"
    # Paper size.
    box = reader.pages[0].mediabox
    width, height = PAPER_POINTS[size]
    assert abs(float(box.width) - width) < 2 and abs(float(box.height) - height) < 2
    # Details a PDF reader shows, and what a screen reader needs.
    assert reader.metadata.title == handout.title
    assert reader.trailer["/Root"].get("/Lang") == "en"
    # Every font is embedded, so it prints the same everywhere.
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


@pytest.mark.parametrize("handout,size", CASES, ids=[f"{h.id}-{s}" for h, s in CASES])
def test_handout_fits_its_sheet_limit(handout_site, handout, size):
    _, results = handout_site
    r = results[(handout.id, size)]
    assert r.pages <= max_pages(handout), (
        f"{handout.id} ({size}) is {r.pages} pages; data/handouts.yml allows {handout.sheets} sheet(s), "
        f"{max_pages(handout)} pages")


def test_every_pdf_link_on_the_site_leads_to_a_pdf(handout_site):
    site, _ = handout_site
    linked = set()
    for html in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+\.pdf)"', html.read_text(encoding="utf-8", errors="replace")):
            target = (html.parent / href).resolve()
            assert target.exists(), f"{html.relative_to(site)} links to a missing {href}"
            linked.add(target.relative_to(site.resolve()).as_posix())
    assert linked == {pdf_path(h, s) for h, s in CASES}


def test_each_handout_page_offers_its_pdf_and_the_list_shows_them_all(site_dir):
    for h in HANDOUTS:
        html = (site_dir / h.page.lstrip("/") / "index.html").read_text()
        assert "Download printable handout (PDF)" in html, h.page
        for size in SIZES:
            assert pdf_path(h, size).split("/")[-1] in html
    listing = (site_dir / "handouts" / "index.html").read_text()
    for h in HANDOUTS:
        assert h.title in listing
        assert f"Up to {max_pages(h)} pages" in listing
    other = (site_dir / "causes" / "index.html").read_text()
    assert "Download printable handout" not in other


def test_the_script_stops_when_a_handout_is_too_long(handout_site, capsys, monkeypatch):
    site, results = handout_site
    longest = max(results.values(), key=lambda r: r.pages)
    fake = [handouts_script.Result(longest.handout_id, longest.size, longest.path, pages=3, max_pages=2)]
    monkeypatch.setattr(handouts_script, "render_handouts", lambda *a, **k: fake)
    assert handouts_script.main([str(site)]) == 1
    assert "longer than their sheet limit" in capsys.readouterr().err
