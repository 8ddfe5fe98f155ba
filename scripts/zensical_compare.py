"""Page by page, the MkDocs site against the Zensical one: which pages each has, and whether
each page's main content reads the same.

"Main content" is the visible text of the page's <article> element (Material's and
Zensical's md-content), script and style left out, whitespace collapsed: what a reader
reads, not how the HTML is spelt. Used by tests/zensical/ and `make zensical-test`.

Usage: python scripts/zensical_compare.py [SITE] [ZENSICAL_SITE] [--write-baseline]
(default site/ site-zensical/). Prints each page as "match", "differs" (with the first words
that differ) or "missing"; --write-baseline records the result in zensical/baseline.json, the
pages tests/zensical/ holds to (raise it when more pages match; never lower it to pass).
Build both first with `make build zensical`: a site/ left by `make handouts` or `make offline`
differs on purpose (PDF links, offline notice) and would write a wrong baseline.
"""
from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "zensical" / "baseline.json"

# Elements whose text a reader never sees as text.
_HIDDEN = {"script", "style", "template", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ArticleText(HTMLParser):
    """The text inside the first <article>, hidden elements left out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # open elements inside the article (0: not in it)
        self.hidden = 0         # open hidden elements inside it
        self.done = False
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
                self.found = True
            return
        if tag in _VOID:
            self.parts.append(" ")
            return
        self.depth += 1
        if tag in _HIDDEN or self.hidden:
            self.hidden += 1
        self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if self.depth and not self.done:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.done or self.depth == 0 or tag in _VOID:
            return
        self.depth -= 1
        if self.hidden:
            self.hidden -= 1
        self.parts.append(" ")
        if self.depth == 0:
            self.done = True

    def handle_data(self, data):
        if self.depth and not self.hidden and not self.done:
            self.parts.append(data)


def article_text(html: str) -> str | None:
    """The article's visible text, whitespace-normalised; None when the page has no article."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    if not parser.found:
        return None
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def pages(site: Path) -> dict[str, Path]:
    """The site's pages by URL path ("", "symptoms/", ...): short links and redirects left out."""
    found = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        url = "" if rel == "." else rel + "/"
        if url.startswith("go/"):
            continue
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
        if 'http-equiv="refresh"' in head:
            continue
        found[url] = path
    return found


@dataclass
class PageResult:
    page: str           # "/symptoms/"
    status: str         # "match", "differs", "missing in zensical", "missing in mkdocs", "no article"
    detail: str = ""


def first_difference(a: str, b: str, context: int = 8) -> str:
    """The first differing words of the two texts, a few words of context around them."""
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        lead = " ".join(wa[max(0, i1 - context):i1])
        return (f"…{lead} [MkDocs: {' '.join(wa[i1:i2][:20]) or '(nothing)'}] "
                f"[Zensical: {' '.join(wb[j1:j2][:20]) or '(nothing)'}]")
    return ""


def compare(mkdocs_site: Path, zensical_site: Path) -> list[PageResult]:
    ours, theirs = pages(mkdocs_site), pages(zensical_site)
    results = []
    for url in sorted(set(ours) | set(theirs)):
        name = "/" + url
        if url not in theirs:
            results.append(PageResult(name, "missing in zensical"))
            continue
        if url not in ours:
            results.append(PageResult(name, "missing in mkdocs"))
            continue
        a = article_text(ours[url].read_text(encoding="utf-8"))
        b = article_text(theirs[url].read_text(encoding="utf-8"))
        if a is None or b is None:
            results.append(PageResult(name, "no article", f"MkDocs {'has' if a is not None else 'lacks'} one, "
                                                          f"Zensical {'has' if b is not None else 'lacks'} one"))
        elif a == b:
            results.append(PageResult(name, "match"))
        else:
            results.append(PageResult(name, "differs", first_difference(a, b)))
    return results


def baseline(results: list[PageResult], version: str) -> dict:
    return {
        "zensical": version,
        "compared": "each page's <article>: visible text, script and style left out, whitespace collapsed",
        "pages": sorted(r.page for r in results if not r.status.startswith("missing")),
        "matching": sorted(r.page for r in results if r.status == "match"),
    }


def zensical_version() -> str:
    lock = (ROOT / "zensical" / "requirements.lock").read_text(encoding="utf-8")
    found = re.search(r"^zensical==(\S+)", lock, re.M)
    return found.group(1) if found else "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "site")
    parser.add_argument("zensical_site", type=Path, nargs="?", default=ROOT / "site-zensical")
    parser.add_argument("--write-baseline", action="store_true", help=f"write {BASELINE.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    results = compare(args.site, args.zensical_site)
    for r in results:
        print(f"{r.status:20} {r.page}" + (f"\n    {r.detail}" if r.detail else ""))
    matched = sum(r.status == "match" for r in results)
    print(f"\n{matched} of {len(results)} pages match")
    if args.write_baseline:
        BASELINE.write_text(json.dumps(baseline(results, zensical_version()), indent=2) + "\n", encoding="utf-8")
        print(f"Written to {BASELINE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
