"""Steps after `mkdocs build`: files that are not pages of the site.

Writes the short links of data/links.yml as redirect pages at SITE_DIR/go/<code>/,
from overrides/partials/short-link.html: a meta refresh, a plain link and
rel=canonical, so they work without JavaScript. The build has already checked
every target against the pages' sources; this checks them again against the
built HTML (the page file and the id of the section) and stops if one is missing.
Then writes the QR code files that pages load as images (scripts/qr_files.py), moves the
handout builder's tool out of /for-clinicians/ into a file it fetches when opened
(scripts/handout_builder.py), checks
the promises to readers and clinics (scripts/promises.py: the URL contract, fresh
glossary tooltips, a sources list on every page that cites),
trims the theme's stylesheets to the rules the site can use (scripts/theme_css.py),
shrinks the site's own CSS and JS and the white space of its HTML (scripts/minify_assets.py)
and, last, adds the
Content-Security-Policy to every page as it finally is (scripts/csp.py).
With --reviews (scripts/build.py, so `make build`), it then lists the pages due for review,
as scripts/reviews.py does. The data and pages are read and validated once, for all of these.

Run by `make build` and by the tests' build (tests/support.py), after MkDocs.
Macros only use `define_env`, so work like this lives here, not in a build hook.

Usage: python scripts/postbuild.py SITE_DIR [--project DIR] [--config mkdocs.yml] [--reviews]
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class PostBuildError(Exception):
    pass


@dataclass
class ProjectInfo:
    site_url: str
    site_name: str
    language: str
    docs_dir: Path
    conf: dict = field(default_factory=dict, repr=False)  # the whole configuration file, as read


def read_config(project: Path, config: str = "mkdocs.yml") -> ProjectInfo:
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load
    path = project / config
    with path.open(encoding="utf-8") as fh:
        # MkDocs' own loader (!ENV, INHERIT), on libyaml's parser where PyYAML has it: a fortieth of a build less.
        conf = yaml_load(fh, get_yaml_loader(getattr(yaml, "CLoader", yaml.Loader))) or {}
    url = conf.get("site_url")
    if not url:
        raise PostBuildError(f"{config}: site_url is not set; short links need the site's public address")
    theme = conf.get("theme") or {}
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    return ProjectInfo(site_url=url if url.endswith("/") else url + "/", site_name=conf.get("site_name", ""),
                       language=language, docs_dir=project / conf.get("docs_dir", "docs"), conf=conf)


@dataclass
class Sources:
    """The configuration, data and pages, read and validated once for every post-build step."""
    info: ProjectInfo
    site: object  # macros.site.Site


def load_sources(project: Path = ROOT, config: str = "mkdocs.yml") -> Sources:
    """Raises PostBuildError or DataError, as the steps that use it would."""
    from macros.site import load_site
    info = read_config(project, config)
    conf = info.conf
    # In scripts/build.py's process, the snapshot MkDocs' build read, if nothing has changed since.
    return Sources(info, load_site(project, conf, conf.get("extra") or {}, info.docs_dir, reuse=True))


def _has_id(html: str, anchor: str) -> bool:
    return re.search(r'\sid="' + re.escape(anchor) + r'"', html) is not None


def write_short_links(site: Path, project: Path = ROOT, config: str = "mkdocs.yml",
                      sources: Sources | None = None) -> list[Path]:
    """Write /go/<code>/index.html for every short link. Returns the files written.
    `sources`: the project as load_sources read it (read here if not given)."""
    from macros import links as links_component
    from macros.data import load_file
    from macros.pages import load_pages
    from macros.printing import canonical_url
    from macros.templates import Renderer, relative_url

    if sources is not None:
        info = sources.info
        links = sources.site.data[links_component.FILE].links
        pages = sources.site.pages
    else:
        info = read_config(project, config)
        links = load_file(project / "data", links_component.FILE, links_component.MODEL).links
        pages = load_pages(info.docs_dir)
    from scripts import csp, file_store
    from scripts.minify_assets import squeeze_html
    renderer = Renderer(project / "overrides" / "partials")
    written, folders = [], set()
    for link in links:
        path, _, anchor = link.to.lstrip("/").partition("#")
        built = site / path / "index.html"
        if not built.exists() and path:  # the offline copy names pages self-care.html (use_directory_urls: false)
            built = site / (path.rstrip("/") + ".html")
        if not built.exists():
            raise PostBuildError(f"data/links.yml, entry \"{link.code}\": the built site has no page /{path}")
        if anchor and not _has_id(built.read_text(encoding="utf-8"), anchor):
            raise PostBuildError(f"data/links.yml, entry \"{link.code}\": /{path} has no section #{anchor} in the built site")
        page = pages[path]
        title = page.meta.title
        section = next((s for s in links_component.sections(page.markdown) if s.id == anchor), None)
        if section:
            title = f"{section.title} ({page.meta.title})"
        here = links_component.short_path(link.code).lstrip("/")
        html = renderer.render("short-link.html", language=info.language, site_name=info.site_name, title=title,
                               target=relative_url(link.to, here),
                               canonical=canonical_url(info.site_url, "/" + path))
        out = site / here / "index.html"
        if out.parent not in folders:
            out.parent.mkdir(parents=True, exist_ok=True)
            folders.add(out.parent)
        # Written as it is published, squeezed and with its Content-Security-Policy, so the later
        # steps leave it as it is: the same page every build, a hard link (scripts/file_store.py).
        file_store.place(out, csp.add_policy(squeeze_html(html + "\n")))
        written.append(out)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder (default: this one)")
    parser.add_argument("--config", default="mkdocs.yml", help="the MkDocs configuration file, relative to --project")
    parser.add_argument("--reviews", action="store_true",
                        help="last, list the pages due for review, as scripts/reviews.py does (make build)")
    args = parser.parse_args(argv)
    from macros.errors import DataError
    from scripts import csp, file_store, handout_builder, minify_assets, offline, promises, qr_files, reviews, theme_css
    # A step that finds a mistake raises one of these; the build stops with its one-line message.
    stops = (PostBuildError, DataError, qr_files.QrFileError, handout_builder.BuilderError, csp.UnknownScript, _Problems)
    project = args.project.resolve()
    site = args.site
    try:
        # Read and validated once, here, for the short links, the URL contract and the review dates.
        sources = load_sources(project, args.config)
        print(f"Wrote {len(write_short_links(site, project, args.config, sources))} short links under /go/")
        print(f"Wrote {len(qr_files.write(site))} QR code files under /qr/")
        # The handout builder's tool leaves the page for a file the page fetches when it is opened
        # (scripts/handout_builder.py); after the QR files, which its images name.
        moved = handout_builder.apply(site)
        print(f"Moved the handout builder's tool out of {len(moved)} page(s), into a file beside each")
        # Promises to readers and clinics (URL contract, fresh tooltips, sources lists): scripts/promises.py.
        problems = promises.check(site, project, args.config, sources)
        if problems:
            raise _Problems(problems)
        if offline.publish(site, project):
            print(f"Copied the offline copy (make offline) to /{offline.DOWNLOADS}/{offline.ZIP_NAME}")
        # The pages these three steps change are read once and written once, by the last (file_store.Pages).
        pages = file_store.Pages(site)
        print(theme_css.report(theme_css.apply(site, pages=pages)))
        print(f"Minified {len(minify_assets.apply(site))} of the site's own stylesheets and scripts")
        print(f"Squeezed the white space of {len(minify_assets.squeeze_pages(site, pages))} HTML files")
        # Last step: hashes inline scripts of every page as it finally is (see scripts/csp.py).
        print(f"Content-Security-Policy added to {len(csp.apply(site, pages))} HTML files")
    except stops as exc:
        for problem in exc.problems if isinstance(exc, _Problems) else [getattr(exc, "message", None) or str(exc)]:
            print(f"Post-build stopped: {problem}", file=sys.stderr)
        return 1
    if args.reviews:  # scripts/reviews.py's warnings, from the pages read above: no process of its own
        return reviews.report(sources.site.pages)
    return 0


class _Problems(Exception):
    """Several mistakes found by one step (the promises), each reported on its own line."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems

if __name__ == "__main__":
    sys.exit(main())
