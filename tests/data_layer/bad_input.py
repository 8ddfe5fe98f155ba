"""Every kind of bad input we know of, and what the editor reads when they make it.

Each case breaks one thing in a private copy of the project. `test_bad_input.py`
runs every case and checks the message (one message, naming the file, the place
and the fix; no traceback). This module also writes the table the handbook shows,
tests/data_layer/BAD_INPUT.md:

    .venv/bin/python tests/data_layer/bad_input.py    # rewrite the table after adding a case

A case is caught at one of three stages:
- "load": while the site loads, before any page renders (macros/site.py);
- "build": by mkdocs build or a post-build step (scripts/postbuild.py);
- "accepted": not an error, but published safely (the test checks how).
"""
from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TABLE = HERE / "BAD_INPUT.md"


@dataclass
class Case:
    id: str
    bad_input: str                      # what the editor did, in words
    breaks: Callable[[Path], None]      # does it to a project copy
    expect: list[str]                   # the message contains each of these
    stage: str = "load"
    issue: str = "#14"
    needs_contract: bool = False        # copy the URL contract into the project first
    notes: list[str] = field(default_factory=list)


# --- helpers that break a project copy -----------------------------------------------------

def _replace(path: Path, old: str, new: str, count: int = 1, regex: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    changed, n = (re.subn(old, new, text, count=count, flags=re.M) if regex
                  else (text.replace(old, new, count), text.count(old)))
    assert n, f"{path.name}: {old!r} not found; update the case"
    path.write_text(changed, encoding="utf-8")


def _append(rel: str, text: str):
    def do(project: Path):
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return do


def _page(rel: str, old: str, new: str, regex: bool = False):
    return lambda project: _replace(project / rel, old, new, regex=regex)


def _bytes(rel: str, find: bytes, new: bytes):
    def do(project: Path):
        path = project / rel
        data = path.read_bytes()
        assert find in data
        path.write_bytes(data.replace(find, new, 1))
    return do


def _bom(project: Path):
    path = project / "docs" / "causes.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


NEW_PAGE = """---
title: A new page
description: "A page an editor has just added, to show what else a new page needs before it is published."
reviewed: 2026-11-25
next_review: 2027-11-25
review_status: draft
---

# A new page

## First part { #first-part }

Text.
"""


def _new_page(nav: bool, short_link: bool):
    def do(project: Path):
        (project / "docs" / "new-page.md").write_text(NEW_PAGE, encoding="utf-8")
        if nav:
            _replace(project / "mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - A new page: new-page.md\n")
        if short_link:
            _append("data/links.yml", "  - code: new-page\n    to: /new-page/")(project)
    return do


def _remove_published_id(project: Path):
    _replace(project / "docs" / "handouts.md", "## Print any page { #print-any-page }",
             "## Printing other pages { #printing-other-pages }")


def _stale_tooltips(project: Path):
    _append("docs/includes/abbreviations.md", "*[Twitchitis]: A word no glossary entry defines.")(project)


def _nth_link_bad_target(project: Path):
    # The 28th short link (links[27]): named by its code, not its position.
    path = project / "data" / "links.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    tos = [i for i, line in enumerate(lines) if line.startswith("    to: ")]
    lines[tos[27]] = "    to: self-care"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _code_of_28th(project: Path) -> str:
    lines = (project / "data" / "links.yml").read_text(encoding="utf-8").splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("  - code: ")][27]


# --- the cases --------------------------------------------------------------------------

