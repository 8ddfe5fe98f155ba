"""Short links (/go/<code>/): each one exists in the built site and takes a reader,
with or without JavaScript, to a page and section that exist. A wrong target stops the build."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from macros.data import load_file
from macros.links import FILE, MODEL, short_path
from macros.pages import load_pages
from support import ROOT, build, copy_project

SITE_URL = "https://facial-spasm-guide.github.io/"


def short_links():
    return load_file(ROOT / "data", FILE, MODEL).links


def test_site_url_is_the_one_short_links_use():
    assert re.search(r"^site_url: " + re.escape(SITE_URL) + "$", (ROOT / "mkdocs.yml").read_text(), re.M)


@pytest.mark.parametrize("link", short_links(), ids=lambda link: link.code)
def test_short_link_page_leads_to_an_existing_page_and_section(site_dir, link):
    page = site_dir / short_path(link.code).lstrip("/") / "index.html"
    assert page.exists(), f"/go/{link.code}/ was not written"
    html = page.read_text()
    refresh = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    assert refresh, "no meta refresh: the short link would need JavaScript"
    target = refresh.group(1)
    assert f'<a href="{target}">' in html, "no plain link to follow by hand"
    path, _, anchor = link.to.lstrip("/").partition("#")
    assert f'<link rel="canonical" href="{SITE_URL}{path}">' in html
    resolved = urlsplit(urljoin(f"http://x/go/{link.code}/", target))
    assert resolved.path == "/" + path and resolved.fragment == anchor
    landing = site_dir / path / "index.html"
    assert landing.exists()
    assert 'http-equiv="refresh"' not in landing.read_text(), "a short link should not lead to another redirect"
    if anchor:
        assert f'id="{anchor}"' in landing.read_text(), f"/{path} has no section #{anchor}"


def test_every_page_has_a_short_link():
    pages = load_pages(ROOT / "docs")
    targets = {link.to for link in short_links()}
    missing = sorted("/" + url for url in pages if "/" + url not in targets)
    assert not missing, f"pages without a short link in data/links.yml: {missing}"


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_reader_following_a_short_link_lands_on_the_section(browser, base_url, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(base_url + "go/red-flags/")
    page.wait_for_url("**/when-to-get-help/#emergency")
    heading = page.locator("#emergency")
    assert heading.is_visible()
    assert "emergency" in heading.inner_text().lower()
    context.close()


def test_a_short_link_to_a_missing_section_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    links = project / "data" / "links.yml"
    links.write_text(links.read_text().replace("to: /when-to-get-help/#emergency", "to: /when-to-get-help/#no-such-section", 1))
    result = build(tmp_path / "site", project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "data/links.yml" in output and '"red-flags"' in output and "#no-such-section" in output
    assert "Traceback" not in output
