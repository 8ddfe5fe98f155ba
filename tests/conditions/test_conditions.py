"""The conditions comparison table: rendered from data/conditions.yml, and an
editor's mistake in that file stops the build with a message naming the file,
the entry and the field.

Broken fixtures live in fixtures/; each replaces data/conditions.yml in a
private copy of the project, which is then loaded the way the build loads it.
"""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from macros.errors import DataError
from support import ROOT, build, copy_project, load_project as load, data_error as error_of

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def use_fixture(project: Path, name: str) -> Path:
    shutil.copy(FIXTURES / name, project / "data" / "conditions.yml")
    return project


def render_table(site, page_src="types.md", page_url="types/", *ids):
    """Call the macros as mkdocs-macros would on one page, and return the table's HTML."""
    from macros import conditions, sources
    env = SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_path=page_src), url=page_url))
    sources.macros(site, env)  # sets site.cite, which the table uses for its citations
    return str(conditions.macros(site, env)["conditions_table"](*ids))


class _Table(HTMLParser):
    """Rows of the conditions table: row header text, cell texts, and scope attributes."""

    def __init__(self):
        super().__init__()
        self.caption, self.col_scopes, self.rows = "", [], []
        self._where, self._cell, self._row = None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "fsg-conditions__table" in (a.get("class") or ""):
            self._where = "table"
        if self._where is None:
            return
        if tag == "caption":
            self._cell = []
        elif tag == "tr":
            self._row = {"id": a.get("data-condition"), "cells": []}
        elif tag in ("th", "td"):
            self._cell = []
            if tag == "th" and a.get("scope") == "col":
                self.col_scopes.append("col")
            if self._row is not None:
                self._row.setdefault("scopes", []).append((tag, a.get("scope")))

    def handle_endtag(self, tag):
        if self._where is None:
            return
        if tag == "caption":
            self.caption = " ".join("".join(self._cell).split())
            self._cell = None
        elif tag in ("th", "td") and self._cell is not None:
            if self._row is not None:
                self._row["cells"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr":
            if self._row and self._row["id"]:
                self.rows.append(self._row)
            self._row = None
        elif tag == "table":
            self._where = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Table:
    t = _Table()
    t.feed(html)
    return t


# --- rendering from data ---------------------------------------------------------

def test_table_is_rendered_from_the_data_file(project):
    site = load(use_fixture(project, "good.yml"))
    table = parse(render_table(site))
    assert [r["id"] for r in table.rows] == ["fixture-alpha", "fixture-beta"]
    alpha, beta = table.rows
    assert alpha["cells"][0] == "Fixture alpha twitch"
    assert "Alpha side text." in alpha["cells"] and "Alpha outlook with bold text." in alpha["cells"]
    assert beta["cells"][0] == 'Fixture beta & "co"'
    assert "Fixture beta &amp; " in render_table(site)  # text from data is escaped


def test_table_is_accessible(project):
    site = load(use_fixture(project, "good.yml"))
    html = render_table(site)
    table = parse(html)
    assert table.caption, "the table needs a caption"
    assert len(table.col_scopes) >= 6, "every column heading needs scope=col"
    for row in table.rows:
        assert row["scopes"][0] == ("th", "row"), "each condition's name is a row header (scope=row)"
    assert "<strong>bold</strong>" in html  # inline Markdown from data is rendered
    assert 'href="#compare"' in html  # the link in data is made relative to the page


def test_each_row_cites_its_sources(project):
    site = load(use_fixture(project, "good.yml"))
    html = render_table(site)
    # beta cites mayo-hfs first on this page, then reuses nhs-twitching's number.
    assert 'href="#ref-nhs-twitching"' in html and 'href="#ref-mayo-hfs"' in html
    beta_row = html.split('data-condition="fixture-beta"')[1]
    assert re.search(r'href="#ref-mayo-hfs"[^>]*>2</a>', beta_row)
    assert re.search(r'href="#ref-nhs-twitching"[^>]*>1</a>', beta_row)


def test_two_tables_on_one_page_have_different_ids(project):
    from macros import conditions, sources
    site = load(use_fixture(project, "good.yml"))
    env = SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_path="types.md"), url="types/"))
    sources.macros(site, env)
    table = conditions.macros(site, env)["conditions_table"]
    first, second = str(table()), str(table("fixture-beta", caption="Just beta"))
    ids = re.findall(r'<caption id="([^"]+)"', first + second)
    assert len(ids) == 2 and ids[0] != ids[1]
    assert f'aria-labelledby="{ids[1]}"' in second and "Just beta" in second


