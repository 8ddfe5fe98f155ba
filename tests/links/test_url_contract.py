"""The URL contract: every address in tests/links/published-urls.txt still works in
the built site, either as it was or through a redirect to a live page.

The fixture proves the check has teeth: a page published and then deleted fails
it, and passes again once mkdocs.yml redirects the old address to a live page.
"""
from __future__ import annotations

import re

import pytest

from scripts import url_contract
from support import ROOT, build, copy_project


def test_every_published_address_still_works(site_dir):
    entries = url_contract.read_contract()
    assert len(entries) > 50 and "/" in entries and "/go/red-flags/" in entries
    problems = url_contract.check(site_dir, entries)
    assert not problems, "Published addresses that no longer work:\n" + "\n".join(problems)


def test_the_list_has_every_page_section_and_short_link_of_today():
    # Adding an address is free, but it must be added, or it is not protected.
    missing = sorted(set(url_contract.collect()) - set(url_contract.read_contract()))
    assert not missing, ("New addresses not yet in the URL contract; run "
                         "`python scripts/url_contract.py --update`:\n" + "\n".join(missing))


# --- the fixture: publish a page, delete it, then redirect it ---------------------------------

OLD_PAGE = """---
title: Old leaflet
description: "A page that a clinic printed on a leaflet, used here to show that deleting it breaks a promise."
reviewed: 2026-11-25
next_review: 2027-11-25
review_status: draft
---

# Old leaflet

## Keep this section { #kept-section }

A clinic printed a link to this section.
"""
NAV_ANCHOR = "  - Home: index.md\n"
NAV_ENTRY = "  - Old leaflet: old-leaflet.md\n"


def _set_short_link(project, to: str):
    # Every page needs a short link (the build says so); a short link is never removed, so
    # when the page goes, the editor points the link at a live page.
    links = project / "data" / "links.yml"
    text = re.sub(r"\n  - code: old-leaflet\n    to: [^\n]*", "", links.read_text())
    links.write_text(text.rstrip("\n") + f"\n  - code: old-leaflet\n    to: {to}\n")


def _set_nav(project, with_page: bool):
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert NAV_ANCHOR in text
    text = text.replace(NAV_ENTRY, "")
    if with_page:
        text = text.replace(NAV_ANCHOR, NAV_ANCHOR + NAV_ENTRY, 1)
    config.write_text(text)


def _add_redirect(project, source: str, target: str):
    config = project / "mkdocs.yml"
    text = config.read_text()
    match = re.search(r"^( *)redirect_maps:[ \t]*(\{\})?[ \t]*$", text, re.M)
    assert match, "mkdocs.yml has no redirects > redirect_maps"
    indent = match.group(1) + "  "
    entry = f"{indent}{source}: {target}"
    replacement = f"{match.group(1)}redirect_maps:\n{entry}"
    config.write_text(text[:match.start()] + replacement + text[match.end():])


def _build(project, out):
    result = build(out, project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A copy of the project that published /old-leaflet/, and the contract it made."""
    tmp = tmp_path_factory.mktemp("contract")
    project = copy_project(tmp / "project")
    (project / "docs" / "old-leaflet.md").write_text(OLD_PAGE)
    _set_nav(project, with_page=True)
    _set_short_link(project, "/old-leaflet/")
    site = _build(project, tmp / "site-published")
    contract = tmp / "published-urls.txt"
    url_contract.write_contract(url_contract.collect(project), contract, fresh=True)
    entries = url_contract.read_contract(contract)
    assert "/old-leaflet/" in entries and "/old-leaflet/#kept-section" in entries
    assert not url_contract.check(site, entries)
    # Now the page is deleted.
    (project / "docs" / "old-leaflet.md").unlink()
    _set_nav(project, with_page=False)
    _set_short_link(project, "/self-care/")
    return project, entries, tmp


def test_deleting_a_published_page_breaks_the_contract(published):
    project, entries, tmp = published
    site = _build(project, tmp / "site-deleted")
    problems = url_contract.check(site, entries)
    assert any(p.startswith("/old-leaflet/:") for p in problems), problems
    assert any(p.startswith("/old-leaflet/#kept-section:") for p in problems), problems
    assert len(problems) == 2, problems


def test_a_redirect_to_a_live_page_keeps_the_contract(published):
    project, entries, tmp = published
    _add_redirect(project, "old-leaflet.md", "self-care.md")
    site = _build(project, tmp / "site-redirected")
    assert not url_contract.check(site, entries)
    # The redirect really lands on the live page.
    assert url_contract.follow(site, "old-leaflet/").path == "self-care/"


def test_a_removed_section_id_breaks_the_contract(tmp_path):
    # A section of /handouts/, which no data file links to, so only the contract notices.
    entries = url_contract.read_contract()
    section = "/handouts/#print-any-page"
    assert section in entries
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "handouts.md"
    text = page.read_text()
    heading = "## Print any page { #print-any-page }"
    assert heading in text
    # Reworded, and the old id dropped: the address printed on a leaflet now leads nowhere.
    page.write_text(text.replace(heading, "## Printing other pages { #printing-other-pages }", 1))
    site = _build(project, tmp_path / "site")
    problems = url_contract.check(site, entries)
    assert [p for p in problems if p.startswith(section + ":")], problems
