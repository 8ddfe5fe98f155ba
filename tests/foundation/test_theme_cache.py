"""scripts/theme_cache.py: the theme's templates are compiled once and kept, and an edited
override is never served from the cache (an editor would see their change ignored)."""
from __future__ import annotations

import mkdocs.theme

from scripts import theme_cache


def test_compiled_theme_templates_are_kept_and_an_edited_override_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs.theme.Theme, "get_env", mkdocs.theme.Theme.get_env)  # undone after the test
    cache = tmp_path / "cache"
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "fsg-probe.html").write_text("first {{ 1 + 1 }}", encoding="utf-8")
    assert theme_cache.install(cache)
    assert theme_cache.install(cache)  # twice is once: no cache wrapped in a cache

    def render() -> str:
        env = mkdocs.theme.Theme(name="material", custom_dir=str(overrides)).get_env()
        assert env.bytecode_cache is not None
        return env.get_template("fsg-probe.html").render()

    assert render() == "first 2"
    kept = sorted(p.name for p in cache.iterdir())
    assert len(kept) == 1, "the compiled template should be kept on disk"
    assert render() == "first 2"
    assert sorted(p.name for p in cache.iterdir()) == kept, "the second build should reuse it"
    (overrides / "fsg-probe.html").write_text("second {{ 2 + 2 }}", encoding="utf-8")
    assert render() == "second 4", "an edited override must be compiled again, not read from the cache"


def test_without_a_cache_folder_mkdocs_is_left_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs.theme.Theme, "get_env", mkdocs.theme.Theme.get_env)
    original = mkdocs.theme.Theme.get_env
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert not theme_cache.install(blocked / "cache")
    assert mkdocs.theme.Theme.get_env is original
