"""Every case in bad_input.py gets one message naming the file, the place and the fix,
never a traceback, and never a site built from it (issue 14)."""
from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

import bad_input
from bad_input import CASES, OTHER_TESTS, copy_contract
from support import BUILD_ENV, ROOT, build, copy_project, data_error


def _expected(case, project) -> list[str]:
    code = bad_input._code_of_28th(project) if case.id == "entry-by-position" else ""
    return [e.replace("{code}", code) for e in case.expect]


@pytest.mark.parametrize("case", [c for c in CASES if c.stage == "load"], ids=lambda c: c.id)
def test_bad_input_stops_the_load_with_one_message(case, tmp_path):
    project = copy_project(tmp_path / "project")
    case.breaks(project)
    message = data_error(project)
    for part in _expected(case, project):
        assert part in message, f"{case.id}: expected {part!r} in:\n{message}"
    assert "\n" not in message, f"{case.id}: one message, not several:\n{message}"
    assert "Traceback" not in message


@pytest.mark.parametrize("case", [c for c in CASES if c.stage == "build"], ids=lambda c: c.id)
def test_bad_input_stops_the_build_with_one_message(case, tmp_path):
    project = copy_project(tmp_path / "project")
    if case.needs_contract:
        copy_contract(project)
    case.breaks(project)
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case.id}: the build passed"
    for part in _expected(case, project):
        assert part in output, f"{case.id}: expected {part!r} in:\n{output[-3000:]}"
    assert "Traceback" not in output
    stopped = [line for line in output.splitlines() if "stopped" in line.lower() or "Error" in line]
    assert stopped, output[-2000:]


@pytest.mark.parametrize("case", [c for c in CASES if c.stage == "accepted"], ids=lambda c: c.id)
def test_accepted_input_is_published_escaped(case, tmp_path):
    project = copy_project(tmp_path / "project")
    case.breaks(project)
    result = build(tmp_path / "out", project=project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out" / "causes" / "index.html").read_text(encoding="utf-8")
    for part in case.expect:
        assert part in html, f"{case.id}: expected {part!r} in the page's head"
    assert 'onfocus="' not in html and "autofocus=" not in html.replace("autofocus=&#34;", "")


def test_the_handbook_table_lists_every_case():
    assert bad_input.TABLE.read_text(encoding="utf-8") == bad_input.table(), \
        "tests/data_layer/BAD_INPUT.md is out of date; run: .venv/bin/python tests/data_layer/bad_input.py"
    assert len(CASES) + len(OTHER_TESTS) >= 18 + 20
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("test", [t for t, _, _ in OTHER_TESTS], ids=lambda t: t.split("::")[1])
def test_every_other_case_in_the_table_has_its_test(test):
    path, name = test.split("::")
    assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), f"{test} is in the table but not a test"


def test_the_hint_for_heading_ids_can_be_followed():
    # It said '## Heading {{ #stable-id }}', a doubled brace that breaks the build when copied.
    text = (ROOT / "tests" / "content" / "test_pages.py").read_text(encoding="utf-8")
    assert "{{ #stable-id }}" not in text and "'## Heading { #stable-id }'" in text


# --- site/ is replaced only by a build that passed ---------------------------------------------

def _fingerprint(site):
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _make_build(project, site):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), str(site), "--project", str(project)],
                          cwd=project, env=BUILD_ENV, capture_output=True, text=True)


def test_a_failed_build_leaves_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = project / "site"
    first = _make_build(project, site)
    assert first.returncode == 0, first.stdout + first.stderr
    good = _fingerprint(site)
    assert "index.html" in good and "go/home/index.html" in good
    page = project / "docs" / "symptoms.md"
    page_text = page.read_text(encoding="utf-8")
    # A page error (found while pages render) and a data error (found before): the same outcome.
    for label, breaks in [
        ("page", lambda: page.write_text(page_text + "\n{{ 2 * 3 }}\n", encoding="utf-8")),
        ("data", lambda: (project / "data" / "sources.yml").write_text(
            (project / "data" / "sources.yml").read_text(encoding="utf-8").replace("year: 2023", "year: soon", 1),
            encoding="utf-8")),
    ]:
        breaks()
        result = _make_build(project, site)
        output = result.stdout + result.stderr
        assert result.returncode != 0, f"{label} error: the build passed"
        assert "site/ is unchanged (the last good build)" in output and "Traceback" not in output
        assert _fingerprint(site) == good, f"a {label} error changed site/"
        assert not [p for p in project.iterdir() if p.name.startswith(".site-new-")], "a half-built folder was left"
        page.write_text(page_text, encoding="utf-8")


# --- What a page may write between braces ------------------------------------------------------

def _page_info(markdown: str):
    from macros.pages import PageInfo, PageMeta
    meta = PageMeta.model_construct(title="T")
    return PageInfo(src="example.md", url="example/", meta=meta, markdown=markdown, first_line=8)


def _check(markdown: str):
    from jinja2 import Environment

    from macros.pages import check_template_syntax
    check_template_syntax(_page_info(markdown), {"cite", "emergency_call", "checklist"}, {"emergency", "crisis"},
                          Environment())


@pytest.mark.parametrize("markdown", [
    'Text {{ cite("a", "b") }} and {{ checklist(id="x") }}.',
    '{{ emergency_call("Call " ~ emergency.number ~ " now") }}',
    "Go to an {{ emergency.words.urgent_care }} today.",
    "Literal braces: {% raw %}{{ 2 * 3 }} and {% if %}{% endraw %}.",
    "{{- cite('a') -}}",
])
def test_macro_calls_with_plain_values_and_settings_are_allowed(markdown):
    _check(markdown)


@pytest.mark.parametrize("markdown, message", [
    ("line one\n{{ 2 * 3 }}", 'docs/example.md, line 9: "{{ 2 * 3 }}" is not a call'),
    ("{{ emergency }}", "is not a call"),
    ("{{ config.site_name }}", "is not a call"),
    ('{{ cite(page.title) }}', "give cite() plain values only"),
    ('{{ cite(*ids) }}', "give cite() plain values only"),
    ("{{ emergency.number.__class__ }}", "is not a call"),
    ("{{ range(3) }}", "range is not one of the site's macros"),
    ("{% set x = 1 %}", "may not use {% ... %} template statements"),
    ("{{ cite('a') | upper }}", "is not a call"),
])
def test_anything_else_between_braces_is_refused(markdown, message):
    from macros.errors import DataError
    with pytest.raises(DataError) as caught:
        _check(markdown)
    assert message in caught.value.message


@pytest.mark.parametrize("markdown", [
    "The site works without JavaScript: every page reads the same.",
    "Turn it on = off.",
    "Write `<script>` in code, or a fence:\n\n```html\n<script>alert(1)</script>\n```",
    "## A heading { #a-heading }",
    "## A heading { #a-heading .print-only }",
])
def test_ordinary_markdown_passes_the_page_checks(markdown):
    from macros.pages import check_markdown
    check_markdown("docs/example.md", markdown, first_line=1)
