"""Mistakes in data/handouts.yml stop the build with one message an editor can act on."""
from __future__ import annotations

import pytest

from support import build, copy_project


@pytest.mark.parametrize("change,expected", [
    (("page: /self-care/", "page: /no-such-page/"), 'links to the page "/no-such-page/"'),
    (("page: /self-care/", "page: /self-care/#sleep"), "a handout prints a whole page"),
    (("sheets: 2", "sheets: 4"), "sheets"),
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


@pytest.mark.parametrize("change,expected", [
    (("- checklist:self-care/sleep", "- checklist:self-care/naps"), 'the list "self-care" has no item "naps"'),
    (("- checklist:self-care/sleep", "- checklist:selfcare/sleep"), 'data/checklists.yml has no list "selfcare"'),
    (("- advice:soon/1", "- advice:soon/9"), 'the advice "soon" has 3 steps, not 9'),
    (("- checklist:self-care/sleep", "- Get more sleep"), "is not a thing to do from data"),
    (("signs: [face-drooping, arm-leg-weakness, speech-problems, lasts-two-weeks, spreading]",
      "signs: [face-droop, arm-leg-weakness]"), '"face-droop" is not a sign in data/red-flags.yml'),
], ids=["unknown-item", "unknown-list", "no-such-step", "typed-not-data", "unknown-sign"])
def test_a_summary_that_does_not_come_from_data_stops_the_build(tmp_path, change, expected):
    project = copy_project(tmp_path / "project")
    data = project / "data" / "handouts.yml"
    old, new = change
    assert old in data.read_text()
    data.write_text(data.read_text().replace(old, new, 1))
    result = build(tmp_path / "site", project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/handouts.yml" in output and expected in output and "summary" in output
    assert "Traceback" not in output
