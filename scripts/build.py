"""`make build`: a strict MkDocs build and the post-build steps, into a new folder first.

The site folder is replaced only when everything passed, so a mistake in a page or in
a data file leaves the last good site exactly as it was: nothing half-built is ever
where someone could publish it or a browser could show it. The post-build steps end with
the review-date warnings (scripts/reviews.py's, run in the same process: postbuild --reviews).

Usage: python scripts/build.py [SITE_DIR] [--project DIR] [--config mkdocs.yml]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    return code if isinstance(code, int) else (0 if code is None else 1)


def _in_process(step, args: list[str]) -> int:
    """Run a command's main in this process, as its own process would: its exit code, and a
    traceback for anything it does not catch itself."""
    try:
        result = step(args)
    except SystemExit as exc:
        return _exit_code(exc)
    except Exception:  # noqa: BLE001 - a crash must stop the build as a crashed process would
        traceback.print_exc()
        return 1
    return result if isinstance(result, int) else 0


def compile_modules(project: Path = ROOT) -> None:
    """Compile the macros' and the post-build steps' modules once, not on every build.

    Python keeps a module compiled in `__pycache__/` and compiles it again only when its file
    changes, unless PYTHONDONTWRITEBYTECODE is set (some set-ups set it). Then every build
    compiled our some 40 modules afresh, about a twentieth of a build, while the installed
    packages' modules were compiled when pip installed them. So where Python would not, this
    does it for our own folders (git ignores `__pycache__/`); a folder it cannot write to is
    simply compiled in memory, as before."""
    if not sys.dont_write_bytecode:
        return
    import compileall
    for folder in {ROOT / "macros", ROOT / "scripts", project / "macros"}:
        if folder.is_dir():
            compileall.compile_dir(folder, maxlevels=0, quiet=2)


def _mkdocs(args: list[str]):
    from mkdocs.__main__ import cli
    compile_modules(Path.cwd())
    sys.path.insert(0, str(ROOT))
    try:
        from scripts import macros_trim, render_cache, theme_cache
    finally:
        sys.path.remove(str(ROOT))
    macros_trim.install()  # no git processes, and requests only if used: nothing a page shows
    theme_cache.install()  # the theme's templates compiled once, not on every build
    theme_cache.install_theme_files()  # the theme's own CSS and scripts found faster, the same files
    theme_cache.install_pages()  # and the pages' templates (mkdocs-macros), once per text
    render_cache.install()  # each page's HTML and search entries, while its Markdown and the site's files are the same
    return cli.main(args=args, prog_name="mkdocs", standalone_mode=True)


def _postbuild(args: list[str]):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import postbuild
    return postbuild.main(args)


def _forget_project_macros(project: Path, path: list[str]) -> None:
    """After MkDocs: the post-build steps use this repository's macros/, as in a process of their
    own. mkdocs-macros imported the project's (the same package when the project is this one,
    so nothing is imported twice then); a copy's are dropped, and the import path restored."""
    sys.path[:] = path
    if project.resolve() == ROOT:
        return
    for name in [m for m in sys.modules if m == "macros" or m.startswith("macros.")]:
        del sys.modules[name]


def build(site: Path, project: Path = ROOT, config: str = "mkdocs.yml") -> int:
    """MkDocs, then scripts/postbuild.py, both in this process: the post-build steps reuse the
    modules MkDocs and the macros imported (Python's start-up and those imports were a
    tenth of `make build`, bench/profile.md). Each step runs in `project`, as before."""
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-new-", dir=site.parent))
    new = work / "site"
    here, path = os.getcwd(), list(sys.path)
    try:
        os.chdir(project)
        steps = [(_mkdocs, ["build", "--strict", "--clean", "-f", config, "-d", str(new)]),
                 (_postbuild, [str(new), "--project", str(project), "--config", config, "--reviews"])]
        for step, args in steps:
            code = _in_process(step, args)
            sys.stdout.flush()
            sys.stderr.flush()
            if step is _mkdocs:
                _forget_project_macros(project, path)
            if code != 0:
                print(f"The build stopped; {site.name}/ is unchanged (the last good build).", file=sys.stderr)
                return code
        old = work / "old"
        if site.exists():
            site.rename(old)
        new.rename(site)
        return 0
    finally:
        os.chdir(here)
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    site = args.site if args.site.is_absolute() else project / args.site
    return build(site, project, args.config)


if __name__ == "__main__":
    sys.exit(main())
