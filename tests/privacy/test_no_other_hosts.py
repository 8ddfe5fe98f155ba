"""A patient reading about their health is tracked by nobody: every page, loaded in
a real Chromium, asks only the site itself for anything (workers included)."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from support import html_pages

pytestmark = pytest.mark.browser


def test_no_page_requests_another_host(site_dir, base_url, browser):
    own = urlparse(base_url).netloc
    context = browser.new_context()
    requests: list[tuple[str, str]] = []
    context.on("request", lambda r: requests.append((page_url, r.url)))
    pages = html_pages(site_dir)
    assert len(pages) >= 15, "the site should have all its pages"
    page = context.new_page()
    for path in pages:
        page_url = base_url + path
        page.goto(page_url, wait_until="networkidle")
    context.close()

    foreign = sorted({(p, u) for p, u in requests
                      if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != own})
    assert not foreign, "requests to other hosts:\n" + "\n".join(f"{p} -> {u}" for p, u in foreign)
    # The recording sees worker traffic too: Material's search worker fetches the index.
    assert any(u.endswith("/search/search_index.json") for _, u in requests)


def test_no_cookies_and_no_storage_without_a_tick(site_dir, base_url, browser):
    context = browser.new_context()
    page = context.new_page()
    for path in html_pages(site_dir):
        page.goto(base_url + path, wait_until="networkidle")
    assert context.cookies() == []
    context.close()


def test_no_third_party_references_in_the_html(site_dir):
    # A static backstop for resources a browser might only fetch later (fonts, prefetch).
    # <link rel="canonical"> and other non-fetching relations name a URL but load nothing.
    import re
    tag = re.compile(r"<(script|link|img|iframe|source|video|audio|object|embed)\b[^>]*>", re.I)
    remote = re.compile(r'(?:src|href|data)="(?:https?:)?//', re.I)
    not_fetched = re.compile(r'rel="(?:canonical|alternate|prev|next|author|license)"', re.I)
    offenders = []
    for path in site_dir.rglob("*.html"):
        for match in tag.finditer(path.read_text()):
            if remote.search(match.group(0)) and not not_fetched.search(match.group(0)):
                offenders.append(f"{path.relative_to(site_dir)}: {match.group(0)[:120]}")
    assert not offenders, "pages that load something from another host:\n" + "\n".join(offenders)
