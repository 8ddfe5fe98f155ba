"""The tree in the built site, and what an editor sees when they get the tree wrong."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from support import ROOT, build, copy_project

PAGE = "do-you-need-help/index.html"
LEVELS = {"emergency", "urgent", "soon", "self-care"}


class _Steps(HTMLParser):
    """Ids, data-node / data-level of each step, and answer links, from the built page."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.steps: list[dict] = []
        self.answers: list[str] = []
        self.tels: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if "data-node" in a:
            self.steps.append(a)
        if tag == "a" and "fsg-tree__answer" in (a.get("class") or ""):
            self.answers.append(a["href"])
        if tag == "a" and (a.get("href") or "").startswith("tel:"):
            self.tels.append(a["href"])


def parse(html: str) -> _Steps:
    p = _Steps()
    p.feed(html)
    return p


def test_every_step_has_a_stable_anchor_and_every_answer_a_target(site_dir):
    page = parse((site_dir / PAGE).read_text(encoding="utf-8"))
    tree = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
    expected = {("outcome-" if "level" in n else "q-") + n["id"]: n for n in tree["nodes"]}
    assert {s["id"] for s in page.steps} == set(expected)
    assert len(page.ids) == len(set(page.ids)), "ids on the page are unique"
    for step in page.steps:
        node = expected[step["id"]]
        assert step["data-node"] == node["id"]
        if "level" in node:
            assert step["data-level"] == node["level"] in LEVELS
        else:
            assert "data-level" not in step
    assert page.answers and all(h.startswith("#") and h[1:] in expected for h in page.answers)


def test_no_emergency_number_is_typed_into_the_tree_or_its_page():
    for path in ("docs/do-you-need-help.md", "data/decision-tree.yml", "overrides/partials/decision-tree.html",
                 "docs/assets/js/decision-tree.js"):
        text = (ROOT / path).read_text(encoding="utf-8")
        assert not re.search(r"\b(911|999|000|112|111)\b", text), path


@pytest.fixture(scope="module")
def other_country_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("tree-112") / "project")
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace('number: "911"', 'number: "112"'))
    out = project / "site"
    result = build(out, project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_emergency_outcome_calls_the_configured_number(other_country_site):
    html = (other_country_site / PAGE).read_text(encoding="utf-8")
    outcome = html[html.index('id="outcome-call-now"'):]
    outcome = outcome[:outcome.index("</section>")]
    assert 'href="tel:112"' in outcome
    assert "Call 112 now" in outcome
    assert "911" not in outcome


def _broken_build(tmp_path, edit):
    project = copy_project(tmp_path / "project")
    edit(project)
    result = build(tmp_path / "site", project)
    assert result.returncode != 0, "the build should have stopped"
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    return output


def test_an_unknown_tree_id_stops_the_build_and_lists_the_valid_ones(tmp_path):
    def edit(project):
        page = project / "docs" / "do-you-need-help.md"
        page.write_text(page.read_text().replace('decision_tree("facial-spasm")', 'decision_tree("facial-spasms")'))
    output = _broken_build(tmp_path, edit)
    assert 'docs/do-you-need-help.md: decision_tree("facial-spasms"): there is no tree with that id' in output
    assert "Valid values: facial-spasm" in output


def test_a_stroke_sign_wired_to_the_wrong_outcome_stops_the_build(tmp_path):
    def edit(project):
        data = project / "data" / "decision-tree.yml"
        text = data.read_text()
        # "Yes" to the stroke signs now leads to "get help today" instead of the emergency number.
        start = text.index("- id: stroke-signs")
        fixed = text[start:].replace("next: call-now", "next: help-today", 1)
        data.write_text(text[:start] + fixed)
    output = _broken_build(tmp_path, edit)
    assert ('data/decision-tree.yml (tree "facial-spasm"), entry "stroke-signs", field "answers[0].next": '
            'the answer "Yes, at least one" says a red flag of level emergency is there') in output
    assert "Valid values: call-breathing, call-fever, call-head-injury, call-now," in output


def test_a_story_sent_too_slow_stops_the_build_and_names_it(tmp_path):
    def edit(project):
        stories = project / "tests" / "decision_tree" / "vignettes.yml"
        text = stories.read_text()
        # A twitch of three weeks, written as if it needed help today: the questions say "soon".
        start = text.index("- id: twitch-three-weeks")
        stories.write_text(text[:start] + text[start:].replace("accepted: [soon]", "accepted: [urgent]", 1))
    output = _broken_build(tmp_path, edit)
    assert ('tests/decision_tree/vignettes.yml, entry "twitch-three-weeks", field "accepted": the questions send '
            'this story to "soon-two-weeks" (soon), less urgent than every accepted level (urgent): under-triage') in output
    assert "Fix the questions, never the story" in output


def test_a_red_flag_with_fewer_than_two_stories_stops_the_build(tmp_path):
    def edit(project):
        stories = project / "tests" / "decision_tree" / "vignettes.yml"
        text = stories.read_text()
        stories.write_text(text.replace("flags: [pain, red-swollen-eye]", "flags: [red-swollen-eye]")
                           .replace("flags: [pain]", "flags: []"))
    output = _broken_build(tmp_path, edit)
    assert 'each red flag needs at least 2 stories that test it; "pain" has 0' in output