def test_a_subset_can_be_shown_and_an_unknown_id_is_an_error(project):
    site = load(use_fixture(project, "good.yml"))
    assert [r["id"] for r in parse(render_table(site, "types.md", "types/", "fixture-beta")).rows] == ["fixture-beta"]
    with pytest.raises(DataError) as caught:
        render_table(site, "types.md", "types/", "fixture-gamma")
    assert "docs/types.md" in caught.value.message and "fixture-gamma" in caught.value.message
    assert "fixture-alpha" in caught.value.message  # lists what would be valid


# --- broken fixtures -------------------------------------------------------------

def test_unknown_field_names_file_entry_and_field(project):
    msg = error_of(use_fixture(project, "unknown-field.yml"))
    assert 'data/conditions.yml, entry "typo-condition", field "outlok": unknown field' in msg
    assert "outlook" in msg  # the valid field names are suggested
    assert 'field "outlook": this required field is missing' in msg


def test_missing_field_names_file_entry_and_field(project):
    msg = error_of(use_fixture(project, "missing-field.yml"))
    assert msg == 'data/conditions.yml, entry "no-who", field "who": this required field is missing'


def test_unknown_source_id_names_file_entry_field_and_id(project):
    msg = error_of(use_fixture(project, "unknown-source.yml"))
    assert msg.startswith('data/conditions.yml, entry "bad-source", field "sources": ')
    assert '"nhs-twitchy"' in msg and "not in data/sources.yml" in msg
    assert "Valid values: " in msg  # the valid ids are listed


def test_link_to_a_missing_anchor_is_an_error(project):
    msg = error_of(use_fixture(project, "bad-link.yml"))
    assert msg.startswith('data/conditions.yml, entry "bad-link", field "link": ')
    assert "#no-such-section" in msg


def test_the_editor_sees_the_message_and_no_traceback(project, tmp_path):
    use_fixture(project, "unknown-source.yml")
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'data/conditions.yml, entry "bad-source", field "sources"' in output
    assert "Traceback" not in output


# --- the real site ---------------------------------------------------------------

def test_types_page_shows_every_condition_in_data(site_dir):
    data = yaml.safe_load((ROOT / "data" / "conditions.yml").read_text(encoding="utf-8"))["conditions"]
    numbers = {n["id"]: n["say"] for n in
               yaml.safe_load((ROOT / "data" / "numbers.yml").read_text(encoding="utf-8"))["numbers"]}
    for entry in data:   # {n:id} in data text shows the number's words (data/numbers.yml)
        for field in ("side", "sleep", "course", "who"):
            entry[field] = re.sub(r"\{n:([a-z0-9-]+)\}", lambda m: numbers[m.group(1)], entry[field])
    table = parse((site_dir / "types" / "index.html").read_text(encoding="utf-8"))
    assert [r["id"] for r in table.rows] == [c["id"] for c in data]
    for row, entry in zip(table.rows, data):
        assert row["cells"][0] == entry["name"]
        for field in ("side", "sleep", "course", "who"):
            cells = [c.replace("\u2019", "'") for c in row["cells"]]  # smart quotes from Markdown
            assert entry[field].replace("**", "") in cells, (entry["id"], field)


def test_conditions_css_is_loaded_and_exists(site_dir):
    html = (site_dir / "types" / "index.html").read_text(encoding="utf-8")
    assert "assets/css/conditions.css" in html
    assert (site_dir / "assets" / "css" / "conditions.css").exists()
