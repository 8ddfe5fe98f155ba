"""QR codes: a phone camera must read back the right address. Each test takes a
picture (PNG) of a QR code as the browser draws it and decodes it with zxing-cpp,
a real decode, then compares the text with the address the reader should reach."""
from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from macros.data import load_file
from macros.links import FILE, MODEL
from support import ROOT

pytestmark = pytest.mark.browser

SITE_URL = "https://facial-spasm-guide.github.io/"


def decode(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png)).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.fixture
def paper(browser):
    # Printed at about 300 dpi: the QR code is 26 mm wide on paper.
    context = browser.new_context(viewport={"width": 816, "height": 1056}, device_scale_factor=3)
    page = context.new_page()
    page.emulate_media(media="print")
    yield page
    context.close()


@pytest.mark.parametrize("path", ["", "when-to-get-help/", "treatments/botulinum-toxin/", "diagnosis/"])
def test_the_printed_qr_code_opens_this_page(paper, base_url, path):
    paper.goto(base_url + path)
    qr = paper.locator(".fsg-print-header__qr")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert 90 <= box["width"] <= 110, "the code should print about 26 mm wide"  # CSS px at 96 per inch
    assert decode(qr.screenshot()) == [SITE_URL + path]


def test_the_whole_printed_page_has_exactly_one_code_and_it_is_right(paper, base_url):
    paper.goto(base_url + "self-care/")
    assert decode(paper.screenshot(full_page=False)) == [SITE_URL + "self-care/"]


def test_clinician_cards_encode_the_short_link_or_the_full_address(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=2)
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    cards = page.locator(".fsg-link-card")
    count = cards.count()
    assert count > 40
    codes = {link.code for link in load_file(ROOT / "data", FILE, MODEL).links}
    checked_short = checked_full = 0
    for i in list(range(0, count, 7)) + [count - 1]:
        card = cards.nth(i)
        card.scroll_into_view_if_needed()
        card.locator(".fsg-qr img").evaluate("img => img.decode()")  # the codes load lazily
        links = card.locator("a.fsg-url").all_inner_texts()
        expected = links[-1]  # the short link if the card has one, else the full address
        found = decode(card.locator(".fsg-qr").screenshot())
        assert found == [expected], f"card {i}: {links}"
        if len(links) == 2:
            assert expected.removeprefix(SITE_URL + "go/").rstrip("/") in codes
            checked_short += 1
        else:
            checked_full += 1
    context.close()
    assert checked_short and checked_full
