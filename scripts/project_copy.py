"""Copy the site's sources (not the build, not the venv) into another folder.

Tests break a copy on purpose to see the build stop; the benchmark grows a copy
into a synthetic site ten times larger. Both must copy the same parts.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros", "overrides",
                 "tests/decision_tree/vignettes.yml")  # the test stories, played by the build (macros/tree_tests.py)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (dest / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / part)
    return dest
