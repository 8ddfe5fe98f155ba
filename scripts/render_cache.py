"""Rendered pages kept between builds (issue 17): each page's Markdown, and its search entries.

A warm `make build` spent a third of its time turning the same Markdown into the same HTML
(Python-Markdown, with MkDocs' link and anchor checks on top), and then parsing that same
HTML again for Material's search index (bench/profile.md). What both give depends only on
their inputs, so each is kept on disk and read back while its inputs are the same:

- **A page's Markdown** (`install_markdown`, MkDocs' `Page.render`). The key is the page's
  Markdown as the macros left it; where the page is and where every file of the site is
  (its links are checked against them and made relative to the page); the Markdown
  settings; the link-check settings; the text of the snippet files every page gets
  (the glossary, `auto_append`); and the versions of Python, Markdown, the extensions,
  MkDocs and Material. What is kept: the HTML, the table of contents, the title, and the
  anchors the page has and links to, which MkDocs checks across pages after every page is
  rendered, as before.
- **A page's search entries** (`install_search`, Material's `add_entry_from_context`), keyed
  by the page's HTML, address, title, table of contents and front-matter search settings.

What is never kept, so it is done again on every build as before:

- a page whose rendering logged anything (a broken link, a missing anchor, an excluded
  target, a notice): its message must appear on every build, and `--strict` must stop
  on it every time;
- a page that includes a snippet itself (`--8<--`), whose included files are not in the key;
- everything, when the Markdown settings name an extension outside Markdown, pymdown-extensions,
  MkDocs and Material (its code is not in the key), or when MkDocs logs at debug level.

Like scripts/theme_cache.py, this is installed only by scripts/build.py and scripts/serve.py,
before MkDocs runs. It is not a plugin, and Zensical (which renders pages itself and keeps
its own cache) needs none of it. A cache file that cannot be read or written is made again.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import sys
from pathlib import Path

# The cache folder is scripts/theme_cache.py's (the same as macros/data.py:cache_root(), which is
# not imported here: this runs before MkDocs, see theme_cache).
from scripts.theme_cache import _cache, write_whole

KEEP = 400  # newest entries kept in each folder
SNIPPET_MARK = "--8<--"
# Where an extension's code may come from for its output to be covered by the versions in the key.
_KNOWN_PACKAGES = ("markdown.", "pymdownx.", "mkdocs.", "material.")
_VERSIONED = ("markdown", "pymdown-extensions", "mkdocs", "mkdocs-material", "pygments")


@functools.cache
def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version
    found = [sys.version]
    for name in _VERSIONED:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} absent")
    return repr(found)


def _stable(value) -> str:
    """A text for a setting that is the same in every process (no memory addresses)."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{_stable(k)}:{_stable(v)}" for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, functools.partial):
        return f"partial({_stable(value.func)},{_stable(value.args)},{_stable(value.keywords)})"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    return repr(value)


def cacheable_extensions(config) -> bool:
    """True when every Markdown extension's code is covered by the versions in the key."""
    for ext in config["markdown_extensions"]:
        if not isinstance(ext, str):
            return False  # an Extension object: its code could be anywhere
        if "." in ext and not ext.startswith(_KNOWN_PACKAGES):
            return False
    return True


def _snippet_files(config) -> list[str]:
    """The text of every file the snippets extension adds to each page."""
    settings = (config["mdx_configs"] or {}).get("pymdownx.snippets") or {}
    texts = []
    for name in settings.get("auto_append") or []:
        for base in settings.get("base_path") or ["."]:
            path = Path(base) / name
            try:
                texts.append(f"{path}\0{hashlib.sha256(path.read_bytes()).hexdigest()}")
            except OSError:
                texts.append(f"{path} absent")
    return texts


def _site_key(config, files) -> str:
    """What every page's key shares: the settings, the snippets, every file and where it goes."""
    where = sorted((f.src_uri, f.url, f.dest_uri, str(f.inclusion)) for f in files)
    return repr([_versions(), _stable(config["markdown_extensions"]), _stable(config["mdx_configs"] or {}),
                 _stable(config.validation), config["use_directory_urls"], _snippet_files(config), where])


