"""Add a Content-Security-Policy <meta> tag to every HTML file of a built site.

The policy lets a page load scripts, styles, fonts, images, workers and data only from
the site's own origin. The few inline scripts Material for MkDocs writes into each page
(its local-storage helpers, the colour palette restorer, a tab fixer) are allowed by
their SHA-256 hash. One of them contains the page's relative base URL, so the hashes differ
with the depth of the page: they are computed per file, after the build, from the exact
text that is in the file. Inline style attributes, if a page has any (Markdown tables
with aligned columns write `style="text-align: ..."`), are allowed the same way, by hash,
with 'unsafe-hashes'; inline <style> elements are not allowed at all.

Only the inline scripts that a template writes are allowed: the policy is built from
the `<script>` elements in the theme's templates and ours (overrides/, where a file
replaces the theme's file of the same name) and in the mkdocs-redirects page, known
before any page is built. A value a template fills in (`{{ base_url }}`) may be any
text without quotes, angle brackets or line breaks, so it cannot break out of its
string. Any other inline script in a page (one written into a page's Markdown, say)
is not hashed, so a browser would block it, and the build stops, naming the file.

Run it last among the post-build steps: anything that changes a page's inline scripts
after it has run would be blocked in the browser.

    python scripts/csp.py site/          # rewrite every .html file under site/ in place
    python scripts/csp.py --check site/  # only report files whose policy is missing or stale
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import os
import re
import sys
from pathlib import Path

# Everything that is not listed falls back to default-src.
BASE_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Material's icons in CSS (admonitions, lists, the care-card icons) are data: SVG masks.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

META_NAME = "Content-Security-Policy"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_STYLE_ATTR = re.compile(r"""<[a-zA-Z][^<>]*?\sstyle=(?:"([^"]*)"|'([^']*)')""")
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_EXISTING = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


def _sha256(text: str) -> str:
    # Browsers hash the UTF-8 bytes of the text after newline normalisation.
    digest = hashlib.sha256(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


ROOT = Path(__file__).resolve().parent.parent
_JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.S)   # {{ base_url }} in a Jinja template
_FORMAT_VALUE = re.compile(r"\{[a-z_]+\}")         # {url} in mkdocs-redirects' str.format template
_VALUE = r"""[^"'<>\\\n]*"""


class UnknownScript(ValueError):
    """An inline script that no template writes."""


def _template_scripts(text: str) -> list[str]:
    return [body for attrs, body in _SCRIPT.findall(text) if not _SRC.search(attrs) and _runs(attrs) and body.strip()]


def _runs(attrs: str) -> bool:
    m = _TYPE.search(attrs)
    kind = (next(g for g in m.groups() if g is not None) if m else "").strip().lower()
    return kind in _JS_TYPES


# Folders of Material's templates that hold no templates: .icons alone has some 14,000 SVG files,
# and walking them was the slowest part of this step (bench/profile.md).
_NOT_TEMPLATES = {".icons", "assets", "__pycache__"}


def _html_files(theme: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(theme):
        dirs[:] = [d for d in dirs if d not in _NOT_TEMPLATES]
        found += [Path(folder) / n for n in names if n.endswith(".html")]
    return sorted(found)


def template_script_patterns(overrides: Path = ROOT / "overrides") -> list[re.Pattern]:
    """One pattern per inline script a template can write, values left open."""
    import material
    import mkdocs_redirects.plugin
    theme = Path(material.__file__).parent / "templates"
    files: dict[str, Path] = {p.relative_to(theme).as_posix(): p for p in _html_files(theme)}
    if overrides.is_dir():
        files |= {p.relative_to(overrides).as_posix(): p for p in overrides.rglob("*.html")}
    bodies = [(b, _JINJA_VALUE) for p in files.values() for b in _template_scripts(p.read_text(encoding="utf-8"))]
    bodies += [(b, _FORMAT_VALUE) for b in _template_scripts(mkdocs_redirects.plugin.HTML_TEMPLATE)]
    patterns = []
    for body, value in bodies:
        parts = value.split(body)
        patterns.append(re.compile(_VALUE.join(re.escape(p) for p in parts), re.S))
    return patterns


def _patterns_key(overrides: Path) -> str | None:
    """What the patterns are made from, without importing Material or mkdocs-redirects: this
    file, every Material template (path, size, modification time), mkdocs-redirects' plugin
    file, and the text of every template in overrides/. None if a package cannot be found."""
    import importlib.util
    digest = hashlib.sha256(Path(__file__).read_bytes())
    material = importlib.util.find_spec("material")
    redirects = importlib.util.find_spec("mkdocs_redirects.plugin")
    if material is None or not material.submodule_search_locations or redirects is None or not redirects.origin:
        return None
    theme = Path(list(material.submodule_search_locations)[0]) / "templates"
    for path in [*_html_files(theme), Path(redirects.origin)]:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    if overrides.is_dir():
        for path in sorted(overrides.rglob("*.html")):
            digest.update(path.relative_to(overrides).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_file() -> Path:
    # The QR codes' cache folder (macros/printing.py: FSG_CACHE_DIR, default .cache/ in the project).
    return Path(os.environ.get("FSG_CACHE_DIR") or ROOT / ".cache") / "csp" / "template-scripts.json"


def cached_template_script_patterns(overrides: Path = ROOT / "overrides") -> list[re.Pattern]:
    """template_script_patterns, kept on disk between builds under a key of everything they are
    made from (_patterns_key), so a changed template or theme is never matched by stale ones.
    A cache file that cannot be read or written is simply made again."""
    import json
    try:
        key = _patterns_key(overrides)
    except OSError:
        key = None
    path = _cache_file()
    if key is not None:
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            if cached.get("key") == key:
                return [re.compile(source, re.S) for source in cached["patterns"]]
        except (OSError, ValueError, KeyError, TypeError, re.error):
            pass
    patterns = template_script_patterns(overrides)
    if key is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "patterns": [p.pattern for p in patterns]}), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    return patterns


