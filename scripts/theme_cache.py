"""Compiled theme templates kept between builds (issue 17).

MkDocs makes a new Jinja environment for the theme on every build, with no bytecode cache,
so Material's and overrides/' templates (about 50) are compiled from source each time:
about a tenth of `make build` and of each `make serve` rebuild. `install()` gives that
environment the same kind of cache our own partials use (macros/templates.py), in
.cache/jinja-theme/. Jinja checks each cached template against its source, so an edited
override is compiled again. Only scripts/build.py and scripts/serve.py call this, before
MkDocs runs: it is not a plugin or a hook, and under Zensical (which has no MkDocs theme
environment) nothing of it is needed.
"""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The same folder as macros/data.py:cache_root(). Not imported from there: this runs before MkDocs,
# and importing macros/ now would make mkdocs-macros reuse this repository's package for a project
# copy (scripts/build.py --project) instead of the copy's own.
CACHE_ENV = "FSG_CACHE_DIR"


def _cache(name: str) -> Path:
    return Path(os.environ.get(CACHE_ENV) or ROOT / ".cache") / name


PAGES_KEEP = 400  # newest compiled pages kept


def write_whole(path: Path, data: bytes) -> bool:
    """Write a cache file whole (a new file put in place, so a build beside this one never reads
    half of it). False, and nothing written, where it cannot be: the next build only works it out again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def install(folder: Path | None = None) -> bool:
    """Give every MkDocs theme environment made from now on a bytecode cache in `folder`.
    False (and nothing changed) where the folder cannot be made."""
    import mkdocs.theme
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader
    folder = folder or _cache("jinja-theme")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    original = mkdocs.theme.Theme.get_env
    if getattr(original, "fsg_cached", False):
        return True

    def get_env(self):
        env = original(self)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        if type(env.loader).list_templates is FileSystemLoader.list_templates:
            env.loader.list_templates = functools.partial(_list_templates, env.loader)
        return env

    get_env.fsg_cached = True
    mkdocs.theme.Theme.get_env = get_env
    return True


# MkDocs lists every file of the theme's folders on each build, to copy the theme's own CSS and
# scripts: Material's folder holds some 14,500 files, nearly all icons, and walking it was a
# fortieth of a build. The list of a folder is kept with the modification time of each of its
# folders, which changes whenever a file is added, removed or renamed in it; while they are all
# the same, so is the list.
def _walk(root: str) -> tuple[dict[str, int], list[str]]:
    """Each folder's modification time, and every file as jinja2's FileSystemLoader.list_templates
    (3.1) names it: relative to `root`, with "/"."""
    folders, names = {}, []
    for dirpath, _, filenames in os.walk(root):
        folders[dirpath] = os.stat(dirpath).st_mtime_ns
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(root):].strip(os.path.sep).replace(os.path.sep, "/")
            names.append(name[2:] if name[:2] == "./" else name)
    return folders, names


def folder_files(root: str, cache: Path | None = None) -> list[str]:
    """Every file under the folder `root`, named as list_templates names it; from the cache while
    no folder under it has changed."""
    import pickle
    path = (cache or _cache("theme-files")) / (hashlib.sha256(root.encode()).hexdigest()[:32] + ".pickle")
    try:
        kept = pickle.loads(path.read_bytes())
        if kept["root"] == root and all(os.stat(d).st_mtime_ns == t for d, t in kept["folders"].items()):
            return kept["names"]
    except Exception:  # noqa: BLE001 - missing, cut short or from other code: walk again
        pass
    folders, names = _walk(root)
    if max(folders.values(), default=0) > time.time_ns() - 2_000_000_000:
        return names  # a folder changed in the last 2 s: a change in the same clock tick could go unseen
    write_whole(path, pickle.dumps({"root": root, "folders": folders, "names": names}, protocol=pickle.HIGHEST_PROTOCOL))
    return names


def _list_templates(loader) -> list[str]:
    """jinja2's FileSystemLoader.list_templates, from folder_files."""
    found = set()
    for searchpath in loader.searchpath:
        found.update(folder_files(searchpath))
    return sorted(found)


