"""scripts/theme_cache.py: the theme's templates are compiled once and kept, and an edited
override is never served from the cache (an editor would see their change ignored)."""
from __future__ import annotations

import os
import time

import mkdocs.theme
import pytest

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


# --- the pages' templates (mkdocs-macros' from_string) --------------------------------------

def _env(**settings):
    from jinja2 import Environment
    return Environment(**settings)


def test_a_page_template_is_compiled_once_and_an_edited_page_again(tmp_path):
    folder = tmp_path / "pages"
    first = _env()
    theme_cache.cache_page_templates(first, folder)
    assert first.from_string("Call {{ 1 + 1 }} now").render() == "Call 2 now"
    kept = sorted(folder.iterdir())
    assert len(kept) == 1
    second = _env()  # the next build: a new environment, the same settings
    theme_cache.cache_page_templates(second, folder)
    calls = []
    import jinja2
    real = jinja2.Environment._compile
    second._compile = lambda source, filename: calls.append(filename) or real(second, source, filename)
    assert second.from_string("Call {{ 1 + 1 }} now").render() == "Call 2 now"
    assert calls == [] and sorted(folder.iterdir()) == kept, "the same text should be read back, not compiled"
    assert second.from_string("Call {{ 2 + 2 }} now").render() == "Call 4 now", "an edited page is compiled again"
    assert len(list(folder.iterdir())) == 2


def test_what_a_page_compiles_to_depends_on_the_settings_and_filters(tmp_path):
    folder = tmp_path / "pages"
    text = "<< 1 + 1 >> {{ 'x' }}"
    plain, other = _env(), _env(variable_start_string="<<", variable_end_string=">>")
    for env in (plain, other):
        theme_cache.cache_page_templates(env, folder)
    assert plain.from_string(text).render() == "<< 1 + 1 >> x"
    assert other.from_string(text).render() == "2 {{ 'x' }}", "other delimiters must not reuse the first build's code"
    shouting = _env()
    shouting.filters["shout"] = lambda s: s.upper()
    theme_cache.cache_page_templates(shouting, folder)
    assert shouting.from_string("{{ 'a' | shout }}").render() == "A"
    without = _env()
    theme_cache.cache_page_templates(without, folder)
    import jinja2
    with pytest.raises(jinja2.TemplateError):  # no such filter here: Jinja's own error, not the other build's code
        without.from_string("{{ 'a' | shout }}").render()


def test_a_page_with_a_syntax_error_is_never_kept(tmp_path):
    import jinja2
    folder = tmp_path / "pages"
    env = _env()
    theme_cache.cache_page_templates(env, folder)
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.from_string("{{ unclosed ")
    assert not folder.exists() or not list(folder.iterdir())


def test_install_pages_wraps_the_macros_plugin_once(monkeypatch):
    from mkdocs_macros.plugin import MacrosPlugin
    monkeypatch.setattr(MacrosPlugin, "on_config", MacrosPlugin.on_config)  # undone after the test
    assert theme_cache.install_pages()
    wrapped = MacrosPlugin.on_config
    assert theme_cache.install_pages()
    assert MacrosPlugin.on_config is wrapped, "twice is once: no cache wrapped in a cache"


def test_the_theme_file_list_is_kept_and_follows_every_added_or_removed_file(tmp_path):
    """MkDocs copies the theme's CSS and scripts from this list: a file added to overrides/ (or to
    a folder inside it) must be published, and a removed one must not be."""
    root = tmp_path / "theme"
    (root / "assets" / "css").mkdir(parents=True)
    (root / "main.html").write_text("x", encoding="utf-8")
    (root / "assets" / "css" / "a.css").write_text("a", encoding="utf-8")
    cache = tmp_path / "cache"

    def listed():
        return sorted(theme_cache.folder_files(str(root), cache))

    assert listed() == ["assets/css/a.css", "main.html"]
    assert not cache.exists(), "folders changed in the last seconds are not trusted to show the next change"
    for folder in (root, root / "assets", root / "assets" / "css"):
        os.utime(folder, ns=(time.time_ns() - 60 * 10**9,) * 2)  # as a theme installed a minute ago
    assert listed() == ["assets/css/a.css", "main.html"]
    assert listed() == ["assets/css/a.css", "main.html"]  # read back from the cache
    assert len(list(cache.iterdir())) == 1
    (root / "assets" / "css" / "b.css").write_text("b", encoding="utf-8")
    assert listed() == ["assets/css/a.css", "assets/css/b.css", "main.html"]
    (root / "assets" / "js").mkdir()
    (root / "assets" / "js" / "c.js").write_text("c", encoding="utf-8")
    assert "assets/js/c.js" in listed()
    (root / "assets" / "css" / "a.css").unlink()
    assert listed() == ["assets/css/b.css", "assets/js/c.js", "main.html"]


def test_the_theme_environment_lists_what_jinja_lists(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs.theme.Theme, "get_env", mkdocs.theme.Theme.get_env)  # undone after the test
    plain = mkdocs.theme.Theme(name="material").get_env().loader.list_templates()
    monkeypatch.setenv("FSG_CACHE_DIR", str(tmp_path / "cache"))
    assert theme_cache.install(tmp_path / "jinja")
    for _ in range(2):  # listed, then read back
        assert mkdocs.theme.Theme(name="material").get_env().loader.list_templates() == plain


def test_the_theme_files_copied_are_the_ones_mkdocs_itself_would_copy(monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from support import ROOT
    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)  # undone after the test
    config = load_config(str(ROOT / "mkdocs.yml"))
    env = config.theme.get_env()

    def theme_files():
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted((f.src_uri, f.abs_src_path, f.dest_uri) for f in files)

    expected = theme_files()
    assert len(expected) > 20 and any(uri.endswith(".css") for uri, _, _ in expected)
    assert theme_cache.install_theme_files(), "MkDocs is not the version this follows: check it, then update the pin"
    assert theme_files() == expected
