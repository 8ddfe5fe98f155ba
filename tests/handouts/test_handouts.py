"""Handouts: `make handouts` (scripts/handouts.py) prints each page of data/handouts.yml
to PDF in US Letter and A4, with a one-page summary of each. A clinic hands these out,
so each must say what it is and where it lives online on page 1, be numbered, have real
text and fonts, fit its sheet limit and end without a blank sheet; and every link to a PDF
on the site must work. Every PDF is tagged for screen readers (structure tree, language,
title, bookmarks) and its web address and short link are links a reader can click. A
plain `make build` has no PDFs, so it must not link to any."""
from __future__ import annotations

import re
import shutil

import pytest
import yaml
from pypdf import PdfReader

from macros.data import load_file
from macros.data import load_file as load_data
from macros.handouts import FILE, MODEL, SIZES, max_pages, pdf_path, resolve_summary, summary_path
from macros.pages import load_pages
from macros import checklist as checklist_component, links as links_component, red_flags as red_flags_component
from macros.text import render_inline
from scripts import handouts as handouts_script
from support import ROOT, build

pytestmark = pytest.mark.browser

SITE_URL = "https://facial-spasm-guide.github.io/"
PAPER_POINTS = {"letter": (612, 792), "a4": (595, 842)}
HANDOUTS = load_file(ROOT / "data", FILE, MODEL).handouts
CASES = [(h, s) for h in HANDOUTS for s in SIZES]
ALL_PDFS = [(h, s, kind) for h in HANDOUTS for s in SIZES for kind in ("handout", "summary")]
SHORT = {}
for _link in load_data(ROOT / "data", links_component.FILE, links_component.MODEL).links:
    SHORT.setdefault(_link.to, SITE_URL + f"go/{_link.code}/")


def plain(markdown: str) -> str:
    """Inline Markdown of the data as the words a reader sees."""
    import html as html_lib
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", str(render_inline(markdown)))).split())


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
def handout_site(tmp_path_factory, browser):
    """The site built for its handouts and with them printed into it, as `make handouts` does."""
    site = tmp_path_factory.mktemp("handouts") / "site"
    result = build(site, ROOT, config="mkdocs-handouts.yml")
    assert result.returncode == 0, result.stderr[-2000:]
    results = handouts_script.render_handouts(site, browser=browser)
    return site, {(r.handout_id, r.size, r.kind): r for r in results}


def test_there_are_the_handouts_clinics_asked_for():
    pages = {h.page for h in HANDOUTS}
    assert {"/when-to-get-help/", "/self-care/", "/diagnosis/", "/treatments/botulinum-toxin/",
            "/treatments/", "/do-you-need-help/"} <= pages


@pytest.mark.parametrize("handout,size", CASES, ids=[f"{h.id}-{s}" for h, s in CASES])
def test_handout_pdf(handout_site, handout, size):
    site, results = handout_site
    path = site / pdf_path(handout, size)
    assert path.exists()
    print(f"{path.name}: {results[(handout.id, size, 'handout')].pages} pages")
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
    r = results[(handout.id, size, "handout")]
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
    assert linked == {pdf_path(h, s) for h, s in CASES} | {summary_path(h, s) for h, s in CASES}


def test_each_handout_page_offers_its_pdf_and_the_list_shows_them_all(handout_site):
    site, _ = handout_site
    for h in HANDOUTS:
        html = (site / h.page.lstrip("/") / "index.html").read_text()
        assert "Download printable handout (PDF)" in html, h.page
        assert "One-page summary (PDF)" in html, h.page
        for size in SIZES:
            assert pdf_path(h, size).split("/")[-1] in html
            assert summary_path(h, size).split("/")[-1] in html
    listing = (site / "handouts" / "index.html").read_text()
    for h in HANDOUTS:
        assert h.title in listing
        assert f"Up to {max_pages(h)} pages" in listing
    other = (site / "causes" / "index.html").read_text()
    assert "Download printable handout" not in other


def test_a_plain_build_links_to_no_pdf_but_says_where_they_are(site_dir):
    # `make build` and `make serve` have no PDFs: a "Download" link there would be a 404.
    for html in site_dir.rglob("*.html"):
        assert not re.findall(r'href="([^"]+\.pdf)"', html.read_text(encoding="utf-8")), html
    for h in HANDOUTS:
        html = (site_dir / h.page.lstrip("/") / "index.html").read_text()
        assert "Download printable handout" not in html
        assert re.search(r'href="(\.\./)+handouts/#get-the-pdfs">Printable handout: where to get the PDF</a>', html), h.page
    listing = (site_dir / "handouts" / "index.html").read_text()
    assert 'id="get-the-pdfs"' in listing and "make handouts" in listing
    assert "The PDF files are not in this copy of the guide" in listing


def test_the_script_refuses_a_site_built_without_its_handouts(site_dir, tmp_path, browser):
    site = tmp_path / "site"
    shutil.copytree(site_dir / "handouts", site / "handouts")
    with pytest.raises(handouts_script.HandoutError, match="mkdocs-handouts.yml"):
        handouts_script.render_handouts(site, browser=browser)


def _links(reader) -> set[str]:
    out = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A")
            if annot.get("/Subtype") == "/Link" and action is not None:
                uri = action.get_object().get("/URI")
                if uri:
                    out.add(str(uri))
    return out


