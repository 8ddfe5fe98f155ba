"""The "Do you need help?" decision tree: questions that end in one clear outcome.

data/decision-tree.yml holds one or more trees. A question either has its own
`text` or reuses red flags from data/red-flags.yml (`flag:` one record, whose
question and help are used as they are; `flags:` several records of one level,
listed under the tree's own lead-in `text`). An outcome has a `level` and takes
its title, how fast, steps and why from the `advice` for that level in
data/red-flags.yml unless it overrides them.

Everything is checked before any page renders, in time linear in the number of
nodes (a 10,000-node tree validates well under a second, see scripts/bench_tree.py):
ids, links between nodes, reachability, cycles, dead ends, path length, levels,
and the safety rules:

* a "yes" to a red flag leads straight to an outcome of that flag's level;
* every red flag is asked on every path that ends in a less urgent outcome, so
  the most serious answer always wins (emergency questions come first);
* an emergency outcome can be reached from the first question.

`{{ decision_tree("facial-spasm") }}` renders a tree with
overrides/partials/decision-tree.html: without JavaScript a sequence of sections
linked by anchors (#q-<id>, #outcome-<id>); docs/assets/js/decision-tree.js then
shows one step at a time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union

from pydantic import ConfigDict, Discriminator, Field, Tag, field_validator

from .errors import DataError
from .levels import LABELS, LEVELS, RANK, Level
from .pages import check_ref, current_page
from .templates import relative_url
from .text import InlineMarkdown, Model, PlainText, Slug

FILE = "decision-tree.yml"
LABEL = "data/decision-tree.yml"
MAX_QUESTIONS = 10
MAX_WORDS = 60   # a question and its help, in words
_CALL = re.compile(r"""decision_tree\(\s*["']([^"']+)["']\s*\)""")


# --- Models -------------------------------------------------------------------

class Answer(Model):
    model_config = ConfigDict(extra="forbid")
    label: PlainText | None = Field(default=None, max_length=60, description='The button text, e.g. "Yes" or "No, none of these". Quote it: YAML reads a bare Yes as true. With `flag`, it defaults to the sign\'s `answer` words.')
    flag: Slug | None = Field(default=None, description="A red flag of this question that this answer says is there: it leads to the outcome with the same `flag`.")
    next: Slug | None = Field(default=None, description="The id of the question or outcome this answer leads to (with `flag`: the outcome for that sign, found by itself).")
    means: Literal["yes", "no"] | None = Field(
        default=None,
        description='For red-flag questions: "yes" if this answer says the sign is there (or might be), "no" if not.')

    @field_validator("means", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: Any) -> Any:
        # YAML 1.1 reads a bare yes/no as a boolean; the editor meant the word.
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value

    @field_validator("means")
    @classmethod
    def _flag_means_yes(cls, value, info):
        if info.data.get("flag") and value == "no":
            raise ValueError("an answer with `flag` says the sign is there, so it cannot mean no; remove `means`")
        return value


class Question(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    flag: Slug | None = Field(default=None, description="A red flag id from data/red-flags.yml: its question and help are used.")
    flags: list[Slug] | None = Field(
        default=None, min_length=2,
        description="Several red flag ids of one level, listed under `text` (e.g. 'Do you have any of these?').")
    text: PlainText | None = Field(default=None, validate_default=True,
                                   description="The question in plain words (not with `flag`, which brings its own).")
    help: PlainText | None = Field(default=None, description="Extra help shown under the question.")
    answers: list[Answer] = Field(description="Two or more answers, each with a label and the next node.")

    # Field validators (not a model validator) so a message names the node and the field.
    @field_validator("flags")
    @classmethod
    def _flag_or_flags(cls, value, info):
        if value and info.data.get("flag"):
            raise ValueError("use either `flag` (one red flag) or `flags` (several), not both")
        return value

    @field_validator("text", "help")
    @classmethod
    def _one_source_of_words(cls, value, info):
        if info.data.get("flag") and value:
            raise ValueError(f"a question with `flag` takes its text and help from data/red-flags.yml; remove `{info.field_name}`")
        if info.field_name == "text" and not value and not info.data.get("flag"):
            raise ValueError("a question needs `text`, or `flag` naming a red flag from data/red-flags.yml")
        return value

    @property
    def flag_ids(self) -> list[str]:
        return [self.flag] if self.flag else list(self.flags or [])


class Link(Model):
    model_config = ConfigDict(extra="forbid")
    text: PlainText
    to: str = Field(description="A page on this site, like /self-care/ or /when-to-get-help/#soon.")


class Outcome(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    level: Level = Field(description="How fast to act: emergency, urgent, soon or self-care.")
    title: PlainText | None = Field(default=None, description="Defaults to the advice title for the level in data/red-flags.yml.")
    steps: list[InlineMarkdown] | None = Field(default=None, min_length=1,
                                               description="Defaults to the advice steps for the level.")
    why: PlainText | None = Field(default=None, description="Defaults to the sign's `why` (with `flag`), else the advice for the level.")
    flag: Slug | None = Field(default=None, description="The red flag this outcome is for: it says \"You said: ...\" and gives that sign's own why and meanwhile.")
    said: PlainText | None = Field(default=None, description='What the reader said, for an outcome without `flag`, e.g. "You said none of the warning signs fit you."')
    meanwhile: PlainText | None = Field(default=None, description="What to do meanwhile, for an outcome without `flag`.")
    links: list[Link] = Field(default_factory=list, description="Pages to read next. The level's read_next is added first.")


def _node_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        if "level" in value:
            return "Outcome"
        if "answers" in value or "text" in value or "flag" in value or "flags" in value:
            return "Question"
        return None
    return "Outcome" if isinstance(value, Outcome) else "Question"


Node = Annotated[
    Union[Annotated[Question, Tag("Question")], Annotated[Outcome, Tag("Outcome")]],
    Discriminator(_node_kind, custom_error_type="node_kind",
                  custom_error_message="a node needs `answers` (a question) or `level` (an outcome)"),
]


class Tree(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    start: Slug = Field(description="The id of the first question.")
    nodes: list[Node] = Field(min_length=1)


class DecisionTreeFile(Model):
    model_config = ConfigDict(extra="forbid")
    trees: list[Tree] = Field(min_length=1)


MODEL = DecisionTreeFile


# --- Checks (linear in nodes + answers) -----------------------------------------

@dataclass
class TreeInfo:
    """What the checks learn about a valid tree, for rendering."""
    tree: Tree
    nodes: dict[str, Any]
    remaining: dict[str, int]                 # most questions left from a node, itself included
    feeders: dict[str, set[str]] = field(default_factory=dict)  # outcome id -> red flags whose "yes" leads there


def anchor(node) -> str:
    return ("q-" if isinstance(node, Question) else "outcome-") + node.id


def tree_label(tree_id: str, file: str = LABEL) -> str:
    return f'{file} (tree "{tree_id}")'


def _fail(label, node_id, problem, field=None, valid=None, found=None):
    raise DataError(label, problem, entry=node_id, field=field, valid=valid, found=found)


def _path_text(ids) -> str:
    ids = list(ids)
    if len(ids) > 12:
        ids = ids[:5] + ["…"] + ids[-5:]
    return " → ".join(ids)


def check_tree(tree: Tree, flags: dict[str, Any] | None = None, file: str = LABEL,
               max_questions: int = MAX_QUESTIONS) -> TreeInfo:
    """Validate one tree. `flags` maps red flag id -> record (with .level); None skips the red-flag rules.

    Raises DataError naming the file, the node and what would be valid. Every step
    visits each node and each answer a fixed number of times.
    """
    label = tree_label(tree.id, file)

    # Ids are unique.
    nodes: dict[str, Any] = {}
    for node in tree.nodes:
        if node.id in nodes:
            _fail(label, node.id, f'the id "{node.id}" is used by two nodes; every node id must be unique', "id")
        nodes[node.id] = node

    # The first node exists and is a question.
    if tree.start not in nodes:
        _fail(label, tree.id, f'start is "{tree.start}", but there is no node with that id', "start",
              valid=[n.id for n in tree.nodes if isinstance(n, Question)], found=tree.start)
    if not isinstance(nodes[tree.start], Question):
        _fail(label, tree.id, f'start is "{tree.start}", which is an outcome; the tree must start with a question', "start")

    # An answer naming a red flag leads to the outcome for that flag, and shows the flag's words.
    outcome_for: dict[str, str] = {}
    for node in tree.nodes:
        if isinstance(node, Outcome) and node.flag:
            if node.flag in outcome_for:
                _fail(label, node.id, f'the outcomes "{outcome_for[node.flag]}" and "{node.id}" are both for the red flag '
                      f'"{node.flag}"; keep one outcome per sign', "flag")
            outcome_for[node.flag] = node.id
    for node in tree.nodes:
        if not isinstance(node, Question):
            continue
        for i, ans in enumerate(node.answers):
            if ans.flag is None:
                continue
            ans.means = "yes"
            if ans.flag not in node.flag_ids:
                _fail(label, node.id, f'the answer names the red flag "{ans.flag}", which this question does not ask about; '
                      "add it to the question's `flags`", f"answers[{i}].flag", valid=node.flag_ids, found=ans.flag)
            if ans.next is None:
                if ans.flag not in outcome_for:
                    _fail(label, node.id, f'the answer names the red flag "{ans.flag}", but no outcome is for it; add '
                          f"an outcome with flag: {ans.flag}", f"answers[{i}].flag")
                ans.next = outcome_for[ans.flag]
            if ans.label is None:
                if flags is None or ans.flag not in flags:
                    _fail(label, node.id, "this answer needs a `label`", f"answers[{i}].label")
                ans.label = flags[ans.flag].answer
        for i, ans in enumerate(node.answers):
            if ans.label is None:
                _fail(label, node.id, "this answer needs a `label`: the words on its button", f"answers[{i}].label")

    # Every answer leads somewhere that exists; every question has two or more answers.
    for node in tree.nodes:
        if not isinstance(node, Question):
            continue
        labels = set()
        for i, ans in enumerate(node.answers):
            where = f"answers[{i}].next"
            if ans.label in labels:
                _fail(label, node.id, f'two answers are labelled "{ans.label}"; each answer needs its own words',
                      f"answers[{i}].label")
            labels.add(ans.label)
            if ans.next is None:
                _fail(label, node.id, f'the answer "{ans.label}" has no next node, so this path does not end in an outcome; '
                      "give it `next`: the id of a question or an outcome", where)
            if ans.next not in nodes:
                _fail(label, node.id, f'the answer "{ans.label}" leads to "{ans.next}", but there is no node with that id',
                      where, valid=sorted(nodes), found=ans.next)
        if not node.answers:
            _fail(label, node.id, "this question has no answers, so the path stops here and never reaches an outcome", "answers")
        if len(node.answers) < 2:
            _fail(label, node.id, "this question has only one answer; a question needs at least two", "answers")

    def children(node):
        return [a.next for a in node.answers] if isinstance(node, Question) else []

    # Every node can be reached from the start; there is no cycle (one iterative depth-first search).
    state: dict[str, int] = {tree.start: 1}        # 1 = on the current path, 2 = done
    parent: dict[str, str | None] = {tree.start: None}
    postorder: list[str] = []
    stack = [(tree.start, iter(children(nodes[tree.start])))]
    while stack:
        nid, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            stack.pop()
            state[nid] = 2
            postorder.append(nid)
            continue
        seen = state.get(nxt)
        if seen == 1:
            loop, cur = [nxt], nid
            while cur != nxt:
                loop.append(cur)
                cur = parent[cur]
            loop.append(nxt)
            _fail(label, nid, f'there is a cycle: {_path_text(reversed(loop))}; a path must never come back to a question',
                  "answers")
        if seen is None:
            state[nxt] = 1
            parent[nxt] = nid
            stack.append((nxt, iter(children(nodes[nxt]))))
    unreachable = [n.id for n in tree.nodes if n.id not in state]
    if unreachable:
        more = f" (and {len(unreachable) - 1} more)" if len(unreachable) > 1 else ""
        _fail(label, unreachable[0], f'no answer leads to "{unreachable[0]}"{more}, so no one can reach it from the '
              f'first question "{tree.start}"; link to it from an answer or remove it')

    # Longest path, in questions asked, from each node to an outcome.
    topo = postorder[::-1]   # parents before children
    remaining: dict[str, int] = {}
    for nid in postorder:
        node = nodes[nid]
        remaining[nid] = 1 + max(remaining[c] for c in children(node)) if isinstance(node, Question) else 0
    if remaining[tree.start] > max_questions:
        path, cur = [], tree.start
        while isinstance(nodes[cur], Question):
            path.append(cur)
            cur = max(children(nodes[cur]), key=remaining.__getitem__)
        _fail(label, path[max_questions],
              f"a path asks {len(path)} questions ({_path_text(path + [cur])}); at most {max_questions} are allowed. "
              "Group several signs of one level into one question, or shorten the path")

    outcome_levels = {n.level for n in tree.nodes if isinstance(n, Outcome)}
    if "emergency" not in outcome_levels:
        _fail(label, tree.start, "no answer from the first question can reach an emergency outcome; "
              "add an outcome with level: emergency and lead the red-flag questions to it", "start")

    info = TreeInfo(tree=tree, nodes=nodes, remaining=remaining)
    if flags is not None:
        _check_flags(tree, nodes, topo, flags, label, info)
    return info


def _check_flags(tree: Tree, nodes: dict, topo: list[str], flags: dict, label: str, info: TreeInfo) -> None:
    """The safety rules: red flags exist, "yes" goes straight to their level, and each is asked in time."""
    # An outcome for one sign has that sign's level.
    for node in tree.nodes:
        if isinstance(node, Outcome) and node.flag:
            if node.flag not in flags:
                _fail(label, node.id, f'is for the red flag "{node.flag}", which is not in data/red-flags.yml', "flag",
                      valid=sorted(flags), found=node.flag)
            if flags[node.flag].level != node.level:
                _fail(label, node.id, f'is for the red flag "{node.flag}" ({flags[node.flag].level}), so its level must be '
                      f"{flags[node.flag].level}, not {node.level}", "level")

    asked_in: dict[str, str] = {}
    for node in tree.nodes:
        if not isinstance(node, Question) or not node.flag_ids:
            continue
        for fid in node.flag_ids:
            if fid not in flags:
                _fail(label, node.id, f'names the red flag "{fid}", which is not in data/red-flags.yml',
                      "flag" if node.flag else "flags", valid=sorted(flags), found=fid)
            if fid in asked_in:
                _fail(label, node.id, f'the red flag "{fid}" is already asked in "{asked_in[fid]}"; ask each sign once',
                      "flag" if node.flag else "flags")
            asked_in[fid] = node.id
        means = [a.means for a in node.answers]
        if None in means:
            i = means.index(None)
            _fail(label, node.id, f'the answer "{node.answers[i].label}" to a red-flag question needs `means: yes` '
                  "(the sign is there, or might be) or `means: no`", f"answers[{i}].means", valid=["yes", "no"])
        levels = {flags[f].level for f in node.flag_ids}
        top = min(levels, key=RANK.__getitem__)
        named = {a.flag for a in node.answers if a.flag}
        unnamed = [f for f in node.flag_ids if f not in named]
        generic_yes = [a for a in node.answers if a.means == "yes" and not a.flag]
        if len(levels) > 1 and (generic_yes or unnamed):
            _fail(label, node.id, "groups red flags of different levels (" + ", ".join(sorted(levels, key=RANK.get)) +
                  "); put signs of one level in one question, most urgent first, or give each sign its own "
                  "answer (- flag: id)", "flags")
        if unnamed and not generic_yes:
            _fail(label, node.id, f'no answer says the sign "{unnamed[0]}" is there; add an answer "- flag: {unnamed[0]}" '
                  'or a "Yes" answer with means: yes', "answers")
        level = top
        if "yes" not in means or "no" not in means:
            _fail(label, node.id, 'a red-flag question needs at least one answer with means: yes and one with means: no',
                  "answers")
        for i, ans in enumerate(node.answers):
            target = nodes[ans.next]
            if ans.means == "yes":
                want = flags[ans.flag].level if ans.flag else level
                if not isinstance(target, Outcome) or target.level != want:
                    found = f'"{target.id}" ({target.level})' if isinstance(target, Outcome) else f'the question "{target.id}"'
                    _fail(label, node.id, f'the answer "{ans.label}" says a red flag of level {want} is there, so it '
                          f"must lead straight to an outcome with level: {want}, but it leads to {found}",
                          f"answers[{i}].next", valid=sorted(n.id for n in tree.nodes
                                                              if isinstance(n, Outcome) and n.level == want))
                if target.flag != ans.flag:
                    what = f'the red flag "{target.flag}"' if target.flag else "no one sign"
                    _fail(label, node.id, f'the answer "{ans.label}" leads to "{target.id}", an outcome for {what}, so it '
                          f'would tell the reader they said something else; lead it to the outcome for '
                          f'{"the sign " + repr(ans.flag) if ans.flag else "a group of signs (without flag)"}',
                          f"answers[{i}].next")
                info.feeders.setdefault(target.id, set()).update([ans.flag] if ans.flag else unnamed or node.flag_ids)
            elif isinstance(target, Outcome) and RANK[target.level] < RANK[level]:
                _fail(label, node.id, f'the answer "{ans.label}" says the sign is not there, but leads to a more urgent '
                      f'outcome ("{target.id}", {target.level}) than a "yes" would', f"answers[{i}].next")

    # Every red flag is asked before every outcome that is less urgent than the flag:
    # a bit per flag, and the set asked on *every* path to a node (intersection over parents).
    order = sorted(flags, key=lambda f: (RANK[flags[f].level], f))
    bit = {f: 1 << i for i, f in enumerate(order)}
    own = {n.id: sum(bit[f] for f in n.flag_ids) if isinstance(n, Question) else 0 for n in tree.nodes}
    need = {lvl: sum(bit[f] for f in order if RANK[flags[f].level] < RANK[lvl]) for lvl in LEVELS}
    everyone = (1 << len(order)) - 1
    asked: dict[str, int] = {tree.start: 0}
    for nid in topo:
        node = nodes[nid]
        if isinstance(node, Question):
            out = asked[nid] | own[nid]
            for ans in node.answers:
                asked[ans.next] = asked.get(ans.next, everyone) & out
    for node in tree.nodes:
        nid = node.id
        if not isinstance(node, Outcome):
            continue
        missing = need[node.level] & ~asked[nid]
        if missing:
            fid = next(f for f in order if missing & bit[f])
            # Walk back along parents that skip the flag, to show one such path.
            parents: dict[str, list[str]] = {}
            for q in tree.nodes:
                if isinstance(q, Question):
                    for ans in q.answers:
                        parents.setdefault(ans.next, []).append(q.id)
            path, cur = [nid], nid
            while cur != tree.start:
                cur = next(p for p in parents[cur] if not (asked[p] | own[p]) & bit[fid])
                path.append(cur)
            where = f'asked in "{asked_in[fid]}", but not on this path' if fid in asked_in else "never asked in this tree"
            _fail(label, nid, f'the path {_path_text(reversed(path))} ends in {"an" if node.level[0] in "aeiu" else "a"} {node.level} outcome without asking about '
                  f'the red flag "{fid}" ({flags[fid].level}), which is {where}. Ask every red flag before any less urgent '
                  "outcome, most urgent first")


# --- Component hooks -----------------------------------------------------------

def _red_flags(site) -> dict:
    from .red_flags import FILE as RED_FLAGS
    return {f.id: f for f in site.data[RED_FLAGS].red_flags}


def _trees(site) -> dict[str, Tree]:
    return {t.id: t for t in site.data[FILE].trees}


def _infos(site) -> dict[str, TreeInfo]:
    cache = getattr(site, "_decision_trees", None)
    if cache is None:
        cache = site._decision_trees = {}
        flags = _red_flags(site)
        seen = set()
        for tree in site.data[FILE].trees:
            if tree.id in seen:
                raise DataError(LABEL, f'the tree id "{tree.id}" is used twice; every tree id must be unique',
                                entry=tree.id, field="id")
            seen.add(tree.id)
            cache[tree.id] = check_tree(tree, flags)
    return cache


_CITATION = re.compile(r"\[\d|cite\(|\{\{")


def question_words(site, question: "Question") -> tuple[str, str | None]:
    """The words a reader sees as the question and its help (from the red flag for `flag:`)."""
    if question.flag:
        f = _red_flags(site)[question.flag]
        return f.question, f.help
    return question.text, question.help


def check(site) -> None:
    from .red_flags import FILE as RED_FLAGS
    infos = _infos(site)
    advice = site.data[RED_FLAGS].advice
    for info in infos.values():
        label = tree_label(info.tree.id)
        for node in info.tree.nodes:
            if isinstance(node, Question):
                means = [a.means for a in node.answers]
                if not node.flag_ids and ("yes" not in means or "no" not in means):
                    _fail(label, node.id, "a question without red flags (about feelings) needs one answer with "
                          "means: yes and one with means: no, so the test stories can answer it", "answers")
                text, help_ = question_words(site, node)
                words = len(f"{text} {help_ or ''}".split())
                field = "flag" if node.flag else "text"
                if words > MAX_WORDS:
                    _fail(label, node.id, f"the question and its help have {words} words; at most {MAX_WORDS} are "
                          "easy to read on a phone. Shorten them, or move the detail to the page", field)
                if _CITATION.search(f"{text} {help_ or ''}"):
                    _fail(label, node.id, "a question has no citation marks; put sources in the page's "
                          '"How these questions work" section', field)
            if isinstance(node, Outcome):
                for i, link in enumerate(node.links):
                    check_ref(site, link.to, label, node.id, f"links[{i}].to")
                if not node.links and not advice[node.level].read_next:
                    raise DataError(label, "an outcome needs a page to read next: add `links`", entry=node.id,
                                    field="links")
                if node.flag and (node.said or node.meanwhile):
                    _fail(label, node.id, "an outcome for one sign takes its words from data/red-flags.yml; remove "
                          "`said` and `meanwhile`", "said" if node.said else "meanwhile")
                if not node.flag and not info.feeders.get(node.id) and not node.said:
                    _fail(label, node.id, 'this outcome is not reached by a "yes" to a sign, so it needs `said`: what '
                          'the reader told us, e.g. "You said none of the warning signs fit you."', "said")


def page_anchors(markdown: str, site) -> set[str]:
    """The #q-<id> and #outcome-<id> anchors of each tree a page shows, so data can link to them."""
    trees = _trees(site)
    found = set()
    for tree_id in _CALL.findall(markdown):
        tree = trees.get(tree_id)
        if tree:
            found |= {anchor(n) for n in tree.nodes}
    return found


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _once_for(signs, tip_of) -> list[tuple[str, str]]:
    """Each sign with its tip, each sentence once: "Note the time it started." is in two signs' tips."""
    seen: set[str] = set()
    out = []
    for sign in signs:
        kept = [s for s in _SENTENCE.split(tip_of(sign)) if s.casefold() not in seen and not seen.add(s.casefold())]
        if kept:
            out.append((sign, " ".join(kept)))
    return out


