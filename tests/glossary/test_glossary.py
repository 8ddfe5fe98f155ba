"""The glossary: every term from data/glossary.yml on /glossary/ with a stable
anchor, the same words as tooltips on every page, and clear messages for an
editor's mistakes.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, axe, copy_project, load_project as load, data_error as error_of

FIXTURES = Path(__file__).parent / "fixtures"
SCRIPT = ROOT / "scripts" / "make_abbreviations.py"
TERMS = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))["terms"]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def use_fixture(project: Path, name: str) -> Path:
    shutil.copy(FIXTURES / name, project / "data" / "glossary.yml")
    return project


def soup(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def run_script(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT)


# --- The glossary page ------------------------------------------------------------

def test_every_term_has_its_stable_anchor_a_to_z(site_dir):
    dts = soup(site_dir, "glossary").select("dl.fsg-glossary > dt")
    assert [dt["id"] for dt in dts] == [f"term-{t['id']}" for t in sorted(TERMS, key=lambda t: t["term"].casefold())]
    for dt, t in zip(dts, sorted(TERMS, key=lambda t: t["term"].casefold())):
        assert dt.get_text(" ", strip=True).startswith(t["term"])
        definition = dt.find_next_sibling("dd").get_text(" ", strip=True).replace("“", '"').replace("”", '"').replace("’", "'")
        assert " ".join(t["definition"].replace("**", "").split()[:4]) in definition


def test_abbreviations_are_shown_with_their_term(site_dir):
    text = soup(site_dir, "glossary").select_one("dl.fsg-glossary").get_text(" ", strip=True)
    for t in TERMS:
        if t.get("abbreviation"):
            assert f"{t['term']} ({t['abbreviation']})" in text


def test_other_names_are_shown_but_plurals_are_not(site_dir):
    dl = soup(site_dir, "glossary").select_one("dl.fsg-glossary")
    for t in TERMS:
        text = dl.find("dt", id=f"term-{t['id']}").find_next_sibling("dd").get_text(" ", strip=True)
        for name in t.get("also", []):
            assert name in text, f"{t['id']}: other name {name!r} not shown"
        for form in t.get("variants", []):
            assert f"Also called: {form}" not in text and f", {form}" not in text, f"{t['id']}: variant {form!r} shown"


# --- Tooltips on every page --------------------------------------------------------

def test_committed_abbreviations_file_is_up_to_date():
    result = run_script("--check")
    assert result.returncode == 0, result.stderr + "\nRun: python scripts/make_abbreviations.py"


def test_abbreviations_file_has_every_tooltip_term():
    text = (ROOT / "docs" / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    defined = set(re.findall(r"^\*\[([^\]]+)\]:", text, flags=re.M))
    for t in TERMS:
        expected = {t["term"]} | ({t["abbreviation"]} if t.get("abbreviation") else set())
        if t.get("tooltip", True):
            assert expected <= defined, f"{t['id']}: no tooltip"
        else:
            assert not expected & defined, f"{t['id']}: has tooltip: false but got a tooltip"


def test_tooltips_appear_on_built_pages(site_dir):
    page = soup(site_dir, "treatments/surgery")
    titles = {a.get_text(): a["title"] for a in page.select("article abbr[title]")}
    assert "MVD" in titles or "Microvascular decompression" in titles
    mvd = next(t for t in TERMS if t["id"] == "microvascular-decompression")
    assert any(mvd["definition"].split(".")[0] in title for title in titles.values())


def test_the_includes_folder_is_not_published(site_dir):
    assert not (site_dir / "includes").exists()
    assert "*[" not in (site_dir / "index.html").read_text(encoding="utf-8")


def test_script_help_and_check_on_a_stale_file(tmp_path):
    assert run_script("--help").returncode == 0
    stale = tmp_path / "abbreviations.md"
    stale.write_text("*[XYZ]: stale\n")
    result = run_script("--check", "--output", str(stale))
    assert result.returncode == 1 and "out of date" in result.stderr
    assert run_script("--output", str(stale)).returncode == 0
    assert run_script("--check", "--output", str(stale)).returncode == 0


def test_script_reports_broken_data_clearly(tmp_path):
    result = run_script("--data", str(FIXTURES / "missing-field.yml"), "--output", str(tmp_path / "a.md"))
    assert result.returncode == 2
    assert 'entry "blepharospasm", field "definition": this required field is missing' in result.stderr
    assert "Traceback" not in result.stderr


def test_tooltip_text_has_no_markdown(tmp_path):
    out = tmp_path / "a.md"
    assert run_script("--data", str(FIXTURES / "good.yml"), "--output", str(out)).returncode == 0
    text = out.read_text()
    assert "*[BEB]: Blepharospasm (BEB): The muscles around both eyes squeeze shut on their own." in text
    assert "Neurologist" not in text  # tooltip: false


# --- Broken fixtures: clear messages -------------------------------------------------

def test_good_fixture_loads(project):
    site = load(use_fixture(project, "good.yml"))
    assert [t.id for t in site.data["glossary.yml"].terms] == ["blepharospasm", "neurologist"]


def test_unknown_field(project):
    msg = error_of(use_fixture(project, "unknown-field.yml"))
    assert 'data/glossary.yml, entry "neurologist", field "defintion": unknown field' in msg
    assert "definition" in msg.split("Valid values:")[1]


def test_missing_field(project):
    msg = error_of(use_fixture(project, "missing-field.yml"))
    assert 'data/glossary.yml, entry "blepharospasm", field "definition": this required field is missing' in msg


def test_unknown_source(project):
    msg = error_of(use_fixture(project, "unknown-source.yml"))
    assert 'data/glossary.yml, entry "blepharospasm", field "sources"' in msg and "bebrf-2099" in msg


def test_link_to_missing_page(project):
    msg = error_of(use_fixture(project, "bad-link.yml"))
    assert 'data/glossary.yml, entry "blepharospasm", field "link"' in msg and '"/kinds/"' in msg


def test_same_term_twice(project):
    msg = error_of(use_fixture(project, "duplicate-term.yml"))
    assert 'data/glossary.yml' in msg and 'the term "Blepharospasm" is used twice' in msg


def test_html_in_a_definition(project):
    msg = error_of(use_fixture(project, "html-in-definition.yml"))
    assert 'entry "neurologist", field "definition": contains HTML' in msg


@pytest.mark.browser
def test_glossary_page_has_no_accessibility_violations(page, base_url):
    page.goto(base_url + "glossary/")
    violations = axe(page).response["violations"]
    assert not violations, [(v["id"], v["help"]) for v in violations]


@pytest.mark.browser
def test_a_term_link_lands_on_the_term(page, base_url):
    page.goto(base_url + "glossary/#term-synkinesis")
    term = page.locator("#term-synkinesis")
    assert term.is_visible() and term.evaluate("el => el.matches(':target')")
