"""Printing a page: Chromium prints three representative pages to PDF, and we read
the paper back (pypdf's text layer) and the print layout (print media emulation).

On paper a reader must find: the emergency line, where the page lives online, the
page itself, its review dates and page numbers; and nothing of the screen's
navigation or search. No blank sheet at the end.
"""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from macros.pages import load_pages
from support import ROOT

pytestmark = pytest.mark.browser

SITE_URL = "https://facial-spasm-guide.github.io/"
# Care cards and the red-flag checklist; a comparison table; checklists and the symptom diary.
PAGES = ["when-to-get-help/", "treatments/", "diagnosis/"]
PT_11 = 11 * 96 / 72 - 0.01  # 11 pt in CSS pixels
PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


def squash(text: str) -> str:
    """Text without whitespace: PDF text breaks lines inside long addresses."""
    return re.sub(r"\s+", "", text)


def emergency_number() -> str:
    return re.search(r'^\s+number: "(\d+)"', (ROOT / "mkdocs.yml").read_text(), re.M).group(1)


@pytest.fixture(scope="module")
def printed(browser, base_url):
    """path -> (PDF reader, screen facts) for each representative page, printed on US Letter."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    out = {}
    for path in PAGES:
        page.goto(base_url + path)
        chrome = page.evaluate("""() => {
            const article = document.querySelector('article').innerText;
            const parts = [...document.querySelectorAll('.md-header, .md-sidebar, .md-footer, .md-tabs, .md-search')];
            const site = document.querySelector('.md-header__topic .md-ellipsis').innerText.trim();
            // The site name is in the print header on purpose; everything else of the screen's frame must go.
            const lines = parts.flatMap(el => el.innerText.split('\\n')).map(s => s.trim())
                .filter(s => s.length > 3 && s !== site && !article.includes(s));
            return [...new Set(lines)];
        }""")
        title = page.evaluate("""() => [...document.querySelector('article h1').childNodes]
            .filter(n => !(n.classList && n.classList.contains('headerlink')))
            .map(n => n.textContent).join('').trim()""")
        pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
        out[path] = (pdf, chrome, title)
    context.close()
    return out


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("path", PAGES)
def test_paper_has_title_address_review_dates_and_emergency_line(printed, path):
    reader, _, title = printed[path]
    text = pdf_text(reader)
    first = reader.pages[0].extract_text()
    meta = load_pages(ROOT / "docs")[path].meta
    assert title in " ".join(first.split()), "the page title is not on page 1"
    assert squash(SITE_URL + path) in squash(first), "the page's web address is not on page 1"
    assert "Facial Spasm Guide" in first
    assert f"Last reviewed: {meta.reviewed.strftime('%B %-d, %Y')}" in " ".join(text.split())
    assert f"Next review due: {meta.next_review.strftime('%B %-d, %Y')}" in " ".join(text.split())
    assert f"Call {emergency_number()} now" in first, "the emergency line is not on page 1"
    assert "Sudden face drooping" in first


@pytest.mark.parametrize("path", PAGES)
def test_paper_has_no_navigation_or_search(printed, path):
    reader, chrome, _ = printed[path]
    text = " ".join(pdf_text(reader).split())
    assert chrome, "found no navigation text on screen to compare with"
    leaked = [line for line in chrome if line in text]
    assert not leaked, f"screen navigation printed: {leaked}"
    for words in ("Skip to content", "Back to top", "Download printable handout"):
        assert words not in text


@pytest.mark.parametrize("path", PAGES)
def test_every_sheet_is_numbered_and_the_last_one_is_not_blank(printed, path):
    reader, _, _ = printed[path]
    n = len(reader.pages)
    assert 1 <= n <= 12, f"{n} pages"
    for i, p in enumerate(reader.pages, start=1):
        assert f"Page {i} of {n}" in p.extract_text()
    last = PAGE_NUMBER.sub("", reader.pages[-1].extract_text()).strip()
    assert last, "the last sheet is blank"


@pytest.mark.parametrize("with_print_css,sheets", [(True, 1), (False, 2)], ids=["ours", "material-alone"])
def test_a_short_page_prints_on_one_sheet(browser, base_url, with_print_css, sheets):
    # A page whose text fits on one sheet prints on one sheet. Without print.css, Material
    # adds an empty second sheet: the check below would catch it (this shows it can fail).
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "handouts/")
    page.evaluate("""() => {
        const article = document.querySelector('article');
        [...article.children].forEach(el => {
            if (!el.matches('h1, .fsg-print-header, .fsg-review')) el.remove();
        });
        const p = document.createElement('p');
        p.textContent = 'A short page.';
        article.querySelector('h1').after(p);
    }""")
    if not with_print_css:
        # Plain Material: without our stylesheet, and without the print header it styles.
        page.evaluate("""() => {
            document.querySelector('link[href$="print.css"]').remove();
            document.querySelector('.fsg-print-header').remove();
        }""")
    reader = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    context.close()
    assert len(reader.pages) == sheets
    last_has_text = bool(PAGE_NUMBER.sub("", reader.pages[-1].extract_text()).strip())
    assert last_has_text == with_print_css


@pytest.mark.parametrize("path", PAGES)
def test_links_to_other_sites_print_their_address(printed, browser, base_url, path):
    reader, _, _ = printed[path]
    page = browser.new_page()
    page.goto(base_url + path)
    hrefs = page.eval_on_selector_all("article a[href^='http']", "els => els.map(e => e.getAttribute('href'))")
    page.close()
    assert hrefs, "no link to another site to check"
    text = squash(pdf_text(reader))
    missing = [h for h in hrefs if squash(h) not in text]
    assert not missing, f"addresses not printed: {missing}"


@pytest.fixture
def print_page(browser, base_url):
    context = browser.new_context(viewport={"width": 816, "height": 1056})
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_print_layout_shows_only_the_page(print_page, base_url, path):
    print_page.goto(base_url + path)
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                     ".fsg-handout-link"):
        assert not print_page.locator(selector).first.is_visible(), f"{selector} shows on paper"
    assert print_page.locator(".md-banner .fsg-emergency").is_visible(), "the emergency line is gone on paper"
    assert print_page.locator(".fsg-print-header").is_visible()
    assert print_page.locator(".fsg-print-header svg").is_visible()


@pytest.mark.parametrize("path", PAGES)
def test_body_text_is_at_least_11_pt_on_paper(print_page, base_url, path):
    print_page.goto(base_url + path)
    small = print_page.evaluate("""(min) => {
        const sel = 'p, li, td, th, dd, dt, summary, label, legend, blockquote, figcaption, caption';
        return [...document.querySelectorAll('article ' + sel)]
            .filter(el => !el.closest('.fsg-references') && el.getClientRects().length && el.innerText.trim())
            .filter(el => parseFloat(getComputedStyle(el).fontSize) < min)
            .map(el => el.tagName + ' ' + getComputedStyle(el).fontSize + ': ' + el.innerText.trim().slice(0, 40));
    }""", PT_11)
    assert not small, f"text smaller than 11 pt on paper: {small[:10]}"


def test_care_card_levels_read_in_black_and_white(print_page, base_url):
    print_page.goto(base_url + "when-to-get-help/")
    cards = print_page.evaluate("""() => [...document.querySelectorAll('.fsg-care')].map(card => {
        const h = card.querySelector('.fsg-care__heading');
        const icon = card.querySelector('.fsg-care__icon');
        const cs = getComputedStyle(card), hs = getComputedStyle(h), is = getComputedStyle(icon);
        const level = [...card.classList].find(c => c.startsWith('fsg-care--')).slice('fsg-care--'.length);
        return {level: level, text: h.innerText, color: hs.color, background: hs.backgroundColor,
                border: cs.borderTopStyle + ' ' + cs.borderTopWidth,
                icon: is.printColorAdjust || is.webkitPrintColorAdjust, iconColor: is.backgroundColor,
                breakInside: cs.breakInside};
    })""")
    levels = {c["level"] for c in cards}
    assert {"emergency", "urgent", "soon"} <= levels
    words = {"emergency": "Emergency", "urgent": "Urgent", "soon": "See a doctor soon", "self-care": "Self-care"}
    borders = {}
    for c in cards:
        assert words[c["level"]] + ":" in c["text"], c  # the level in words
        assert c["color"] == "rgb(0, 0, 0)", c  # black text, not white on a colour the printer may drop
        assert c["background"] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), c
        assert c["icon"] == "exact" and c["iconColor"] == "rgb(0, 0, 0)", c  # the icon prints, in black
        assert c["breakInside"] == "avoid", c
        borders.setdefault(c["level"], set()).add(c["border"])
    # Each level has its own border, so a black-and-white copy still tells them apart.
    assert all(len(b) == 1 for b in borders.values())
    assert len({next(iter(b)) for b in borders.values()}) == len(borders)


def test_collapsed_sections_print_open(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "self-care/")
    page.evaluate("""() => {
        const d = document.createElement('details');
        d.innerHTML = '<summary>More about it</summary><p>Words hidden until opened</p>';
        document.querySelector('article').appendChild(d);
    }""")
    assert not page.get_by_text("Words hidden until opened").is_visible()
    text = pdf_text(PdfReader(io.BytesIO(page.pdf(format="A4"))))
    page.close()
    assert "Words hidden until opened" in text


@pytest.mark.parametrize("path,selector", [
    ("when-to-get-help/", ".fsg-care"),
    # Plain tables. (The treatments comparison prints each row as a stack of cells, and keeps cells whole.)
    ("diagnosis/", "article tr"),
    ("treatments/", ".fsg-tx__table :is(th, td)"),
    ("diagnosis/", ".fsg-checklist__item"),
    ("do-you-need-help/", ".fsg-tree .fsg-care"),
])
def test_cards_checklist_items_rows_and_outcomes_are_not_split_between_sheets(print_page, base_url, path, selector):
    print_page.goto(base_url + path)
    styles = print_page.eval_on_selector_all(selector, "els => els.map(e => getComputedStyle(e).breakInside)")
    assert styles, f"no {selector} on /{path}"
    assert set(styles) == {"avoid"}


def test_the_tick_list_prints_with_the_page_compactly_and_with_no_result(print_page, base_url, printed):
    """PEMAT-P 23: on paper /when-to-get-help/ keeps its tick list, in its groups, in two columns,
    without hints; and it never prints a result, since the reader has ticked nothing yet."""
    print_page.goto(base_url + "when-to-get-help/")
    root = print_page.locator("#checklist-red-flags")
    assert root.is_visible(), "the tick list is gone from paper"
    facts = root.evaluate("""el => ({
        headings: [...el.querySelectorAll('[role=heading]')].filter(h => h.getClientRects().length).map(h => h.innerText.trim()),
        labels: [...el.querySelectorAll('.fsg-checklist__label')].filter(l => l.getClientRects().length).length,
        boxes: el.querySelectorAll('input[type=checkbox]').length,
        columns: [...el.querySelectorAll('.fsg-checklist__items')].map(u => getComputedStyle(u).columnCount),
        shown: [...el.querySelectorAll('.fsg-checklist__hint, .fsg-checklist__result, .fsg-checklist__tools')]
            .filter(x => x.getClientRects().length).length,
        height: el.getBoundingClientRect().height,
    })""")
    assert facts["headings"] and all(h.startswith(("Emergency", "Urgent", "See a doctor soon")) for h in facts["headings"])
    assert facts["labels"] == facts["boxes"] == 25
    assert set(facts["columns"]) == {"2"}, facts["columns"]
    assert facts["shown"] == 0, "hints, the result or the buttons print with the page"
    assert facts["height"] < 1056, f"the tick list takes {facts['height']:.0f} px on paper, more than a sheet"
    text = pdf_text(printed["when-to-get-help/"][0])
    assert "Should I get medical help?" in text and "Emergency: stroke signs" in text
    for result in ("If you ticked no sign", "The most urgent sign you ticked", "If you ticked a sign marked"):
        assert result not in text, f"paper shows a result before anything is ticked: {result!r}"


def test_the_home_page_tick_list_prints(print_page, base_url):
    print_page.goto(base_url)
    root = print_page.locator("#checklist-my-twitch")
    assert root.is_visible()
    assert root.locator(".fsg-checklist__label").count() == 4
    assert not root.locator("[data-fsg-tools]").is_visible()
