"""/for-clinicians/: every page and section with its full address, its short link and a
copy button that works; without JavaScript the buttons stay out of the way and the
addresses are still there to select."""
from __future__ import annotations

import re

import pytest

from macros.links import sections
from macros.pages import load_pages
from support import ROOT

SITE_URL = "https://facial-spasm-guide.github.io/"


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
