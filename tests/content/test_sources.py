"""Every source in data/sources.yml can be found again (issue 11).

- No source links to a search page: a search finds different things on different
  days, so it is not a reference.
- Every journal source (a study, review, systematic review or guideline) names its
  authors and year and has a PMID or a DOI, so a reader or reviewer can open the
  exact article. The few that could not be checked yet are listed in PENDING with
  the reason; the list may only shrink (a test fails when an entry is complete).
- The full reference (volume, pages, PMID, DOI) is shown in each page's Sources list.
"""
from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT

JOURNAL_KINDS = {"study", "review", "systematic-review", "guideline"}
SEARCH_PAGE = re.compile(r"[?&](term|q|query|search)=|/search\b|/results\b", re.I)

# Journal sources whose reference could not be completed from what we could check.
# Never fill these in by guessing: remove an entry once the article itself has been checked.
PENDING = {
    "melbourne-bto-series": "PMID 7727103 abstract checked (matches the note); no record seen showed the authors' names",
    "beb-survey-1984": "PMID 6144283 abstract checked (matches the note); no record seen showed the authors' names",
    "delayed-relief-mvd-2015": "PMID 25668113 abstract checked (matches the note); no record seen showed the authors' names",
    "yen-beb-2018": "author, journal and 29(5):440-444 seen at Ovid and Medscape; no record seen showed a PMID or DOI",
    "hall-jama-2006": "abstract seen at JAMA Ophthalmology (159 and 91 people); no record seen showed volume, pages, PMID or DOI",
}


def _sources():
    return yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))["sources"]


def missing(source: dict) -> list[str]:
    """What a journal source lacks to be found again (empty when it is complete)."""
    if source.get("kind") not in JOURNAL_KINDS:
        return []
    gaps = [f for f in ("authors", "year") if not source.get(f)]
    if not (source.get("pmid") or source.get("doi")):
        gaps.append("a PMID or a DOI")
    return gaps


def test_no_source_links_to_a_search_page():
    bad = [f'{s["id"]}: {s["url"]}' for s in _sources() if SEARCH_PAGE.search(s["url"])]
    assert not bad, "Link to the page itself, not to a search for it:\n" + "\n".join(bad)


def test_the_search_page_check_would_catch_one():
    assert SEARCH_PAGE.search("https://pubmed.ncbi.nlm.nih.gov/?term=hemifacial+spasm")
    assert SEARCH_PAGE.search("https://www.example.org/search?q=blepharospasm")
    assert not SEARCH_PAGE.search("https://pubmed.ncbi.nlm.nih.gov/9843077/")


def test_every_journal_source_has_authors_a_year_and_a_pmid_or_doi():
    bad = [f'{s["id"]}: needs {", ".join(missing(s))}' for s in _sources() if missing(s) and s["id"] not in PENDING]
    assert not bad, "Complete these references from the article itself (never guess a PMID):\n" + "\n".join(bad)


@pytest.mark.parametrize("sid", sorted(PENDING))
def test_pending_sources_are_still_incomplete_and_say_so(sid):
    source = {s["id"]: s for s in _sources()}.get(sid)
    if source is None:
        pytest.fail(f"{sid} is no longer in data/sources.yml: remove it from PENDING")
    assert missing(source), f"{sid} is now complete: remove it from PENDING"
    assert source.get("note"), f"{sid}: its note must tell readers what could not be checked"


def test_the_completeness_check_would_catch_a_gap():
    assert missing({"kind": "study", "year": 2020, "authors": "A B."}) == ["a PMID or a DOI"]
    assert missing({"kind": "review", "year": 2020, "doi": "10.1/x"}) == ["authors"]
    assert missing({"kind": "patient-information", "year": 2020}) == []


def test_wang_jankovic_links_to_its_own_pubmed_record():
    wang = {s["id"]: s for s in _sources()}["wang-jankovic-1998"]
    assert wang["pmid"] == "9843077" and "9843077" in wang["url"]


def test_the_full_reference_is_shown_in_the_sources_list(site_dir):
    page = BeautifulSoup((site_dir / "treatments" / "surgery" / "index.html").read_text(encoding="utf-8"), "html.parser")
    item = page.select_one("li#ref-miller-mvd-2012")
    text = " ".join(item.get_text(" ").split())
    assert "Miller LE, Miller VM." in text and "2012;26(4):438-444" in text
    assert item.select_one('a[href="https://pubmed.ncbi.nlm.nih.gov/22168965/"]')
    assert item.select_one('a[href="https://doi.org/10.3109/02688697.2011.641613"]')


def test_a_badly_written_pmid_is_named_with_file_entry_and_field(tmp_path):
    from support import copy_project, data_error
    project = copy_project(tmp_path / "project")
    path = project / "data" / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('pmid: "9843077"', 'pmid: "PMID 9843077"', 1), encoding="utf-8")
    msg = data_error(project)
    assert msg.startswith("data/sources.yml") and "wang-jankovic-1998" in msg and "pmid" in msg
