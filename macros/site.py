"""Load and check everything, then register the macros. Called by `define_env`.

Order matters: configuration, then every data file, then every page's front
matter, then the cross-file checks. Only when all of that passes are macros
registered, so no page can render from data that is wrong.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from mkdocs.exceptions import PluginError
except ImportError:  # Zensical's build (make zensical) has no MkDocs: any exception stops it
    class PluginError(Exception):
        pass

from .data import load_file
from .errors import DataError, DataErrors
from .pages import PageInfo, load_pages
from .templates import Renderer

# Each component is a module in this package. A component may define:
#   FILE ("x.yml" in data/) and MODEL (the pydantic model of that file),
#   check(site) for checks across files, page_anchors(markdown, site) for the
#   anchors it renders on a page, and macros(site, env) returning its macros.
# Components are found by scanning this package, so adding one touches no other file.
_NOT_COMPONENTS = {"__init__", "site", "data", "errors", "text", "templates", "levels", "pages"}


def component_names() -> list[str]:
    here = Path(__file__).parent
    return sorted(p.stem for p in here.glob("*.py") if p.stem not in _NOT_COMPONENTS and not p.stem.startswith("_"))


@dataclass
class Site:
    root: Path
    config: Any
    renderer: Renderer
    emergency: Any = None
    data: dict[str, Any] = field(default_factory=dict)
    pages: dict[str, PageInfo] = field(default_factory=dict)
    cite: Any = None  # set by the sources component: numbers citations on the current page


def _component(name: str):
    return importlib.import_module(f"{__package__}.{name}")


def data_models() -> dict[str, Any]:
    """data file name -> model, from every component that owns a file."""
    models = {}
    for name in component_names():
        module = _component(name)
        if hasattr(module, "FILE"):
            models[module.FILE] = module.MODEL
    return models


# The last site load_site gave in this process, with what it was read from. scripts/build.py runs the
# post-build steps in MkDocs' process: they read the same snapshot the pages were built from instead
# of reading and checking everything a second time (bench/profile.md), but only when nothing it was
# read from has changed since (every file's size and time, the settings, the menu, the date).
_LAST: dict[str, Any] = {}


def _inputs(root: Path, config, extra: dict, docs_dir: Path) -> tuple:
    files = []
    for folder in (root / "data", docs_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                files.append((str(path), stat.st_size, stat.st_mtime_ns))
    nav = config.get("nav") if hasattr(config, "get") else None
    settings = json.dumps([extra, nav], sort_keys=True, default=str)
    return str(root.resolve()), str(docs_dir.resolve()), settings, tuple(files), dt.date.today()


def load_site(root: Path, config, extra: dict, docs_dir: Path | None = None, reuse: bool = False) -> Site:
    """Everything the macros need, validated. Raises DataError on any mistake.
    `reuse`: give the site this process last loaded if it was read from exactly the same inputs."""
    docs_dir = docs_dir or root / "docs"
    inputs = _inputs(root, config, extra, docs_dir)
    if reuse and _LAST.get("inputs") == inputs:
        return _LAST["site"]
    _LAST.clear()
    site = _load_site(root, config, extra, docs_dir)
    _LAST.update(inputs=inputs, site=site)
    return site


def _load_site(root: Path, config, extra: dict, docs_dir: Path) -> Site:
    from . import emergency
    from .levels import LABELS
    site = Site(root=root, config=config, renderer=Renderer(root / "overrides" / "partials"))
    site.renderer.env.globals["level_labels"] = LABELS
    site.emergency = emergency.load(extra)
    data_dir = root / "data"
    present = {p.name for p in data_dir.glob("*.yml")} | {p.name for p in data_dir.glob("*.yaml")}
    models = data_models()
    unknown = sorted(present - set(models))
    if unknown:
        raise DataError(f"data/{unknown[0]}", "no component reads this file; give a component FILE and MODEL, or remove it",
                        valid=sorted(models), found=unknown[0])
    errors: list[DataError] = []
    for file, model in models.items():
        try:
            site.data[file] = load_file(data_dir, file, model)
        except DataErrors as exc:
            errors += exc.errors
        except DataError as exc:
            errors.append(exc)
    if errors:
        raise DataErrors(errors)
    site.pages = load_pages(docs_dir)
    for name in component_names():
        module = _component(name)
        if hasattr(module, "page_anchors"):
            for page in site.pages.values():
                page.anchors |= module.page_anchors(page.markdown, site)
    # Components others depend on (sources) set a lower CHECK_ORDER so their own
    # mistakes are reported first, not as a confusing error in a file that uses them.
    checks = sorted(component_names(), key=lambda n: (getattr(_component(n), "CHECK_ORDER", 10), n))
    for name in checks:
        module = _component(name)
        if hasattr(module, "check"):
            module.check(site)
    return site


def _format_data_error(error, markdown, page):
    return f"Build stopped: {error.message}"


def register(env) -> None:
    # Show our errors as the editor's message only: mkdocs-macros would add a traceback.
    try:
        from mkdocs_macros.errors import format_error
        format_error.register(DataError)(_format_data_error)
    except ImportError:  # Zensical has its own macros, and no mkdocs-macros
        pass

    root = Path(env.project_dir)
    try:
        site = load_site(root, env.conf, dict(env.conf.get("extra") or {}), Path(env.conf["docs_dir"]))
        env.variables["emergency"] = site.emergency
        env.variables["crisis"] = _component("emergency").load_crisis(dict(env.conf.get("extra") or {}))
        registered: set[str] = set()
        for name in component_names():
            module = _component(name)
            if hasattr(module, "macros"):
                for macro_name, fn in module.macros(site, env).items():
                    env.macro(fn, macro_name)
                    registered.add(macro_name)
        # No page may use template syntax other than a call of these macros (macros/pages.py).
        from .pages import check_pages_template_syntax
        settings = {"emergency", "config", *dict(env.conf.get("extra") or {})}  # config: e.g. {{ config.site_url }}
        check_pages_template_syntax(site.pages.values(), registered, settings, env)
    except DataError as exc:
        raise PluginError(f"Build stopped: {exc.message}") from None
