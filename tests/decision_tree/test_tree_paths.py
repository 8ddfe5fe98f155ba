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
    # Stroke (FAST / BE FAST): sudden, now.
    "face-drooping": "emergency",
    "arm-leg-weakness": "emergency",
    "speech-problems": "emergency",
    "vision-balance-loss": "emergency",
    "eyelid-vision-sudden": "emergency",
    # Signs that came and went: today (or not sure when) is an emergency; an earlier day, today at the latest.
    "signs-passed": "emergency",
    "signs-passed-earlier": "urgent",
    # Other emergencies.
    "breathing-swallowing": "emergency",
    "head-injury-warning": "emergency",
    "fever-stiff-neck": "emergency",
    # Same day.
    "new-facial-weakness": "urgent",
    "eye-will-not-close": "urgent",
    "drooping-eyelid": "urgent",
    "new-medicine-reaction": "urgent",
    # See a doctor soon.
    "eyes-close-driving": "soon",
    "toxin-side-effect": "soon",
    "medicine-suspected": "soon",
    "lasts-two-weeks": "soon",
    "spreading": "soon",
    "eyelid-closes": "soon",
    "weak-or-stiff": "soon",
    "affects-daily-life": "soon",
    "red-swollen-eye": "soon",
    "pain": "soon",
    "numbness-hearing": "soon",
}
STROKE_SIGNS = {"face-drooping", "arm-leg-weakness", "speech-problems", "vision-balance-loss", "eyelid-vision-sudden",
                "signs-passed"}
PASSED = {"signs-passed", "signs-passed-earlier"}


@pytest.fixture(scope="module")
def tree():
    return next(t for t in load_file(ROOT / "data", FILE, DecisionTreeFile).trees if t.id == "facial-spasm")


@pytest.fixture(scope="module")
def red_flags():
    return {f.id: f for f in load_file(ROOT / "data", RED_FLAGS_FILE, RedFlagsFile).red_flags}


def nodes_of(tree):
    return {n.id: n for n in tree.nodes}


def checked(tree, red_flags):
    """The tree after the build's checks (which fill in each `- flag:` answer's label and next)."""
    return check_tree(tree, red_flags).tree


def flags_of(question, answer) -> list[str]:
    """The red flags an answer says are there."""
    if answer.flag:
        return [answer.flag]
    if answer.means == "yes":
        named = {a.flag for a in question.answers if a.flag}
        return [f for f in question.flag_ids if f not in named] or list(question.flag_ids)
    return []


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


def follow(tree, present: set[str], worried: bool = False):
    """Answer as a person with exactly the signs in `present` would; return the outcome and the questions asked."""
    nodes = nodes_of(tree)
    node, asked = nodes[tree.start], []
    while isinstance(node, Question):
        flags = node.flag_ids
        mine = sorted((f for f in flags if f in present), key=lambda f: RANK[EXPECTED[f]])
        answer = None
        for f in mine:
            answer = answer or next((a for a in node.answers if a.flag == f), None)
        if answer is None:
            means = "yes" if (mine or (not flags and worried)) else "no"
            answer = next(a for a in node.answers if a.means == means and not a.flag)
        asked.append(node.id)
        node = nodes[answer.next]
    return node, asked


def test_the_table_matches_the_red_flags_in_the_data(red_flags):
    assert {f: r.level for f, r in red_flags.items()} == EXPECTED


def test_the_shipped_tree_passes_validation(tree, red_flags):
    check_tree(tree, red_flags)


def test_a_new_red_flag_must_be_added_to_the_questions(tree, red_flags):
    flags = dict(red_flags, **{"double-vision": SimpleNamespace(level="urgent", answer="x")})
    with pytest.raises(DataError) as caught:
        check_tree(tree, flags)
    message = caught.value.message
    assert message.startswith('data/decision-tree.yml (tree "facial-spasm"), entry "'), message
    assert 'the red flag "double-vision" (urgent), which is never asked in this tree' in message


