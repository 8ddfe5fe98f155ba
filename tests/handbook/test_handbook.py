"""CONTRIBUTING.md stays true: the files, commands and macros it tells an editor to use exist.

A newcomer follows the handbook literally. A file it names that was renamed, a make
target that was removed or a macro that no longer exists sends them nowhere; an example
that misses a required field, or uses an id that is taken, stops their first build; a
section that goes missing leaves them to read the code.
"""
from __future__ import annotations

import ast
import re
import textwrap

import pytest
import yaml

from support import ROOT

HANDBOOK = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FLAT = " ".join(HANDBOOK.split())   # for phrases a line break may split
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# A path the handbook names: under a folder of the repository, or a file at its top.
PATH = re.compile(r"(?<![\w/.-])((?:data|docs|macros|scripts|overrides|tests|tools|vendor|bench|zensical|\.github|"
                  r"site|site-offline|site-zensical|dist|review-pack)/[A-Za-z0-9_./-]*|(?:mkdocs[a-z-]*\.yml|pyproject\.toml|"
                  r"requirements\.lock|Makefile|README\.md|\.gitignore)(?![\w-]))")
EXAMPLES = re.compile(r"eye-care|x\.html")   # the handbook's own examples of a new page or template
# Build output the handbook names (and files made from others): never in a fresh clone, never committed.
BUILD_OUTPUT = ("site/", "site-offline/", "site-zensical/", "dist/", "review-pack/", "tools/node_modules/",
                "mkdocs-zensical.yml")
# The handbook's examples of things a newcomer adds: they must not exist yet.
EXAMPLE_ADDRESSES = {"/eye-care/", "/go/dry-eyes/", "/do-you-need-help/#outcome-today-double-vision"}


def section(title: str) -> str:
    """The text of the `## title` section (up to the next `## ` or `# ` heading)."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |^# |\Z)", HANDBOOK, re.M | re.S)
    assert match, f'CONTRIBUTING.md has no section "## {title}"'
    return match.group(1)


def yaml_blocks(text: str) -> list:
    return [yaml.safe_load(textwrap.dedent(b)) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def github_slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def data(name: str) -> dict:
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def test_readme_links_the_handbook_and_nothing_outside_the_repository():
    assert "(CONTRIBUTING.md)" in README
    for text, name in ((README, "README.md"), (HANDBOOK, "CONTRIBUTING.md")):
        assert "../" not in text, f"{name} points outside the repository"
        assert "shared/design.md" not in text, f"{name} still sends readers to the team workspace"


def test_every_file_the_handbook_names_exists():
    missing, committed = [], []
    ignored = {line.strip().strip("/") for line in (ROOT / ".gitignore").read_text().splitlines()}
    for path in sorted(set(PATH.findall(HANDBOOK))):
        if EXAMPLES.search(path):
            continue
        output = next((o for o in BUILD_OUTPUT if path.startswith(o)), None)
        if output:
            if output.rstrip("/") not in ignored:
                committed.append(path)
        elif not (ROOT / path.rstrip("/")).exists():
            missing.append(path)
    assert not missing, "CONTRIBUTING.md names files that do not exist: " + ", ".join(missing)
    assert not committed, "CONTRIBUTING.md names build output that .gitignore does not ignore: " + ", ".join(committed)


def test_the_file_check_finds_paths_in_commands_and_tables():
    # The check above is only as good as its pattern: it must see a path inside a command too.
    found = set(PATH.findall("run `.venv/bin/python scripts/url_contract.py --update`, open `mkdocs-offline.yml`"))
    assert found == {"scripts/url_contract.py", "mkdocs-offline.yml"}


def test_every_make_command_the_handbook_names_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", MAKEFILE, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", HANDBOOK))
    assert named >= {"serve", "build", "test", "review-pack"}
    assert named <= targets, f"not in the Makefile: {sorted(named - targets)}"


def test_every_command_of_make_help_and_the_readme_is_in_the_handbook():
    # `make help` lists the targets with a `## ` comment; the README names some more in its text.
    helped = set(re.findall(r"^([a-z][a-z-]*):.*## ", MAKEFILE, re.M))
    in_readme = set(re.findall(r"`make ([a-z][a-z-]*)`", README))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", HANDBOOK))
    assert {"offline", "vnu", "handouts", "review-pack"} <= helped
    assert not (helped | in_readme) - named, \
        f"make help or the README name commands CONTRIBUTING.md never explains: {sorted((helped | in_readme) - named)}"
    table = HANDBOOK.split("## Getting set up", 1)[1].split("\n---", 1)[0]
    in_table = set(re.findall(r"`make ([a-z][a-z-]*)`", table))
    assert not helped - in_table, f"missing from the table of commands: {sorted(helped - in_table)}"


def registered_macros() -> set[str]:
    """The names each component's `macros(site, env)` returns: what a page can call."""
    names = set()
    for module in (ROOT / "macros").glob("*.py"):
        for fn in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(fn, ast.FunctionDef) and fn.name == "macros":
                for node in ast.walk(fn):
                    if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict) and node in fn.body:
                        names |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return names


