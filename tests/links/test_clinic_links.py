"""/for-clinicians/: every page and section with its full address, its short link, a QR
code and a copy button that works; without JavaScript the buttons stay out of the way
and the addresses are still there to select. The QR codes are SVG files under /qr/
(written after the build by scripts/qr_files.py), loaded lazily to keep the page light."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import pytest

from macros.links import qr_file_path, sections
from macros.pages import load_pages
from print.test_qr import decode
from support import ROOT

SITE_URL = "https://facial-spasm-guide.github.io/"
_CARD = re.compile(r'<div class="fsg-link-card[ "].*?(?=<div class="fsg-link-card[ "]|</section>)', re.S)


def cards(html: str) -> list[dict]:
    """Each link card: its addresses (full, then short if any) and its QR image's attributes."""
    out = []
    for card in _CARD.findall(html):
        img = re.search(r"<img\b[^>]*>", card)
        out.append({"links": re.findall(r'class="fsg-url fsg-copy-text" href="[^"]*">([^<]+)</a>', card),
                    "img": dict(re.findall(r'\s([a-z-]+)="([^"]*)"', img.group(0))) if img else {}})
    return out


def test_a_section_and_a_page_never_share_a_qr_file():
    # A heading "About" on a folder's index page and a page "about/" in that folder are two
    # addresses; found by the benchmark's ten-fold site, whose copies have both.
    names = {qr_file_path(SITE_URL + ref) for ref in ("copy-2/#about", "copy-2/about/", "#about", "about/")}
    assert names == {"/qr/copy-2--about.svg", "/qr/copy-2-about.svg", "/qr/home--about.svg", "/qr/about.svg"}
    assert qr_file_path(SITE_URL) == "/qr/home.svg"
    assert qr_file_path(SITE_URL + "self-care/#sleep") == "/qr/self-care--sleep.svg"


def test_every_page_and_section_has_a_card(site_dir):
    html = (site_dir / "for-clinicians" / "index.html").read_text()
    shown = set(re.findall(r'class="fsg-url fsg-copy-text" href="[^"]*">([^<]+)</a>', html))
    expected = set()
    for url, page in load_pages(ROOT / "docs").items():
        expected.add(SITE_URL + url)
        expected |= {f"{SITE_URL}{url}#{s.id}" for s in sections(page.markdown)}
    missing = sorted(expected - shown)
    assert not missing, f"not on /for-clinicians/: {missing[:10]}"
    assert f"{SITE_URL}go/red-flags/" in shown
    assert "Suggest a correction" in html and "Printable handouts" in html


def test_every_card_has_a_light_qr_image_file_for_its_address(site_dir):
    html = (site_dir / "for-clinicians" / "index.html").read_text()
    found = cards(html)
    assert len(found) > 100
    assert html.count("<svg") < 40, "the cards' QR codes should be files, not inline SVG"
    wrong = []
    for card in found:
        img, scan = card["img"], card["links"][-1]  # the code holds the short link if there is one
        file = site_dir / urljoin("for-clinicians/", img.get("src", "")) if img else None
        if (not img or img.get("loading") != "lazy" or unescape(img.get("alt", "")) != f"QR code for {scan}"
                or not img.get("width") or img.get("width") != img.get("height")
                or not img["src"].startswith("../qr/") or not file.is_file()):
            wrong.append(f"{scan}: {img}")
    assert not wrong, "cards without a lazy QR image file for their address:\n" + "\n".join(wrong[:10])


@pytest.mark.browser
@pytest.mark.parametrize("title,expected", [("Call the emergency number now", SITE_URL + "go/red-flags/"),
                                            ("What you can do", SITE_URL + "#what-you-can-do")])
def test_a_section_qr_file_decodes_to_its_address(browser, base_url, title, expected):
    # The section's QR code as the server sends it: a real decode of the SVG file, drawn by Chromium.
    context = browser.new_context(viewport={"width": 400, "height": 400})
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    card = page.locator(".fsg-link-card:not(.fsg-link-card--page)", has_text=title).first
    img = card.locator(".fsg-qr img")
    assert img.get_attribute("loading") == "lazy"
    src = img.evaluate("i => i.src")
    assert "/qr/" in src
    response = page.goto(src)
    assert response.ok and response.headers["content-type"].startswith("image/svg+xml")
    assert decode(page.screenshot()) == [expected]
    context.close()


@pytest.mark.browser
def test_print_button_loads_every_qr_code_before_printing(browser, base_url):
    # The codes load lazily; on paper every card needs its code (checked when print() is called).
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    page.evaluate("""() => { window.print = () => { window.__codes = [...document.querySelectorAll('.fsg-link-card img')]
        .map(i => i.complete && i.naturalWidth > 0); }; }""")
    assert page.evaluate("[...document.querySelectorAll('.fsg-link-card img')].filter(i => i.complete).length") < 60
    page.get_by_role("button", name="Print the link cards").click()
    page.wait_for_function("() => Array.isArray(window.__codes)")
    codes = page.evaluate("window.__codes")
    context.close()
    assert len(codes) > 100 and all(codes), f"{codes.count(False)} of {len(codes)} codes not loaded at print time"


@pytest.mark.browser
def test_copy_button_puts_the_address_on_the_clipboard(browser, base_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    card = page.locator(".fsg-link-card", has_text="Call the emergency number now").first
    button = card.get_by_role("button", name=re.compile(r"^Copy short link"))
    assert button.is_visible()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "go/red-flags/"
    assert button.inner_text() == "Copied"
    assert "Copied" in page.locator(".fsg-clinic-links__status").inner_text()
    context.close()


@pytest.mark.browser
def test_without_javascript_the_addresses_remain_and_no_dead_buttons_show(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    assert page.locator("button.fsg-copy").first.is_hidden()
    assert page.locator("button.fsg-copy:visible").count() == 0
    link = page.locator("a.fsg-url", has_text=SITE_URL + "go/red-flags/").first
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/when-to-get-help/#emergency")
    context.close()
