"""A mistake in a decision tree stops the build with a message naming the file and the node.

Each fixture in fixtures/ is a small tree broken in one way (its first line says how);
fixtures/good.yml is the same tree unbroken, so each failure is due to that one change.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from macros.data import parse_yaml, validate
from macros.decision_tree import MAX_QUESTIONS, DecisionTreeFile, check_tree, make_synthetic_tree, page_anchors
from macros.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures"
LABEL = "data/decision-tree.yml"
# The red flags the fixtures use, standing in for data/red-flags.yml.
FLAGS = {
    "stroke": SimpleNamespace(level="emergency", answer="I have a stroke sign"),
    "head": SimpleNamespace(level="emergency", answer="I hurt my head"),
    "weak": SimpleNamespace(level="urgent", answer="My face got weak over days"),
    "long": SimpleNamespace(level="soon", answer="It has lasted 2 weeks"),
}


def load(name: str):
    """Parse and validate a fixture like the build does; return its one tree."""
    raw = parse_yaml((FIXTURES / name).read_text(encoding="utf-8"), LABEL)
    return validate(LABEL, raw, DecisionTreeFile).trees[0]


def error_of(name: str, flags=None) -> str:
    with pytest.raises(DataError) as caught:
        check_tree(load(name), flags)
    return caught.value.message


def test_the_good_fixture_passes_every_check():
    info = check_tree(load("good.yml"), FLAGS)
    assert info.remaining["q-stroke"] == 4
    assert info.feeders["call"] == {"stroke", "head"}


@pytest.mark.parametrize("fixture, node, words", [
    ("missing-next.yml", "q-stroke", ['the answer "No" leads to "q-weka", but there is no node with that id',
                                      'Did you mean "q-weak"?', "Valid values:", "q-weak"]),
    ("unreachable.yml", "q-orphan", ['no answer leads to "q-orphan"', 'first question "q-stroke"']),
    ("cycle.yml", "q-b", ["there is a cycle: q-a → q-b → q-a"]),
    ("dead-end.yml", "q-weak", ['the answer "No" has no next node, so this path does not end in an outcome']),
    ("one-answer.yml", "q-weak", ["this question has only one answer; a question needs at least two"]),
    ("too-long.yml", "q11", [f"a path asks 11 questions", f"at most {MAX_QUESTIONS} are allowed", "q1 → q2"]),
    ("duplicate-id.yml", "q-weak", ['the id "q-weak" is used by two nodes']),
    ("no-emergency.yml", "q-weak", ["no answer from the first question can reach an emergency outcome"]),
])
def test_a_broken_tree_is_reported_with_file_and_node(fixture, node, words):
    message = error_of(fixture)
    assert message.startswith(f'{LABEL} (tree "mini"), entry "{node}"'), message
    for w in words:
        assert w in message, message


def test_a_level_that_is_not_one_of_the_four_is_reported_with_the_valid_ones():
    with pytest.raises(DataError) as caught:
        load("bad-level.yml")
    message = caught.value.message
    assert 'entry "call", field "level"' in message, message
    assert "'critical'" in message
    for level in ("emergency", "urgent", "soon", "self-care"):
        assert level in message


def test_an_answer_label_read_by_yaml_as_true_is_reported():
    raw = parse_yaml((FIXTURES / "good.yml").read_text().replace('label: "Yes"', "label: Yes"), LABEL)
    with pytest.raises(DataError) as caught:
        validate(LABEL, raw, DecisionTreeFile)
    assert 'entry "q-stroke", field "answers[0].label"' in caught.value.message


@pytest.mark.parametrize("fixture, node, words", [
    # The safety rules: the most serious answer must always win.
    ("safety-flag-skipped.yml", "today",
     ['the path q-stroke → q-weak → today ends in an urgent outcome without asking about the red flag "head" (emergency)',
      "never asked in this tree"]),
    ("safety-yes-not-emergency.yml", "q-stroke",
     ['the answer "Yes" says a red flag of level emergency is there, so it must lead straight to an outcome with '
      'level: emergency, but it leads to "today" (urgent)', "Valid values: call"]),
    ("safety-urgent-first.yml", "today",
     ['the path q-weak → today ends in an urgent outcome without asking about the red flag "head" (emergency)',
      'asked in "q-head", but not on this path']),
    ("safety-unknown-flag.yml", "q-stroke", ['names the red flag "strok", which is not in data/red-flags.yml',
                                             'Did you mean "stroke"?', "Valid values: head, long, stroke, weak"]),
    ("safety-mixed-levels.yml", "q-head", ["groups red flags of different levels (emergency, urgent)"]),
    ("safety-missing-means.yml", "q-stroke", ['the answer "Yes" to a red-flag question needs `means: yes`']),
    ("safety-no-escalates.yml", "q-long", ['the answer "No" says the sign is not there, but leads to a more urgent '
                                           'outcome ("call", emergency)']),
    ("safety-flag-twice.yml", "q-head", ['the red flag "stroke" is already asked in "q-stroke"']),
    ("safety-sign-answer.yml", "q-long", ['the answer "It has lasted 2 weeks" says a red flag of level soon is there',
                                          'but it leads to "today-weak" (urgent)']),
    ("safety-sign-no-outcome.yml", "q-long", ['names the red flag "long", but no outcome is for it',
                                              "add an outcome with flag: long"]),
    ("safety-sign-mixed-generic.yml", "q-stroke", ["groups red flags of different levels (emergency, urgent)",
                                                   "give each sign its own answer"]),
    ("safety-outcome-level.yml", "today", ['is for the red flag "weak" (urgent), so its level must be urgent']),
])
def test_a_tree_that_could_send_someone_to_the_wrong_place_is_refused(fixture, node, words):
    message = error_of(fixture, FLAGS)
    assert message.startswith(f'{LABEL} (tree "mini"), entry "{node}"'), message
    for w in words:
        assert w in message, message


def test_only_the_safety_rules_catch_the_safety_fixtures():
    # Without the red-flag registry, the safety fixtures are well-formed trees: only the safety rules catch them.
    for name in ("safety-flag-skipped.yml", "safety-yes-not-emergency.yml", "safety-urgent-first.yml"):
        check_tree(load(name), None)


def test_a_question_with_a_flag_never_retypes_the_flag_text():
    with pytest.raises(DataError) as caught:
        load("safety-flag-with-text.yml")
    message = caught.value.message
    assert 'entry "q-stroke", field "text"' in message, message
    assert "takes its text and help from data/red-flags.yml" in message


def test_a_synthetic_tree_of_ten_thousand_nodes_validates():
    tree = make_synthetic_tree(10_000, flags=FLAGS)
    assert len(tree.nodes) >= 10_000 - 20
    info = check_tree(tree, FLAGS)
    assert info.remaining[tree.start] <= MAX_QUESTIONS
    # Every node took part: each outcome's level is known and every question has a path length.
    assert len(info.remaining) == len(tree.nodes)


def test_a_mistake_deep_in_a_large_tree_is_still_found():
    tree = make_synthetic_tree(10_000, flags=FLAGS)
    last = next(n for n in reversed(tree.nodes) if hasattr(n, "answers"))
    last.answers[0].next = tree.start  # a loop back to the start from the far end
    with pytest.raises(DataError) as caught:
        check_tree(tree, FLAGS)
    assert "there is a cycle" in caught.value.message
    assert f'entry "{last.id}"' in caught.value.message


def test_a_chain_of_ten_thousand_questions_is_reported_not_crashed():
    nodes = [{"id": f"q{i}", "text": f"Question {i}?",
              "answers": [{"label": "Yes", "next": "call"}, {"label": "No", "next": f"q{i + 1}" if i < 9_999 else "home"}]}
             for i in range(10_000)]
    nodes += [{"id": "call", "level": "emergency"}, {"id": "home", "level": "self-care"}]
    tree = DecisionTreeFile.model_validate({"trees": [{"id": "chain", "start": "q0", "nodes": nodes}]}).trees[0]
    with pytest.raises(DataError) as caught:
        check_tree(tree)
    assert "a path asks 10000 questions" in caught.value.message


def test_a_page_that_shows_a_tree_offers_its_anchors_for_links_from_data():
    site = SimpleNamespace(data={"decision-tree.yml": SimpleNamespace(trees=[load("good.yml")])})
    anchors = page_anchors('Intro\n\n{{ decision_tree("mini") }}\n', site)
    assert anchors == {"q-q-stroke", "q-q-head", "q-q-weak", "q-q-long",
                       "outcome-call", "outcome-today", "outcome-soon", "outcome-home"}
    assert page_anchors("No tree here.", site) == set()
