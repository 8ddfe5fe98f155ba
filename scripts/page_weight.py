"""How much a reader downloads: the weight of every page of a built site on first load.

For every page (each index.html that is not a redirect) it follows what a browser
fetches on a first visit with an empty cache: the HTML, its stylesheets and what they
pull in (url() fonts and images, @import), its scripts, images and icons, Material's
search worker and the search index the worker fetches. Each file is counted raw and
gzip-compressed (level 9, as a static host that pre-compresses would serve it); a file
used by many pages counts in each page's first load.

Images marked `loading="lazy"` are not part of the first load: the browser fetches
them only when they come near the screen (or the page is printed). They are listed
separately ("lazy"), so their weight stays visible.

The search index is reported separately (the worker fetches it on every first load, but
it is a cost of having search, not of the page). "Own" is the project's CSS and JS
(docs/assets/css and docs/assets/js, served at assets/css/ and assets/js/).

    python scripts/page_weight.py site/                 # table, sizes in KB (1 KB = 1024 bytes)
    python scripts/page_weight.py site/ --json out.json # every page and resource, in bytes
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

KB = 1024
OWN_PREFIXES = ("assets/css/", "assets/js/")
SEARCH_INDEX = "search/search_index.json"


@dataclass
class Resource:
    url: str          # path inside the site, e.g. "assets/css/site.css"
    kind: str         # html, css, js, worker, font, image, index, other
    raw: int
    gzip: int
    own: bool = False
    lazy: bool = False  # an <img loading="lazy">: fetched when it nears the screen, not on first load


@dataclass
class PageWeight:
    page: str                                  # "" for the home page, "symptoms/", ...
    resources: list[Resource] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # referenced but not in the built site

    def _sum(self, attr: str, keep) -> int:
        return sum(getattr(r, attr) for r in self.resources if keep(r))

    @property
    def html_raw(self) -> int:
        return self._sum("raw", lambda r: r.kind == "html")

    @property
    def html_gzip(self) -> int:
        return self._sum("gzip", lambda r: r.kind == "html")

    @property
    def first_load_raw(self) -> int:
        """Everything fetched on first load except the search index and lazy images."""
        return self._sum("raw", lambda r: r.kind != "index" and not r.lazy)

    @property
    def first_load_gzip(self) -> int:
        return self._sum("gzip", lambda r: r.kind != "index" and not r.lazy)

    @property
    def lazy_raw(self) -> int:
        return self._sum("raw", lambda r: r.lazy)

    @property
    def lazy_gzip(self) -> int:
        return self._sum("gzip", lambda r: r.lazy)

    @property
    def index_raw(self) -> int:
        return self._sum("raw", lambda r: r.kind == "index")

    @property
    def index_gzip(self) -> int:
        return self._sum("gzip", lambda r: r.kind == "index")

    @property
    def own_raw(self) -> int:
        return self._sum("raw", lambda r: r.own)

    @property
    def own_gzip(self) -> int:
        return self._sum("gzip", lambda r: r.own)

    def urls(self) -> set[str]:
        return {r.url for r in self.resources}

    def summary(self) -> dict:
        return {"page": "/" + self.page, "html_raw": self.html_raw, "html_gzip": self.html_gzip,
                "first_load_raw": self.first_load_raw, "first_load_gzip": self.first_load_gzip,
                "index_raw": self.index_raw, "index_gzip": self.index_gzip,
                "own_css_js_raw": self.own_raw, "own_css_js_gzip": self.own_gzip,
                "lazy_raw": self.lazy_raw, "lazy_gzip": self.lazy_gzip,
                "requests": len([r for r in self.resources if r.kind != "index" and not r.lazy]),
                "lazy_requests": len([r for r in self.resources if r.lazy]), "missing": self.missing}


@lru_cache(maxsize=None)
def _sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def _kind(url: str) -> str:
    ext = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else ""
    return {"html": "html", "css": "css", "js": "js", "json": "other", "woff2": "font", "woff": "font",
            "ttf": "font", "otf": "font", "svg": "image", "png": "image", "jpg": "image", "jpeg": "image",
            "gif": "image", "webp": "image", "avif": "image", "ico": "image"}.get(ext, "other")


class _Refs(HTMLParser):
    """What a page makes the browser fetch at load."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []   # (url, kind)
        self.lazy: set[str] = set()             # refs only ever used by loading="lazy" images
        self._eager: set[str] = set()
        self.worker: str | None = None
        self._config = False
        self._config_text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.refs.append((a["href"], "css"))
            elif "icon" in rel or "apple-touch-icon" in rel:
                self.refs.append((a["href"], "image"))
            elif "preload" in rel or "modulepreload" in rel:
                self.refs.append((a["href"], _kind(a["href"])))
        elif tag == "script":
            if a.get("src"):
                self.refs.append((a["src"], "js"))
            elif a.get("id") == "__config":
                self._config = True
        elif tag in ("img", "input") and a.get("src") and (tag == "img" or a.get("type") == "image"):
            self._image(a["src"], tag == "img" and a.get("loading", "").lower() == "lazy")
        elif tag in ("img", "source") and a.get("srcset") and not a.get("src"):
            self._image(a["srcset"].split(",")[0].split()[0], tag == "img" and a.get("loading", "").lower() == "lazy")

    def _image(self, src: str, lazy: bool) -> None:
        self.refs.append((src, "image"))
        if lazy and src not in self._eager:
            self.lazy.add(src)
        elif not lazy:
            self._eager.add(src)
            self.lazy.discard(src)

    def handle_data(self, data):
        if self._config:
            self._config_text += data

    def handle_endtag(self, tag):
        if tag == "script" and self._config:
            self._config = False
            try:
                self.worker = json.loads(self._config_text).get("search")
            except ValueError:
                self.worker = None


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


