"""Shrink the site's own stylesheets and scripts in the built site.

Readers on slow phone connections pay for every byte (issue 7's page-weight budget),
while editors keep readable, commented CSS and JS in docs/assets/. Only the site's own
files (assets/css/, assets/js/) are touched; Material's are already minified.
rcssmin and rjsmin are small, well-kept minifiers that keep every space and semicolon
that carries meaning (".a :focus" stays apart from ".a:focus"; no statement is joined).

Usage: python scripts/minify_assets.py SITE_DIR
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import rcssmin
import rjsmin

def minify_css(css: str) -> str:
    return rcssmin.cssmin(css).strip() + "\n"


def minify_js(js: str) -> str:
    return rjsmin.jsmin(js).strip() + "\n"


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
