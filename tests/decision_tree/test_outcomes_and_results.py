"""What the built /do-you-need-help/ page says on each outcome, and the stories page that tests it.

The stories are played at build time (macros/tree_tests.py); here the same
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
    # Data text writes a number as {n:id}; the page shows the record's words.
    says = {n["id"]: n["say"] for n in yaml.safe_load((ROOT / "data" / "numbers.yml").read_text())["numbers"]}
    text = re.sub(r"\{n:([a-z0-9-]+)\}", lambda m: says[m.group(1)], (ROOT / "data" / "red-flags.yml").read_text())
    flags = {f["id"]: f for f in yaml.safe_load(text)["red_flags"]}
    return tree, flags


_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    return [x.strip() for x in _SPLIT.split(text) if x.strip()]


def _same_advice():
    return yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["same_advice"]


def _instructions(sentence: str) -> set[str]:
    low = sentence.casefold()
    return {a["id"] for a in _same_advice() if any(w.casefold().replace("{urgent_care}", "urgent care") in low
                                                     for w in a["says"])}


def _step_instructions(level: str) -> set[str]:
    steps = yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["advice"][level]["steps"]
    return set().union(*(_instructions(x) for step in steps for x in _sentences(step)))


def _outcome_sentences(site_dir):
    """Each outcome's instructions as a reader sees them, on screen and on paper (the same HTML):
    its steps, its "While you wait" lines and the rest of its safety net, one sentence each."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup((site_dir / PAGE).read_text(encoding="utf-8"), "html.parser")
    for section in soup.select("section.fsg-tree__outcome"):
        parts = [li.get_text(" ", strip=True) for li in section.select("ol.fsg-care__steps > li")]
        for li in section.select("ul.fsg-tree__meanwhile > li"):
            label = li.find("strong")
            parts.append(li.get_text(" ", strip=True)[len(label.get_text(" ", strip=True)):] if label else li.get_text(" ", strip=True))
        for p in section.select("[data-safety-net] > p"):
            parts.append(re.sub(r"^(While you wait|How long it takes):", "", p.get_text(" ", strip=True)))
        yield section["id"], section.has_attr("data-paper"), [x for part in parts for x in _sentences(part)]


def test_no_outcome_gives_the_same_instruction_twice(site_dir):
    """PEMAT item 2: the printed Emergency result said "sit down" three times, and a safety net's
    "While you wait" repeated the signs' tips. Each outcome gives each instruction once."""
    seen_paper = 0
    for outcome, paper, sentences in _outcome_sentences(site_dir):
        seen_paper += paper
        assert len(sentences) > 5, outcome
        # The same sentence twice.
        plain = [re.sub(r"[^a-z0-9 ]", "", x.casefold()) for x in sentences]
        assert len(plain) == len(set(plain)), (outcome, sorted(x for x in plain if plain.count(x) > 1))
        # The same instruction in other words (data/red-flags.yml, same_advice).
        given: dict[str, str] = {}
        for x in sentences:
            for i in _instructions(x):
                assert i not in given, f"{outcome} says {i!r} twice: {given[i]!r} and {x!r}"
                given[i] = x
        # The scorer's two findings, counted in the words themselves.
        low = " ".join(sentences).casefold()
        assert len(re.findall(r"\bsit (?:or lie )?(?:down|up)\b", low)) <= 1, outcome
        assert low.count("go to an urgent care") <= 1, outcome
    assert seen_paper == 4   # one printed result per level


def test_saying_once_drops_only_repeats_and_names_every_sign_that_shares_a_tip():
    from types import SimpleNamespace as NS

    from macros.decision_tree import say_once
    same = [NS(id="sit", says=["sit or lie down", "sit down"]), NS(id="time", says=["note the time"]),
            NS(id="food", says=["do not eat or drink"])]
    lines, see = say_once(
        ["Call now. Note the time the signs started."],
        [("My arm went weak", "Sit or lie down so you do not fall."),
         ("My face drooped", "Note the time it started. Do not eat or drink, as swallowing may be hard."),
         ("I lost my balance", "Sit down somewhere safe. Do not walk on your own.")],
        "Sit or lie down somewhere safe. Do not eat or drink until you are checked. Keep warm.",
        "Go back if it gets worse.", same)
    assert lines == [
        {"signs": ["My arm went weak", "I lost my balance"], "tip": "Sit or lie down so you do not fall."},
        {"signs": ["My face drooped"], "tip": "Do not eat or drink, as swallowing may be hard."},
        {"signs": ["I lost my balance"], "tip": "Do not walk on your own."},
        {"signs": [], "tip": "Keep warm."},   # the level's line keeps only what is new
    ]
    assert see == "Go back if it gets worse."
    # Nothing new anywhere: the level's while-waiting line stays, whole, so the reader is never left without one.
    lines, see = say_once(["Sit or lie down."], [], "Sit or lie down somewhere safe.", "Sit down.", same)
    assert lines == [{"signs": [], "tip": "Sit or lie down somewhere safe."}] and see is None


