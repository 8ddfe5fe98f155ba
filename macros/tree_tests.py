"""The published test set of the "Do you need help?" questions, played at build time.

tests/decision_tree/vignettes.yml holds short patient stories. Each lists the red
flags that are true for that person (and whether they feel worried), and the levels
a clinician would accept. The build answers every question as that person would
(a question about one of their flags: that sign; any other red-flag question: no),
walks the tree in Python, and:

* stops with a DataError naming the story if any story ends below all its accepted
  levels (under-triage), so a change to the questions can never ship one;
* renders the results on /tested-stories/#results with
  `{{ tree_test_results("facial-spasm") }}`: how many stories, how many reached an
  accepted level, under- and over-triage, the date, and for each red flag the
  stories that test it.

tests/decision_tree/test_vignettes_browser.py plays the same stories in Chromium,
to prove the page behaves like this walk.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ConfigDict, Field

from .data import load_path, unique_ids
from .errors import DataError
from .levels import LABELS, RANK, Level
from .pages import current_page
from .text import Model, PlainText, Slug

PATH = Path("tests") / "decision_tree" / "vignettes.yml"
LABEL = str(PATH)
MIN_STORIES_PER_FLAG = 2
_CALL = re.compile(r"""tree_test_results\(\s*["']([^"']+)["']\s*\)""")
_STORIES_CALL = re.compile(r"""tree_test_stories\(\s*["']([^"']+)["']\s*\)""")


class Story(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    story: PlainText = Field(description="What the patient says, in their own words.")
    flags: list[Slug] = Field(default_factory=list, description="The red flags (data/red-flags.yml) true for this person.")
    worried: bool = Field(default=False, description="The person is worried, low or embarrassed (the feelings question).")
    accepted: list[Level] = Field(min_length=1, description="The levels a clinician would accept, most urgent first.")
    note: PlainText | None = None


class Vignettes(Model):
    model_config = ConfigDict(extra="forbid")
    tree: Slug
    reviewed: dt.date
    stories: list[Story] = Field(min_length=1)


@dataclass
class Played:
    story: Story
    steps: list[tuple[str, str, int]]   # (question id, answer label, answer index)
    outcome: str
    level: str

    @property
    def verdict(self) -> str:
        ranks = [RANK[lvl] for lvl in self.story.accepted]
        if RANK[self.level] > max(ranks):
            return "under"
        if RANK[self.level] < min(ranks):
            return "over"
        return "ok" if self.level in self.story.accepted else "other"


def answer_for(question, story: Story, flags: dict) -> int:
    """The index of the answer this person gives: the most urgent of their signs the question asks about."""
    from .decision_tree import Question  # noqa: F401  (type only)
    ids = question.flag_ids
    if ids:
        present = sorted((f for f in ids if f in story.flags), key=lambda f: RANK[flags[f].level])
        for fid in present:
            for i, a in enumerate(question.answers):
                if a.flag == fid:
                    return i
        if present:
            return next(i for i, a in enumerate(question.answers) if a.means == "yes" and not a.flag)
        return next(i for i, a in enumerate(question.answers) if a.means == "no")
    # A question without red flags asks about feelings (macros/decision_tree.py checks it has a yes and a no).
    want = "yes" if story.worried else "no"
    return next(i for i, a in enumerate(question.answers) if a.means == want)


def play(info, story: Story, flags: dict) -> Played:
    """Walk the tree as this person: the answers they give and where they end."""
    from .decision_tree import Outcome
    node = info.nodes[info.tree.start]
    steps = []
    while not isinstance(node, Outcome):
        i = answer_for(node, story, flags)
        steps.append((node.id, node.answers[i].label, i))
        node = info.nodes[node.answers[i].next]
    return Played(story=story, steps=steps, outcome=node.id, level=node.level)


def load(root: Path, flags: dict) -> Vignettes:
    data = load_path(root / PATH, LABEL, Vignettes)
    unique_ids(LABEL, data.stories)
    for story in data.stories:
        for fid in story.flags:
            if fid not in flags:
                raise DataError(LABEL, f'names the red flag "{fid}", which is not in data/red-flags.yml',
                                entry=story.id, field="flags", valid=sorted(flags), found=fid)
    counts = {f: sum(f in s.flags for s in data.stories) for f in flags}
    few = [f for f, n in counts.items() if n < MIN_STORIES_PER_FLAG]
    if few:
        raise DataError(LABEL, f"each red flag needs at least {MIN_STORIES_PER_FLAG} stories that test it; "
                        f'"{few[0]}" has {counts[few[0]]}. Write another story with this sign', entry="stories",
                        field="flags")
    return data


def results(site) -> tuple[Vignettes, list[Played]]:
    cache = getattr(site, "_tree_tests", None)
    if cache is None:
        from .decision_tree import _infos, _red_flags
        flags = _red_flags(site)
        data = load(site.root, flags)
        infos = _infos(site)
        if data.tree not in infos:
            raise DataError(LABEL, f'tests the tree "{data.tree}", which is not in data/decision-tree.yml',
                            field="tree", valid=sorted(infos), found=data.tree)
        played = [play(infos[data.tree], s, flags) for s in data.stories]
        cache = site._tree_tests = (data, played)
    return cache


def check(site) -> None:
    _, played = results(site)
    for p in played:
        if p.verdict == "under":
            raise DataError(LABEL, f'the questions send this story to "{p.outcome}" ({p.level}), less urgent than '
                            f"every accepted level ({', '.join(p.story.accepted)}): under-triage. Path: "
                            + " → ".join(f"{q}: {a}" for q, a, _ in p.steps)
                            + ". Fix the questions, never the story", entry=p.story.id, field="accepted")


def page_anchors(markdown: str, site) -> set[str]:
    if not _STORIES_CALL.search(markdown):
        return set()
    from .decision_tree import _red_flags
    return {"story-" + s.id for s in load(site.root, _red_flags(site)).stories}


def stories_page(site, label: str) -> str:
    """The URL of the page that lists every story ({{ tree_test_stories() }}), for the links to them."""
    found = [p.url for p in site.pages.values() if _STORIES_CALL.search(p.markdown)]
    if len(found) != 1:
        raise DataError(label, "tree_test_results() links each warning sign to its stories, so exactly one page "
                        'must list them with {{ tree_test_stories("facial-spasm") }}; '
                        f"{'none does' if not found else 'these pages all do: ' + ', '.join('/' + u for u in found)}")
    return "/" + found[0]


def build_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


def macros(site, env):
    def tree_test_results(tree_id: str):
        """The results of the test stories, computed now from the same data the questions use."""
        label, _ = current_page(env)
        data, played = results(site)
        if data.tree != tree_id:
            raise DataError(label, f'tree_test_results("{tree_id}"): the test stories are for "{data.tree}"',
                            found=tree_id, valid=[data.tree])
        from .decision_tree import _red_flags
        from .templates import relative_url
        flags = _red_flags(site)
        _, here = current_page(env)
        stories = relative_url(stories_page(site, label), here)
        count = {v: sum(p.verdict == v for p in played) for v in ("ok", "under", "over", "other")}
        return site.renderer.render(
            "tree-tests.html", played=played, count=count, total=len(played),
            date=build_date(), reviewed=data.reviewed, level_labels=LABELS, stories=stories)

    def tree_test_stories(tree_id: str, part: str = "stories"):
        """Every test story, with the levels a clinician accepts and the level the questions gave
        (part="stories"), or each red flag with links to the stories that test it (part="signs")."""
        label, _ = current_page(env)
        if part not in ("stories", "signs"):
            raise DataError(label, f'tree_test_stories(..., part="{part}"): part is "stories" or "signs"',
                            found=part, valid=["stories", "signs"])
        data, played = results(site)
        if data.tree != tree_id:
            raise DataError(label, f'tree_test_stories("{tree_id}"): the test stories are for "{data.tree}"',
                            found=tree_id, valid=[data.tree])
        from .decision_tree import _red_flags
        number = {p.story.id: i for i, p in enumerate(played, 1)}
        by_flag = [{"flag": f, "stories": [(p.story.id, number[p.story.id]) for p in played if f.id in p.story.flags]}
                   for f in _red_flags(site).values()]
        return site.renderer.render("tree-test-stories.html", played=played, by_flag=by_flag, level_labels=LABELS,
                                    part=part)

    return {"tree_test_results": tree_test_results, "tree_test_stories": tree_test_stories}
