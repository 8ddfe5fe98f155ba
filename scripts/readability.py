"""Measure how easy each built page is to read.

Reads the built site (not the Markdown), takes the text of each page's
<article> only, and scores it with textstat: the Flesch-Kincaid grade (the
school grade needed to read it; lower is easier) and the Flesch Reading Ease
(0-100; higher is easier). It prints one row per page and the median grade.

Left out of the measure, because a reader does not read them as prose or
because they are the same on every page: navigation, code, the "Sources for
this page" list, the list of all sources, citation numbers, heading link
symbols, the emergency banner, the review notes, the print-only header and
web addresses written out in full.

Each block (paragraph, list item, heading, table cell) is counted as its own
sentence, so a heading or list item without a full stop is not glued onto the
next sentence.

Usage:
  python scripts/readability.py [SITE_DIR] [--max-grade 8] [--max-median 7]
                                [--exclude /sources/ --exclude /glossary/] [--check]
  python scripts/readability.py [SITE_DIR] --show /types/   (print the text that is measured)

With --check, exit 1 if any page is above --max-grade or the median above --max-median.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Elements whose text is never measured, by tag or by class.
SKIP_TAGS = {"nav", "pre", "code", "script", "style", "svg", "template", "noscript", "button"}
SKIP_CLASSES = {
    "fsg-references",      # "Sources for this page"
    "fsg-source-list",     # the list of every source on /sources/
    "fsg-cite",            # citation numbers like [1]
    "fsg-emergency",       # the emergency banner
    "fsg-draft",           # "not yet checked by a clinician" note, same on every page
    "fsg-review",          # review dates, same on every page
    "headerlink",          # the link symbol after each heading
    "md-source-file",      # Material's page dates
    "fsg-print-header",    # "read this page online" header, shown only in print
    "fsg-url",             # a web address written out
    "fsg-visually-hidden", # form labels for screen readers ("Day 1: Date"), not prose
}
# Elements that end one block of text (treated as a sentence).
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "dt", "dd",
              "summary", "blockquote", "figcaption", "div", "section", "details", "tr", "label", "legend"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
END_PUNCTUATION = (".", "!", "?", ":", ";")
# A web address is read (or tapped) as one thing, not as words with syllables.
URL = re.compile(r"\b(?:https?://|www\.)\S+")


class _ArticleText(HTMLParser):
    """Collects the text blocks inside <article>, minus the skipped parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping) for open elements
        self.in_article = 0
        self.blocks: list[str] = []
        self._buf: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _flush(self):
        text = " ".join(URL.sub(" ", "".join(self._buf)).split())
        self._buf = []
        if text:
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            if tag == "br" and self.in_article:
                self._buf.append(" ")
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = self.skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        if tag == "article":
            self.in_article += 1
        if tag in BLOCK_TAGS and self.in_article and not self.skipping:
            self._flush()
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if open_tag in BLOCK_TAGS and self.in_article and not skip:
                self._flush()
            if open_tag == "article":
                self.in_article -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.in_article and not self.skipping:
            self._buf.append(data)


def article_blocks(html: str) -> list[str]:
    """The readable text blocks of a page's <article>, in order."""
    parser = _ArticleText()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def article_text(html: str) -> str:
    """The article as one text, each block ending like a sentence."""
    return "\n".join(b if b.endswith(END_PUNCTUATION) else b + "." for b in article_blocks(html))


def _textstat():
    # textstat counts syllables with NLTK's copy of the CMU dictionary. Point NLTK
    # at the offline copy (scripts/setup_offline_data.py) so it never downloads.
    os.environ.setdefault("NLTK_DATA", str(Path(sys.prefix) / "nltk_data"))
    import textstat
    return textstat


@dataclass
class Score:
    url: str
    words: int
    sentences: int
    grade: float
    ease: float


def score_text(text: str, url: str = "") -> Score:
    ts = _textstat()
    return Score(url=url, words=ts.lexicon_count(text), sentences=ts.sentence_count(text),
                 grade=round(ts.flesch_kincaid_grade(text), 1), ease=round(ts.flesch_reading_ease(text), 1))


def site_pages(site_dir: Path) -> dict[str, Path]:
    """URL path ("/", "/symptoms/") -> built HTML file, redirect pages left out."""
    pages = {}
    for path in sorted(site_dir.rglob("index.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        if 'http-equiv="refresh"' in html:
            continue
        rel = path.parent.relative_to(site_dir).as_posix()
        pages["/" if rel == "." else f"/{rel}/"] = path
    return pages


def score_site(site_dir: Path, exclude: set[str] = frozenset()) -> list[Score]:
    """A score for every page of a built site, except the excluded URL paths."""
    scores = []
    for url, path in site_pages(site_dir).items():
        if url in exclude:
            continue
        text = article_text(path.read_text(encoding="utf-8", errors="replace"))
        if text.strip():
            scores.append(score_text(text, url))
    return scores


def median_grade(scores: list[Score]) -> float:
    return round(statistics.median(s.grade for s in scores), 1) if scores else 0.0


def format_table(scores: list[Score], max_grade: float | None = None) -> str:
    width = max([len(s.url) for s in scores] + [4])
    lines = [f"{'Page':<{width}}  {'Words':>6}  {'Sent.':>5}  {'Grade':>5}  {'Ease':>5}",
             f"{'-' * width}  {'-' * 6}  {'-' * 5}  {'-' * 5}  {'-' * 5}"]
    for s in scores:
        flag = "  <- above the limit" if max_grade is not None and s.grade > max_grade else ""
        lines.append(f"{s.url:<{width}}  {s.words:>6}  {s.sentences:>5}  {s.grade:>5.1f}  {s.ease:>5.1f}{flag}")
    lines.append(f"Median grade: {median_grade(scores):.1f} over {len(scores)} pages")
    return "\n".join(lines)


def _normalise(url: str) -> str:
    url = "/" + url.strip("/") + "/"
    return "/" if url == "//" else url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", nargs="?", default=str(ROOT / "site"), help="the built site (default: site/)")
    parser.add_argument("--exclude", action="append", default=[], metavar="URL",
                        help="a page to leave out, like /sources/ (repeatable)")
    parser.add_argument("--max-grade", type=float, default=8.0, help="highest grade a page may have (default 8)")
    parser.add_argument("--max-median", type=float, default=7.0, help="highest median grade (default 7)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a limit is broken")
    parser.add_argument("--show", metavar="URL", help="print the text that is measured for one page, like /types/")
    args = parser.parse_args(argv)
    site = Path(args.site_dir)
    if not (site / "index.html").exists():
        parser.error(f"{site} is not a built site (no index.html); run `make build` first")
    if args.show:
        pages = site_pages(site)
        url = _normalise(args.show)
        if url not in pages:
            parser.error(f"no page {url} in {site}")
        print(article_text(pages[url].read_text(encoding="utf-8", errors="replace")))
        return 0
    scores = score_site(site, {_normalise(u) for u in args.exclude})
    print(format_table(scores, args.max_grade))
    over = [s for s in scores if s.grade > args.max_grade]
    if args.check and (over or median_grade(scores) > args.max_median):
        print(f"Readability check failed: {len(over)} page(s) above grade {args.max_grade}, "
              f"median {median_grade(scores)} (limit {args.max_median}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
