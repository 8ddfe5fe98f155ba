"""Zensical (alpha) against MkDocs, page by page: the same pages, the same main content.

Both sites come from the same sources: MkDocs is the session's strict build (tests/conftest.py,
as `make build` does it), Zensical is built with `make zensical` (its own venv from zensical/requirements.lock, into site-zensical/).
A page's main content is the visible text of its <article> (scripts/zensical_compare.py).

zensical/baseline.json lists the pages that exist in both and those that match. A baseline
page that disappears, or that stops matching, fails; a page that newly matches is reported
so the baseline can be raised (python scripts/zensical_compare.py --write-baseline).
zensical/DIFFERENCES.md explains every page that does not match.

Marked `zensical`: `make test` leaves these out (pyproject addopts) while Zensical is alpha;
`make zensical-test` runs them. They skip only when the Zensical venv cannot be built.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import warnings

import pytest

from scripts.zensical_compare import BASELINE, compare
from support import BUILD_ENV, ROOT

pytestmark = pytest.mark.zensical

DIFFERENCES = ROOT / "zensical" / "DIFFERENCES.md"


def _make(target: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, env=BUILD_ENV,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def zensical_site():
    if shutil.which("make") is None:
        pytest.skip("the Zensical venv cannot be built here: no `make`")
    venv = _make("zensical-venv")
    if venv.returncode != 0:
        tail = "\n".join((venv.stdout + venv.stderr).strip().splitlines()[-5:])
        pytest.skip(f"the Zensical venv could not be built (make zensical-venv):\n{tail}")
    result = _make("zensical")
    if result.returncode != 0:
        pytest.fail(f"make zensical failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}", pytrace=False)
    site = ROOT / "site-zensical"
    assert (site / "index.html").is_file(), "make zensical passed but wrote no site-zensical/index.html"
    return site


@pytest.fixture(scope="module")
def results(site_dir, zensical_site):
    # The MkDocs side is the session's strict build (tests/conftest.py).
    return {r.page: r for r in compare(site_dir, zensical_site)}


@pytest.fixture(scope="module")
def baseline():
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def test_no_baseline_page_disappears(results, baseline):
    gone = [f"{page}: {results[page].status if page in results else 'in neither build'}"
            for page in baseline["pages"] if page not in results or results[page].status.startswith("missing")]
    assert not gone, "pages of zensical/baseline.json missing from a build:\n  " + "\n  ".join(gone)


def test_baseline_pages_still_match(results, baseline):
    broken = [f"{page}: {results[page].status} {results[page].detail}"
              for page in baseline["matching"] if page in results and results[page].status != "match"]
    newly = sorted(page for page, r in results.items() if r.status == "match" and page not in baseline["matching"])
    if newly:
        message = ("pages that now match under Zensical but are not in zensical/baseline.json (raise it: "
                   "python scripts/zensical_compare.py --write-baseline): " + ", ".join(newly))
        print(message)
        warnings.warn(message)
    assert not broken, "pages that matched and no longer do (Zensical vs MkDocs):\n  " + "\n  ".join(broken)


def test_every_page_that_differs_is_explained(results, baseline):
    """A page left out of the baseline, or found in one build only, is named in DIFFERENCES.md."""
    explained = DIFFERENCES.read_text(encoding="utf-8")
    unexplained = [f"{page} ({r.status})" for page, r in results.items()
                   if r.status != "match" and f"`{page}`" not in explained]
    assert not unexplained, "zensical/DIFFERENCES.md does not explain:\n  " + "\n  ".join(unexplained)