def test_every_macro_in_the_table_is_registered():
    registered = registered_macros()
    assert {"cite", "figure", "tree_test_results", "quality_scores"} <= registered
    table = "\n".join(line for line in section("What a page can call").splitlines() if line.startswith("|"))
    named = set(re.findall(r"\{\{ ([a-z_]+)\(", table))
    assert {"cite", "references", "checklist", "decision_tree", "report_error"} <= named
    assert named <= registered, f"the handbook lists macros that do not exist: {sorted(named - registered)}"
    unlisted = registered - named
    assert not unlisted, f"macros a page can call that the table does not list: {sorted(unlisted)}"


# What a newcomer needs from each section, in the words and paths they would look for.
NEEDED = {
    "Add a warning sign": ["data/red-flags.yml", "cards:", "data/checklists.yml", "data/decision-tree.yml",
                           "tests/decision_tree/vignettes.yml", "EXPECTED", "url_contract.py --update",
                           "- flag: sudden-double-vision", "# --- Outcomes"],
    "Add a source": ["data/sources.yml", '{{ cite("', "`kind`", "tests/content"],
    "Add a page": ["nav:", "data/links.yml", "url_contract.py --update", "tests/links/published-urls.txt"],
    "Add a short link": ["data/links.yml", "url_contract.py --update", "used twice"],
    "Add a handout": ["data/handouts.yml", "summary:", "make handouts", "/for-clinicians/#make-a-handout",
                      "{{ handout_builder() }}"],
    "Care words and numbers in data": ["{urgent_care}", "{emergency_room}", "extra.emergency.words", "{n:",
                                       "{number}", "{{ emergency.words.urgent_care }}"],
    "The test stories of the decision tree": ["tests/decision_tree/vignettes.yml", "macros/tree_tests.py",
                                              "/do-you-need-help/#how-we-tested", "under-triage",
                                              "Fix the questions, never the story"],
    "Re-score a page (PEMAT-P and CDC Clear Communication Index)": [
        "data/quality-scores.yml", "macros/quality_scores.py", "/about/#scores", "make review-pack",
        "every item once", "na_allowed", '"PEMAT 4 / CDC 7: '],
    "The offline copy": ["make offline", "mkdocs-offline.yml", "dist/", "/downloads/", "site-offline/"],
    "Record a clinical review": ["make review-pack", "review-pack/", "reviewer:", "clinically-reviewed"],
    "Valid HTML: the Nu HTML Checker": ["make vnu", "tests/html/test_valid_html.py", "ALLOWED", "reason"],
    "Read a build error": ["Build stopped:", "Post-build stopped:", "Aborted with"],
}


@pytest.mark.parametrize("title", sorted(NEEDED))
def test_each_section_an_editor_needs_is_there_and_names_what_they_need(title):
    text = section(title)
    missing = [w for w in NEEDED[title] if w not in text]
    assert not missing, f'"## {title}" no longer says: {missing}'


def test_the_handbook_links_to_its_own_sections_that_exist():
    slugs = {github_slug(h) for h in re.findall(r"^#{1,4} (.+)$", HANDBOOK, re.M)}
    broken = sorted({a for a in re.findall(r"\]\(#([^)]+)\)", HANDBOOK) if a not in slugs})
    assert not broken, f"links to sections CONTRIBUTING.md does not have: {broken}"


