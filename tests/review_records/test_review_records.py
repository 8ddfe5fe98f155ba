"""Review records: a reviewed page names who checked it; review dates warn, and fail only the weekly check.

An editor records a clinician's review in the page's front matter; a reader sees
it beside the review dates. A review falling due shows up as a warning after
every build, and the weekly workflow fails once a page is overdue. The everyday
build never fails because of a date alone.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from support import BUILD_ENV, ROOT, build, copy_project, data_error, load_project

REVIEWER = """review_status: clinically-reviewed
reviewer:
  name: Dr Ana Ruiz
  role: Consultant neurologist
  registration: GMC 7654321
  scope: The sections on nerve causes
"""


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def set_front_matter(project, page: str, old: str, new: str):
    path = project / "docs" / page
    text = path.read_text()
    assert old in text, f"{page} has no {old!r}"
    path.write_text(text.replace(old, new, 1))


def set_next_review(project, page: str, when: dt.date):
    path = project / "docs" / page
    text = re.sub(r"^reviewed: .*$", f"reviewed: {when - dt.timedelta(days=365)}", path.read_text(), count=1, flags=re.M)
    path.write_text(re.sub(r"^next_review: .*$", f"next_review: {when}", text, count=1, flags=re.M))


def review_footer(site, url: str) -> str:
    soup = BeautifulSoup((site / url / "index.html").read_text(), "html.parser")
    return " ".join(soup.select_one("footer.fsg-review").get_text().split())


def test_a_reviewed_page_names_its_reviewer_beside_the_dates(project, tmp_path):
    set_front_matter(project, "causes.md", "review_status: draft\n", REVIEWER)
    out = tmp_path / "site"
    result = build(out, project=project)
    assert result.returncode == 0, result.stdout + result.stderr
    text = review_footer(out, "causes/")
    assert re.search(r"Last reviewed: \w+ \d+, \d{4}\. Next review due: \w+ \d+, \d{4}\. "
                     r"Checked by Dr Ana Ruiz, Consultant neurologist \(GMC 7654321\)\. "
                     r"What was checked: The sections on nerve causes\.", text), text
    page = (out / "causes" / "index.html").read_text()
    assert "has not yet been checked by a clinician" not in page
    # Other pages are still drafts and still say so, at the top and beside the dates.
    assert "This page has not yet been checked by a clinician" in (out / "symptoms" / "index.html").read_text()
    assert "Not yet checked by a clinician." in review_footer(out, "symptoms/")


def test_registration_and_scope_are_optional(project):
    set_front_matter(project, "causes.md", "review_status: draft\n",
                     "review_status: clinically-reviewed\nreviewer:\n  name: Sam Lee\n  role: Nurse specialist\n")
    meta = load_project(project).pages["causes/"].meta
    assert meta.reviewer.name == "Sam Lee" and meta.reviewer.registration is None and meta.reviewer.scope is None


def test_a_reviewer_without_a_role_stops_the_build_naming_the_field(project):
    set_front_matter(project, "causes.md", "review_status: draft\n",
                     "review_status: clinically-reviewed\nreviewer:\n  name: Sam Lee\n")
    msg = data_error(project)
    assert "docs/causes.md (front matter)" in msg and 'field "role"' in msg, msg


def test_a_reviewer_written_as_one_line_is_refused(project):
    set_front_matter(project, "causes.md", "review_status: draft\n",
                     "review_status: clinically-reviewed\nreviewer: Dr Ana Ruiz, neurologist\n")
    msg = data_error(project)
    assert "docs/causes.md (front matter)" in msg and "reviewer" in msg, msg


def test_a_misspelt_reviewer_field_is_refused(project):
    set_front_matter(project, "causes.md", "review_status: draft\n",
                     REVIEWER.replace("registration:", "registeration:"))
    msg = data_error(project)
    assert "registeration" in msg, msg


def test_a_draft_page_cannot_name_a_reviewer(project):
    set_front_matter(project, "causes.md", "review_status: draft\n",
                     REVIEWER.replace("clinically-reviewed", "draft"))
    assert "a draft page has no reviewer yet" in data_error(project)


# --- Due dates ---------------------------------------------------------------------

def reviews(project, *args):
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "reviews.py"), "--project", str(project), *args],
                          capture_output=True, text=True, env=BUILD_ENV)


def test_due_within_30_days_warns_and_31_days_does_not(project):
    today = dt.date(2027, 3, 1)
    set_next_review(project, "causes.md", today + dt.timedelta(days=30))
    set_next_review(project, "types.md", today + dt.timedelta(days=31))
    result = reviews(project, "--today", today.isoformat())
    assert result.returncode == 0
    assert "docs/causes.md: the review of this page falls due on 2027-03-31, in 30 days" in result.stderr
    assert "docs/types.md" not in result.stderr


def test_an_overdue_page_warns_but_passes_unless_the_weekly_flag_is_given(project):
    today = dt.date(2027, 3, 1)
    set_next_review(project, "causes.md", today - dt.timedelta(days=1))
    everyday = reviews(project, "--today", today.isoformat())
    assert everyday.returncode == 0
    assert "docs/causes.md: the review of this page was due on 2027-02-28" in everyday.stderr
    weekly = reviews(project, "--today", today.isoformat(), "--fail-overdue")
    assert weekly.returncode == 1
    assert "1 page is overdue for review" in weekly.stderr


def test_the_weekly_flag_passes_when_nothing_is_overdue(project):
    today = dt.date(2027, 3, 1)
    set_next_review(project, "causes.md", today + dt.timedelta(days=3))  # due soon: a warning, not a failure
    result = reviews(project, "--today", today.isoformat(), "--fail-overdue")
    assert result.returncode == 0 and "in 3 days" in result.stderr


def test_an_overdue_review_does_not_fail_the_strict_build(project, tmp_path):
    set_next_review(project, "causes.md", dt.date.today() - dt.timedelta(days=1))
    result = build(tmp_path / "out", project=project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out" / "causes" / "index.html").exists()


def test_make_build_and_the_weekly_workflow_run_the_review_check():
    # `make build` runs scripts/build.py, which has the post-build step end with reviews.py's check
    # (postbuild --reviews, in its own process), never with --fail-overdue.
    makefile = (ROOT / "Makefile").read_text()
    build_recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/build.py" in build_recipe and "--fail-overdue" not in build_recipe
    assert '"--reviews"' in (ROOT / "scripts" / "build.py").read_text()
    postbuild = (ROOT / "scripts" / "postbuild.py").read_text()
    assert "reviews.report(" in postbuild and "fail_overdue" not in postbuild
    assert "scripts/reviews.py --fail-overdue" in (ROOT / ".github" / "workflows" / "links.yml").read_text()