class _Logged(logging.Handler):
    """Notes whether anything was logged while a page rendered."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _read(path: Path):
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError, ImportError, IndexError):
        return None


def _write(folder: Path, path: Path, value) -> None:
    try:
        if write_whole(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)):
            for old in sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PickleError, TypeError, AttributeError):
        pass


def install_markdown(folder: Path | None = None) -> bool:
    """Keep each page's rendered Markdown in `folder` (default .cache/markdown/)."""
    from mkdocs.structure import pages
    folder = folder or _cache("markdown")
    original = pages.Page.render
    if getattr(original, "fsg_cached", False):
        return True
    shared: dict = {}  # the site key, worked out once per build (per Files object)

    def render(self, config, files):
        if (self.markdown is None or SNIPPET_MARK in self.markdown or not cacheable_extensions(config)
                or pages.log.getEffectiveLevel() <= logging.DEBUG):
            return original(self, config, files)
        if shared.get("files") is not files or shared.get("config") is not config:
            shared.update(files=files, config=config, key=_site_key(config, files))
        key = hashlib.sha256("\0".join([shared["key"], self.file.src_uri, self.file.url, self.file.dest_uri,
                                        self.markdown]).encode("utf-8")).hexdigest()[:40]
        path = folder / f"{key}.pickle"
        kept = _read(path)
        if isinstance(kept, dict) and kept.get("src_uri") == self.file.src_uri:
            targets = {name: files.get_file_from_path(name) for name in kept["links_to_anchors"]}
            if all(targets.values()):
                self.content = kept["content"]
                self.toc = kept["toc"]
                self._title_from_render = kept["title"]
                self.present_anchor_ids = set(kept["present_anchor_ids"])
                self.links_to_anchors = {targets[name]: dict(links) for name, links in kept["links_to_anchors"].items()}
                return None
        # Render as MkDocs does, and note whether anything was logged (then nothing is kept).
        logged = _Logged()
        watched = [logging.getLogger(), logging.getLogger("mkdocs")]  # MkDocs' loggers do not propagate
        for logger in watched:
            logger.addHandler(logged)
        try:
            result = original(self, config, files)
        finally:
            for logger in watched:
                logger.removeHandler(logged)
        if logged.count == 0 and self.links_to_anchors is not None:
            _write(folder, path, {
                "src_uri": self.file.src_uri, "content": self.content, "toc": self.toc,
                "title": self._title_from_render, "present_anchor_ids": sorted(self.present_anchor_ids or ()),
                "links_to_anchors": {target.src_uri: dict(links) for target, links in self.links_to_anchors.items()},
            })
        return result

    render.fsg_cached = True
    pages.Page.render = render
    return True


def _toc_key(toc) -> list:
    return [(item.id, item.title, item.url, item.level, _toc_key(item.children)) for item in toc]


def install_search(folder: Path | None = None) -> bool:
    """Keep each page's search entries (Material's search plugin) in `folder` (default .cache/search/)."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:
        return False
    folder = folder or _cache("search")
    original = search.SearchIndex.add_entry_from_context
    if getattr(original, "fsg_cached", False):
        return True

    def add_entry_from_context(self, page):
        if search.jieba is not None:  # Chinese word splitting has settings of its own
            return original(self, page)
        meta = {name: page.meta.get(name) for name in ("title", "tags", "search")}
        key = hashlib.sha256(repr([_versions(), page.url, str(page.title), _stable(meta), _toc_key(page.toc),
                                   page.content]).encode("utf-8")).hexdigest()[:40]
        path = folder / f"{key}.pickle"
        kept = _read(path)
        if isinstance(kept, list):
            self.entries.extend(kept)
            return None
        before = len(self.entries)
        result = original(self, page)
        _write(folder, path, self.entries[before:])
        return result

    add_entry_from_context.fsg_cached = True
    search.SearchIndex.add_entry_from_context = add_entry_from_context
    return True


def install() -> None:
    install_markdown()
    install_search()
