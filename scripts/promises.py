"""Promises to readers and clinics, checked on the built site (a post-build step).

The tests check these too, but the site is published from `make build`, so the build
itself must refuse to produce a site that breaks one:

- the URL contract (tests/links/published-urls.txt): every published address still
  works, and every address the site has today is in the list;
- the glossary tooltips (docs/includes/abbreviations.md) match data/glossary.yml;
- every page that shows a citation has its list of sources.

Every `##` heading having a stable id, and every page having a short link and a
nav entry, are checked earlier, before any page renders (macros/pages.py,
macros/promises.py).

Usage: python scripts/promises.py SITE_DIR [--project DIR] [--config mkdocs.yml]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CONTRACT = Path("tests") / "links" / "published-urls.txt"
UPDATE = "python scripts/url_contract.py --update"
_CITATION = re.compile(r'<sup class="fsg-cite[ "]')
_REFERENCES = re.compile(r'<section class="fsg-references[ "]')


def contract_problems(site: Path, project: Path, config: str = "mkdocs.yml", sources=None) -> list[str]:
    """The URL contract of `project` (skipped if it has none, as a test's copy may not).
    `sources`: the project as scripts/postbuild.py:load_sources read it (read here if not given)."""
    from scripts import url_contract
    path = project / CONTRACT
    if not path.exists():
        return []
    entries = url_contract.read_contract(path)
    problems = [f"{CONTRACT.as_posix()}: {p}" for p in url_contract.check(site, entries)]
    new = sorted(set(url_contract.collect(project, config, sources)) - set(entries))
    if new:
        problems.append(f"{CONTRACT.as_posix()}: {len(new)} new address(es) not yet promised, like {new[0]}; "
                        f"run `{UPDATE}` and commit the file")
    return problems


def glossary_problems(project: Path) -> list[str]:
    """The tooltips appended to every page must be made from today's glossary."""
    from scripts import make_abbreviations
    data, output = project / "data" / "glossary.yml", project / "docs" / "includes" / "abbreviations.md"
    if not data.exists() or not output.exists():
        return []
    terms = make_abbreviations.load_terms(data.resolve())
    if output.read_text(encoding="utf-8") != make_abbreviations.render(terms):
        return ["docs/includes/abbreviations.md: the glossary tooltips are older than data/glossary.yml; "
                "run `python scripts/make_abbreviations.py` and commit the file"]
    return []


def reference_problems(site: Path) -> list[str]:
    problems = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if _CITATION.search(text) and not _REFERENCES.search(text):
            problems.append(f"{path.relative_to(site).as_posix()}: the page cites sources but has no list of them; "
                            "end its Markdown with {{ references() }}")
    return problems


def check(site: Path, project: Path = ROOT, config: str = "mkdocs.yml", sources=None) -> list[str]:
    return [*contract_problems(site, project, config, sources), *glossary_problems(project), *reference_problems(site)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args(argv)
    from macros.errors import DataError
    try:
        problems = check(args.site, args.project.resolve(), args.config)
    except DataError as exc:
        problems = [exc.message]
    for p in problems:
        print(f"Post-build stopped: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