# Of that list, MkDocs keeps the few files that are not templates, testing each of the 14,500 names
# against 15 patterns one by one with fnmatch: another thirtieth of a build. This is MkDocs 1.6.1's
# Files.add_files_from_theme with the same patterns made into one regular expression (fnmatch
# makes each pattern into one too), used only with that MkDocs version.
def _add_files_from_theme(self, env, config) -> None:
    import fnmatch
    import re

    from mkdocs import utils
    from mkdocs.structure.files import File

    patterns = ['.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml']
    patterns.append("locales/*")
    patterns.extend(f'*{x}' for x in utils.markdown_extensions)
    patterns.extend(config.theme.static_templates)
    excluded = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))
    for path in env.list_templates(filter_func=lambda name: not excluded.match(name.lower())):
        # Theme files do not override docs_dir files
        if self.get_file_from_path(path) is None:
            for dir in config.theme.dirs:
                # Find the first theme dir which contains path
                if os.path.isfile(os.path.join(dir, path)):
                    self.append(File(path, dir, config.site_dir, config.use_directory_urls))
                    break


def install_theme_files() -> bool:
    """Use _add_files_from_theme under MkDocs 1.6.1 (whose code it follows); False under any other."""
    import mkdocs
    from mkdocs.structure.files import Files
    if mkdocs.__version__ != "1.6.1":
        return False
    Files.add_files_from_theme = _add_files_from_theme
    return True


# mkdocs-macros turns every page into a Jinja template with `from_string`, which Jinja never caches:
# each build and each `make serve` rebuild compiled all the pages again (bench/profile.md). What
# compiling gives depends only on the page's text, Jinja's version and the environment's settings:
# its delimiters and whitespace rules, autoescape, extensions, and which filters and tests exist
# and how each is called. All of that is the key; a page whose text or settings changed is compiled
# again, and a template with a syntax error is never kept (Jinja raises before anything is written).
def _environment_key(env) -> str:
    from jinja2 import __version__
    from jinja2.utils import _PassArg
    autoescape = env.autoescape(None) if callable(env.autoescape) else env.autoescape
    settings = [sys.version, __version__, env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async, autoescape,
                env.finalize is not None, type(env).__qualname__, env.code_generator_class.__qualname__,
                sorted(env.extensions),
                sorted((n, str(_PassArg.from_obj(f))) for n, f in env.filters.items()),
                sorted((n, str(_PassArg.from_obj(f))) for n, f in env.tests.items())]
    return repr(settings)


def cache_page_templates(env, folder: Path) -> None:
    """Keep what `env.from_string` compiles in `folder`, keyed by the source and `_environment_key`."""
    original = env.compile

    def compile(source, name=None, filename=None, raw=False, defer_init=False):
        if raw or defer_init or name is not None or filename is not None or not isinstance(source, str):
            return original(source, name, filename, raw, defer_init)
        key = hashlib.sha256((_environment_key(env) + "\0" + source).encode("utf-8")).hexdigest()[:40]
        path = folder / f"{key}.code"
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        code = original(source, name, filename, raw, defer_init)
        try:
            if write_whole(path, marshal.dumps(code)):
                for old in sorted(folder.glob("*.code"), key=lambda p: p.stat().st_mtime, reverse=True)[PAGES_KEEP:]:
                    old.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass
        return code

    env.compile = compile


def install_pages(folder: Path | None = None) -> bool:
    """Give mkdocs-macros' environment, made on every build, `cache_page_templates`."""
    try:
        from mkdocs_macros.plugin import MacrosPlugin
    except ImportError:
        return False
    folder = folder or _cache("jinja-pages")
    original = MacrosPlugin.on_config
    if getattr(original, "fsg_cached", False):
        return True

    def on_config(self, config):
        result = original(self, config)
        cache_page_templates(self.env, folder)
        return result

    on_config.fsg_cached = True
    MacrosPlugin.on_config = on_config
    return True
