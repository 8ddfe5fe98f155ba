"""The conditions table in a real browser: accessible, usable on a phone, printable."""
from __future__ import annotations

import io

import pytest

from support import axe

pytestmark = pytest.mark.browser

TABLE = ".fsg-conditions"


def test_axe_finds_no_violations_in_the_table(page, base_url):
    page.goto(base_url + "types/")
    results = axe(page, context=TABLE)
    assert results.violations_count == 0, results.generate_report()


def test_on_a_phone_the_table_scrolls_inside_its_box_not_the_page(browser, base_url):
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        page.goto(base_url + "types/")
        box = page.locator(TABLE)
        # The wide table scrolls sideways inside its own region...
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")
        # ...and the page itself does not.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # A keyboard user can reach the region to scroll it, and it has a name.
        assert box.get_attribute("tabindex") == "0"
        label_id = box.get_attribute("aria-labelledby")
        assert page.locator(f"#{label_id}").inner_text().strip()
    finally:
        ctx.close()


def test_printed_table_shows_every_column(page, base_url):
    from pypdf import PdfReader
    page.goto(base_url + "types/")
    headings = page.locator(f"{TABLE} thead th").all_inner_texts()
    page.emulate_media(media="print")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    text = " ".join(text.split())
    for heading in headings:
        assert heading.strip() in text, heading