def _instructions(sentence: str, same_advice) -> frozenset[str]:
    """The instructions (ids in `same_advice` of data/red-flags.yml) a sentence gives."""
    low = sentence.casefold()
    return frozenset(a.id for a in same_advice if any(w.casefold() in low for w in a.says))


def say_once(steps: list[str], tips: list[tuple[str | None, str]], while_waiting: str,
             see_doctor_if: str | None, same_advice) -> tuple[list[dict], str | None]:
    """What an outcome shows while you wait, each instruction once (PEMAT item 2).

    `steps` (what to do now) are always shown whole, so what they say is given first. Then:
    * a sentence of a sign's tip whose instructions the steps give is left out ("Note the time
      it started." under "Note the time the signs started. Tell the call handler.");
    * a tip sentence whose instructions an earlier sign's tip gives joins that line, which then
      names both signs ("An arm went weak, or I lost my balance: Sit or lie down so you do not fall.");
    * the level's own while-waiting sentences, and its see-a-doctor line, keep only what no step
      or tip has said. If no tip is left, the level's while-waiting line stays, whole.
    A sentence that gives no listed instruction is only left out when it is the same sentence.
    Returns the lines ({"signs": [...], "tip": "..."}) and the see-a-doctor line, or None.
    """
    said_by_steps: set[str] = set()
    seen: set[str] = set()
    for step in steps:
        for sentence in _SENTENCE.split(step):
            said_by_steps |= _instructions(sentence, same_advice)
            seen.add(sentence.casefold())
    # One entry per sentence kept: [signs, sentence, instructions]; lines group them by sign.
    kept: list[list] = []
    for sign, tip in tips:
        for sentence in _SENTENCE.split(tip):
            gives = _instructions(sentence, same_advice)
            if sentence.casefold() in seen or (gives and gives <= said_by_steps):
                continue
            same = next((k for k in kept if gives and gives & k[2] and gives <= k[2] | said_by_steps), None)
            if same is not None:
                if sign is not None and sign not in same[0]:
                    same[0].append(sign)
                continue
            seen.add(sentence.casefold())
            kept.append([[sign] if sign is not None else [], sentence, gives])
    lines: list[dict] = []
    for signs, sentence, _ in kept:
        if lines and lines[-1]["signs"] == signs:
            lines[-1]["tip"] += " " + sentence
        else:
            lines.append({"signs": list(signs), "tip": sentence})
    given = set(said_by_steps).union(*(k[2] for k in kept))

    def new_part(text: str) -> str:
        out = []
        for sentence in _SENTENCE.split(text):
            gives = _instructions(sentence, same_advice)
            if sentence.casefold() in seen or (gives and gives <= given):
                continue
            seen.add(sentence.casefold())
            given.update(gives)
            out.append(sentence)
        return " ".join(out)

    level_line = new_part(while_waiting)
    if level_line:
        lines.append({"signs": [], "tip": level_line})
    elif not lines:
        lines.append({"signs": [], "tip": while_waiting})
    return lines, (new_part(see_doctor_if) or None) if see_doctor_if else None


