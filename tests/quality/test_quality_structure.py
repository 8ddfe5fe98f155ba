"""What a screen reader, a search engine and a browser tab show: the language, a title
that tells pages apart, a description, alt text, and headings that do not skip levels."""
from __future__ import annotations

from collections import defaultdict

import pytest

from pagecheck import heading_skips, read_page
from support import html_pages


@pytest.fixture(scope="module")
def pages(site_dir):
    found = {path: read_page(site_dir / path / "index.html") for path in html_pages(site_dir)}
    assert len(found) >= 15, "the site should have all its pages"
    return found


def test_every_page_sets_its_language(pages):
    missing = [f"/{p}" for p, facts in pages.items() if not (facts.lang or "").strip()]
    assert not missing, f"<html> without lang: {missing}"


def test_every_page_has_its_own_title(pages):
    by_title = defaultdict(list)
    for path, facts in pages.items():
        by_title[facts.title].append(f"/{path}")
    assert "" not in by_title, f"pages without a <title>: {by_title['']}"
    shared = {title: paths for title, paths in by_title.items() if len(paths) > 1}
    assert not shared, f"pages sharing a <title>: {shared}"


def test_every_page_has_a_meta_description(pages):
    missing = [f"/{p}" for p, facts in pages.items() if not (facts.description or "").strip()]
    assert not missing, f"pages without a meta description: {missing}"


def test_every_image_has_alt_text(pages):
    missing = {f"/{p}": facts.images_without_alt for p, facts in pages.items() if facts.images_without_alt}
    assert not missing, f"<img> without an alt attribute: {missing}"


def test_headings_do_not_skip_levels(pages):
    problems = {}
    for path, facts in pages.items():
        levels = [level for level, _ in facts.article_headings]
        skips = heading_skips(facts.article_headings)
        if levels.count(1) != 1:
            skips.insert(0, f"{levels.count(1)} h1 headings (expected exactly one)")
        if skips:
            problems[f"/{path}"] = skips
    assert not problems, "heading outline problems:\n" + "\n".join(f"{p}: {s}" for p, s in problems.items())


def test_the_heading_check_catches_a_skip():
    # The rule itself, on a made-up outline: h1 -> h3 skips h2; h3 -> h2 going back up is fine.
    assert heading_skips([(1, "Title"), (3, "Too deep")]) == ["h3 'Too deep' follows h1"]
    assert heading_skips([(1, "Title"), (2, "A"), (3, "B"), (2, "C")]) == []
    assert heading_skips([(2, "No title")]) == ["h2 'No title' follows the start of the article"]
