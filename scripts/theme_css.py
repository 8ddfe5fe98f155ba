"""Trim the theme's stylesheets to the rules this site can use.

Material ships one stylesheet for every feature it has: blog posts, content tabs, cookie
consent, code blocks, the repository widget, right-to-left scripts, twenty colour palettes.
This guide uses few of them, yet every reader downloads all of it on the first page they open
(issue 13's 90 KB first-load budget; Material's two stylesheets were about 25 KB of it).

A rule is dropped only when no element of the built site can ever match it:
- it needs a class (``.md-tabs``, at the top level of the selector) that no built page has in a
  ``class`` attribute and that no script of the site names (Material's bundle and search worker,
  and ours, which add classes as they run: every word in them counts as a class they could add);
- or it needs a value of a palette or direction attribute (``[data-md-color-primary=red]``,
  ``[dir=rtl]``) that no built page sets.
Classes inside ``:not()``, ``:is()``, ``:where()`` and ``:has()`` are never used to drop a rule,
since ``:not(.unused)`` matches everything. Everything else (``@font-face``, ``@keyframes``,
``@page``, custom properties) stays as it is; an ``@media`` or ``@supports`` block goes only when
no rule is left in it. tests/theme_css/ shows pages in Chromium with the trimmed and the theme's
own stylesheets and checks the two look the same, pixel for pixel.

A trimmed file gets a new name from its new content (``main.<hash>.min.css``), so a browser
never keeps an old copy under the theme's name, and every page links the new name. Its source
map no longer fits it and is removed. The result is kept in .cache/theme-css/, keyed by the
stylesheet and the names the site uses, so `make serve` trims again only when those change.

Run by scripts/postbuild.py (and scripts/offline.py) before the site's own files are minified.

Usage: python scripts/theme_css.py SITE_DIR
"""
from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "theme-css"
CACHE_KEEP = 16                       # newest results kept in the cache
STYLESHEETS = "assets/stylesheets"    # Material's own; the site's are in assets/css
SCRIPTS = ("assets/javascripts", "assets/js")
# Attributes whose values only the pages set (the palette toggle copies them from its inputs).
PAGE_SET_ATTRIBUTES = re.compile(r"^(data-md-color-(scheme|primary|accent)|dir)$")
# Each pattern starts with plain text, which Python's re finds fast (a leading \\b made the scan of
# every page five times slower). Without it, "data-class=" or "data-dir=" count as well: that can
# only keep a rule, never drop one.
_CLASS_ATTR = re.compile(r"""class=\\?["']([^"'\\]*)""")
_ATTR_VALUES = (re.compile(r"""(data-md-color-(?:scheme|primary|accent))=\\?["']([^"'\\]*)"""),
                re.compile(r"""(dir)=\\?["']([^"'\\]*)"""))
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_PREFIX = re.compile(r"""["'`]([A-Za-z][\w-]*[-_])["'`]""")  # "md-typeset__" + ...: a class built by joining