_PATTERNS: list[re.Pattern] | None = None


def _allowed(body: str) -> bool:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = cached_template_script_patterns()
    return any(p.fullmatch(body) for p in _PATTERNS)


def unknown_scripts(page: str) -> list[str]:
    """Inline scripts in the page that no template writes (the first 60 characters of each)."""
    return [" ".join(body.split())[:60] for attrs, body in _SCRIPT.findall(page)
            if not _SRC.search(attrs) and _runs(attrs) and body.strip() and not _allowed(body)]


def inline_script_hashes(page: str) -> list[str]:
    """Hashes of the inline scripts a browser would run (JSON data blocks are not run),
    for those a template writes only."""
    hashes = []
    for attrs, body in _SCRIPT.findall(page):
        if _SRC.search(attrs) or not _runs(attrs) or not body.strip():
            continue
        if _allowed(body):
            hashes.append(_sha256(body))
    return sorted(set(hashes))


def style_attribute_hashes(page: str) -> list[str]:
    without_scripts = _SCRIPT.sub("", page)
    values = {html.unescape(a if a is not None else b) for a, b in _STYLE_ATTR.findall(without_scripts)}
    return sorted({_sha256(v) for v in values})


def policy_for(page: str) -> str:
    directives = {k: list(v) for k, v in BASE_POLICY.items()}
    directives["script-src"] += inline_script_hashes(page)
    styles = style_attribute_hashes(page)
    if styles:
        directives["style-src"] += ["'unsafe-hashes'", *styles]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def meta_tag(policy: str) -> str:
    assert '"' not in policy
    return f'<meta http-equiv="{META_NAME}" content="{html.escape(policy, quote=False)}">'


def current_policy(page: str) -> str | None:
    m = _EXISTING.search(page)
    if not m:
        return None
    return html.unescape(re.search(r'content="([^"]*)"', m.group(0)).group(1))


def add_policy(page: str, policy: str | None = None) -> str:
    """The page with exactly one CSP meta tag, placed before anything it governs.
    `policy`: policy_for the page without its old tag, where already worked out."""
    page = _EXISTING.sub("", page)
    tag = meta_tag(policy if policy is not None else policy_for(page))
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        raise ValueError("no <head> to put the Content-Security-Policy in")
    # On a line of its own, not indented: the page then squeezes the same (scripts/minify_assets.py),
    # so a page written as it is published (the short links) is never rewritten.
    return page[:anchor.end()] + "\n" + tag + page[anchor.end():]


def _facts(page: str) -> tuple[tuple[str, ...], str | None]:
    """A page's inline scripts that no template writes, and (when there are none) its policy."""
    found = tuple(unknown_scripts(page))
    return found, None if found else policy_for(_EXISTING.sub("", page))


def _memo():
    """What _facts gave for each page's text, kept between builds (macros/data.py Memo). Its key
    is this file and the template scripts' patterns, so a changed template is never matched
    by stale ones."""
    global _PATTERNS
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from macros.data import Memo
    if _PATTERNS is None:
        _PATTERNS = cached_template_script_patterns()
    return Memo("csp", [Path(__file__)], *(p.pattern for p in _PATTERNS))


def apply(site: Path, html=None) -> list[Path]:
    """Rewrite every HTML file under site in place; returns the files changed.
    Raises UnknownScript, changing nothing, if a page has an inline script no template writes.
    `html`: a scripts/file_store.Pages the earlier steps shared; it is written here, at the end."""
    memo = _memo()  # puts this project on the import path
    from scripts import file_store
    html = html or file_store.Pages(site)
    pages = []
    for path in html.paths():
        text = html.read(path)
        found, policy = memo(text, _facts)
        if found:
            raise UnknownScript(f"{path.relative_to(site).as_posix()}: an inline script that no template writes "
                                f"(\"{found[0]}…\"). Scripts go in docs/assets/js/ and load from a template; "
                                "a page's Markdown may not contain one (and a value a template fills into "
                                "an inline script may not hold quotes, angle brackets or line breaks)")
        pages.append((path, text, policy))
    memo.save()
    changed = []
    for path, text, policy in pages:
        new = add_policy(text, policy)
        if new != text:
            html.write(path, new)
            changed.append(path)
    html.flush()
    return changed


def stale(site: Path) -> list[Path]:
    """HTML files whose policy is missing or does not match their inline scripts."""
    bad = []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if current_policy(text) != policy_for(_EXISTING.sub("", text)):
            bad.append(path)
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="Run by scripts/postbuild.py as its last step.")
    parser.add_argument("site", type=Path, help="the built site folder (mkdocs build -d ...)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page's policy is missing or stale")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder")
    if args.check:
        bad = stale(args.site)
        for path in bad:
            print(f"{path}: Content-Security-Policy missing or stale", file=sys.stderr)
        return 1 if bad else 0
    try:
        changed = apply(args.site)
    except UnknownScript as exc:
        print(f"Content-Security-Policy: {exc}", file=sys.stderr)
        return 1
    print(f"Content-Security-Policy: {len(changed)} HTML files updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
