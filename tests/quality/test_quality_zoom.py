"""At 400% zoom (a 1280 px window seen as 320 CSS px) nothing makes the reader scroll sideways."""
from __future__ import annotations

import pytest

from support import html_pages

pytestmark = pytest.mark.browser

WIDER_THAN_THE_WINDOW = """() => {
  const width = document.documentElement.clientWidth;
  // The off-canvas navigation drawer sits outside the window on purpose (and is clipped).
  return [...document.body.querySelectorAll('*')].filter(e => !e.closest('.md-sidebar'))
    .filter(e => { const r = e.getBoundingClientRect();
                   return r.width && r.right > width + 1 && getComputedStyle(e).visibility === 'visible'; })
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
                        + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""


def test_no_page_scrolls_sideways_at_320_css_pixels(site_dir, base_url, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = []
    for path in html_pages(site_dir):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide.append(f"/{path}: {scroll}px of content in {client}px, from {page.evaluate(WIDER_THAN_THE_WINDOW)}")
    context.close()
    assert not wide, "pages that scroll sideways at 320 CSS px:\n" + "\n".join(wide)
