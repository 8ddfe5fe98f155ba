"""The shipped stylesheets and scripts are smaller but mean the same."""
from __future__ import annotations

import pytest

from scripts.minify_assets import minify_css, minify_js, squeeze_html


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


def test_html_loses_indentation_but_not_white_space_that_is_shown():
    html = ("<ul>\n    <li>\n      One\n    </li>\n\n\n    <li>Two <b>and</b>\n   three</li>\n</ul>\n"
            "<pre><code>a\n    b</code></pre> <code>x\n  y</code> <kbd>K\n  L</kbd>\n"
            "<textarea>\n  kept\n</textarea>\n<script>\n  var a = 1;\n</script>\n<style>\n  p {}\n</style>")
    small = squeeze_html(html)
    assert small.startswith("<ul>\n<li>\nOne\n</li>\n<li>Two <b>and</b>\nthree</li>\n</ul>\n")
    for kept in ("<pre><code>a\n    b</code></pre>", "<code>x\n  y</code>", "<kbd>K\n  L</kbd>",
                 "<textarea>\n  kept\n</textarea>", "<script>\n  var a = 1;\n</script>", "<style>\n  p {}\n</style>"):
        assert kept in small
    assert squeeze_html("<p>a b</p>") == "<p>a b</p>", "spaces without a line break stay"


def test_built_pages_have_no_indentation_left(site_dir):
    from scripts.csp import _EXISTING  # the policy, added after, with its own indentation
    for page in ("for-clinicians", "self-care"):
        html = _EXISTING.sub("", (site_dir / page / "index.html").read_text())
        assert html == squeeze_html(html), page
        assert html.count("\n      ") < 40, page  # what is left is inside <script> and <pre>


@pytest.mark.parametrize("path", ["css/site.css", "css/checklist.css", "js/checklist.js", "js/decision-tree.js"])
def test_built_assets_are_minified(site_dir, project_root, path):
    source = (project_root / "docs" / "assets" / path).read_text()
    built = (site_dir / "assets" / path).read_text()
    assert "/*" in source or "//" in source, "the source has comments for editors"
    assert "/*" not in built
    assert len(built) < 0.9 * len(source)
