"""Mistakes in data/handouts.yml stop the build with one message an editor can act on."""
from __future__ import annotations

import pytest

from support import build, copy_project


@pytest.mark.parametrize("change,expected", [
    (("page: /self-care/", "page: /no-such-page/"), 'links to the page "/no-such-page/"'),
    (("page: /self-care/", "page: /self-care/#sleep"), "a handout prints a whole page"),
    (("sheets: 2", "sheets: 3"), "sheets"),
], ids=["missing-page", "section-not-page", "too-many-sheets"])
def test_a_wrong_handout_stops_the_build(tmp_path, change, expected):
    project = copy_project(tmp_path / "project")
    data = project / "data" / "handouts.yml"
    old, new = change
    assert old in data.read_text()
    data.write_text(data.read_text().replace(old, new, 1))
    result = build(tmp_path / "site", project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/handouts.yml" in output and expected in output
    assert "Traceback" not in output
