"""The shipped stylesheets are smaller but mean the same."""
from __future__ import annotations

from scripts.minify_css import minify


def test_comments_and_spaces_go():
    css = "/* why */\n.a ,\n.b {\n  color : red ;\n  margin: 0 auto;\n}\n"
    assert minify(css) == ".a,.b{color : red;margin: 0 auto}\n"


def test_spaces_that_carry_meaning_stay():
    # ".a :focus" (any focused element inside .a) is not ".a:focus".
    assert minify(".a :focus { outline: 2px solid }") == ".a :focus{outline: 2px solid}\n"
    assert minify("@media (max-width: 40em) { .x > .y { width: calc(100% - 2rem) } }") == \
        "@media (max-width: 40em){.x > .y{width: calc(100% - 2rem)}}\n"


def test_built_stylesheets_are_minified(site_dir, project_root):
    source = (project_root / "docs" / "assets" / "css" / "site.css").read_text()
    built = (site_dir / "assets" / "css" / "site.css").read_text()
    assert "/*" in source and "/*" not in built
    assert len(built) < len(source)
