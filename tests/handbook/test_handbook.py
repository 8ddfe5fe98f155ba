"""CONTRIBUTING.md stays true: the files, commands and macros it tells an editor to use exist.

A newcomer follows the handbook literally. A file it names that was renamed, a make
target that was removed or a macro that no longer exists sends them nowhere.
"""
from __future__ import annotations

import re

from support import ROOT

HANDBOOK = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
# Paths the handbook names in parts marked as landing from other branches (check once merged).
LANDING = {"data/figures.yml", "docs/assets/figures/"}
PATH = re.compile(r"`((?:data|docs|macros|scripts|overrides|tests|\.github)/[A-Za-z0-9_./-]+)`")
EXAMPLES = re.compile(r"<[a-z-]+>|eye-care|x\.html")   # placeholders and the handbook's own examples


def test_readme_links_the_handbook_and_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(CONTRIBUTING.md)" in readme
    for text, name in ((readme, "README.md"), (HANDBOOK, "CONTRIBUTING.md")):
        assert "../" not in text, f"{name} points outside the repository"
        assert "shared/design.md" not in text, f"{name} still sends readers to the team workspace"


def test_every_file_the_handbook_names_exists():
    missing = []
    for path in sorted(set(PATH.findall(HANDBOOK))):
        if EXAMPLES.search(path) or path in LANDING:
            continue
        if not (ROOT / path.rstrip("/")).exists():
            missing.append(path)
    assert not missing, "CONTRIBUTING.md names files that do not exist: " + ", ".join(missing)


def test_every_make_command_the_handbook_names_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", HANDBOOK))
    assert named >= {"serve", "build", "test", "review-pack"}
    assert named <= targets, f"not in the Makefile: {sorted(named - targets)}"


def test_every_macro_in_the_table_is_registered():
    registered = set()
    for module in (ROOT / "macros").glob("*.py"):
        registered |= set(re.findall(r'"([a-z_]+)": [a-z_]+[,}]', module.read_text(encoding="utf-8")))
    table = HANDBOOK.split("## What a page can call", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"\{\{ ([a-z_]+)\(", table))
    assert {"cite", "references", "checklist", "decision_tree", "report_error"} <= named
    assert named <= registered, f"the handbook lists macros that do not exist: {sorted(named - registered)}"
