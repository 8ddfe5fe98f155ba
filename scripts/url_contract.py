"""The URL contract: every address we have published, and a check that each still works.

Clinics print links on leaflets and keep them for years. tests/links/published-urls.txt
lists every page, every section a clinician can link to (a `## Heading { #id }`,
as listed on /for-clinicians/, and any section a short link points to) and every
short link (/go/<code>/). Adding an address is free; removing one needs a redirect.

A listed address still works when, in the built site:
- its page is there (and, for a section, the page still has an element with that id), or
- the page is a redirect (mkdocs-redirects, `plugins.redirects.redirect_maps` in
  mkdocs.yml; or a short link) that ends at a live page, and at the section it
  names, if it names one.
A section cannot be redirected: keep its id on the page (for example on the heading
that replaced it: `## New words { #old-id }`).

Usage:
  python scripts/url_contract.py --update            add today's addresses to the list (never removes one)
  python scripts/url_contract.py --update --fresh    start the list again (only before the site is first published)
  python scripts/url_contract.py --check SITE_DIR    check a built site against the list
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CONTRACT = ROOT / "tests" / "links" / "published-urls.txt"
HEADER = """\
# The URL contract: every address published by the Facial Spasm Guide.
# Clinics print these. Each must keep working: a removed page needs a redirect in
# mkdocs.yml (plugins > redirects > redirect_maps), and a section keeps its id.
# Add new addresses with: python scripts/url_contract.py --update (never delete a line).
# Paths are relative to site_url; tests/links/test_url_contract.py checks them.
"""

_REFRESH = re.compile(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', re.I)


def collect(project: Path = ROOT, config: str = "mkdocs.yml", sources=None) -> list[str]:
    """Every address the sources publish now: pages, linkable sections, short links.
    `sources`: the project as scripts/postbuild.py:load_sources read it (read here if not given)."""
    from macros import links as links_component
    from macros import decision_tree
    from scripts.postbuild import load_sources

    if sources is None:
        sources = load_sources(project, config)
    site = sources.site
    links = site.data[links_component.FILE].links
    found = set()
    for url, page in site.pages.items():
        found.add("/" + url)
        for section in links_component.sections(page.markdown):
            found.add(f"/{url}#{section.id}")
    for link in links:
        found.add(link.to)
        found.add(links_component.short_path(link.code))
    # Decision-tree outcomes (#outcome-<id>) are rendered by a macro, not written as
    # headings, but clinics link straight to them, so they are published too.
    for url, page in site.pages.items():
        for anchor in decision_tree.page_anchors(page.markdown, site):
            if anchor.startswith("outcome-"):
                found.add(f"/{url}#{anchor}")
    return sorted(found)


def read_contract(path: Path = CONTRACT) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def write_contract(entries: list[str], path: Path = CONTRACT, fresh: bool = False) -> list[str]:
    """Add `entries` to the list (keeping every address already in it). Returns the new ones."""
    old = read_contract(path) if path.exists() and not fresh else []
    new = sorted(set(entries) - set(old))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "\n".join(sorted(set(old) | set(entries))) + "\n", encoding="utf-8")
    return new


@dataclass
class Landing:
    path: str          # site path of the live page reached, e.g. "self-care/"
    anchor: str        # the section the redirect chain names, if any
    redirected: bool


def _page_file(site: Path, path: str) -> Path:
    return site / path / "index.html" if path.endswith("/") or path == "" else site / path


def _redirect_target(html: str) -> str | None:
    match = _REFRESH.search(html)
    return match.group(1).strip() if match else None


def _ids(html: str) -> set[str]:
    r"""Every value re.search(r'\sid="<value>"') would find in the page, overlapping ones too: each
    `id="` after white space, up to the next quote. (A look-ahead regex found the same ten times slower.)"""
    found, i = set(), html.find('id="')
    while i != -1:
        if i > 0 and html[i - 1].isspace():
            end = html.find('"', i + 4)
            if end != -1:
                found.add(html[i + 4:end])
        i = html.find('id="', i + 1)
    return found


def _read(file: Path, pages: dict | None) -> str:
    """A built file's text; `pages` (file -> text) keeps what one check has read already."""
    if pages is None:
        return file.read_text(encoding="utf-8", errors="replace")
    if file not in pages:
        pages[file] = file.read_text(encoding="utf-8", errors="replace")
    return pages[file]


def follow(site: Path, path: str, max_hops: int = 5, pages: dict | None = None,
           targets: dict | None = None) -> Landing | None:
    """Where a reader opening /path ends up in the built site, or None if nowhere. `targets`
    (file -> its redirect target or None) keeps what one check has found already."""
    anchor, redirected = "", False
    for _ in range(max_hops + 1):
        file = _page_file(site, path)
        if targets is not None and file in targets:
            target = targets[file]
        else:
            if not file.exists():
                return None
            target = _redirect_target(_read(file, pages))
            if targets is not None:
                targets[file] = target
        if target is None:
            return Landing(path, anchor, redirected)
        parts = urlsplit(urljoin("http://site/" + path, target))
        if parts.netloc != "site":
            return None  # a redirect off the site does not keep a promise made on it
        path, anchor, redirected = parts.path.lstrip("/"), parts.fragment or anchor, True
    return None


def has_id(site: Path, path: str, anchor: str, pages: dict | None = None, ids: dict | None = None) -> bool:
    """Whether the built page has an element with this id. `ids` (file -> its ids) keeps each
    page's ids, found in one pass over its HTML, for the next anchor of the same page."""
    file = _page_file(site, path)
    if ids is None:
        return re.search(r'\sid="' + re.escape(anchor) + r'"', _read(file, pages)) is not None
    if file not in ids:
        ids[file] = _ids(_read(file, pages))
    return anchor in ids[file]


def check(site: Path, entries: list[str]) -> list[str]:
    """Every listed address that no longer works in the built site, with the reason."""
    problems = []
    pages: dict = {}  # each built file is read, and its ids and redirect found, once for the whole list
    ids: dict = {}
    targets: dict = {}
    for entry in entries:
        path, _, anchor = entry.lstrip("/").partition("#")
        landing = follow(site, path, pages=pages, targets=targets)
        if landing is None:
            problems.append(f"{entry}: the page is gone; add a redirect in mkdocs.yml "
                            f"(plugins > redirects > redirect_maps) to a live page")
            continue
        if landing.anchor and not has_id(site, landing.path, landing.anchor, pages, ids):
            problems.append(f"{entry}: it leads to /{landing.path}#{landing.anchor}, which has no such section")
        elif anchor and not landing.redirected and not has_id(site, landing.path, anchor, pages, ids):
            problems.append(f"{entry}: the page has no section #{anchor} any more; keep the id on the page, "
                            f"for example on the heading that replaced it: {{ #{anchor} }}")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--update", action="store_true", help=f"add today's addresses to {CONTRACT.relative_to(ROOT)}")
    group.add_argument("--check", type=Path, metavar="SITE_DIR", help="check a built site against the list")
    parser.add_argument("--fresh", action="store_true",
                        help="with --update: drop the old list first (only before the site is first published)")
    args = parser.parse_args(argv)
    if args.update:
        new = write_contract(collect(), fresh=args.fresh)
        print(f"{len(new)} new addresses added to {CONTRACT.relative_to(ROOT)}" + "".join(f"\n  {n}" for n in new))
        return 0
    problems = check(args.check, read_contract())
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} published addresses no longer work.", file=sys.stderr)
        return 1
    print("Every published address still works.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