def test_every_path_ends_where_the_most_serious_answer_says(tree, red_flags):
    tree = checked(tree, red_flags)
    paths = all_paths(tree)
    reached = set()
    for steps, outcome in paths:
        present = [f for q, a in steps for f in flags_of(q, a)]
        route = " → ".join(f"{q.id}: {a.label}" for q, a in steps)
        assert outcome.level == expected_level(present), f"{route} ends in {outcome.level}"
        assert len(steps) <= MAX_QUESTIONS, route
        # An outcome for one sign is reached only by saying that sign.
        if outcome.flag:
            assert steps[-1][1].flag == outcome.flag, route
        reached.add(outcome.level)
        # Questions come most urgent first: a path never goes back to a more urgent level.
        ranks = [min(RANK[EXPECTED[f]] for f in q.flag_ids) for q, _ in steps if q.flag_ids]
        assert ranks == sorted(ranks), route
    assert reached == {"emergency", "urgent", "soon", "self-care"}


def test_any_yes_to_a_stroke_sign_means_emergency_whatever_else_is_answered(tree, red_flags):
    tree = checked(tree, red_flags)
    others = sorted(set(EXPECTED) - STROKE_SIGNS)
    for sign in sorted(STROKE_SIGNS):
        for r in (0, 1, 2, len(others)):
            for combo in itertools.combinations(others, r):
                outcome, asked = follow(tree, {sign, *combo})
                assert outcome.level == "emergency", f"{sign} + {combo} → {outcome.id}"


def test_signs_that_passed_are_never_below_today(tree, red_flags):
    """A possible mini-stroke never falls through, whenever it was and whatever else is true."""
    tree = checked(tree, red_flags)
    others = sorted(set(EXPECTED) - STROKE_SIGNS - PASSED)
    for sign in sorted(PASSED):
        for r in (0, 1, 2):
            for combo in itertools.combinations(others, r):
                for worried in (False, True):
                    outcome, _ = follow(tree, {sign, *combo}, worried)
                    assert RANK[outcome.level] <= RANK[EXPECTED[sign]], f"{sign} + {combo} → {outcome.id}"


def test_the_most_serious_of_any_two_signs_wins(tree, red_flags):
    tree = checked(tree, red_flags)
    for a, b in itertools.combinations_with_replacement(sorted(EXPECTED), 2):
        outcome, _ = follow(tree, {a, b})
        assert outcome.level == expected_level({a, b}), f"{a} + {b} → {outcome.id} ({outcome.level})"


def test_each_sign_alone_reaches_the_outcome_made_for_it(tree, red_flags):
    """So the result can say "You said: ..." and give that sign's own advice."""
    tree = checked(tree, red_flags)
    grouped = {f for q in tree.nodes if isinstance(q, Question)
               for f in q.flag_ids if not any(a.flag == f for a in q.answers)}
    for sign in sorted(set(EXPECTED) - grouped):
        outcome, _ = follow(tree, {sign})
        assert outcome.flag == sign, f"{sign} → {outcome.id}"
    # Only the sudden stroke signs share one question and one outcome: one "yes" is enough there.
    assert grouped == STROKE_SIGNS - {"signs-passed"}


def test_feelings_lead_to_support_never_to_a_clinical_level(tree, red_flags):
    tree = checked(tree, red_flags)
    outcome, asked = follow(tree, set(), worried=True)
    assert outcome.level == "self-care" and outcome.id == "self-care-support"
    assert asked[-1] == "feelings"
    assert follow(tree, set())[0].id == "self-care"


def test_not_sure_about_an_emergency_sign_is_treated_as_yes(tree, red_flags):
    tree = checked(tree, red_flags)
    nodes = nodes_of(tree)
    emergency_questions = [n for n in tree.nodes if isinstance(n, Question) and n.flag_ids
                           and min(RANK[EXPECTED[f]] for f in n.flag_ids) == 0]
    assert emergency_questions
    for q in emergency_questions:
        not_sure = [a for a in q.answers if "not sure" in a.label.lower()]
        assert not_sure, f"{q.id} offers no 'not sure' answer"
        for a in not_sure:
            assert nodes[a.next].level == "emergency"
