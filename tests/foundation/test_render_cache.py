"""scripts/render_cache.py: each page's HTML and search entries are kept between builds, and
read back only while everything they come from is the same. An editor must never see an old
page, and `--strict` must stop on a broken link on every build, not only the first."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import BUILD_ENV, ROOT

# MkDocs as scripts/build.py runs it: the render cache installed, then the real command line.
_RUN = ("import sys; sys.path.insert(0, {root!r}); from scripts import render_cache; render_cache.install(); "
        "from mkdocs.__main__ import cli; cli.main(args=sys.argv[1:], prog_name='mkdocs')")


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Probe\ntheme:\n  name: material\nplugins:\n  - search\n"
        "validation:\n  anchors: warn\n"  # as the guide's mkdocs.yml
        "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Home\n\nSee [the signs](signs.md#stroke).\n", encoding="utf-8")
    (project / "docs" / "signs.md").write_text("# Signs\n\n## Stroke signs { #stroke }\n\nCall now.\n", encoding="utf-8")
    return project


def _build(project: Path, cache: Path, out: str = "site") -> subprocess.CompletedProcess:
    env = {**BUILD_ENV, "FSG_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-c", _RUN.format(root=str(ROOT)), "build", "--strict", "-d", out],
                          cwd=project, env=env, capture_output=True, text=True)


def _kept(cache: Path, name: str) -> list[str]:
    folder = cache / name
    return sorted(p.name for p in folder.glob("*.pickle")) if folder.is_dir() else []


def _page(project: Path, path: str, out: str = "site") -> str:
    return (project / out / path).read_text(encoding="utf-8")


def test_a_page_is_rendered_once_kept_and_an_edited_page_rendered_again(tmp_path):
    project, cache = _project(tmp_path), tmp_path / "cache"
    first = _build(project, cache)
    assert first.returncode == 0, first.stderr
    kept = _kept(cache, "markdown")
    assert len(kept) == 2 and len(_kept(cache, "search")) == 2, "each page's HTML and search entries are kept"
    before = {p: _page(project, p) for p in ("index.html", "signs/index.html", "search/search_index.json")}
    again = _build(project, cache, "site2")
    assert again.returncode == 0, again.stderr
    assert _kept(cache, "markdown") == kept, "the second build reads the pages back instead of rendering them"
    for path, text in before.items():
        assert _page(project, path, "site2") == text, f"{path} differs when read back from the cache"
    (project / "docs" / "signs.md").write_text("# Signs\n\n## Stroke signs { #stroke }\n\nCall 911 now.\n",
                                               encoding="utf-8")
    edited = _build(project, cache, "site3")
    assert edited.returncode == 0, edited.stderr
    assert "Call 911 now." in _page(project, "signs/index.html", "site3"), "an edited page must not come from the cache"
    assert "Call 911 now." in _page(project, "search/search_index.json", "site3"), "nor its search entries"


def test_a_broken_link_stops_every_strict_build_and_a_removed_target_is_noticed(tmp_path):
    project, cache = _project(tmp_path), tmp_path / "cache"
    assert _build(project, cache).returncode == 0
    # The linked page goes: the home page's Markdown is unchanged, but its link is now broken.
    (project / "docs" / "signs.md").unlink()
    for attempt in ("site2", "site3"):
        result = _build(project, cache, attempt)
        assert result.returncode != 0, f"{attempt}: a strict build must stop on the broken link every time"
        assert "signs.md" in result.stderr
    # A missing anchor is found after the pages render, from what the cache kept of each page.
    (project / "docs" / "signs.md").write_text("# Signs\n\n## Other { #other }\n", encoding="utf-8")
    for attempt in ("site4", "site5"):
        result = _build(project, cache, attempt)
        assert result.returncode != 0 and "#stroke" in result.stderr, f"{attempt}: the missing anchor must be reported"


def test_a_moved_page_gets_links_that_point_to_where_it_is_now(tmp_path):
    project, cache = _project(tmp_path), tmp_path / "cache"
    assert _build(project, cache).returncode == 0
    assert 'href="signs/#stroke"' in _page(project, "index.html")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    assert _build(project, cache, "site2").returncode == 0
    assert 'href="signs.html#stroke"' in _page(project, "index.html", "site2"), \
        "the links are made relative to where the files are, which is part of the key"


def test_a_page_with_its_own_snippet_is_never_kept(tmp_path):
    project, cache = _project(tmp_path), tmp_path / "cache"
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - pymdownx.snippets:\n      base_path: [docs]\n",
                      encoding="utf-8")
    (project / "docs" / "part.txt").write_text("First words.\n", encoding="utf-8")
    (project / "docs" / "with-part.md").write_text('# Part\n\n--8<-- "part.txt"\n', encoding="utf-8")
    assert _build(project, cache).returncode == 0
    (project / "docs" / "part.txt").write_text("Second words.\n", encoding="utf-8")
    assert _build(project, cache, "site2").returncode == 0
    assert "Second words." in _page(project, "with-part/index.html", "site2")


def _checksums(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_make_build_from_its_caches_is_byte_for_byte_the_site_built_without_them(site_dir, tmp_path):
    """The real site: `make build` with empty caches, then again from what the first kept, each
    equals the session's build (plain `mkdocs build` and the post-build steps, no render cache)."""
    env = {**BUILD_ENV, "FSG_CACHE_DIR": str(tmp_path / "cache")}
    expected = _checksums(site_dir)
    for run in ("empty-caches", "warm-caches"):
        out = tmp_path / run
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), str(out)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        got = _checksums(out)
        differ = sorted(p for p in set(expected) | set(got) if expected.get(p) != got.get(p))
        assert not differ, f"{run}: these files differ from the build without caches: {differ[:10]}"
    # The QR codes and the short-link pages are written as they are published, as links to the
    # store (scripts/file_store.py): no later step rewrote one (it would have its own file then).
    placed = [*out.glob("qr/*.svg"), *out.glob("go/*/index.html")]
    assert len(placed) > 100 and all(p.stat().st_nlink > 1 for p in placed), \
        [p.relative_to(out).as_posix() for p in placed if p.stat().st_nlink == 1][:5]
    assert len(_kept(tmp_path / "cache", "markdown")) >= 20
