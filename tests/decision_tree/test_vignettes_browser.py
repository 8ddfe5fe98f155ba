"""Every written story (tests/decision_tree/vignettes.yml) played through the real page in Chromium.

The build already walks the stories in Python (macros/tree_tests.py); this plays them as a
reader would, so a page that shows other words, other links or another outcome than the data
says is caught too. For each step on screen the reader reads the question, the signs listed
under it and the answer buttons, and presses:

- the button that names one of their signs (the most urgent one, if several do);
- else, if a sign listed under the question is one of theirs, the button that starts "Yes";
- else, on the question about feelings (a step that names no warning sign), "Yes" if they
  are worried, else "No";
- else the button that starts "No".

A sign is recognised by the words a reader sees: its `answer` words (buttons and lists) or
its `question` (a question about one sign). The level is read from the outcome's heading.

JavaScript on: all stories. JavaScript off (the links and CSS :target): every third story,
the 1st, 4th, 7th ... in the file (index 0, 3, 6, ...), so each run checks the same ones.
"""
from __future__ import annotations

import re
import time

import pytest
import yaml

from macros.levels import LABELS, RANK
from support import ROOT

pytestmark = pytest.mark.browser

PAGE = "do-you-need-help/"
STORIES = yaml.safe_load((ROOT / "tests" / "decision_tree" / "vignettes.yml").read_text())["stories"]
# Data text writes a number as {n:id}; the reader sees the record's words.
_SAYS = {n["id"]: n["say"] for n in yaml.safe_load((ROOT / "data" / "numbers.yml").read_text())["numbers"]}
FLAGS = {f["id"]: f for f in yaml.safe_load(re.sub(r"\{n:([a-z0-9-]+)\}", lambda m: _SAYS[m.group(1)],
                                                   (ROOT / "data" / "red-flags.yml").read_text()))["red_flags"]}
NO_JS_STORIES = STORIES[::3]
# The question about signs that came and went asks "when" in its own words, not the sign's.
READER_SAYS = {
    "signs-passed": "Yes, today",
    "signs-passed-earlier": "Yes, on an earlier day, not checked by a doctor",
}
LEVEL_OF_WORDS = {f"{words}:": level for level, words in LABELS.items()}
MOST_STEPS = 12  # more steps than any path has: a loop on the page fails instead of hanging

# What the reader sees on the step on screen: its node (to wait for the next one), the
# question, the signs listed under it, the answer buttons, and the level words of an outcome.
_SCREEN = """() => {
  const shown = [...document.querySelectorAll('[data-fsg-tree] > [data-node]')]
      .filter(e => e.getClientRects().length);
  if (shown.length !== 1) return {count: shown.length};
  const step = shown[0];
  const text = el => el ? el.innerText.replace(/\\s+/g, ' ').trim() : null;
  return {
    count: 1,
    node: step.dataset.node,
    heading: text(step.querySelector('h3')),
    signs: [...step.querySelectorAll('.fsg-tree__signs > li')].map(text),
    answers: [...step.querySelectorAll('a.fsg-tree__answer')].filter(a => a.getClientRects().length).map(text),
    level: text(step.querySelector('h3 .fsg-care__level')),
  };
}"""


def screen(page, not_node: str | None = None, timeout: float = 5.0) -> dict:
    """The one step on screen (waiting until it is not `not_node`). Polls from Python, so it works without JS."""
    deadline = time.monotonic() + timeout
    while True:
        seen = page.evaluate(_SCREEN)
        if seen["count"] == 1 and seen["node"] != not_node:
            return seen
        if time.monotonic() > deadline:
            pytest.fail(f"expected one new step on screen after {not_node!r}, found {seen}")
        time.sleep(0.02)


def signs_on(step: dict) -> dict[str, str | None]:
    """The warning signs this step asks about, each with the button that says it (None: "Yes" says it)."""
    asked = {}
    for fid, flag in FLAGS.items():
        if READER_SAYS.get(fid) in step["answers"]:
            asked[fid] = READER_SAYS[fid]
        elif flag["answer"] in step["answers"]:
            asked[fid] = flag["answer"]
        elif flag["answer"] in step["signs"] or flag["question"] == step["heading"]:
            asked[fid] = None
    return asked


