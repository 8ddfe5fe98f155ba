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
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(site: Path, project: Path = ROOT, config: str = "mkdocs.yml") -> int:
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site.name}-new-", dir=site.parent))
    new = work / "site"
    try:
        mkdocs = str(Path(sys.executable).with_name("mkdocs"))
        steps = [[mkdocs, "build", "--strict", "--clean", "-f", config, "-d", str(new)],
                 [sys.executable, str(ROOT / "scripts" / "postbuild.py"), str(new),
                  "--project", str(project), "--config", config, "--reviews"]]
        for step in steps:
            result = subprocess.run(step, cwd=project, env=os.environ)
            if result.returncode != 0:
                print(f"The build stopped; {site.name}/ is unchanged (the last good build).", file=sys.stderr)
                return result.returncode
        old = work / "old"
        if site.exists():
            site.rename(old)
        new.rename(site)
        return 0
    finally:
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