def _view(site, info: TreeInfo, url: str) -> dict:
    """Plain data for the template: words resolved from red flags and advice, links made relative."""
    from .red_flags import FILE as RED_FLAGS
    flags = _red_flags(site)
    advice = site.data[RED_FLAGS].advice
    nodes = info.nodes
    steps = []
    # Questions are numbered in file order, for paper: "Yes: go to question 3".
    number = {n.id: i for i, n in enumerate((n for n in info.tree.nodes if isinstance(n, Question)), 1)}
    order = list(flags)

    def goes_to(target) -> str:
        if isinstance(target, Question):
            return f"go to question {number[target.id]}"
        return f"your result is {LABELS[target.level]}"

    for node in info.tree.nodes:
        if isinstance(node, Question):
            single = flags[node.flag] if node.flag else None
            steps.append({
                "kind": "question", "id": node.id, "anchor": anchor(node), "number": number[node.id],
                "first": node.id == info.tree.start,
                "text": single.question if single else node.text,
                "help": single.help if single else node.help,
                # Signs without their own answer button are listed under the question.
                "signs": [flags[f] for f in node.flags or [] if f not in {a.flag for a in node.answers}],
                "remaining": info.remaining[node.id],
                "answers": [{"label": a.label, "next": a.next, "href": "#" + anchor(nodes[a.next]),
                             "goes_to": goes_to(nodes[a.next])} for a in node.answers],
            })
        else:
            a = advice[node.level]
            links = []
            if a.read_next:
                links.append({"text": "Read more about what to do", "href": relative_url(a.read_next, url)})
            links += [{"text": l.text, "href": relative_url(l.to, url)} for l in node.links]
            feeders = sorted(info.feeders.get(node.id, ()), key=order.index)
            # The main (first) source of each sign that leads here, so a card does not carry a long row of numbers.
            sources = sorted({flags[f].sources[0] for f in feeders})
            one = flags[node.flag] if node.flag else None
            # Several signs lead here: each tip says which sign it is for ("If it may be a medicine: call
            # the doctor who prescribed it"), so on paper, where one card stands for the level, no tip is orphaned.
            tips = ([(None, one.meanwhile)] if one else [(None, node.meanwhile)] if node.meanwhile else
                    [(flags[f].answer, tip) for f, tip in _once_for(feeders, lambda f: flags[f].meanwhile)])
            shown_steps = node.steps or a.steps
            # Each instruction once: steps, then the signs' tips, then what the level adds (say_once).
            meanwhile, see_doctor_if = say_once(shown_steps, tips, a.safety_net.while_waiting,
                                                a.safety_net.see_doctor_if, site.data[RED_FLAGS].same_advice)
            steps.append({
                "kind": "outcome", "id": node.id, "anchor": anchor(node), "level": node.level, "flag": node.flag,
                # The whole tree on paper shows one result per level: the first one, in data order.
                "paper": not any(s.get("kind") == "outcome" and s["level"] == node.level for s in steps),
                "title": node.title or a.title, "when": a.when, "steps": shown_steps,
                "said": one.answer if one else node.said,
                "said_signs": [] if one or node.said else [flags[f].sign for f in feeders],
                "why": node.why or (one.why if one else a.why), "meanwhile": meanwhile,
                "net": a.safety_net, "see_doctor_if": see_doctor_if, "links": links,
                "refs": sorted(site.cite(sources), key=lambda ref: ref[0]) if sources and site.cite else [],
            })
    return {"id": info.tree.id, "start": anchor(nodes[info.tree.start]), "nodes": steps}


