"""The shipped stylesheets and scripts are smaller but mean the same."""
from __future__ import annotations

import pytest

from scripts.minify_assets import minify_css, minify_js


def test_css_loses_comments_and_spaces_but_keeps_those_with_meaning():
    css = "/* why */\n.a ,\n.b {\n  color : red ;\n}\n.a :focus { outline: 2px solid }\n"
    small = minify_css(css)
    assert "why" not in small and "\n  " not in small
    # ".a :focus" (any focused element inside .a) is not ".a:focus".
    assert ".a :focus{" in small
    assert "calc(100% - 2rem)" in minify_css(".x { width: calc(100% - 2rem) }")


def test_js_loses_comments_but_keeps_statements_apart():
    js = "// why\nvar a = 1\nvar b = a\n/* more */\nif (a) { b = 2 }\n"
    small = minify_js(js)
    assert "why" not in small and "more" not in small
    # Without semicolons, the line break is what ends a statement: it must stay.
    assert "var a=1\nvar b=a" in small


@pytest.mark.parametrize("path", ["css/site.css", "css/checklist.css", "js/checklist.js", "js/decision-tree.js"])
def test_built_assets_are_minified(site_dir, project_root, path):
    source = (project_root / "docs" / "assets" / path).read_text()
    built = (site_dir / "assets" / path).read_text()
    assert "/*" in source or "//" in source, "the source has comments for editors"
    assert "/*" not in built
    assert len(built) < 0.9 * len(source)
