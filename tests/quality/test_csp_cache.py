"""The CSP step keeps the templates' inline-script patterns on disk between builds (issue 17):
the cached ones are exactly the ones the templates give, and a changed template is never
matched by stale ones."""
from __future__ import annotations

from scripts import csp


def sources(patterns):
    return [p.pattern for p in patterns]


def test_cached_patterns_are_the_templates_own(tmp_path, monkeypatch):
    monkeypatch.setenv("FSG_CACHE_DIR", str(tmp_path / "cache"))
    fresh = sources(csp.template_script_patterns())
    assert sources(csp.cached_template_script_patterns()) == fresh  # made, and written
    assert (tmp_path / "cache" / "csp" / "template-scripts.json").exists()
    assert sources(csp.cached_template_script_patterns()) == fresh  # read back


def test_a_changed_override_template_is_not_matched_by_stale_patterns(tmp_path, monkeypatch):
    monkeypatch.setenv("FSG_CACHE_DIR", str(tmp_path / "cache"))
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    page = overrides / "partials" / "extra.html"
    page.write_text("<script>var a = 1;</script>\n", encoding="utf-8")
    first = sources(csp.cached_template_script_patterns(overrides))
    page.write_text("<script>var b = 2;</script>\n", encoding="utf-8")
    second = sources(csp.cached_template_script_patterns(overrides))
    assert second == sources(csp.template_script_patterns(overrides)) and second != first


def test_an_unreadable_cache_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("FSG_CACHE_DIR", str(tmp_path / "cache"))
    cache = tmp_path / "cache" / "csp" / "template-scripts.json"
    cache.parent.mkdir(parents=True)
    cache.write_text("{not json", encoding="utf-8")
    assert sources(csp.cached_template_script_patterns()) == sources(csp.template_script_patterns())
