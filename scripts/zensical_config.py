"""The Zensical build's config, made from mkdocs.yml (never a second hand-written copy).

Zensical reads mkdocs.yml itself, but it has no `-d`/`--site-dir` option and wants its
site folder inside the folder of its config file. So this writes mkdocs-zensical.yml beside
mkdocs.yml (ignored by git, written anew by every `make zensical`): mkdocs.yml as it is,
with site_dir set to site-zensical/ and the plugins Zensical does not know left out
(it would ignore them silently; leaving them out says so here). Everything else, the
Markdown extensions, theme, nav and extra, is mkdocs.yml's own.

One addition: the theme data our macros hand the theme through `config.extra` at build time
(each page's print header, `fsg_print`, and handout link, `fsg_handouts`). Zensical gives its
theme templates the config as it was read, before `define_env` ran, so they would never see
it; here the same components (macros/printing.py, macros/handouts.py) compute it from the same
data, and it goes into the generated config's `extra`.

Usage: python scripts/zensical_config.py [--project DIR] [--config mkdocs.yml]
       [--site-dir site-zensical] [--out mkdocs-zensical.yml]
"""
from __future__ import annotations

import argparse
import json
import sys
from types import SimpleNamespace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

OUT = "mkdocs-zensical.yml"
SITE_DIR = "site-zensical"
# Plugins of mkdocs.yml that Zensical 0.0.73 implements (zensical/config.py,
# _PLUGIN_UNSUPPORTED_OPTIONS lists those it recognises); any other is dropped here.
SUPPORTED_PLUGINS = {"search", "macros", "redirects"}

HEADER = ("# Made by scripts/zensical_config.py from {config} for `make zensical`. Do not edit:\n"
          "# change {config} instead. Dropped (Zensical does not know them): {dropped}.\n")


def _plugin_name(entry) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def zensical_config(config: dict, site_dir: str = SITE_DIR) -> tuple[dict, list[str]]:
    """mkdocs.yml's settings for Zensical, and the names of the plugins left out."""
    out = dict(config)
    out["site_dir"] = site_dir
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]
    kept = [p for p in plugins if _plugin_name(p) in SUPPORTED_PLUGINS]
    dropped = [_plugin_name(p) for p in plugins if _plugin_name(p) not in SUPPORTED_PLUGINS]
    out["plugins"] = kept
    return out, dropped


# Components whose macros(site, env) put theme data into env.conf["extra"] (see the docstring).
THEME_DATA_COMPONENTS = ("printing", "handouts")


def theme_extra(project: Path, config: dict) -> dict:
    """What our macros add to config.extra for the theme, computed as the build computes it."""
    if str(project) not in sys.path:
        sys.path.insert(0, str(project))
    import importlib

    from macros.site import load_site
    conf = json.loads(json.dumps(config))  # a copy the components may write into
    conf.setdefault("extra", {})
    docs = project / conf.get("docs_dir", "docs")
    site = load_site(project, conf, dict(conf["extra"]), docs)
    env = SimpleNamespace(conf=conf, project_dir=str(project))
    before = set(conf["extra"])
    for name in THEME_DATA_COMPONENTS:
        importlib.import_module(f"macros.{name}").macros(site, env)
    # Markup and other str subclasses become plain text (YAML knows only str).
    return json.loads(json.dumps({k: v for k, v in conf["extra"].items() if k not in before}))


def write(project: Path = ROOT, config: str = "mkdocs.yml", site_dir: str = SITE_DIR, out: str = OUT) -> Path:
    source = project / config
    data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    if "INHERIT" in data:
        raise SystemExit(f"{config}: INHERIT is not followed here; point --config at the full config")
    result, dropped = zensical_config(data, site_dir)
    result["extra"] = {**(result.get("extra") or {}), **theme_extra(project, data)}
    target = project / out
    text = HEADER.format(config=config, dropped=", ".join(dropped) or "none")
    text += yaml.safe_dump(result, sort_keys=False, allow_unicode=True, width=100)
    target.write_text(text, encoding="utf-8")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--site-dir", default=SITE_DIR)
    parser.add_argument("--out", default=OUT)
    args = parser.parse_args(argv)
    print(write(args.project.resolve(), args.config, args.site_dir, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
