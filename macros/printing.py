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
import io
import json
from pathlib import Path

from markupsafe import Markup

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
def _make(data: str, error: str) -> tuple[int, str, str]:
    import segno  # only when a code is not in the cache: importing it is a fiftieth of a build
    code = segno.make(data, error=error, micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, **FILE_SVG)
    return code.symbol_size(scale=1, border=QR_BORDER)[0], code.svg_inline(**INLINE_SVG), out.getvalue().decode("utf-8")


@functools.cache
def _memo():
    """Every code drawn, kept between builds in one file (macros/data.py Memo), keyed by the
    address, the error level, this file (the drawing settings above) and segno's version."""
    import atexit
    from importlib.metadata import version

    from .data import Memo
    memo = Memo("qr-codes", [Path(__file__)], f"segno=={version('segno')}")
    atexit.register(memo.save)
    return memo


def _draw(key: str) -> tuple[int, str, str]:
    data, error = json.loads(key)
    return _make(data, error)


@functools.lru_cache(maxsize=4096)
def qr_drawn(data: str, error: str = "m") -> dict:
    """A code's size and both SVGs, made once and kept on disk, keyed by everything that shapes them.

    Making a code is the slowest step of a build (segno tries all 8 masks; /for-clinicians/ alone
    has some 200), and the same address always gives the same code, so a build only makes the
    codes of new addresses. All of them are kept in one file: reading 200 small files was a
    fiftieth of a build.
    """
    size, inline, file = _memo()(json.dumps([data, error]), _draw)
    return {"size": size, "inline": inline, "file": file}


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
