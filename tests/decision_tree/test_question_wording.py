"""Each question of "Do you need help?" is short and plain: what a worried reader on a phone reads.

The words are the ones the page shows: a question's own `text` and `help`, or, for a question
about one sign (`flag:`), that sign's `question` and `help` in data/red-flags.yml. Measured
with the project's readability helper (scripts/readability.py, textstat with the offline CMU
dictionary), the same one that grades every page.
"""
from __future__ import annotations

import re

import pytest
import yaml

from support import ROOT, load_readability

readability = load_readability()

MAX_WORDS = 60
MAX_GRADE = 6.0
# A citation number, a macro call, a number token, a footnote or a reference in brackets.
CITATION = re.compile(r"\[\d+\]|\[\^|\bcite\(|\{\{|\{n:|\(\s*[A-Z][a-z]+( et al\.?)?,? \d{4}\s*\)|\bet al\b")
# Onset words decide the level of a sign, so rewording must keep them.
ONSET = {"stroke-signs": "suddenly, within minutes"}

TREE = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
FLAGS = {f["id"]: f for f in yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["red_flags"]}
QUESTIONS = [n for n in TREE["nodes"] if "answers" in n]


def words_of(node: dict) -> str:
    """The question and its help, as the page shows them."""
    source = FLAGS[node["flag"]] if "flag" in node else node
    text = source["question"] if "flag" in node else source["text"]
    return f"{text} {source['help']}" if source.get("help") else text


@pytest.mark.parametrize("node", QUESTIONS, ids=lambda n: n["id"])
def test_a_question_and_its_help_are_short_plain_and_without_citations(node):
    text = words_of(node)
    words = len(text.split())
    assert words <= MAX_WORDS, f"{node['id']}: {words} words, at most {MAX_WORDS}: {text!r}"
    assert not CITATION.search(text), f"{node['id']}: a citation mark in {text!r}"
    grade = readability.score_text(text).grade
    assert grade <= MAX_GRADE, f"{node['id']}: grade {grade}, at most {MAX_GRADE}: {text!r}"
    if node["id"] in ONSET:
        assert ONSET[node["id"]] in text


def test_the_measure_can_tell_a_hard_question_from_a_plain_one():
    hard = ("Have you experienced any unilateral neurological deterioration, particularly involving "
            "facial musculature, since commencing the medication?")
    assert readability.score_text(hard).grade > MAX_GRADE
    assert readability.score_text("Did your face droop all of a sudden?").grade <= MAX_GRADE
    assert CITATION.search("Twitching is common.[1]") and CITATION.search("(Smith et al., 2020)")
    assert not CITATION.search("Choose \"I'm not sure\".")
