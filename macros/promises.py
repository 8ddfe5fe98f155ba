"""What every page owes its readers and the clinics that link to it, checked as the site loads.

A new page needs three things besides its Markdown file, and the build names each
one that is missing: a line in the `nav` of mkdocs.yml, a short link in
data/links.yml, and its addresses in the URL contract (`python
scripts/url_contract.py --update`, checked after the build by scripts/promises.py).
A page that cites a source must end with its list of sources, `{{ references() }}`.
"""
from __future__ import annotations

import re

from .errors import DataError

CHECK_ORDER = 90  # after every component's own checks: these are about whole pages

NEW_PAGE_STEPS = ("A new page needs: a line under nav: in mkdocs.yml, a short link in data/links.yml, "
                  "and `python scripts/url_contract.py --update`")
_CITE = re.compile(r"\{\{-?\s*cite\(")
_REFERENCES = re.compile(r"\{\{-?\s*references\(\s*\)\s*-?\}\}")


def _nav_files(nav) -> set[str]:
    found: set[str] = set()

    def walk(item):
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk(nav)
    return found


def _nav(config):
    try:
        return config.get("nav") if hasattr(config, "get") else None
    except Exception:  # a config object without "nav"
        return None


def check(site) -> None:
    nav = _nav(site.config)
    in_nav = _nav_files(nav) if nav else None
    targets = {link.to for link in site.data["links.yml"].links} if "links.yml" in site.data else None
    for url, page in sorted(site.pages.items()):
        label = f"docs/{page.src}"
        if in_nav is not None and page.src not in in_nav:
            raise DataError(label, f"the page is not in the menu; add a line under nav: in mkdocs.yml, like "
                            f'"- {page.meta.title}: {page.src}". {NEW_PAGE_STEPS}')
        if targets is not None and "/" + url not in targets:
            code = (url.strip("/").rsplit("/", 1)[-1] or "home")
            raise DataError(label, f"the page has no short link; add one to data/links.yml, like "
                            f'"- code: {code}" with "to: /{url}". {NEW_PAGE_STEPS}')
        if _CITE.search(page.markdown) and not _REFERENCES.search(page.markdown):
            raise DataError(label, "the page cites sources but does not list them; end the page with "
                            "{{ references() }}")