@dataclass(frozen=True)
class Used:
    """What the built site can match: classes, the words of its scripts, and page-set attribute values."""
    classes: frozenset
    words: frozenset
    prefixes: tuple
    values: frozenset           # (attribute, value) pairs

    def has_class(self, name: str) -> bool:
        return name in self.classes or name in self.words or name.startswith(self.prefixes)

    def has_value(self, attribute: str, value: str) -> bool:
        return (attribute, value) in self.values

    @functools.cached_property  # one per build, for each stylesheet's cache key: sorting thousands of names
    def _key(self) -> str:
        parts = [*sorted(self.classes), "|", *sorted(self.words), "|", *self.prefixes, "|",
                 *sorted(f"{a}={v}" for a, v in self.values)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def key(self) -> str:
        return self._key


def _names_in(text: str, script: bool) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """One file's classes, attribute values, and (a script's) words and class-name prefixes."""
    classes, values = set(), set()
    for attr in _CLASS_ATTR.findall(text):
        classes.update(attr.split())
    for pattern in _ATTR_VALUES:
        values.update(pattern.findall(text))
    words = frozenset(_WORD.findall(text)) if script else frozenset()
    prefixes = frozenset(_PREFIX.findall(text)) if script else frozenset()
    return frozenset(classes), frozenset(values), words, prefixes


def _names_in_tagged(tagged: str) -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """_names_in for "js\0<text>" or "html\0<text>": the kind is part of the memo's key."""
    kind, text = tagged.split("\0", 1)
    return _names_in(text, kind == "js")


def _memo(name: str = "theme-css-names"):
    """What a step of this file gave for each text, kept between builds (macros/data.py Memo): by
    default _names_in for each file's text (the theme's scripts and most pages are the same from
    one build to the next)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from macros.data import Memo
    return Memo(name, [Path(__file__)])


def used_names(site: Path) -> Used:
    classes, words, prefixes, values = set(), set(), set(), set()
    memo = _memo()
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".json", ".js") or path.name == "search_index.json":
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = memo(("js\0" if path.suffix == ".js" else "html\0") + text, _names_in_tagged)
        classes |= found[0]
        values |= found[1]
        words |= found[2]
        prefixes |= found[3]
    memo.save()
    return Used(frozenset(classes), frozenset(words), tuple(sorted(prefixes)), frozenset(values))


def _selectors(prelude: list) -> list[list]:
    """A rule's selector list, split at its top-level commas."""
    out, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append(current)
            current = []
        else:
            current.append(token)
    out.append(current)
    return out


def _can_match(selector: list, used: Used) -> bool:
    tokens = [t for t in selector if t.type not in ("whitespace", "comment")]
    for i, token in enumerate(tokens):
        if (token.type == "literal" and token.value == "." and i + 1 < len(tokens)
                and tokens[i + 1].type == "ident" and not used.has_class(tokens[i + 1].value)):
            return False
        if token.type == "[] block":
            inner = [t for t in token.content if t.type not in ("whitespace", "comment")]
            if (len(inner) == 3 and inner[0].type == "ident" and PAGE_SET_ATTRIBUTES.match(inner[0].lower_value)
                    and inner[1].type == "literal" and inner[1].value == "="
                    and inner[2].type in ("ident", "string")
                    and not used.has_value(inner[0].lower_value, inner[2].value)):
                return False
    return True


def _trim_rules(rules: list, used: Used) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [s for s in _selectors(rule.prelude) if _can_match(s, used)]
            if kept:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in kept)
                out.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in (
                "media", "supports", "container", "layer"):
            inner = _trim_rules(tinycss2.parse_rule_list(rule.content, skip_whitespace=True, skip_comments=True), used)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
        elif rule.type in ("at-rule", "qualified-rule"):
            out.append(tinycss2.serialize([rule]))
        # parse errors and comments (the source-map line among them) are dropped
    return out


def trim(css: str, used: Used) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)
    return "".join(_trim_rules(rules, used)) + "\n"


def _cached_trim(css: str, used: Used, cache: Path | None) -> str:
    if cache is None:
        return trim(css, used)
    key = hashlib.sha256((hashlib.sha256(css.encode()).hexdigest() + used.key()).encode()).hexdigest()[:32]
    hit = cache / f"{key}.css"
    if hit.is_file():
        return hit.read_text(encoding="utf-8")
    result = trim(css, used)
    cache.mkdir(parents=True, exist_ok=True)
    hit.write_text(result, encoding="utf-8")
    for old in sorted(cache.glob("*.css"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
    return result


@dataclass
class Trimmed:
    old: str                    # file name the theme gave it
    new: str                    # file name after trimming
    before: int                 # gzip bytes
    after: int


def _gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), 9))


def apply(site: Path, cache: Path | None = CACHE, pages=None) -> list[Trimmed]:
    """Trim every theme stylesheet of the built site in place, rename it and relink the pages.
    `pages`: a scripts/file_store.Pages the later steps share (then the caller flushes it)."""
    folder = site / STYLESHEETS
    if not folder.is_dir():
        return []
    used = used_names(site)
    done, renames = [], {}
    sizes = _memo("theme-css-gzip")  # the report's sizes: gzip at level 9 was a twentieth of a build
    for path in sorted(folder.glob("*.min.css")):
        css = path.read_text(encoding="utf-8")
        new_css = _cached_trim(css, used, cache)
        stem = path.name.split(".", 1)[0]  # "main", "palette"
        new_name = f"{stem}.{hashlib.sha256(new_css.encode()).hexdigest()[:8]}.min.css"
        path.unlink()
        (folder / f"{path.name}.map").unlink(missing_ok=True)
        (folder / new_name).write_text(new_css, encoding="utf-8")
        renames[path.name] = new_name
        done.append(Trimmed(path.name, new_name, sizes(css, _gzip_size), sizes(new_css, _gzip_size)))
    sizes.save()
    if renames:
        pattern = re.compile("|".join(re.escape(f"{STYLESHEETS}/{old}") for old in renames))
        from scripts import file_store
        html = pages or file_store.Pages(site)
        for page in html.paths():
            html.write(page, pattern.sub(lambda m: f"{STYLESHEETS}/{renames[m.group(0).rsplit('/', 1)[1]]}",
                                         html.read(page)))
        if pages is None:
            html.flush()
    return done


def report(done: list[Trimmed]) -> str:
    return "Trimmed the theme's stylesheets to the rules the site uses: " + ", ".join(
        f"{t.old.split('.', 1)[0]} {t.before / 1024:.1f} -> {t.after / 1024:.1f} KB gzip" for t in done)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    args = parser.parse_args(argv)
    print(report(apply(args.site)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
