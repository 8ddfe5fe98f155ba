"""bench/results.md says how each Lighthouse score was taken: a score without its serving
(gzip or not) cannot be compared with another."""
from __future__ import annotations

from scripts import bench

MACHINE = {"date": "2026-11-26 03:00 UTC", "commit": "abc1234", "cpu": "Test CPU", "cores": 2, "ram": "4 GiB",
           "os": "Linux", "python": "3.11.2", "node": "v18.20.4", "load": "0.5"}
INDEX = {"ours_gzip": 1024, "ours_raw": 4096, "plain_gzip": 1024, "plain_raw": 4096, "own_gzip": 2048, "own_page_max": 1024}


def row(served: str, site: str, performance: int) -> dict:
    return {"page": "Home", "path": "/", "site": site, "served": served, "performance": performance,
            "accessibility": 100, "best-practices": 100, "seo": 100, "fcp": 1234, "lcp": 1567, "tbt": 40, "cls": 0.012}


def lighthouse_section(rows: list[dict]) -> str:
    text = bench.report(MACHINE, [], [], {"note": "skipped"}, [], INDEX, rows, "12.8.2", 5, 3)
    return text[text.index("## Lighthouse"):]


def test_each_score_names_its_serving_and_metrics():
    section = lighthouse_section([row("gzip", "this site", 99), row("uncompressed", "plain Material", 93)])
    assert "| Home (/) | gzip | this site | 99 | 100 | 100 | 100 | 1.2 s | 1.6 s | 40 ms | 0.01 |" in section
    assert "| Home (/) | uncompressed | plain Material | 93 |" in section
    assert "then uncompressed" in section and "Lighthouse 12.8.2" in section


def test_a_gzip_only_run_says_so():
    section = lighthouse_section([row("gzip", "this site", 99)])
    assert "then uncompressed" not in section and "--gzip-only" in section


def test_a_skipped_lighthouse_is_said_not_hidden():
    section = lighthouse_section([{"note": "skipped: Lighthouse (`make lighthouse`) or Chromium not available"}])
    assert "skipped" in section and "| Page |" not in section
