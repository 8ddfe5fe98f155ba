"""The clinical reviewer's pack (`make review-pack`, scripts/review_pack.py).

A clinician reviews the whole guide from it in one sitting, so it must leave
nothing out: every citation a reader sees on the built site, every warning sign,
every path through the decision tree, every number, and the unsourced claims.
"""
from __future__ import annotations

import collections
import io
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from scripts import review_pack
from support import ROOT, copy_project, html_pages

# Counted here with a plain pattern, independently of the pack's HTML parser.
CITE_BLOCK = re.compile(r'<sup class="fsg-cite">(.*?)</sup>', re.S)
CITE_LINK = re.compile(r'href="#ref-([a-z0-9-]+)"')


@pytest.fixture(scope="module")
def pack(site_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("review-pack")
    made = review_pack.collect(site_dir, ROOT)
    html = review_pack.write_html(made, out, ROOT)
    return made, BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser"), html


def site_citations(site: Path) -> collections.Counter:
    found = collections.Counter()
    for url in html_pages(site):
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for block in CITE_BLOCK.findall(html):
            for sid in CITE_LINK.findall(block):
                found[("/" + url, sid)] += 1
    return found


def test_the_pack_lists_every_citation_on_the_built_site(site_dir, pack):
    _, soup, _ = pack
    in_pack = collections.Counter()
    for item in soup.select(".rp-cited"):
        for sid in item["data-cites"].split():
            in_pack[(item["data-page"], sid)] += 1
    on_site = site_citations(site_dir)
    assert sum(on_site.values()) > 100
    assert sum(in_pack.values()) == sum(on_site.values())
    assert in_pack == on_site


def test_each_cited_sentence_has_its_full_reference_and_editorial_note(pack):
    made, soup, _ = pack
    sources = {s["id"]: s for s in yaml.safe_load((ROOT / "data" / "sources.yml").read_text())["sources"]}
    cited = {sid for item in soup.select(".rp-cited") for sid in item["data-cites"].split()}
    with_note = sorted(sid for sid in cited if sources[sid].get("note"))
    assert with_note, "no cited source has an editorial note to show"
    sid = with_note[0]
    item = next(i for i in soup.select(".rp-cited") if sid in i["data-cites"].split())
    ref = item.select_one(f'.rp-ref[data-source="{sid}"]')
    text = " ".join(ref.get_text().split())
    assert sources[sid]["title"] in text and str(sources[sid]["year"]) in text and sources[sid]["url"] in text
    assert "Editorial note: " + " ".join(sources[sid]["note"].split()) in text
    # The sentence is the reader's sentence, with the citation number the page shows.
    assert re.search(r"\w.*\[\d+(, \d+)*\]", item.select_one(".rp-claim").get_text())


def test_a_sentence_keeps_its_citation_when_the_page_cites_after_the_full_stop(tmp_path):
    page = tmp_path / "site" / "x"
    page.mkdir(parents=True)
    (page / "index.html").write_text(
        '<html><body><article><h1>X</h1><h2 id="a">Part A</h2>'
        '<p>Shots help most people. <sup class="fsg-cite"><a href="#ref-s1">[1]</a></sup> '
        'About 9 in 10 people get better. Rest is good.'
        '<sup class="fsg-cite"><a href="#ref-s2">[2]</a><a href="#ref-s1">[1]</a></sup></p>'
        '<p>Coffee makes twitching worse.</p>'
        '<section class="fsg-references"><ol><li id="ref-s1">Ref one. Pub, 2020.</li>'
        '<li id="ref-s2">Ref two. Pub, 2021.</li></ol></section></article></body></html>')
    report = review_pack.read_page(tmp_path / "site", "x/", {"s1": {"id": "s1", "note": "Strong."}})
    assert [(c.sentence, c.cites) for c in report.cited] == [
        ("Shots help most people[1].", ["s1"]), ("Rest is good[2, 1].", ["s2", "s1"])]
    assert report.cited[0].section == "Part A"
    assert report.cited[0].refs[0].text == "Ref one. Pub, 2020." and report.cited[0].refs[0].note == "Strong."
    assert [(t.sentence, t.why) for t in report.to_check] == [
        ("About 9 in 10 people get better.", "states a number"), ("Coffee makes twitching worse.", "states an effect")]


def test_the_emergency_number_alone_is_not_a_claim_to_check():
    assert review_pack._claim("Call 911 now.", "911") == ""
    assert review_pack._claim("About 1 in 10,000 people have it.", "911") == "states a number"


def test_every_warning_sign_is_listed_with_its_level_and_advice(pack):
    _, soup, _ = pack
    # Data text writes a number as {n:id}; the pack shows the record's words.
    says = {n["id"]: n["say"] for n in yaml.safe_load((ROOT / "data" / "numbers.yml").read_text())["numbers"]}
    data = yaml.safe_load(re.sub(r"\{n:([a-z0-9-]+)\}", lambda m: says[m.group(1)],
                                 (ROOT / "data" / "red-flags.yml").read_text()))
    items = soup.select(".rp-sign")
    assert len(items) == len(data["red_flags"])
    levels = [i["data-level"] for i in items]
    assert levels == sorted(levels, key=["emergency", "urgent", "soon", "self-care"].index), "most urgent first"
    for flag in data["red_flags"]:
        item = next(i for i in items if f"Id: {flag['id']}" in i.get_text())
        text = " ".join(item.get_text().split())
        assert data["advice"][flag["level"]]["title"] in text
        assert flag["question"] in text
        assert item.select(".rp-ref"), f"{flag['id']} lists no source"


def _count_paths(tree) -> dict[str, int]:
    nodes = {n["id"]: n for n in tree["nodes"]}
    memo: dict[str, int] = {}

    def paths(nid):
        if nid not in memo:
            node = nodes[nid]
            # An answer for one sign (`flag:` with no `next`) ends at that sign's own outcome: one path.
            memo[nid] = (sum(paths(a["next"]) if "next" in a else 1 for a in node["answers"])
                         if "answers" in node else 1)
        return memo[nid]
    return {tree["id"]: paths(tree["start"])}


def test_every_decision_tree_path_is_listed_with_the_outcome_it_reaches(pack):
    made, soup, _ = pack
    trees = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"]
    expected = {k: v for t in trees for k, v in _count_paths(t).items()}
    shown = collections.Counter(p.tree for p in made.paths)
    for tree_id, n in expected.items():
        if shown[tree_id]:   # trees a page shows
            assert shown[tree_id] == n, f"tree {tree_id}: {n} paths, the pack lists {shown[tree_id]}"
    assert sum(shown.values()) >= 2
    items = soup.select(".rp-path-item")
    assert len(items) == len(made.paths)
    assert all(i["data-level"] for i in items) and {i["data-level"] for i in items} >= {"Emergency", "Self-care"}
    first = items[0].get_text(" ")
    assert "Answer:" in first and "Outcome:" in first


def test_every_item_has_a_tick_box_and_room_for_a_comment(pack):
    made, soup, _ = pack
    items = soup.select(".rp-item")
    assert len(items) == made.item_count > 100
    for item in items:
        assert item.select_one('input[type="checkbox"]') is not None, item.get("id")
        assert item.select_one("textarea") is not None, item.get("id")
    assert len({i["id"] for i in items}) == len(items), "item numbers must be unique, so comments can quote them"


def test_the_pack_says_which_commit_and_date_it_was_made_from(pack):
    made, soup, _ = pack
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert soup.select_one(".rp-commit").get_text().startswith(head)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", soup.select_one(".rp-date").get_text())


def test_unsourced_claims_are_listed_to_check(pack):
    made, soup, _ = pack
    assert soup.select(".rp-tocheck")
    assert all("To check: states a" in i.get_text() for i in soup.select(".rp-tocheck"))


def test_numbers_when_there_is_no_numbers_file_and_when_there_is(site_dir, tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "numbers.yml").unlink(missing_ok=True)
    soup = BeautifulSoup(review_pack.write_html(review_pack.collect(site_dir, project), tmp_path / "a", project)
                         .read_text(), "html.parser")
    assert "There is no data/numbers.yml yet" in " ".join(soup.find(id="numbers").find_next("p").get_text().split())
    sources = yaml.safe_load((project / "data" / "sources.yml").read_text())["sources"]
    (project / "data" / "numbers.yml").write_text(yaml.safe_dump({"numbers": [
        {"id": "mvd-cure", "value": 9, "per": 10, "text": "about 9 in 10 people", "sources": [sources[0]["id"]]}]}))
    made = review_pack.collect(site_dir, project)
    assert [n.id for n in made.numbers] == ["mvd-cure"]
    soup = BeautifulSoup(review_pack.write_html(made, tmp_path / "b", project).read_text(), "html.parser")
    item = soup.select_one(".rp-number")
    assert "about 9 in 10 people" in item.get_text() and sources[0]["title"] in item.get_text()


def test_the_pack_is_never_published_or_committed(site_dir):
    assert "review-pack/" in (ROOT / ".gitignore").read_text().splitlines()
    assert not (site_dir / "review-pack").exists()
    makefile = (ROOT / "Makefile").read_text()
    assert "\nreview-pack: build" in makefile and "scripts/review_pack.py site --out review-pack" in makefile


@pytest.mark.browser
def test_the_pdf_is_printed_from_the_html(pack, browser, tmp_path):
    from pypdf import PdfReader
    made, _, html = pack
    pdf = review_pack.write_pdf(html, tmp_path / "review-pack.pdf", ROOT, browser=browser)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) > 10
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Clinical review pack" in first and made.commit.split()[0][:12] in first.replace(" ", "")
    last = " ".join(reader.pages[-1].extract_text().split())
    assert re.search(r"page \d+ of \d+", last)


def test_the_reviewer_reads_numbers_as_readers_do_not_as_tokens(pack):
    # Data text writes {n:id}; the reviewer checks the words the site shows ("more than 2 weeks").
    # (A number record's own editor note may name its token: that is about the record, not a claim.)
    made, _, _ = pack
    leftover = sorted({f"{item.id}: {tok}" for item in made.signs
                       for tok in re.findall(r"\{n:[a-z0-9-]+\}", repr(item))})
    assert not leftover, f"the review pack shows number tokens instead of their words: {leftover}"