CASES: list[Case] = [
    # Security
    Case("script-in-page", "A `<script>` written into a page's Markdown",
         _append("docs/symptoms.md", "<script>alert(1)</script>"),
         ["docs/symptoms.md, line ", "raw <script> in the page"]),
    Case("event-handler-in-page", "An inline event handler (`onerror=`) in a page's HTML",
         _append("docs/symptoms.md", '<img src="x.png" onerror="alert(1)">'),
         ["docs/symptoms.md, line ", "an inline event handler (onerror=)"]),
    Case("event-handler-in-attr-list", "An event handler in a Markdown attribute list (`{ onclick=... }`)",
         _append("docs/symptoms.md", 'Click here.\n{ onclick="alert(1)" }'),
         ["docs/symptoms.md, line ", "an inline event handler (onclick=)"]),
    Case("javascript-link", "A `javascript:` link in a page",
         _append("docs/symptoms.md", "[Click me](javascript:alert(1))"),
         ["docs/symptoms.md, line ", "a javascript: link in the page"]),
    Case("javascript-href", "A `javascript:` URL in an HTML link",
         _append("docs/symptoms.md", '<a href="JavaScript:alert(1)">Click</a>'),
         ["docs/symptoms.md, line ", "a javascript: link in the page"]),
    Case("quote-in-description", 'A double quote in a page description (`"eyelid twitching"`)',
         _page("docs/causes.md", r"^description: .*$",
               'description: \'What causes "eyelid twitching" and other facial spasms, in plain words, put in proportion.\'',
               regex=True),
         ['content="What causes &#34;eyelid twitching&#34;'], stage="accepted",
         notes=["published escaped in `<meta name=\"description\">`"]),
    Case("attribute-injection-in-description", "A crafted description that tries to add an attribute",
         _page("docs/causes.md", r"^description: .*$",
               'description: \'x" onfocus="alert(1)" autofocus=" and more words to reach the fifty characters needed\'',
               regex=True),
         ['content="x&#34; onfocus=&#34;alert(1)&#34; autofocus=&#34;'], stage="accepted",
         notes=["escaped: no attribute is added"]),
    Case("angle-bracket-in-title", "A character a title never needs (`<`, `{`, a backtick...)",
         _page("docs/causes.md", r"^title: .*$", "title: Causes {of} spasms", regex=True),
         ['docs/causes.md (front matter), field "title": contains { }, which a title or description never needs']),
    Case("arithmetic-in-page", "Template arithmetic `{{ 2 * 3 }}` in a page (was published as 6)",
         _append("docs/symptoms.md", "About {{ 2 * 3 }} in 10 people."),
         ["docs/symptoms.md, line ", '"{{ 2 * 3 }}" is not a call of one of the site\'s macros',
          "{% raw %}"], stage="build"),
    Case("tuple-in-page", "Stray braces `{{a, b}}` in a page (was published as (Undefined, Undefined))",
         _append("docs/symptoms.md", "Write {{a, b}} here."),
         ["docs/symptoms.md, line ", '"{{a, b}}" is not a call of one of the site\'s macros'], stage="build"),
    Case("statement-in-page", "A template statement `{% if %}` in a page",
         _append("docs/symptoms.md", "{% if true %}Shown{% endif %}"),
         ["docs/symptoms.md, line ", "a page may not use {% ... %} template statements"], stage="build"),
    Case("unknown-macro", "A misspelt macro name `{{ cit(...) }}`",
         _append("docs/symptoms.md", '{{ cit("nhs-twitching") }}'),
         ["docs/symptoms.md, line ", "cit is not one of the site's macros", 'Did you mean "cite"'], stage="build"),
    Case("expression-argument", "A macro given an expression instead of a plain value",
         _append("docs/symptoms.md", '{{ cite("nhs-" ~ page.title) }}'),
         ["docs/symptoms.md, line ", "give cite() plain values only"], stage="build"),
    Case("unclosed-braces", "An unclosed `{{` in a page",
         _append("docs/symptoms.md", "Braces {{ left open."),
         ["docs/symptoms.md, line ", "template syntax error", "{% raw %}"], stage="build"),
    # Promises
    Case("removed-published-id", "A section id that clinics link to is removed (`#print-any-page`)",
         _remove_published_id,
         ["tests/links/published-urls.txt: /handouts/#print-any-page: the page has no section #print-any-page"],
         stage="build", needs_contract=True),
    Case("new-page-not-in-nav", "A new page without a nav entry",
         _new_page(nav=False, short_link=True),
         ["docs/new-page.md: the page is not in the menu; add a line under nav: in mkdocs.yml",
          "a short link in data/links.yml", "url_contract.py --update"]),
    Case("new-page-without-short-link", "A new page without a short link",
         _new_page(nav=True, short_link=False),
         ["docs/new-page.md: the page has no short link; add one to data/links.yml", '"- code: new-page"']),
    Case("new-page-not-in-contract", "A new page whose addresses are not yet in the URL contract",
         _new_page(nav=True, short_link=True),
         ["new address(es) not yet promised", "python scripts/url_contract.py --update"],
         stage="build", needs_contract=True),
    Case("heading-without-id", "A `##` heading without a stable id",
         _append("docs/symptoms.md", "## A heading without an id"),
         ["docs/symptoms.md, line ", 'the heading "A heading without an id" has no stable id', "{ #stable-id }"]),
    Case("jinja-comment-heading-id", "A heading id written `{#id}` (opens a template comment)",
         _append("docs/symptoms.md", "## Another heading {#another}"),
         ["docs/symptoms.md, line ", "has no stable id", "{# starts a template comment"]),
    Case("stale-tooltips", "Glossary tooltips older than data/glossary.yml",
         _stale_tooltips,
         ["docs/includes/abbreviations.md: the glossary tooltips are older than data/glossary.yml",
          "python scripts/make_abbreviations.py"], stage="build"),
    Case("cites-without-references", "A page that cites but has no list of sources",
         _page("docs/symptoms.md", "{{ references() }}", ""),
         ["docs/symptoms.md: the page cites sources but does not list them", "{{ references() }}"]),
    # One message, naming the file
    Case("non-utf8-page", "A byte that is not UTF-8 in a page (a Latin-1 é)",
         _bytes("docs/symptoms.md", b"# ", b"\xe9\n# "),
         ["docs/symptoms.md, line ", "a character that is not UTF-8 (byte 0xE9)", "save the file as UTF-8"]),
    Case("non-utf8-data", "A byte that is not UTF-8 in a data file",
         _bytes("data/sources.yml", b"publisher: NHS", b"publisher: NHS \xe9"),
         ["data/sources.yml, line ", "a character that is not UTF-8 (byte 0xE9)"]),
    Case("impossible-date", "An impossible date (`2026-13-45`)",
         _page("docs/causes.md", r"^reviewed: .*$", "reviewed: 2026-13-45", regex=True),
         ["docs/causes.md (front matter), line ", '"2026-13-45" is not a real date; write it as YYYY-MM-DD']),
    Case("byte-order-mark", "A byte-order mark (BOM) at the start of a page",
         _bom, ["docs/causes.md, line 1: the file starts with an invisible byte-order mark (BOM)"]),
    Case("bad-indentation", "A line indented less than the lines above (YAML `expected <block end>`)",
         _page("data/sources.yml", "\n    publisher: NHS\n", "\n   publisher: NHS\n"),
         ["data/sources.yml: YAML syntax error at line ", "the indentation of this line does not match the lines above"]),
    Case("deeper-indentation", "A line indented more than the lines above (YAML `mapping values are not allowed`)",
         _page("data/sources.yml", "\n    publisher: NHS\n", "\n      publisher: NHS\n"),
         ["data/sources.yml: YAML syntax error at line ", "the indentation of this line does not match the lines above"]),
    Case("tab-indentation", "A tab used to indent YAML",
         _page("data/sources.yml", "\n    publisher: NHS\n", "\n\tpublisher: NHS\n"),
         ["data/sources.yml: YAML syntax error at line ", "use spaces, not tabs"]),
    Case("unquoted-yes", "`Yes` where text is expected (YAML reads it as true)",
         _page("data/sources.yml", "publisher: NHS\n", "publisher: Yes\n"),
         ['data/sources.yml, entry "nhs-twitching", field "publisher"', "put it in quotes"]),
    Case("unquoted-number", "A number where text is expected (`title: 1984`)",
         _page("data/sources.yml", "title: Twitching eyes and muscles\n", "title: 1984\n"),
         ['data/sources.yml, entry "nhs-twitching", field "title"', "YAML reads 1984 as a number", '"1984"']),
    Case("entry-by-position", "A mistake in the 28th short link (was reported as `links[27]`)",
         _nth_link_bad_target,
         ['data/links.yml, entry "{code}", field "to": write a page of this site starting with /']),
    Case("pattern-in-words", "A short-link code with capitals and an underscore",
         _page("data/links.yml", "  - code: symptoms\n", "  - code: Eye_Twitch\n"),
         ['data/links.yml, entry "Eye_Twitch", field "code": use only a-z, 0-9 and single hyphens']),
    Case("emergency-number-words", "An emergency number that is not digits",
         _page("mkdocs.yml", 'number: "911"', 'number: "nine-one-one"'),
         ['mkdocs.yml (extra.emergency), field "number": write 2 to 4 digits only']),
]

