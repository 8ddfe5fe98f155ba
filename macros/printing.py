"""Printing: every page prints with the site name, its full web address and a QR
code for it, so a reader holding paper can get back to the page.

QR codes are made here, at build time, with segno as inline SVG: no network, no
JavaScript. Theme templates cannot call macros, so the codes are handed to the
theme through the configuration: `config.extra.fsg_print[page.url]` holds the
page's canonical URL and its QR code, and overrides/partials/print-header.html
shows them (only in print; see docs/assets/css/print.css). This uses `define_env`
only, no per-page hook. `config.extra.fsg_print` is written by the build, never
by hand.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from pathlib import Path

from markupsafe import Markup

from .data import cache_root
from .errors import DataError

EXTRA_KEY = "fsg_print"
QR_BORDER = 4  # the quiet zone, in modules


def site_url(config) -> str:
    """The site's public address, ending in "/"; printed links need it."""
    url = config.get("site_url")
    if not url:
        raise DataError("mkdocs.yml", "site_url is not set; printed pages and QR codes need the site's public address",
                        field="site_url")
    return url if url.endswith("/") else url + "/"


def canonical_url(base: str, ref: str) -> str:
    """The full address of a page or section: ("https://x/", "/self-care/#sleep") -> "https://x/self-care/#sleep"."""
    return base + ref.lstrip("/")


# How every code is drawn. They are part of the cache key below: change one, and the cached codes
# are made again.
INLINE_SVG = dict(scale=1, border=QR_BORDER, omitsize=True, dark="#000", light="#fff", svgclass="fsg-qr__svg",
                  lineclass=None)
FILE_SVG = dict(kind="svg", scale=1, border=QR_BORDER, omitsize=True, dark="#000", light="#fff", xmldecl=False,
                svgclass=None, lineclass=None)
def cache_dir() -> Path:
    return cache_root() / "qr"  # FSG_CACHE_DIR, default .cache/ (macros/data.py)


def _make(data: str, error: str) -> dict:
    import segno  # only when a code is not in the cache: importing it is a fiftieth of a build
    code = segno.make(data, error=error, micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, **FILE_SVG)
    return {"size": code.symbol_size(scale=1, border=QR_BORDER)[0], "inline": code.svg_inline(**INLINE_SVG),
            "file": out.getvalue().decode("utf-8")}


@functools.cache
def _segno_version() -> str:
    from importlib.metadata import version
    return version("segno")


@functools.lru_cache(maxsize=4096)
def qr_drawn(data: str, error: str = "m") -> dict:
    """A code's size and both SVGs, made once and kept on disk, keyed by everything that shapes them.

    Making a code is the slowest step of a build (segno tries all 8 masks; /for-clinicians/ alone
    has some 170), and the same address always gives the same code, so a build only makes the
    codes of new addresses. A cache file that cannot be read or written is simply made again.
    """
    key = json.dumps([_segno_version(), data, error, INLINE_SVG, FILE_SVG], sort_keys=True)
    path = cache_dir() / (hashlib.sha256(key.encode("utf-8")).hexdigest() + ".json")
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached
    except (OSError, ValueError):
        pass
    drawn = {"key": key, **_make(data, error)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(drawn), encoding="utf-8")
        os.replace(tmp, path)  # atomic: a build running beside this one never reads half a file
    except OSError:
        pass
    return drawn


def qr_size(data: str, error: str = "m") -> int:
    """Width (= height) of the code's SVG in modules, quiet zone included: its viewBox."""
    return qr_drawn(data, error)["size"]


def qr_file_svg(data: str, error: str = "m") -> str:
    """The same code as `qr_svg`, as a standalone SVG file (for <img src>), white background included."""
    return qr_drawn(data, error)["file"]


def qr_svg(data: str, error: str = "m") -> Markup:
    """A QR code for `data` as inline SVG, sized by CSS (viewBox only), with its quiet zone.

    Error correction M (the default) survives a crease or a smudge on a handout; L
    makes smaller codes for pages that show many. The SVG draws its own white
    background, so it scans even when the browser leaves out background colours.
    """
    return Markup(qr_drawn(data, error)["inline"])


def macros(site, env):
    base = site_url(env.conf)
    # The page's short link too, where data/links.yml has one for the whole page (the first).
    shorts: dict[str, str] = {}
    for link in getattr(site.data.get("links.yml"), "links", []):
        shorts.setdefault(link.to.lstrip("/"), canonical_url(base, f"/go/{link.code}/"))
    env.conf["extra"][EXTRA_KEY] = {
        url: {"url": canonical_url(base, "/" + url), "qr": qr_svg(canonical_url(base, "/" + url)),
              "short": shorts.get(url)}
        for url in site.pages
    }
    return {}