@pytest.mark.parametrize("handout,size,kind", ALL_PDFS, ids=[f"{h.id}-{s}-{k}" for h, s, k in ALL_PDFS])
def test_every_pdf_is_tagged_and_its_addresses_are_links(handout_site, handout, size, kind):
    # What a screen reader and a PDF reader need, and links a reader can click.
    site, _ = handout_site
    reader = PdfReader(site / (pdf_path(handout, size) if kind == "handout" else summary_path(handout, size)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "not tagged: no structure tree"
    assert root.get("/MarkInfo", {}).get("/Marked"), "not marked as tagged"
    assert root.get("/Lang") == "en"
    assert reader.metadata.title == (handout.title if kind == "handout" else f"{handout.title}: one-page summary")
    assert reader.outline, "no bookmarks"
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            assert any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    links = _links(reader)
    assert SITE_URL + handout.page.lstrip("/") in links
    if handout.page in SHORT:
        assert SHORT[handout.page] in links


@pytest.mark.parametrize("handout,size", CASES, ids=[f"{h.id}-{s}" for h, s in CASES])
def test_the_summary_is_one_page_with_what_the_data_says(handout_site, handout, size):
    site, results = handout_site
    reader = PdfReader(site / summary_path(handout, size))
    print(f"{handout.id}-summary-{size}.pdf: {len(reader.pages)} page(s)")
    assert len(reader.pages) == 1 == results[(handout.id, size, "summary")].pages
    box = reader.pages[0].mediabox
    width, height = PAPER_POINTS[size]
    assert abs(float(box.width) - width) < 2 and abs(float(box.height) - height) < 2
    text = " ".join(reader.pages[0].extract_text().split())
    data = ROOT / "data"
    # The data as the pages show it ({n:id} numbers and care words filled in), as the script reads it.
    shown = handouts_script.load_summary_data(ROOT)
    content = resolve_summary(handout, shown.checklists, shown.red_flags)
    assert handout.title in text
    # Data text as the pages show it: numbers and care words filled in, never a token.
    assert not re.search(r"\{(n:[a-z0-9-]+|urgent_care|emergency_room|number)\}", text), text
    # The page's own main message, not a copy of it.
    page_html = (site / handout.page.lstrip("/") / "index.html").read_text(encoding="utf-8")
    box_html = re.search(r'<div class="admonition abstract">.*?<p class="admonition-title">.*?</p>(.*?)</div>',
                         page_html, re.S)
    if box_html:
        first_words = " ".join(re.sub(r"<[^>]+>", "", box_html.group(1)).split()[:6])
        assert squash(first_words) in squash(text)
    for item in content["do"]:
        assert squash(plain(item)) in squash(text), item
    for flag in content["signs"]:
        assert squash(plain(flag.sign)) in squash(text), flag.id
    assert "call 911 now" in text
    if handout.summary.figure:   # the figure with its words (labels and caption come from data)
        fig = next(f for f in yaml.safe_load((data / "figures.yml").read_text(encoding="utf-8"))["figures"]
                   if f["id"] == handout.summary.figure)
        assert squash(plain(fig["caption"])) in squash(text), fig["id"]
        for label in fig.get("labels", []):   # a numbered marker without its words would mean nothing
            assert squash(plain(label)) in squash(text), (fig["id"], label)
    # A summary has no list of sources, so no citation marker may point to one.
    assert not re.search(r"\[\d+(, \d+)*\]", text), re.search(r".{40}\[\d+(, \d+)*\].{10}", text)
    assert squash(SITE_URL + handout.page.lstrip("/")) in squash(text)
    if handout.page in SHORT:
        assert squash(SHORT[handout.page]) in squash(text)
    meta = load_pages(ROOT / "docs")[handout.page.lstrip("/")].meta
    assert f"Last reviewed: {meta.reviewed.strftime('%B %-d, %Y')}" in text
    assert ("Not yet checked by a clinician" if meta.review_status == "draft" else "Checked by") in text


@pytest.mark.parametrize("handout,size", CASES, ids=[f"{h.id}-{s}" for h, s in CASES])
def test_each_pdf_qr_code_opens_its_page(handout_site, handout, size):
    # The codes as printed in the PDFs, read back with a real decoder: the full handout holds
    # the page's address, the summary its short link (fewer dots, easier to scan) if it has one.
    from handouts.pdf_qr import pdf_qr_texts
    site, _ = handout_site
    full = SITE_URL + handout.page.lstrip("/")
    assert pdf_qr_texts(PdfReader(site / pdf_path(handout, size)))[0] == full
    assert pdf_qr_texts(PdfReader(site / summary_path(handout, size))) == [SHORT.get(handout.page, full)]


def test_the_script_stops_when_a_handout_is_too_long(handout_site, capsys, monkeypatch):
    site, results = handout_site
    longest = max(results.values(), key=lambda r: r.pages)
    fake = [handouts_script.Result(longest.handout_id, longest.size, longest.path, pages=3, max_pages=2)]
    monkeypatch.setattr(handouts_script, "render_handouts", lambda *a, **k: fake)
    assert handouts_script.main([str(site)]) == 1
    assert "longer than their sheet limit" in capsys.readouterr().err


def test_the_script_stops_when_a_summary_runs_onto_a_second_page(handout_site, capsys, monkeypatch):
    site, results = handout_site
    one = next(r for r in results.values() if r.kind == "summary")
    fake = [handouts_script.Result(one.handout_id, one.size, one.path, pages=2, max_pages=1, kind="summary")]
    monkeypatch.setattr(handouts_script, "render_handouts", lambda *a, **k: fake)
    assert handouts_script.main([str(site)]) == 1
    err = capsys.readouterr().err
    assert "runs onto a second page" in err and one.handout_id in err