def starting(step: dict, word: str) -> str:
    found = [a for a in step["answers"] if a == word or a.startswith(word + ",")]
    assert found, f'no answer starting "{word}" on "{step["heading"]}": {step["answers"]}'
    return found[0]


def choose(step: dict, story: dict) -> str:
    asked = signs_on(step)
    if not asked:  # the question about feelings
        return starting(step, "Yes" if story.get("worried") else "No")
    mine = sorted((f for f in asked if f in story["flags"]), key=lambda f: RANK[FLAGS[f]["level"]])
    for fid in mine:
        if asked[fid]:
            return asked[fid]
    return starting(step, "Yes") if mine else starting(step, "No")


def play(page, base_url, story: dict) -> tuple[list[str], str, str]:
    """Open the page afresh (no hash) and answer as this person: (answers given, outcome, level)."""
    page.goto(base_url + PAGE)
    step, given = screen(page), []
    while step["level"] is None:
        assert len(given) < MOST_STEPS, f"{story['id']}: still asking after {given}"
        label = choose(step, story)
        given.append(f"{step['heading']} → {label}")
        page.locator(f"[data-node='{step['node']}']").get_by_role("link", name=label, exact=True).click()
        step = screen(page, not_node=step["node"])
    assert step["level"] in LEVEL_OF_WORDS, f"{story['id']}: the outcome says {step['level']!r}, not a level"
    return given, step["node"], LEVEL_OF_WORDS[step["level"]]


def play_all(page, base_url, stories, capsys, mode: str) -> dict[str, list]:
    found = {"ok": [], "under": [], "over": [], "other": []}
    for story in stories:
        given, outcome, level = play(page, base_url, story)
        ranks = [RANK[a] for a in story["accepted"]]
        verdict = ("ok" if level in story["accepted"] else "under" if RANK[level] > max(ranks)
                   else "over" if RANK[level] < min(ranks) else "other")
        found[verdict].append((story["id"], given, outcome, level, story["accepted"]))
    with capsys.disabled():  # always shown, also when the test passes
        print(f"\n[{mode}] {len(stories)} stories played in Chromium: {len(found['ok'])} accepted, "
              f"{len(found['under'])} under-triage, {len(found['over'])} over-triage, "
              f"{len(found['other'])} between accepted levels")
        for sid, _, outcome, level, accepted in found["over"]:
            print(f"[{mode}] over-triage: {sid} reached {outcome} ({level}), accepted {', '.join(accepted)}")
    wrong = [f"{sid}: reached {outcome} ({level}); accepted {', '.join(accepted)}.\n    Answers: "
             + "\n             ".join(given) for sid, given, outcome, level, accepted in found["under"] + found["other"]]
    assert not wrong, f"[{mode}] under-triage or a level not accepted:\n" + "\n".join(wrong)
    return found


def test_every_story_reaches_an_accepted_level_with_javascript(browser, base_url, capsys):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + PAGE)
        page.wait_for_selector(".fsg-tree--js")  # the script runs: one step at a time with buttons
        found = play_all(page, base_url, STORIES, capsys, "JavaScript on")
        # The stories page publishes the result of each story; the browser run agrees with it.
        page.goto(base_url + "tested-stories/")
        assert page.locator("[data-story]").count() == len(STORIES)
        published = page.locator("[data-story][data-verdict='over']").evaluate_all(
            "els => els.map(e => e.getAttribute('data-story'))")
        assert sorted(sid for sid, *_ in found["over"]) == sorted(published), (found["over"], published)
    finally:
        context.close()
    assert len(STORIES) >= 50


def test_every_third_story_reaches_an_accepted_level_without_javascript(browser, base_url, capsys):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + PAGE)
        assert page.locator(".fsg-tree--js").count() == 0  # really without the script
        play_all(page, base_url, NO_JS_STORIES, capsys, "JavaScript off")
    finally:
        context.close()
    # The third still covers every level a story accepts.
    assert {s["accepted"][0] for s in NO_JS_STORIES} == set(LABELS)
