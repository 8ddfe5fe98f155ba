"""The treatments table: rendered from data/treatments.yml, accessible, readable on
a phone, and an editor's mistake in the file stops the build with a message that
names the file, the entry and the field.

Broken fixtures live in fixtures/; each replaces data/treatments.yml in a private
copy of the project, which is then loaded the way the build loads it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.numbers import TOKEN
from macros.treatments import EVIDENCE
from support import ROOT, axe, build, copy_project, load_project as load, data_error as error_of

FIXTURES = Path(__file__).parent / "fixtures"
_SAY = {n["id"]: n["say"] for n in yaml.safe_load((ROOT / "data" / "numbers.yml").read_text(encoding="utf-8"))["numbers"]}


def _words(value):
    """The text a reader sees: {n:id} tokens become the record's words (macros/numbers.py does the same)."""
    if isinstance(value, str):
        return TOKEN.sub(lambda m: _SAY[m.group(1)], value)
    return value


DATA = [{k: _words(v) for k, v in t.items()}
        for t in yaml.safe_load((ROOT / "data" / "treatments.yml").read_text(encoding="utf-8"))["treatments"]]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def use_fixture(project: Path, name: str) -> Path:
    shutil.copy(FIXTURES / name, project / "data" / "treatments.yml")
    # A fixture holds a few treatments only: a figure tied to the danger signs of one it lacks
    # (data/figures.yml, danger_signs) would stop the load first, so the copy drops that figure.
    fixture = {t["id"] for t in yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8")).get("treatments") or []
               if isinstance(t, dict) and "id" in t}
    figures = project / "data" / "figures.yml"
    data = yaml.safe_load(figures.read_text(encoding="utf-8"))
    data["figures"] = [f for f in data["figures"] if f.get("danger_signs") in (None, *fixture)]
    figures.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def soup(site_dir: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def table(site_dir):
    tables = soup(site_dir, "treatments").select("table.fsg-tx__table")
    assert len(tables) == 1, "the /treatments/ page should show the treatments table once"
    return tables[0]


# --- The built table shows the data -------------------------------------------------

def test_table_has_one_row_per_treatment_in_file_order(site_dir):
    rows = table(site_dir).select("tbody tr")
    assert [r.get("id") for r in rows] == [f"treatment-{t['id']}" for t in DATA]


def test_each_row_shows_the_treatment_data(site_dir):
    rows = {r["id"]: r for r in table(site_dir).select("tbody tr")}
    for t in DATA:
        row = rows[f"treatment-{t['id']}"]
        header = row.find("th", attrs={"scope": "row"})
        assert header is not None and t["name"] in header.get_text(" ", strip=True)
        text = " ".join(row.get_text(" ", strip=True).split())
        # A word from each field, so a field dropped from the template is noticed. A row with short
        # phrases (`table`) shows those; its longer fields are the summary box on its own page.
        cells = {k: _words(v) for k, v in t["table"].items() if isinstance(v, str)} if t.get("table") else None
        fields = ("what", "who", "works", "lasts", "side_effects") if cells else (
            "who", "how_well", "lasts", "common_side_effects", "serious_side_effects")
        for field in fields:
            words = " ".join((cells or t)[field].replace("**", "").split()[:4])
            assert words in text.replace("“", '"').replace("”", '"'), f"{t['id']}: {field} not shown"
        evidence = row.select_one(".fsg-evidence")
        assert evidence.get_text(strip=True) == EVIDENCE[t["evidence"]]["label"]
        assert row.select("sup.fsg-cite a"), f"{t['id']}: the row cites no source"
        icons = [f["id"] for f in row.select("figure.fsg-icons")]
        assert icons == [f"icons-{i}" for i in (t.get("table") or {}).get("icons", [])], f"{t['id']}: icon arrays"


def test_table_cells_are_short_phrases():
    """So the table stays a grid on paper (PEMAT 19): every short phrase is at most 25 words."""
    for t in DATA:
        assert t.get("table"), f"{t['id']}: give the table its short phrases (`table:`)"
        for field, text in t["table"].items():
            if isinstance(text, str):
                assert len(text.split()) <= 25, f"{t['id']}: table.{field} has {len(text.split())} words"


def test_rows_link_to_each_treatments_page(site_dir):
    rows = {r["id"]: r for r in table(site_dir).select("tbody tr")}
    for t in DATA:
        href = rows[f"treatment-{t['id']}"].find("th").find("a")["href"]
        path, _, anchor = href.partition("#")
        target = (site_dir / "treatments" / path / "index.html").resolve()
        assert target.exists(), f"{t['id']}: {href} does not lead to a page"
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{t['id']}: no #{anchor} on {href}"


def test_table_is_accessible(site_dir):
    t = table(site_dir)
    assert t.caption and t.caption.get_text(strip=True)
    cols = t.select("thead th")
    assert cols and all(th.get("scope") == "col" for th in cols)
    for row in t.select("tbody tr"):
        assert len(row.find_all("th", attrs={"scope": "row"})) == 1
        assert len(row.find_all(["th", "td"])) == len(cols)


def test_each_treatment_page_shows_its_summary_from_data(site_dir):
    """Treatment pages show the same words as the table: both come from the data."""
    shown = 0
    for t in DATA:
        path = t["page"].strip("/").partition("#")[0]
        page = soup(site_dir, path)
        box = page.find("section", attrs={"aria-label": f"{t['name']} at a glance"})
        if box is None:
            continue
        shown += 1
        assert " ".join(t["how_well"].split()[:5]) in box.get_text(" ", strip=True)
        compare = box.find("a", string="Compare it with other treatments")
        assert compare and compare["href"].endswith(f"#treatment-{t['id']}")
    assert shown >= 5, "most treatment pages should open with their summary box"


# --- Broken fixtures: clear messages -------------------------------------------------

def test_good_fixture_loads(project):
    site = load(use_fixture(project, "good.yml"))
    assert [t.id for t in site.data["treatments.yml"].treatments] == ["botulinum-toxin", "complementary"]


def test_unknown_field(project):
    msg = error_of(use_fixture(project, "unknown-field.yml"))
    assert 'data/treatments.yml, entry "botulinum-toxin", field "evidnce": unknown field' in msg
    assert "evidence" in msg.split("Valid values:")[1]


def test_missing_field(project):
    msg = error_of(use_fixture(project, "missing-field.yml"))
    assert 'data/treatments.yml, entry "botulinum-toxin", field "how_well": this required field is missing' in msg


def test_bad_evidence_level(project):
    msg = error_of(use_fixture(project, "bad-evidence.yml"))
    assert 'data/treatments.yml, entry "complementary", field "evidence"' in msg
    for level in EVIDENCE:
        assert level in msg
    assert "'low'" in msg


def test_unknown_source(project):
    msg = error_of(use_fixture(project, "unknown-source.yml"))
    assert 'data/treatments.yml, entry "complementary", field "sources"' in msg
    assert '"acupuncture-review-2099", which is not in data/sources.yml' in msg


def test_link_to_missing_page(project):
    msg = error_of(use_fixture(project, "missing-page.yml"))
    assert 'data/treatments.yml, entry "botulinum-toxin", field "page"' in msg
    assert '"/treatments/botox/", which does not exist' in msg


def test_link_to_missing_anchor(project):
    msg = error_of(use_fixture(project, "missing-anchor.yml"))
    assert 'entry "botulinum-toxin", field "page"' in msg and "#no-such-section" in msg


def test_duplicate_id(project):
    msg = error_of(use_fixture(project, "duplicate-id.yml"))
    assert 'data/treatments.yml, entry "botulinum-toxin", field "id"' in msg and "used twice" in msg


def test_unknown_summary_id_stops_the_build_with_the_page_named(project, tmp_path):
    page = project / "docs" / "treatments" / "surgery.md"
    page.write_text(page.read_text().replace('treatment_summary("microvascular-decompression")',
                                             'treatment_summary("mvd")'))
    result = build(tmp_path / "out", project)
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert 'docs/treatments/surgery.md: treatment_summary("mvd"): no treatment with that id' in out
    assert "Traceback" not in out


def test_broken_data_stops_the_build_without_traceback(project, tmp_path):
    result = build(tmp_path / "out", use_fixture(project, "bad-evidence.yml"))
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert 'data/treatments.yml, entry "complementary", field "evidence"' in out
    assert "Traceback" not in out


# --- On a phone, the table never scrolls sideways ------------------------------------

@pytest.mark.browser
def test_no_sideways_scroll_on_a_phone(browser, base_url):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    try:
        page = ctx.new_page()
        page.goto(base_url + "treatments/")
        t = page.locator("table.fsg-tx__table")
        assert t.is_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a 360px screen"
        box = t.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        # Cards: each cell shows its own label, since the header row is hidden.
        label = page.locator("#treatment-botulinum-toxin .fsg-tx__label").first
        assert label.is_visible()
    finally:
        ctx.close()


@pytest.mark.browser
def test_wide_screen_shows_a_real_table(page, base_url):
    page.goto(base_url + "treatments/")
    assert page.locator("table.fsg-tx__table thead").is_visible()
    assert not page.locator("#treatment-botulinum-toxin .fsg-tx__label").first.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("url", ["treatments/", "treatments/surgery/"])
def test_no_accessibility_violations(browser, base_url, width, url):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(base_url + url)
        violations = axe(page).response["violations"]
        assert not violations, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    finally:
        ctx.close()


# --- Danger-sign cards take red flags from data/red-flags.yml, never retyped -----------------

def _edit_help(project: Path, change) -> None:
    path = project / "data" / "treatments.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(next(t for t in data["treatments"] if t["id"] == "medicines")["get_help"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_the_medicines_emergency_card_shows_the_red_flag_in_its_own_words(site_dir):
    flags = {f["id"]: f for f in yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text(encoding="utf-8"))["red_flags"]}
    from macros.text import render_inline
    card = soup(site_dir, "treatments/medicines").select_one(".fsg-care--emergency")
    text = " ".join(card.get_text(" ").split())
    sign = " ".join(BeautifulSoup(str(render_inline(flags["breathing-swallowing"]["sign"])),
                                  "html.parser").get_text(" ").split())
    assert sign in text


