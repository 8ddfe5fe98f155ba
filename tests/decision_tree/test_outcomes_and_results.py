"""What the built /do-you-need-help/ page says on each outcome, and the published test results.

The results section is worked out at build time (macros/tree_tests.py); here the same
stories are walked again in Python, so the page and the data cannot drift apart.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from support import ROOT

PAGE = "do-you-need-help/index.html"
STORIES = "tested-stories/index.html"   # every story, and the stories that test each sign


def emergency_number() -> str:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"]


class _Sections(HTMLParser):
    """The text of each element with an id (nested ones included), and every id and link."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self.attrs: dict[str, dict] = {}
        self.hrefs: list[str] = []
        self.nets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        key = a.get("id")
        if "data-safety-net" in a:
            key = f"net-{len(self.nets)}"
            self.nets.append(key)
        if key:
            self.text[key] = []
            self.attrs[key] = a
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"):
            self.stack.append((tag, key))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, key in self.stack:
            if key:
                self.text[key].append(data)

    def of(self, key: str) -> str:
        return re.sub(r"\s+", " ", "".join(self.text[key])).strip()


@pytest.fixture(scope="module")
def page(site_dir):
    p = _Sections()
    p.feed((site_dir / PAGE).read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def data():
    tree = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
    flags = {f["id"]: f for f in yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["red_flags"]}
    return tree, flags


def test_every_outcome_has_a_safety_net_with_the_configured_number(page, data):
    tree, _ = data
    number = emergency_number()
    outcomes = [n for n in tree["nodes"] if "level" in n]
    assert len(page.nets) == len(outcomes)
    for node in outcomes:
        text = page.of(f"outcome-{node['id']}")
        assert "This is not a diagnosis" in text, node["id"]
        assert "While you wait:" in text and "How long it takes:" in text, node["id"]
        if node["level"] != "emergency":
            assert f"Call {number} at once if:" in text, node["id"]
            assert "come back" in text.lower(), node["id"]


def test_an_outcome_for_one_sign_says_what_you_said_and_that_signs_own_advice(page, data):
    tree, flags = data
    seen = 0
    for node in tree["nodes"]:
        if "flag" in node and "level" in node:
            f = flags[node["flag"]]
            text = page.of(f"outcome-{node['id']}")
            assert f"You said: {f['answer']}" in text, node["id"]
            assert f["why"] in text and f["meanwhile"] in text, node["id"]
            # Order: what you said and why, then the level's common steps, then the safety net.
            if node["level"] != "emergency":
                assert text.index("You said:") < text.index("What to do:") < text.index("While you wait:")
            seen += 1
    assert seen == len(flags) - 5  # the 5 sudden stroke signs share one question and one outcome


def test_emergency_outcomes_put_the_call_first(page, data):
    tree, _ = data
    number = emergency_number()
    for node in tree["nodes"]:
        if node.get("level") == "emergency":
            text = page.of(f"outcome-{node['id']}")
            body = text.split("Call the emergency number now", 1)[1]
            assert body.lstrip().startswith(f"Call {number}"), (node["id"], body[:80])


def test_the_test_results_on_the_page_match_the_stories(page, site_dir):
    from macros.decision_tree import DecisionTreeFile, check_tree
    from macros.data import load_file
    from macros.red_flags import RedFlagsFile
    from macros import tree_tests
    flags = {f.id: f for f in load_file(ROOT / "data", "red-flags.yml", RedFlagsFile).red_flags}
    tree = load_file(ROOT / "data", "decision-tree.yml", DecisionTreeFile).trees[0]
    info = check_tree(tree, flags)
    stories = tree_tests.load(ROOT, flags).stories
    played = [tree_tests.play(info, s, flags) for s in stories]
    assert len(stories) >= 40
    verdicts = [p.verdict for p in played]
    assert verdicts.count("under") == 0
    listed = _Sections()
    listed.feed((site_dir / STORIES).read_text(encoding="utf-8"))
    assert stories[0].story in listed.of("story-" + stories[0].id)
    full = re.sub(r"<[^>]+>", "", (site_dir / PAGE).read_text(encoding="utf-8"))
    for line in (f"{len(stories)} written stories were played",
                 f"{verdicts.count('ok')} of {len(stories)} reached a level a clinician would accept",
                 f"{verdicts.count('under')} were sent to a level that is too slow",
                 f"{verdicts.count('over')} were sent to a level faster than needed"):
        assert line in re.sub(r"\s+", " ", full), line
    # The results link to the page of stories; there every story has its anchor, and every red
    # flag links to its stories.
    assert "../tested-stories/" in page.hrefs
    for s in stories:
        assert f"story-{s.id}" in listed.attrs
    for fid in flags:
        mine = [s.id for s in stories if fid in s.flags]
        assert len(mine) >= 2, fid
        for sid in mine:
            assert f"#story-{sid}" in listed.hrefs
    # Plain about what this is and how far it was tested.
    assert "This is educational signposting" in full
    assert "not a diagnosis and not a medical device" in full
    assert "tested the questions against short written stories" in full
    assert "not yet tested them with patients" in full


def test_the_results_give_the_date_they_were_worked_out(page, site_dir):
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    m = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})" data-fsg-tested>', html)
    assert m, "no test date on the page"
