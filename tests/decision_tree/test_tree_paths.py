"""Every way through the shipped tree, checked against a table written by hand.

The table below is the medical rule from medical-facts.md ("Red flags"), typed here
on purpose and not read from the data: if someone changes a sign's level or rewires
the tree, these tests disagree with them until a person has looked.
"""
from __future__ import annotations

import itertools
from pathlib import Path
from types import SimpleNamespace

import pytest

from macros.data import load_file
from macros.decision_tree import FILE, MAX_QUESTIONS, DecisionTreeFile, Outcome, Question, check_tree
from macros.errors import DataError
from macros.levels import RANK
from macros.red_flags import FILE as RED_FLAGS_FILE, RedFlagsFile

ROOT = Path(__file__).resolve().parents[2]

# What a "yes" to each red flag must lead to.
EXPECTED = {
    # Stroke (FAST / BE FAST), also when the signs have passed (TIA).
    "face-drooping": "emergency",
    "arm-leg-weakness": "emergency",
    "speech-problems": "emergency",
    "vision-balance-loss": "emergency",
    "signs-passed": "emergency",
    # Other emergencies.
    "head-injury-warning": "emergency",
    "fever-stiff-neck": "emergency",
    # Same day.
    "new-facial-weakness": "urgent",
    "eye-will-not-close": "urgent",
    "new-medicine-reaction": "urgent",
    # See a doctor soon.
    "lasts-two-weeks": "soon",
    "spreading": "soon",
    "eyelid-closes": "soon",
    "drooping-eyelid": "soon",
    "red-swollen-eye": "soon",
    "pain": "soon",
    "numbness-hearing": "soon",
    "weak-or-stiff": "soon",
    "affects-daily-life": "soon",
}
STROKE_SIGNS = {"face-drooping", "arm-leg-weakness", "speech-problems", "vision-balance-loss", "signs-passed"}


@pytest.fixture(scope="module")
def tree():
    return next(t for t in load_file(ROOT / "data", FILE, DecisionTreeFile).trees if t.id == "facial-spasm")


@pytest.fixture(scope="module")
def red_flags():
    return {f.id: f for f in load_file(ROOT / "data", RED_FLAGS_FILE, RedFlagsFile).red_flags}


def nodes_of(tree):
    return {n.id: n for n in tree.nodes}


def all_paths(tree):
    """Every path from the first question to an outcome: ([(question, answer), ...], outcome)."""
    nodes = nodes_of(tree)
    out = []

    def walk(node_id, so_far):
        node = nodes[node_id]
        if isinstance(node, Outcome):
            out.append((so_far, node))
            return
        for answer in node.answers:
            walk(answer.next, so_far + [(node, answer)])

    walk(tree.start, [])
    return out


def expected_level(present_flags) -> str:
    """The most serious answer wins; with no sign at all, self-care."""
    levels = [EXPECTED[f] for f in present_flags]
    return min(levels, key=RANK.__getitem__) if levels else "self-care"


def follow(tree, present: set[str]):
    """Answer as a person with exactly the signs in `present` would, and return the outcome and the questions asked."""
    nodes = nodes_of(tree)
    node, asked = nodes[tree.start], []
    while isinstance(node, Question):
        flags = [node.flag] if node.flag else node.flags
        assert flags, f"{node.id}: every question of the shipped tree asks about red flags"
        means = "yes" if present & set(flags) else "no"
        answer = next(a for a in node.answers if a.means == means)  # the first such answer: "Yes", not "I'm not sure"
        asked.append(node.id)
        node = nodes[answer.next]
    return node, asked


def test_the_table_matches_the_red_flags_in_the_data(red_flags):
    assert {f: r.level for f, r in red_flags.items()} == EXPECTED


def test_the_shipped_tree_passes_validation(tree, red_flags):
    check_tree(tree, red_flags)


def test_a_new_red_flag_must_be_added_to_the_questions(tree, red_flags):
    flags = dict(red_flags, **{"double-vision": SimpleNamespace(level="urgent")})
    with pytest.raises(DataError) as caught:
        check_tree(tree, flags)
    message = caught.value.message
    assert message.startswith('data/decision-tree.yml (tree "facial-spasm"), entry "see-doctor-soon"'), message
    assert 'the red flag "double-vision" (urgent), which is never asked in this tree' in message


def test_every_path_ends_where_the_most_serious_answer_says(tree):
    paths = all_paths(tree)
    reached = set()
    for steps, outcome in paths:
        present = [f for q, a in steps if a.means == "yes" for f in ([q.flag] if q.flag else q.flags)]
        route = " → ".join(f"{q.id}: {a.label}" for q, a in steps)
        assert outcome.level == expected_level(present), f"{route} ends in {outcome.level}"
        assert len(steps) <= MAX_QUESTIONS, route
        # Questions come most urgent first: a path never goes back to a more urgent level.
        ranks = [RANK[EXPECTED[q.flag or q.flags[0]]] for q, _ in steps]
        assert ranks == sorted(ranks), route
        reached.add(outcome.level)
    assert reached == {"emergency", "urgent", "soon", "self-care"}
    # 2 emergency questions with 2 "yes" answers each, 5 more with 1 each, and the path of all "no".
    assert len(paths) == 2 * 2 + 5 + 1


def test_any_yes_to_a_stroke_sign_means_emergency_whatever_else_is_answered(tree):
    others = sorted(set(EXPECTED) - STROKE_SIGNS)
    for sign in sorted(STROKE_SIGNS):
        # Every combination of the other signs (2^14 people with this stroke sign and anything else).
        for r in range(len(others) + 1):
            for combo in itertools.combinations(others, r):
                outcome, asked = follow(tree, {sign, *combo})
                assert outcome.level == "emergency", f"{sign} + {combo} → {outcome.id}"
                assert asked == [tree.start], "a stroke sign is asked first and ends the questions"


def test_the_most_serious_of_any_two_signs_wins(tree):
    for a, b in itertools.combinations_with_replacement(sorted(EXPECTED), 2):
        outcome, _ = follow(tree, {a, b})
        assert outcome.level == expected_level({a, b}), f"{a} + {b} → {outcome.id} ({outcome.level})"


def test_every_combination_of_answers_to_the_questions(tree):
    """All 2^7 people the questions can tell apart: the outcome is the most serious sign they have."""
    questions = [n for n in tree.nodes if isinstance(n, Question)]
    for answers in itertools.product((False, True), repeat=len(questions)):
        present = {(q.flag or q.flags[0]) for q, yes in zip(questions, answers) if yes}
        outcome, _ = follow(tree, present)
        assert outcome.level == expected_level(present), f"{sorted(present)} → {outcome.id}"


def test_not_sure_about_an_emergency_sign_is_treated_as_yes(tree):
    nodes = nodes_of(tree)
    emergency_questions = [n for n in tree.nodes if isinstance(n, Question)
                           and EXPECTED[n.flag or n.flags[0]] == "emergency"]
    assert emergency_questions
    for q in emergency_questions:
        not_sure = [a for a in q.answers if "not sure" in a.label.lower()]
        assert not_sure, f"{q.id} offers no 'not sure' answer"
        for a in not_sure:
            assert nodes[a.next].level == "emergency"
