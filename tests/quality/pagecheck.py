"""Helpers for the quality tests: read a built page's head, headings and images without a browser."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageFacts:
    lang: str | None = None
    title: str = ""
    description: str | None = None
    csp: list[str] = field(default_factory=list)
    # Tags seen in <head> before the CSP meta (a policy only governs what comes after it).
    before_csp: list[str] = field(default_factory=list)
    article_headings: list[tuple[int, str]] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    stylesheets: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.in_head = self.in_title = False
        self.article_depth = 0
        self.heading: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        f = self.facts
        if tag == "html":
            f.lang = a.get("lang")
        elif tag == "head":
            self.in_head = True
        elif tag == "title" and self.in_head:
            self.in_title = True
        elif tag == "meta" and a.get("name") == "description":
            f.description = a.get("content", "")
        elif tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            f.csp.append(a.get("content", ""))
        elif tag == "script" and a.get("src"):
            f.scripts.append(a["src"])
        elif tag == "link" and "stylesheet" in a.get("rel", "").split():
            f.stylesheets.append(a.get("href", ""))
        elif tag == "img" and "alt" not in a:
            f.images_without_alt.append(a.get("src", "?"))
        if self.in_head and not f.csp and tag in ("script", "link", "style", "base"):
            f.before_csp.append(tag)
        if tag == "article":
            self.article_depth += 1
        if self.article_depth and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.heading = [int(tag[1]), ""]

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        elif tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif self.heading and tag == f"h{self.heading[0]}":
            self.facts.article_headings.append((self.heading[0], " ".join(self.heading[1].split())))
            self.heading = None

    def handle_data(self, data):
        if self.in_title:
            self.facts.title += data
        if self.heading is not None:
            self.heading[1] += data


def read_page(path: Path) -> PageFacts:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    reader.facts.title = " ".join(reader.facts.title.split())
    return reader.facts


def parse_policy(policy: str) -> dict[str, list[str]]:
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def heading_skips(headings: list[tuple[int, str]]) -> list[str]:
    """Where the outline jumps more than one level down (h2 -> h4), or does not start at h1."""
    problems = []
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{level} {text!r} follows " + (f"h{previous}" if previous else "the start of the article"))
        previous = level
    return problems
