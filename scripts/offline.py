"""The offline copy of the guide: a zip that works from a USB stick or a shared drive, no internet.

    python scripts/offline.py [--project DIR] [--out dist/facial-spasm-guide-offline.zip]

1. Builds the site a second time with mkdocs-offline.yml (Material's offline plugin, file
   names for pages, into site-offline/), then runs the same post-build steps as `make build`,
   but one: the handout builder's tool stays in /for-clinicians/ (scripts/handout_builder.py
   would move it to a file the page fetches, and nothing can be fetched over file://).
   The published site and its URLs are never touched.
2. Copies the iframe-worker shim from vendor/ (the search worker needs it over file://;
   the plugin would take it from a CDN).
3. Makes every link work from the file system: links the macros write as folders
   ("../self-care/#sleep", "go/red-flags/") become files ("../self-care.html#sleep",
   "go/red-flags/index.html"), the short links' redirects too.
4. Adds the Content-Security-Policy of the published site (scripts/csp.py: inline scripts
   by hash, only those the templates write), plus the hash of the one inline script the
   search shim writes into its hidden frame (`allow_search_shim`); never 'unsafe-inline'.
5. Checks it: every local link and file a page loads exists, and no page loads anything
   from another host. Then zips it, as one folder, to dist/facial-spasm-guide-offline.zip.

The published site offers that zip at /downloads/ (`publish`, run by scripts/postbuild.py
when the zip exists; macros/handouts.py links to it with its size).
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros.handouts import DIST_ZIP, OFFLINE_ZIP, OFFLINE_ZIP_NAME  # noqa: E402
from scripts import file_store  # noqa: E402

CONFIG = "mkdocs-offline.yml"
ZIP_NAME = OFFLINE_ZIP_NAME
FOLDER_IN_ZIP = "facial-spasm-guide"
DIST = DIST_ZIP.rsplit("/", 1)[0]
DOWNLOADS = OFFLINE_ZIP.rsplit("/", 1)[0]  # where the published site offers the zip
SHIM = ("vendor/iframe-worker", "assets/vendor/iframe-worker")

_URL_ATTR = re.compile(r'(?P<attr>\s(?:href|src))="(?P<url>[^"]*)"')
_REFRESH = re.compile(r'(?P<attr><meta http-equiv="refresh" content="\d+;\s*url=)(?P<url>[^"]*)"', re.I)
_LOADS = re.compile(r'<(?:script|img|iframe|source|video|audio)\b[^>]*\ssrc="([^"]*)"|<link\b[^>]*\shref="([^"]*)"[^>]*>', re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


class OfflineError(Exception):
    pass


def zip_path(project: Path = ROOT) -> Path:
    return project / DIST / ZIP_NAME


def _local_file(site: Path, page: PurePosixPath, path: str) -> str | None:
    """The file a relative link `path` from `page` means, as a relative link to that file, or None."""
    target = PurePosixPath(*(page.parent / path).parts)
    resolved = (site / target).resolve()
    if resolved.is_file():
        return path
    stem = path.rstrip("/")
    if (resolved / "index.html").is_file():
        return (stem + "/" if stem not in ("", ".") else "") + "index.html"
    if stem and stem not in (".", "..") and resolved.with_name(resolved.name + ".html").is_file():
        return stem + ".html"
    return None


def fix_links(site: Path) -> int:
    """Rewrite links to folders as links to files, in every HTML file. Returns how many changed."""
    changed = 0
    for html_file in sorted(site.rglob("*.html")):
        page = PurePosixPath(html_file.relative_to(site).as_posix())
        text = html_file.read_text(encoding="utf-8")

        def fix(match):
            nonlocal changed
            url = match.group("url")
            if not url or url.startswith("#") or _EXTERNAL.match(url):
                return match.group(0)
            path, hash_, anchor = url.partition("#")
            path, q, query = path.partition("?")
            new = _local_file(site, page, path)
            if new is None or new == path:
                return match.group(0)
            changed += 1
            return match.group(0).replace(url, new + q + query + hash_ + anchor, 1)

        new_text = _REFRESH.sub(fix, _URL_ATTR.sub(fix, text))
        if new_text != text:
            file_store.rewrite(html_file, new_text)  # a short-link page is a link to the store: never written through
    return changed


_SCRIPT_SRC = re.compile(r"(script-src [^;\"]*)")
_SEARCH = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
_SHIM_TEMPLATE = re.compile(r"document\.write\(`<html><body><script>(.*?)<\\/script>")
_SHIM_VALUE = re.compile(r"\$\{([a-z])\}")


def _function_source(code: str, name: str) -> str:
    """The text of `function name(...){...}` in minified code, as Function.prototype.toString gives it."""
    start = code.find(f"function {name}(")
    if start == -1:
        raise OfflineError(f"{SHIM[0]}/shim.js: no function {name}; update scripts/offline.py for this version")
    depth = 0
    for i in range(code.index("{", start), len(code)):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[start:i + 1]
    raise OfflineError(f"{SHIM[0]}/shim.js: function {name} does not end")


def shim_script(search_url: str, project: Path = ROOT) -> str:
    """The inline script the iframe-worker shim writes into its hidden frame, for a page whose
    search worker is at `search_url` (the page's relative `search` in Material's __config).

    Over file:// a web worker cannot start, so the shim runs the search worker in a hidden
    frame that it writes itself (document.write), starting with this inline script. The frame
    takes the page's Content-Security-Policy, so the page must allow the script. Its text is
    the shim's own: two of its functions (`${c}`, `${d}`, written out by toString) and the
    worker's address as the page names it (`${e}`, relative, so the same wherever the copy is
    unpacked; it differs only with the depth of the page). So it is allowed by its hash, like
    the theme's inline scripts (scripts/csp.py), never with 'unsafe-inline'.
    """
    code = (project / SHIM[0] / "shim.js").read_text(encoding="utf-8")
    m = _SHIM_TEMPLATE.search(code)
    if not m or "`" in m.group(1):
        raise OfflineError(f"{SHIM[0]}/shim.js: its frame's inline script was not found; update scripts/offline.py")
    template = m.group(1)
    names = set(_SHIM_VALUE.findall(template))
    worker = next((n for n in names if f'"${{{n}}}"' in template), None)
    if worker is None or len(names) != 3:
        raise OfflineError(f"{SHIM[0]}/shim.js: its frame's inline script has changed; update scripts/offline.py")
    values = {n: _function_source(code, n) for n in names if n != worker}
    values[worker] = search_url
    return _SHIM_VALUE.sub(lambda v: values[v.group(1)], template)


def allow_search_shim(site: Path, project: Path = ROOT) -> int:
    """Let the search work from disk under the Content-Security-Policy: add the hash of the
    shim's inline script (see `shim_script`) to script-src of every page that has search.
    Returns how many pages changed."""
    import json
    from scripts.csp import _sha256
    changed = 0
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        config = _SEARCH.search(text)
        if not config:
            continue
        search = json.loads(config.group(1)).get("search")
        if not search:
            continue
        if re.search(r"[\"'<>\\\n`$]", search):
            raise OfflineError(f"/{html_file.relative_to(site).as_posix()}: the search worker's address {search!r} "
                               "cannot be allowed by a hash")
        new = _SCRIPT_SRC.sub(lambda m: m.group(1) + " " + _sha256(shim_script(search, project)), text, count=1)
        if new != text:
            file_store.rewrite(html_file, new)
            changed += 1
    return changed


def check(site: Path) -> None:
    """Stop if a page links to a missing file or loads anything from another host."""
    problems = []
    for html_file in sorted(site.rglob("*.html")):
        page = PurePosixPath(html_file.relative_to(site).as_posix())
        text = html_file.read_text(encoding="utf-8")
        for a, b in _LOADS.findall(text):
            url = a or b
            if _EXTERNAL.match(url) and not url.startswith("data:"):
                tag = re.search(r'<link\b[^>]*href="' + re.escape(url) + r'"[^>]*>', text)
                if tag and re.search(r'rel="(canonical|alternate)"', tag.group(0)):
                    continue  # names the online page; loads nothing
                problems.append(f"/{page} loads {url} from another host")
        for match in _URL_ATTR.finditer(text):
            url = match.group("url")
            if not url or url.startswith("#") or _EXTERNAL.match(url):
                continue
            path = url.partition("#")[0].partition("?")[0]
            if path.startswith("/"):
                problems.append(f"/{page} links to {url}: from the site's root, which on a disk is the disk's root")
                continue
            if not (site / PurePosixPath(*(page.parent / path).parts)).resolve().is_file():
                problems.append(f"/{page} links to {url}, which is not a file of the copy")
    if problems:
        raise OfflineError(f"{len(problems)} problems in the offline copy:\n  " + "\n  ".join(sorted(set(problems))[:30]))


def make_zip(site: Path, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                z.write(path, f"{FOLDER_IN_ZIP}/{path.relative_to(site).as_posix()}")
    tmp.replace(out)
    return out


def build(project: Path = ROOT, site: Path | None = None, out: Path | None = None) -> Path:
    """Build, fix, check and zip the offline copy. Returns the zip's path."""
    site = site or project / "site-offline"
    out = out or zip_path(project)
    mkdocs = Path(sys.executable).with_name("mkdocs")
    step = [str(mkdocs), "build", "--strict", "--clean", "-f", CONFIG, "-d", str(site)]
    result = subprocess.run(step, cwd=project, capture_output=True, text=True)
    if result.returncode != 0:
        raise OfflineError(f"mkdocs build -f {CONFIG} failed:\n{result.stderr[-3000:]}")
    # The post-build steps of scripts/postbuild.py, with the links made to work from disk
    # before the Content-Security-Policy, which must come last.
    from macros.errors import DataError
    from scripts import csp, minify_assets, postbuild, qr_files, theme_css
    try:
        postbuild.write_short_links(site, project, CONFIG)
        qr_files.write(site)
    except (postbuild.PostBuildError, qr_files.QrFileError, DataError) as exc:
        raise OfflineError(getattr(exc, "message", str(exc))) from None
    theme_css.apply(site)
    minify_assets.apply(site)
    minify_assets.squeeze_pages(site)
    # The "not found" page links from the site's root ("/about/"), which means the disk's root here;
    # a copy on disk never shows it anyway.
    (site / "404.html").unlink(missing_ok=True)
    shutil.copytree(project / SHIM[0], site / SHIM[1], dirs_exist_ok=True)
    (site / SHIM[1] / "README.md").unlink(missing_ok=True)
    fix_links(site)
    try:
        csp.apply(site)  # the same policy as the published site: the inline scripts of the templates only
    except csp.UnknownScript as exc:
        raise OfflineError(str(exc)) from None
    allow_search_shim(site, project)
    check(site)
    return make_zip(site, out)


def publish(site: Path, project: Path = ROOT) -> Path | None:
    """Put the offline zip, if `make offline` made one, into the built site at /downloads/."""
    source = zip_path(project)
    if not source.is_file():
        return None
    target = site / DOWNLOADS / ZIP_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder (default: this one)")
    parser.add_argument("--out", type=Path, help=f"the zip to write (default: {DIST}/{ZIP_NAME})")
    args = parser.parse_args(argv)
    try:
        out = build(args.project.resolve(), out=args.out)
    except OfflineError as exc:
        print(f"Offline copy stopped: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
