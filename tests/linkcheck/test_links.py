"""Every link and anchor on the built site works (linkchecker over HTTP, AnchorCheck on)."""
from __future__ import annotations

import shutil

from scripts.linkcheck import run


def test_linkchecker_finds_no_errors_or_warnings(site_dir):
    result = run(site_dir)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 warnings found. 0 errors found." in report


def test_linkchecker_catches_a_broken_anchor(site_dir, tmp_path):
    # Proves the check can fail: the same site with one link to a missing anchor.
    broken = tmp_path / "site"
    shutil.copytree(site_dir, broken)
    page = broken / "symptoms" / "index.html"
    html = page.read_text()
    page.write_text(html.replace("</article>", '<a href="../when-to-get-help/#no-such-anchor">x</a></article>', 1))
    result = run(broken)
    assert result.returncode != 0
    assert "no-such-anchor" in result.stdout