def test_every_site_address_the_handbook_names_exists():
    promised = set((ROOT / "tests" / "links" / "published-urls.txt").read_text().split())
    missing = []
    for url in sorted(set(re.findall(r"(?<![\w.-])(/(?:[a-z0-9-]+/)+(?:#[a-z0-9-]+)?)", HANDBOOK))):
        page, _, anchor = url.partition("#")
        if url in EXAMPLE_ADDRESSES or page in ("/go/", "/downloads/", "/qr/", "/handouts/") and not anchor:
            continue
        if url in promised:
            continue
        name = page.strip("/")
        md = next((p for p in (ROOT / "docs" / f"{name}.md", ROOT / "docs" / name / "index.md") if p.exists()), None)
        if md is None or (anchor and f"{{ #{anchor} }}" not in md.read_text(encoding="utf-8")):
            missing.append(url)
    assert not missing, f"CONTRIBUTING.md sends readers to addresses the site does not have: {missing}"
    assert not EXAMPLE_ADDRESSES & promised, "an example of a new address already exists: choose a new example"


def test_the_limits_the_handbook_states_are_the_codes():
    from macros.decision_tree import MAX_QUESTIONS, MAX_WORDS
    from macros.links import MAX_PICKS
    from macros.red_flags import MAX_CARD_SIGNS
    from macros.tree_tests import MIN_STORIES_PER_FLAG
    most = re.search(r"^MOST = (\d+)", (ROOT / "tests/decision_tree/test_tree_browser.py").read_text(), re.M).group(1)
    for said in (f"at most {MAX_QUESTIONS} questions", f"more than {MAX_QUESTIONS} questions",
                 f"at most {MAX_WORDS} words", f"at most {MAX_CARD_SIGNS} signs", f"up to {MAX_PICKS} pages",
                 f"at least {MIN_STORIES_PER_FLAG} short stories", f"`MOST = {most}`", f"up to {most}\")"):
        assert said in FLAT, f'CONTRIBUTING.md should say "{said}", as the code does'
    expected = (ROOT / "tests/decision_tree/test_tree_paths.py").read_text()
    assert re.search(r"^EXPECTED = \{", expected, re.M), "the handbook sends editors to EXPECTED in test_tree_paths.py"


def test_the_warning_sign_example_is_a_whole_valid_entry_with_real_sources():
    from macros.red_flags import RedFlag
    text = section("Add a warning sign")
    entry = yaml_blocks(text)[0][0]
    RedFlag.model_validate(entry)   # every required field is in the example
    known = {s["id"] for s in data("sources.yml")["sources"]}
    assert set(entry["sources"]) <= known, f"the example cites sources that do not exist: {set(entry['sources']) - known}"
    assert entry["id"] not in {f["id"] for f in data("red-flags.yml")["red_flags"]}, "the example sign already exists"
    question = yaml_blocks(text)[1][0]
    assert {"flag": entry["id"], "label": "Yes"} in question["answers"], "the own-question example needs the sign's answer"


def test_the_source_example_is_a_whole_valid_entry_with_a_new_id():
    from macros.sources import Source
    entry = yaml_blocks(section("Add a source"))[0][0]
    Source.model_validate(entry)
    assert entry["id"] not in {s["id"] for s in data("sources.yml")["sources"]}, "the example source id is taken"


def test_the_short_link_example_has_a_free_code_and_a_real_target():
    from macros.links import ShortLink
    entry = yaml_blocks(section("Add a short link"))[0][0]
    ShortLink.model_validate(entry)
    taken = {link["code"] for link in data("links.yml")["links"]}
    assert entry["code"] not in taken, f'the example code "{entry["code"]}" is taken: a newcomer copying it gets "used twice"'
    promised = set((ROOT / "tests" / "links" / "published-urls.txt").read_text().split())
    assert entry["to"] in promised, f"the example links to {entry['to']}, which the site does not have"


def test_the_handout_summary_example_names_things_that_exist():
    from macros.handouts import Summary
    summary = Summary.model_validate(yaml_blocks(section("Add a handout"))[0]["summary"])
    lists = {c["id"]: {i.get("id") for i in c.get("items", []) + [i for g in c.get("groups", []) for i in g["items"]]}
             for c in data("checklists.yml")["checklists"]}
    flags = data("red-flags.yml")
    for thing in summary.do:
        kind, _, where = thing.partition(":")
        a, _, b = where.partition("/")
        if kind == "checklist":
            assert b in lists.get(a, set()), f"the example's {thing} is not in data/checklists.yml"
        else:
            assert int(b) <= len(flags["advice"][a]["steps"]), f"the example's {thing} is not a step of that advice"
    assert set(summary.signs) <= {f["id"] for f in flags["red_flags"]}
    assert summary.figure in {f["id"] for f in data("figures.yml")["figures"]}
