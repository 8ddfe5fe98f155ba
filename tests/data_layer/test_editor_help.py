"""What an editor is told before they make a mistake: data files name their schema (whose
descriptions and allowed values their editor shows), every pattern has its rule in words,
and the source kinds are listed where sources are written."""
from __future__ import annotations

import json
import re
import typing

from support import ROOT

DATA = ROOT / "data"


def _patterns(node, described=False, found=None):
    """(pattern, whether it or the property holding it has a description) in a JSON Schema."""
    found = [] if found is None else found
    if isinstance(node, dict):
        described = described or "description" in node
        if "pattern" in node:
            found.append((node["pattern"], described))
        for key, value in node.items():
            _patterns(value, described if key in ("anyOf", "items", "allOf", "oneOf") else False, found)
    elif isinstance(node, list):
        for value in node:
            _patterns(value, described, found)
    return found


def test_every_data_file_names_its_schema():
    for path in sorted(DATA.glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{path.stem}.schema.json", path.name


def test_every_pattern_is_explained_in_words():
    from macros.data import PATTERN_WORDS
    unexplained = []
    for schema in sorted((DATA / "schema").glob("*.json")):
        for pattern, described in _patterns(json.loads(schema.read_text(encoding="utf-8"))):
            if pattern not in PATTERN_WORDS and not described:
                unexplained.append(f"{schema.name}: {pattern}")
    assert not unexplained, ("give these fields a description (or add the pattern to PATTERN_WORDS in "
                             "macros/data.py), so an editor reads the rule, not a regex:\n" + "\n".join(unexplained))


def test_a_pattern_mistake_reads_as_the_rule():
    from macros.data import validate
    from macros.errors import DataError
    from macros.links import MODEL
    try:
        validate("data/links.yml", {"links": [{"code": "Eye_Twitch", "to": "/"}]}, MODEL)
    except DataError as exc:
        assert "use only a-z, 0-9 and single hyphens" in exc.message and "^[a-z0-9]" not in exc.message
    else:
        raise AssertionError("a bad code was accepted")


def test_the_source_kinds_are_listed_in_sources_yml():
    from macros.sources import Kind
    text = (DATA / "sources.yml").read_text(encoding="utf-8")
    match = re.search(r"^# kind is one of: (.*?) \(data/schema", text, re.M | re.S)
    assert match, "data/sources.yml should list the allowed kinds in its header"
    listed = [k.strip() for k in re.sub(r"\n#\s*", " ", match.group(1)).split(",")]
    assert listed == list(typing.get_args(Kind))
