"""The flowchart on /do-you-need-help/ (figure tree-levels) names questions by number: "a yes
to question 3 ... Get medical help today". If the questions change and its words do not, it
would send a reader to the wrong level. So its labels must say what the tree itself does."""
from __future__ import annotations

import re

import yaml

from support import ROOT

LEVEL_WORDS = {"Emergency": "emergency", "Urgent": "urgent", "See a doctor soon": "soon", "Self-care": "self-care"}


def _load():
    trees = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text(encoding="utf-8"))["trees"]
    tree = next(t for t in trees if t["id"] == "facial-spasm")
    flags = {f["id"]: f["level"] for f in
             yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text(encoding="utf-8"))["red_flags"]}
    figure = next(f for f in yaml.safe_load((ROOT / "data" / "figures.yml").read_text(encoding="utf-8"))["figures"]
                  if f["id"] == "tree-levels")
    return tree, flags, figure


def _questions(tree):
    """The questions in the order a reader meets them when every answer is "no" (the page numbers them so)."""
    nodes = {n["id"]: n for n in tree["nodes"]}
    order, here = [], tree["start"]
    while "answers" in nodes.get(here, {}):
        order.append(nodes[here])
        here = next(a["next"] for a in nodes[here]["answers"] if a.get("means") in (False, "no"))
    return order, nodes, nodes[here]


def _levels_of_a_yes(question, nodes, flags) -> set[str]:
    levels = set()
    for a in question["answers"]:
        if a.get("means") in (False, "no"):  # YAML reads an unquoted no as False
            continue
        levels.add(flags[a["flag"]] if "flag" in a else nodes[a["next"]]["level"])
    return levels


def test_the_flowchart_says_which_question_leads_to_which_level():
    tree, flags, figure = _load()
    questions, nodes, last = _questions(tree)
    yes = {i: _levels_of_a_yes(q, nodes, flags) for i, q in enumerate(questions, 1)}
    said: dict[str, set[int]] = {}
    for label in figure["labels"]:
        word = re.match(r"\*\*(.+?):\*\*", label).group(1)
        level = LEVEL_WORDS[word]
        numbers = {int(n) for n in re.findall(r"\d+", re.sub(r"\(.*?\)", "", label))}
        if level == "self-care":
            # "no to questions 1 to 8": every question before the last, whose answers all lead to self-care
            assert numbers == {1, len(questions) - 1}, (label, len(questions))
            assert yes[len(questions)] == {"self-care"}, yes[len(questions)]
            assert "self-care" not in set().union(*(yes[i] for i in range(1, len(questions))))
            continue
        said[level] = numbers
        for n in numbers:
            assert level in yes[n], f"label '{word}' names question {n}, whose yes leads to {sorted(yes[n])}"
    for n, levels in yes.items():
        for level in levels - {"self-care"}:
            assert n in said.get(level, set()), f"question {n} can lead to {level}, but the flowchart does not say so"
    assert last.get("level") is None or last["level"] == "self-care"
