"""The content pages keep the promises of issue 3, checked on the real build
(`site_dir`) and on the Markdown sources:

- every URL clinics were promised exists;
- every page has its front matter, its main message box, its sources and
  "where to go next";
- every `##` heading has an explicit, stable id;
- every citation number leads to an entry in that page's own Sources list;
- treatments, conditions and red flags shown on pages come from data/, and no
  emergency number is typed by hand.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT

DOCS = ROOT / "docs"

# The URLs promised in issue 3 (clinics print them on leaflets).
PROMISED = [
    "", "symptoms/", "types/", "causes/", "stress-and-anxiety/", "when-to-get-help/", "self-care/",
    "diagnosis/", "treatments/", "treatments/botulinum-toxin/", "treatments/medicines/",
    "treatments/surgery/", "treatments/physical-therapy/", "treatments/complementary-therapies/",
    "living-with-facial-spasms/", "glossary/", "sources/", "about/",
]
FRONT_MATTER_FIELDS = ("title", "description", "reviewed", "next_review", "review_status")
FENCE = re.compile(r"^\s*(```|~~~)")
H2 = re.compile(r"^##\s+(?!#)(.*)$")
EXPLICIT_ID = re.compile(r"\{ #[a-z0-9]+(?:-[a-z0-9]+)*(?: [^}]*)? \}\s*$")
FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


def markdown_pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if not p.relative_to(DOCS).as_posix().startswith(("includes/", "assets/")))


def src_for(url: str) -> Path:
    if url == "":
        return DOCS / "index.md"
    stem = url.rstrip("/")
    return DOCS / f"{stem}.md" if (DOCS / f"{stem}.md").exists() else DOCS / stem / "index.md"


def outside_fences(text: str):
    """(line number, line) for every line not inside a fenced code block."""
    fenced = False
    for n, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield n, line


def soup(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(site_dir: Path, url: str):
    return soup(site_dir, url).select_one("article")


# --- The page list --------------------------------------------------------------------

@pytest.mark.parametrize("url", PROMISED)
def test_promised_url_exists(site_dir, url):
    page = site_dir / url / "index.html"
    assert page.exists(), f"/{url} is promised to clinics but was not built"
    assert 'http-equiv="refresh"' not in page.read_text(encoding="utf-8"), f"/{url} is only a redirect"
    assert src_for(url).exists()


# --- Markdown sources ------------------------------------------------------------------

@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_front_matter_fields_present(path):
    match = FRONT.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.relative_to(ROOT)} has no front matter"
    meta = yaml.safe_load(match.group(1)) or {}
    missing = [f for f in FRONT_MATTER_FIELDS if not meta.get(f)]
    assert not missing, f"{path.relative_to(ROOT)}: front matter is missing {', '.join(missing)}"
    assert 50 <= len(meta["description"]) <= 170


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_h2_has_an_explicit_stable_id(path):
    text = path.read_text(encoding="utf-8")
    bad = [f"line {n}: {line}" for n, line in outside_fences(text) if H2.match(line) and not EXPLICIT_ID.search(line)]
    assert not bad, (f"{path.relative_to(ROOT)}: give each ## heading an id written "
                     "'## Heading { #stable-id }' (a space after the brace):\n" + "\n".join(bad))


@pytest.mark.parametrize("url", PROMISED)
def test_page_ends_with_where_to_go_next_and_references(url):
    text = src_for(url).read_text(encoding="utf-8").rstrip()
    assert text.endswith("{{ references() }}"), f"{src_for(url).name}: the last line should be {{{{ references() }}}}"
    match = re.search(r"^## .*\{ #next \}\s*$(.*?)\{\{ references\(\) \}\}\Z", text, re.S | re.M)
    assert match, f"{src_for(url).name}: needs a '## Where to go next {{ #next }}' section just before the references"
    if url != "do-you-need-help/":
        assert "do-you-need-help.md" in match.group(1), f"{src_for(url).name}: 'where to go next' should link to do-you-need-help.md"


@pytest.mark.parametrize("url", PROMISED)
def test_main_message_box_is_at_the_top(site_dir, url):
    first_block = article(site_dir, url).find("h1").find_next_sibling()
    assert first_block is not None and "admonition" in first_block.get("class", []) and "abstract" in first_block["class"], \
        f"/{url}: the first thing after the title should be the 'The main thing to know' box"
    assert first_block.select_one(".admonition-title").get_text(strip=True) == "The main thing to know"


# --- Citations ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", PROMISED)
def test_page_cites_at_least_two_sources(site_dir, url):
    refs = article(site_dir, url).select("section.fsg-references li[id^=ref-]")
    assert len(refs) >= 2, f"/{url} cites {len(refs)} source(s); every content page needs at least two"


@pytest.mark.parametrize("url", PROMISED)
def test_every_citation_leads_to_this_pages_sources_list(site_dir, url):
    page = article(site_dir, url)
    listed = {li["id"] for li in page.select("section.fsg-references li[id^=ref-]")}
    cites = page.select("sup.fsg-cite a")
    assert cites, f"/{url} has no citations"
    for a in cites:
        href = a["href"]
        assert href.startswith("#ref-"), f"/{url}: citation link {href} does not point into the page's Sources list"
        assert href[1:] in listed, f"/{url}: citation {href} has no entry in the Sources list"
    # And nothing in the list is uncited: numbering starts at 1 and has no gaps.
    numbers = sorted({int(a.get_text(strip=True).strip("[]")) for a in cites})
    assert numbers == list(range(1, len(listed) + 1))


# --- Things shown come from data ---------------------------------------------------------

def _data(name):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def test_every_treatment_in_data_is_in_the_table_and_nothing_else(site_dir):
    rows = article(site_dir, "treatments/").select("table.fsg-tx__table tbody tr")
    treatments = _data("treatments.yml")["treatments"]
    assert len(rows) == len(treatments)
    for row, t in zip(rows, treatments):
        assert row["id"] == f"treatment-{t['id']}"
        assert t["name"] in row.find("th").get_text(" ", strip=True)


def test_every_condition_in_data_is_in_the_types_table(site_dir):
    conditions = _data("conditions.yml")["conditions"]
    rows = article(site_dir, "types/").select("tr[data-condition]")
    assert [r["data-condition"] for r in rows] == [c["id"] for c in conditions]
    for row, c in zip(rows, conditions):
        assert c["name"] in row.get_text(" ", strip=True)


def test_every_red_flag_shown_comes_from_data(site_dir):
    flags = {f["id"]: f for f in _data("red-flags.yml")["red_flags"]}
    page = article(site_dir, "when-to-get-help/")
    shown = {li["id"].removeprefix("flag-"): li for li in page.select("li[id^=flag-]")}
    assert set(shown) == set(flags), "the red-flag cards should show every flag in data/red-flags.yml and no other"
    for fid, li in shown.items():
        sign = re.sub(r"[*_]", "", flags[fid]["sign"])
        shown_text = " ".join(li.get_text().split()).replace("’", "'")
        assert " ".join(sign.split()[:3]) in shown_text, f"flag {fid}: the card does not show the sign from data"


NUMBER = re.compile(r"(?<![\d,.])\b(911|999|112|000)\b(?![\d,])")


def test_no_emergency_number_typed_by_hand():
    """The number comes from mkdocs.yml (extra.emergency) through {{ emergency.number }}."""
    found = []
    for path in markdown_pages():
        for n, line in outside_fences(path.read_text(encoding="utf-8")):
            if NUMBER.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "Use {{ emergency.number }} or {{ emergency_call() }} instead of typing:\n" + "\n".join(found)


def test_the_number_check_would_catch_one():
    assert NUMBER.search("Call 911 now") and NUMBER.search("(999)") and NUMBER.search("dial 000.")
    assert not NUMBER.search("fewer than 1 in 1,000 people") and not NUMBER.search("10,000") and not NUMBER.search("9110")