def macros(site, env):
    def decision_tree(tree_id: str):
        """The whole tree: linked sections without JavaScript, one step at a time with it."""
        label, url = current_page(env)
        infos = _infos(site)
        if tree_id not in infos:
            raise DataError(label, f'decision_tree("{tree_id}"): there is no tree with that id in {LABEL}',
                            valid=sorted(infos), found=tree_id)
        return site.renderer.render("decision-tree.html", tree=_view(site, infos[tree_id], url),
                                    emergency=site.emergency, level_labels=LABELS)

    return {"decision_tree": decision_tree}


# --- For tests and the benchmark -------------------------------------------------

def make_synthetic_tree(n: int, branching: int = 10, flags: dict | None = None) -> Tree:
    """A valid tree of about `n` nodes, for tests and the benchmark.

    With `flags` (red flag id -> record with .level) it starts with a spine of red-flag
    questions, one per level, like the real tree; then comes a wide tree of plain
    questions (question k leads to questions b*k+1 .. b*k+b) whose leaves are outcomes.
    With branching 10, paths stay within MAX_QUESTIONS up to about 100,000 nodes.
    """
    flags = flags or {}
    by_level: dict[str, list[str]] = {}
    for fid in sorted(flags):
        by_level.setdefault(flags[fid].level, []).append(fid)
    spine = [lvl for lvl in LEVELS if by_level.get(lvl)]
    raw: list[dict] = [{"id": f"end-{lvl}", "level": lvl} for lvl in spine]
    for i, lvl in enumerate(spine):
        ids = by_level[lvl]
        q = {"id": f"s{i}", "answers": [{"label": "Yes", "means": "yes", "next": f"end-{lvl}"},
                                        {"label": "No", "means": "no", "next": f"s{i + 1}" if i + 1 < len(spine) else "t0"}]}
        q.update({"flag": ids[0]} if len(ids) == 1 else {"text": "Any of these?", "flags": ids})
        raw.append(q)
    questions = max(1, (n - len(raw)) // branching)
    leaves = 0
    for k in range(questions):
        answers = []
        for j in range(1, branching + 1):
            child = branching * k + j
            if child < questions:
                answers.append({"label": f"Choice {j}", "next": f"t{child}"})
            else:
                # Without red flags, outcomes take every level in turn (so an emergency one exists).
                level = "self-care" if spine else LEVELS[leaves % len(LEVELS)]
                raw.append({"id": f"o{leaves}", "level": level})
                answers.append({"label": f"Choice {j}", "next": f"o{leaves}"})
                leaves += 1
        raw.append({"id": f"t{k}", "text": f"Question {k}?", "answers": answers})
    return Tree.model_validate({"id": "synthetic", "start": "s0" if spine else "t0", "nodes": raw})
