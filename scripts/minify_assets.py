"""Shrink the site's own stylesheets and scripts in the built site.

Readers on slow phone connections pay for every byte (issue 7's page-weight budget),
while editors keep readable, commented CSS and JS in docs/assets/. Only the site's own
files (assets/css/, assets/js/) are touched; Material's are already minified.
rcssmin and rjsmin are small, well-kept minifiers that keep every space and semicolon
that carries meaning (".a :focus" stays apart from ".a:focus"; no statement is joined).

Every page's HTML loses the runs of blank lines and indentation that the theme's templates
leave (`squeeze_html`): a run of white space with a line break in it becomes one line break,
which a browser shows exactly the same (both are one space, or nothing between blocks).
Only where white space is shown as it is, it stays: <pre>, <code>, <kbd> (Material shows
them with white-space: pre-wrap), <textarea>, and <script> and <style>, whose text is
hashed by the Content-Security-Policy (scripts/csp.py, which runs after this).

Usage: python scripts/minify_assets.py SITE_DIR
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import rcssmin
import rjsmin

ROOT = Path(__file__).resolve().parent.parent

def minify_css(css: str) -> str:
    return rcssmin.cssmin(css).strip() + "\n"


def minify_js(js: str) -> str:
    return rjsmin.jsmin(js).strip() + "\n"


_AS_IS = re.compile(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")


def squeeze_html(html: str) -> str:
    """The page with every run of white space that holds a line break made one line break,
    except inside the elements that show white space as it is."""
    out, last = [], 0
    for m in _AS_IS.finditer(html):
        out += [_RUN.sub("\n", html[last:m.start()]), m.group(0)]
        last = m.end()
    out.append(_RUN.sub("\n", html[last:]))
    return "".join(out)


def squeeze_pages(site: Path, pages=None) -> list[Path]:
    """Squeeze every HTML file of the built site in place; returns the files changed.
    `pages`: a scripts/file_store.Pages the other steps share (then the caller flushes it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from macros.data import Memo
    from scripts import file_store
    memo = Memo("squeezed-pages", [Path(__file__)])  # the same page squeezes the same (kept between builds)
    html = pages or file_store.Pages(site)
    changed = []
    for path in html.paths():
        text = html.read(path)
        new = memo(text, squeeze_html)
        if new != text:
            html.write(path, new)
            changed.append(path)
    memo.save()
    if pages is None:
        html.flush()
    return changed


def apply(site: Path) -> list[Path]:
    done = []
    for folder, pattern, shrink in (("assets/css", "*.css", minify_css), ("assets/js", "*.js", minify_js)):
        for path in sorted((site / folder).glob(pattern)):
            path.write_text(shrink(path.read_text(encoding="utf-8")), encoding="utf-8")
            done.append(path)
    return done


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    args = parser.parse_args(argv)
    print(f"Minified {len(apply(args.site))} of the site's own stylesheets and scripts")
    print(f"Squeezed the white space of {len(squeeze_pages(args.site))} HTML files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
