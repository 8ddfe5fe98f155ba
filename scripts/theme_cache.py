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

import hashlib
import marshal
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The same folder as macros/data.py:cache_root(). Not imported from there: this runs before MkDocs,
# and importing macros/ now would make mkdocs-macros reuse this repository's package for a project
# copy (scripts/build.py --project) instead of the copy's own.
CACHE_ENV = "FSG_CACHE_DIR"


def _cache(name: str) -> Path:
    return Path(os.environ.get(CACHE_ENV) or ROOT / ".cache") / name


PAGES_KEEP = 400  # newest compiled pages kept


def install(folder: Path | None = None) -> bool:
    """Give every MkDocs theme environment made from now on a bytecode cache in `folder`.
    False (and nothing changed) where the folder cannot be made."""
    import mkdocs.theme
    from jinja2 import FileSystemBytecodeCache
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
        return env

    get_env.fsg_cached = True
    mkdocs.theme.Theme.get_env = get_env
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
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(marshal.dumps(code))
            tmp.replace(path)
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
