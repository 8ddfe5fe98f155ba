"""QR code files: the codes that pages load as images instead of carrying them inline.

/for-clinicians/ shows a QR code for every page and section. Inline, they made the
page too heavy (issue 7), so macros/links.py draws each code as an image,
`<img src=".../qr/<slug>.svg" loading="lazy" alt="QR code for <address>">`. Macros
cannot write files, so this step (run by scripts/postbuild.py, before the CSP) finds
every image under /qr/ in the built HTML and writes its SVG file with segno, with the
same settings as the inline codes (macros/printing.py): no network, no JavaScript.
The alt text is the contract: it names the address the code holds.

It stops if an image's alt, file name or size does not match its address, or if two
addresses would share a file.
"""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

_IMG = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"')
ALT_PREFIX = "QR code for "


class QrFileError(Exception):
    pass


def _site_path(page: str, src: str) -> str:
    full = urljoin("http://site.invalid/" + page, src)
    parsed = urlparse(full)
    if parsed.netloc != "site.invalid":
        raise QrFileError(f"/{page}: QR image {src} points to another host")
    return unquote(parsed.path.lstrip("/"))


def find_images(site: Path) -> dict[str, str]:
    """Every QR image of the built site: {file path in the site: the address it encodes}."""
    from macros.links import QR_DIR, QR_ERROR, qr_file_path
    from macros.printing import qr_size

    wanted: dict[str, str] = {}
    for html_file in sorted(site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        if f"{QR_DIR}/" not in html:
            continue
        page = html_file.relative_to(site).as_posix()
        for tag in _IMG.findall(html):
            attrs = {k: unescape(v) for k, v in _ATTR.findall(tag)}
            src = attrs.get("src", "")
            if not src or urlparse(src).scheme or not src.endswith(".svg"):
                continue
            path = _site_path(page, src)
            if not path.startswith(f"{QR_DIR}/"):
                continue
            alt = attrs.get("alt", "")
            if not alt.startswith(ALT_PREFIX):
                raise QrFileError(f"/{page}: QR image {src} needs alt=\"{ALT_PREFIX}<address>\"")
            data = alt[len(ALT_PREFIX):]
            if "/" + path != qr_file_path(data):
                raise QrFileError(f"/{page}: QR image {src} should be {qr_file_path(data)} for {data}")
            size = str(qr_size(data, error=QR_ERROR) * 2)
            if attrs.get("width") != size or attrs.get("height") != size:
                raise QrFileError(f"/{page}: QR image {src} should be {size} by {size}")
            if wanted.setdefault(path, data) != data:
                raise QrFileError(f"{path} would hold two addresses: {wanted[path]} and {data}")
    return wanted


def write(site: Path) -> list[Path]:
    """Write the SVG file of every QR image in the built site. Returns the files written."""
    from macros.links import QR_ERROR
    from macros.printing import qr_file_svg
    from scripts import file_store

    written = []
    folders: set[Path] = set()
    for path, data in sorted(find_images(site).items()):
        out = site / path
        if out.parent not in folders:
            out.parent.mkdir(parents=True, exist_ok=True)
            folders.add(out.parent)
        # The same code gives the same file every build: a hard link to it (scripts/file_store.py).
        file_store.place(out, qr_file_svg(data, error=QR_ERROR) + "\n")
        written.append(out)
    file_store.prune()
    return written