# Bad input covered by other tests (data layer and components); the table lists them too.
OTHER_TESTS = [
    ("tests/data_layer/test_broken_data.py::test_yaml_syntax_error_names_the_line", "A YAML syntax error",
     "data/sources.yml: YAML syntax error at line N, column M: …"),
    ("tests/data_layer/test_broken_data.py::test_a_key_given_twice_is_refused", "A key given twice",
     'data/red-flags.yml, line N: the key "level" appears twice'),
    ("tests/data_layer/test_broken_data.py::test_unknown_field_names_entry_field_and_valid_fields",
     "A misspelt field", 'entry "face-drooping", field "levle": unknown field (a typo?). Did you mean "level"?'),
    ("tests/data_layer/test_broken_data.py::test_missing_required_field", "A required field left out",
     'entry "speech-problems", field "question": this required field is missing'),
    ("tests/data_layer/test_broken_data.py::test_wrong_type", "Text where a number is expected",
     'data/sources.yml, entry "nhs-twitching", field "year": … (found: \'recently\')'),
    ("tests/data_layer/test_broken_data.py::test_level_outside_the_vocabulary", "A value outside the list",
     "entry \"face-drooping\", field \"level\": Input should be 'emergency', …"),
    ("tests/data_layer/test_broken_data.py::test_duplicate_id", "An id used twice", 'the id "…" is used twice'),
    ("tests/data_layer/test_broken_data.py::test_dangling_source_id", "A source id that does not exist",
     'cites the source "nhs-strok", which is not in data/sources.yml. Did you mean "nhs-stroke"?'),
    ("tests/data_layer/test_broken_data.py::test_html_in_a_text_field", "HTML in a text field",
     'entry "face-drooping", field "sign": contains HTML; write plain text'),
    ("tests/data_layer/test_broken_data.py::test_link_to_a_missing_anchor", "A link to a section that does not exist",
     'entry "advice.urgent", field "read_next": links to "#no-such-section" …'),
    ("tests/data_layer/test_broken_data.py::test_an_empty_file", "An empty data file", "data/sources.yml: the file is empty"),
    ("tests/data_layer/test_broken_data.py::test_a_data_file_no_component_reads", "A data file no component reads",
     "data/red-flag.yml: no component reads this file …"),
    ("tests/data_layer/test_broken_data.py::test_a_page_without_front_matter", "A page without front matter",
     "docs/symptoms.md: the page has no front matter …"),
    ("tests/data_layer/test_broken_data.py::test_front_matter_typo", "A misspelt front-matter field",
     'docs/symptoms.md (front matter), field "reviwed": unknown field (a typo?)'),
    ("tests/data_layer/test_broken_data.py::test_front_matter_yaml_error_names_the_line_in_the_page",
     "A YAML error in front matter", "docs/causes.md (front matter): YAML syntax error at line N, …"),
    ("tests/data_layer/test_broken_data.py::test_clinically_reviewed_needs_a_reviewer",
     "Clinically reviewed without a reviewer", "a clinically-reviewed page must name its reviewer"),
    ("tests/review_records/test_review_records.py::test_an_overdue_page_warns_but_passes_unless_the_weekly_flag_is_given",
     "A page overdue for review", "1 page is overdue for review (a warning; the weekly workflow fails)"),
    ("tests/data_layer/test_broken_data.py::test_unknown_id_in_a_page_stops_the_build_and_lists_valid_ids",
     "An unknown source id in a page", 'docs/symptoms.md: cite("no-such-source"): no source with that id …'),
    ("tests/data_layer/test_broken_data.py::test_a_bad_contact_address_stops_the_build", "A bad contact address",
     'mkdocs.yml (extra.contact), field "email": write an email address, like corrections@example.org'),
    ("tests/data_layer/test_broken_data.py::test_missing_emergency_settings_stop_the_build",
     "No emergency settings", 'mkdocs.yml, field "extra.emergency": extra.emergency is missing; …'),
    ("tests/quality/test_quality_security.py::test_an_injected_inline_script_stops_the_post_build",
     "An inline script in built HTML that no template writes",
     "Post-build stopped: symptoms/index.html: an inline script that no template writes …"),
    ("tests/data_layer/test_bad_input.py::test_a_failed_build_leaves_the_last_good_site",
     "A page error or a data error during `make build`", "… site/ is unchanged (the last good build)."),
    ("tests/quality/test_quality_security.py::test_publish_runs_make_test_before_it_deploys",
     "Publishing a commit that `make test` rejects", "the Publish job runs `make test` (.ci/run) first"),
]