def test_every_outcome_still_says_what_to_do_why_and_what_makes_it_more_urgent(page, data):
    tree, _ = data
    number = emergency_number()
    for node in (n for n in tree["nodes"] if "level" in n):
        text = page.of(f"outcome-{node['id']}")
        assert "Why:" in text and "While you wait:" in text, node["id"]
        if node["level"] == "emergency":
            assert f"Call {number} now" in text, node["id"]
        else:
            assert "What to do:" in text and f"Call {number} at once if:" in text, node["id"]
            # Sudden stroke signs always mean calling the emergency number.
            call_if = text.split(f"Call {number} at once if:", 1)[1]
            assert "your face droops, or an arm or leg gets weak, suddenly, within minutes" in call_if, node["id"]


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
            assert f["why"] in text, node["id"]
            # The sign's own tip, each sentence of it, unless a step of the outcome already gives
            # that instruction (say_once: then the step says it, once).
            for sentence in _sentences(f["meanwhile"]):
                assert sentence in text or _instructions(sentence) & _step_instructions(node["level"]), (node["id"], sentence)
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


def test_the_stories_page_gives_the_result_of_each_story_as_the_questions_do(page, site_dir):
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
    assert [p.verdict for p in played].count("under") == 0
    listed = _Sections()
    listed.feed((site_dir / STORIES).read_text(encoding="utf-8"))
    # Every story has its anchor and the verdict this walk gives; every red flag links to its stories.
    for p in played:
        key = "story-" + p.story.id
        assert p.story.story in listed.of(key)
        assert listed.attrs[key]["data-verdict"] == p.verdict, p.story.id
    for fid in flags:
        mine = [s.id for s in stories if fid in s.flags]
        assert len(mine) >= 2, fid
        for sid in mine:
            assert f"#story-{sid}" in listed.hrefs
    # The counts, worked out in this build, above the stories (#results).
    verdicts = [p.verdict for p in played]
    full = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", (site_dir / STORIES).read_text(encoding="utf-8")))
    for line in (f"{len(stories)} written stories were played",
                 f"{verdicts.count('ok')} of {len(stories)} reached a level a clinician would accept",
                 f"{verdicts.count('under')} were sent to a level that is too slow",
                 f"{verdicts.count('over')} were sent to a level faster than needed"):
        assert line in full, line
    # Plain about what this is and how far it was tested.
    assert "not a diagnosis, and not a medical device" in full
    assert "not yet tested them with patients" in full and "A clinician has not checked them yet" in full


def test_the_results_give_the_date_they_were_worked_out(site_dir):
    import datetime as dt
    html = (site_dir / STORIES).read_text(encoding="utf-8")
    m = re.search(r'<time datetime="(\d{4}-\d{2}-\d{2})" data-fsg-tested>', html)
    assert m, "no test date on /tested-stories/"
    assert abs((dt.date.fromisoformat(m.group(1)) - dt.date.today()).days) <= 1, "the date is the build's"
    assert 'id="results"' in html and html.index('id="results"') < html.index('id="stories"')


def test_how_we_tested_is_one_plain_link_to_the_stories_and_is_not_printed(page, site_dir):
    """The testing method and numbers live on /tested-stories/ (PEMAT 2, CDC 15). Clinics link to
    /do-you-need-help/#how-we-tested, so the anchor stays: a heading over one line with the link."""
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    assert "data-fsg-tree-tests" not in html, "the test results moved to /tested-stories/"
    section = re.search(r'<div class="fsg-noprint">\s*<h2 id="how-we-tested">(.*?)</div>', html, re.S)
    assert section, "#how-we-tested should be a heading inside an fsg-noprint block (hidden on paper)"
    body = re.sub(r"<[^>]+>", "", section.group(1))
    assert re.findall(r'href="([^"]+)"', section.group(1)) == ["#how-we-tested", "../tested-stories/"]
    assert "not yet with patients" in body and len(body.split()) <= 30, body
    # Still plain about what this is: it points to help, it is not a diagnosis or a doctor.
    full = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert "point you to the right kind of help" in full
    assert "They do not replace a doctor" in full and "not a diagnosis" in full


def test_each_tip_until_you_get_help_is_given_once_per_outcome(site_dir):
    # Signs that share an outcome can share a tip ("Note the time it started."): on screen and on
    # paper the outcome says it once.
    html = (site_dir / PAGE).read_text(encoding="utf-8")
    lists = re.findall(r'<ul class="fsg-tree__meanwhile">(.*?)</ul>', html, re.S)
    assert len(lists) >= 10
    for tips in lists:
        sentences = [s.strip().casefold() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"<[^>]+>", " ", tips)) if s.strip()]
        assert len(sentences) == len(set(sentences)), sentences
