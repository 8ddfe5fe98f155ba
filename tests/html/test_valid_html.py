"""Every built page is valid HTML: the Nu HTML Checker (vnu, the W3C validator) finds 0 errors.

vnu is the pinned vnu-jar of tools/package-lock.json, run with Java; `make test` installs both
(`make vnu`, scripts/install_vnu.sh). Every error counts, whatever its kind. The only errors let
through are in ALLOWED below: each one names the exact rule, the exact element, and why the
markup stays as it is. Warnings ("info" messages) are not errors and are not reported.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import ROOT

VNU_JAR = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Allowed:
    rule: str        # regex on vnu's message
    element: str     # regex on the markup vnu quotes (its "extract")
    reason: str


ALLOWED = [
    Allowed(
        rule=r"^Attribute “autocomplete” is only allowed when the input type is",
        element=r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">',
        reason="Material's base.html puts autocomplete=\"off\" on its two hidden checkboxes that open the "
               "menu drawer and the search: without it Firefox restores their state, so after Back or a "
               "reload the menu or search would be open over the page. They sit outside every template "
               "block and the theme's CSS needs them as siblings of the page (so no <form> can wrap them), "
               "so changing them means forking the whole base template. Two elements per page, no other."),
]


def vnu_messages(site: Path) -> list[dict]:
    if not VNU_JAR.exists() or shutil.which("java") is None:
        pytest.fail("The Nu HTML Checker is not installed: run `make vnu` (make test does it)", pytrace=False)
    r = subprocess.run(["java", "-Xss1024k", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                        "--skip-non-html", str(site)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(r.stderr)["messages"]
    except ValueError:
        pytest.fail(f"vnu gave no report (exit {r.returncode}):\n{r.stderr[-2000:]}", pytrace=False)


def allowed(message: dict) -> Allowed | None:
    for a in ALLOWED:
        if re.search(a.rule, message.get("message", "")) and re.search(a.element, message.get("extract", "")):
            return a
    return None


@pytest.fixture(scope="module")
def messages(site_dir):
    return vnu_messages(site_dir)


def describe(m: dict, site: Path) -> str:
    url = m.get("url", "").replace("file:" + str(site), "")
    return f"{url}:{m.get('lastLine', '?')}: {m.get('message')}\n    {' '.join(m.get('extract', '').split())}"


def test_every_built_page_is_valid_html(messages, site_dir):
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error") and not allowed(m)]
    assert not errors, f"{len(errors)} HTML errors (Nu HTML Checker):\n" + "\n".join(describe(m, site_dir) for m in errors[:40])


def test_every_page_was_checked(site_dir):
    # vnu reports nothing for a file it skipped; make sure the pages are HTML it reads.
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 20 and all(p.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html") for p in pages)


def test_the_checker_finds_an_error(tmp_path):
    """The check can fail: a page with Material's old tabindex="" and a role inside a plain table."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                   '<input type="checkbox" id="a"><label for="a" tabindex="">A</label>'
                   '<table><tr role="row"><td>1</td></tr></table></body></html>', encoding="utf-8")
    found = [m["message"] for m in vnu_messages(tmp_path)]
    assert any("tabindex" in m for m in found) and any("“role” attribute" in m for m in found), found


def test_each_allowed_error_is_still_needed(messages):
    """An exception that no longer matches anything must be removed, not kept 'just in case'."""
    for a in ALLOWED:
        assert any(allowed(m) is a for m in messages), f"nothing matches the allowed rule {a.rule!r}: remove it"