def _css_refs(text: str) -> list[str]:
    out = []
    for m in _CSS_URL.finditer(text):
        url = (m.group(2) or m.group(4) or "").strip()
        if url and not url.startswith(("data:", "#")):
            out.append(url)
    return out


def _to_site_path(base: str, ref: str) -> str | None:
    """A reference resolved against a site path; None when it points to another host."""
    full = urljoin("http://site.invalid/" + base, ref)
    parsed = urlparse(full)
    if parsed.netloc != "site.invalid" or parsed.scheme not in ("http", "https"):
        return None
    path = unquote(parsed.path.lstrip("/"))
    return path + "index.html" if path.endswith("/") or path == "" else path


def pages(site: Path) -> list[str]:
    """Every page as a URL path ("", "symptoms/", ...): index.html files that are not redirects."""
    found = []
    for path in sorted(site.rglob("index.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8", errors="replace"):
            continue
        rel = path.parent.relative_to(site).as_posix()
        found.append("" if rel == "." else rel + "/")
    return found


def measure_page(site: Path, page: str) -> PageWeight:
    weight = PageWeight(page=page)
    seen: set[str] = set()

    def add(url: str | None, kind: str, ref: str = "", lazy: bool = False) -> Path | None:
        if url is None:
            weight.missing.append(f"another host: {ref}")
            return None
        if url in seen:
            return None
        seen.add(url)
        file = site / url
        if not file.is_file():
            weight.missing.append(url)
            return None
        raw, gz = _sizes(file)
        weight.resources.append(Resource(url=url, kind=kind, raw=raw, gzip=gz, own=url.startswith(OWN_PREFIXES),
                                         lazy=lazy))
        return file

    html_file = add(page + "index.html", "html")
    if html_file is None:
        raise FileNotFoundError(f"{site / page / 'index.html'}")
    refs = _Refs()
    refs.feed(html_file.read_text(encoding="utf-8"))
    refs.close()
    for ref, kind in refs.refs:
        url = _to_site_path(page, ref)
        file = add(url, kind if kind != "other" else _kind(ref), ref, lazy=ref in refs.lazy)
        if file is not None and kind == "css":
            _follow_css(file, url, add)
    if refs.worker:
        add(_to_site_path(page, refs.worker), "worker", refs.worker)
        add(SEARCH_INDEX, "index")
    return weight


def _follow_css(file: Path, url: str, add) -> None:
    for ref in _css_refs(file.read_text(encoding="utf-8", errors="replace")):
        target = _to_site_path(url, ref)
        kind = _kind(ref)
        nested = add(target, "css" if kind == "css" else kind, ref)
        if nested is not None and kind == "css":
            _follow_css(nested, target, add)


def measure_site(site: Path) -> list[PageWeight]:
    return [measure_page(site, page) for page in pages(site)]


def own_assets(site: Path) -> list[Resource]:
    """Every file of the project's own CSS and JS in the built site, loaded by a page or not."""
    out = []
    for prefix in OWN_PREFIXES:
        for file in sorted((site / prefix).glob("*")):
            if file.is_file() and file.suffix in (".css", ".js"):
                raw, gz = _sizes(file)
                out.append(Resource(url=file.relative_to(site).as_posix(), kind=file.suffix[1:], raw=raw, gzip=gz, own=True))
    return out


def kb(n: int) -> str:
    return f"{n / KB:.1f}"


def table(weights: list[PageWeight]) -> str:
    lines = ["| Page | HTML KB | HTML KB gz | First load KB | First load KB gz | Own CSS+JS KB gz | Requests "
             "| Lazy images KB gz (files) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for w in weights:
        s = w.summary()
        lines.append(f"| {s['page']} | {kb(s['html_raw'])} | {kb(s['html_gzip'])} | {kb(s['first_load_raw'])} | "
                     f"{kb(s['first_load_gzip'])} | {kb(s['own_css_js_gzip'])} | {s['requests']} | "
                     + (f"{kb(s['lazy_gzip'])} ({s['lazy_requests']})" if s['lazy_requests'] else "") + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every page and resource to FILE")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site (no index.html)")
    weights = measure_site(args.site)
    print(table(weights))
    if weights:
        index = weights[0]
        print(f"\nSearch index ({SEARCH_INDEX}): {kb(index.index_raw)} KB, {kb(index.index_gzip)} KB gzip")
    own = own_assets(args.site)
    print(f"Own CSS and JS, all files: {kb(sum(r.raw for r in own))} KB, {kb(sum(r.gzip for r in own))} KB gzip")
    missing = sorted({m for w in weights for m in w.missing})
    if missing:
        print("Referenced but missing: " + ", ".join(missing), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps([{**w.summary(), "resources": [asdict(r) for r in w.resources]} for w in weights],
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