def test_a_red_flag_on_a_card_of_another_level_stops_the_build(project):
    _edit_help(project, lambda cards: cards[1].setdefault("flags", []).append("breathing-swallowing"))
    msg = error_of(project)
    assert 'data/treatments.yml, entry "medicines"' in msg and '"breathing-swallowing" is emergency' in msg


def test_an_unknown_red_flag_on_a_card_stops_the_build(project):
    _edit_help(project, lambda cards: cards[0]["flags"].append("no-such-sign"))
    msg = error_of(project)
    assert '"no-such-sign" is not a red flag in data/red-flags.yml' in msg


def test_a_card_sign_a_figure_names_has_an_id_and_its_words(site_dir):
    # The medicines page's own danger signs that data/figures.yml's figure names (sign: <id>) still show as words.
    text = " ".join(soup(site_dir, "treatments/medicines").get_text(" ").split())
    assert "Someone who takes a benzodiazepine is very hard to wake" in text
    assert "benzodiazepine-slow-breathing" not in text and "carbamazepine-rash" not in text


def test_a_sign_id_used_twice_stops_the_build(project):
    _edit_help(project, lambda cards: cards[1]["signs"][0].update(id="benzodiazepine-slow-breathing"))
    msg = error_of(project)
    assert msg == ('data/treatments.yml, entry "medicines": the sign id '
                   '"benzodiazepine-slow-breathing" is used twice in get_help; give each sign its own id')
