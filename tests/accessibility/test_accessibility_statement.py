"""/accessibility/: the statement GOV.UK and NHS sites carry, reachable from every page's footer.

A reader who has trouble using the site must find, from any page, what we aim
for, what they can do, what we know is broken and how to tell us.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, html_pages, settle

URL = "accessibility/"


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_statement_has_the_parts_of_the_gov_uk_and_nhs_model(site_dir):
    page = soup(site_dir, URL)
    article = page.select_one("article")
    assert article.find("h1").get_text(strip=True).startswith("Accessibility statement")
    ids = {h2.get("id") for h2 in article.find_all("h2")}
    assert {"what-you-can-do", "how-we-test", "known-problems", "other-formats", "report-a-problem"} <= ids
    text = " ".join(article.get_text(" ").split())
    assert "WCAG) 2.2 at level AA" in text
    for promise in ("zoom in up to four times", "keyboard", "screen reader", "dark", "axe-core", "320 pixels", "Material for MkDocs",
                    "PDF handouts", "without an internet connection", "Large print"):
        assert promise in text, f"the statement no longer mentions {promise!r}"


def test_a_problem_is_reported_to_the_configured_address(site_dir):
    email = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["contact"]["email"]
    section = soup(site_dir, URL).find(id="report-a-problem").find_next("p", class_="fsg-report")
    link = section.find("a", href=True)
    assert link["href"].startswith(f"mailto:{email}?subject=")
    assert "Accessibility%20statement" in link["href"]


def test_every_page_links_to_the_statement_from_its_footer(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) > 20
    for path in pages + ["404.html"]:
        file = site_dir / path if path.endswith(".html") else site_dir / path / "index.html"
        footer = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select_one("footer.md-footer")
        assert footer is not None, f"/{path} has no footer"
        link = footer.find("a", string="Accessibility statement")
        assert link is not None, f"/{path}: the footer has no link to the accessibility statement"
        if path == "404.html":
            continue  # served from any folder, so Material makes its links absolute from the site's root
        target = (file.parent / link["href"]).resolve() / "index.html"
        assert target == (site_dir / URL / "index.html").resolve(), f"/{path}: the link leads to {link['href']}"


def test_it_is_in_the_navigation_and_has_a_short_link(site_dir):
    nav = [a.get_text(strip=True) for a in soup(site_dir, "symptoms/").select("nav.md-nav--primary a")]
    assert "Accessibility statement" in nav
    codes = {l["code"]: l["to"] for l in yaml.safe_load((ROOT / "data" / "links.yml").read_text())["links"]}
    assert codes["accessibility"] == "/accessibility/"
    assert (site_dir / "go" / "accessibility" / "index.html").exists()


@pytest.mark.browser
def test_the_footer_link_is_readable_and_the_statement_passes_axe(browser, base_url):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(base_url + "symptoms/")
        settle(page)
        footer = Axe().run(page, context="footer")
        assert footer.violations_count == 0, footer.generate_report()
        page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
        page.wait_for_url("**/accessibility/")
        settle(page)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