STAGE_WORDS = {"load": "as the site loads", "build": "build / post-build", "accepted": "accepted, escaped"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table() -> str:
    lines = [
        "# Bad input, and what the editor reads",
        "",
        "Every kind of bad input we know of. Each stops the build before anything is published",
        "(or, for quotes in a description, is published escaped), with one message that names",
        "the file, the place and the fix: no traceback, and no script reaches a page.",
        "The cases run in `tests/data_layer/test_bad_input.py`; regenerate this file with",
        "`.venv/bin/python tests/data_layer/bad_input.py` after adding one.",
        "",
        "To show braces as text on a page, write `{% raw %}{{ like this }}{% endraw %}`.",
        "",
        "| # | Bad input | Caught | The message contains |",
        "|---|---|---|---|",
    ]
    for n, case in enumerate(CASES, 1):
        expect = " … ".join(f"`{_cell(e)}`" for e in case.expect)
        if case.notes:
            expect += " (" + "; ".join(case.notes) + ")"
        lines.append(f"| {n} | {_cell(case.bad_input)} | {STAGE_WORDS[case.stage]} | {expect} |")
    lines += ["", "Also covered by other tests:", "", "| # | Bad input | Test | The message contains |",
              "|---|---|---|---|"]
    for n, (test, what, message) in enumerate(OTHER_TESTS, len(CASES) + 1):
        lines.append(f"| {n} | {_cell(what)} | `{test.split('::')[1]}` | `{_cell(message)}` |")
    return "\n".join(lines) + "\n"


def copy_contract(project: Path) -> None:
    dest = project / "tests" / "links" / "published-urls.txt"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "tests" / "links" / "published-urls.txt", dest)


if __name__ == "__main__":
    TABLE.write_text(table(), encoding="utf-8")
    print(f"Wrote {TABLE.relative_to(ROOT)} ({len(CASES) + len(OTHER_TESTS)} cases)", file=sys.stderr)
