"""Check every link and anchor of a built site, over HTTP from the site root.

linkchecker reads linkcheckerrc (anchor checking on). It is started at the root so
it finds every page, over HTTP because file:// misreports directory anchors, and
with world-readable files because as root it drops to the user "nobody".

Usage: python scripts/linkcheck.py SITE_DIR [--extern]
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.local_server import Server  # noqa: E402


def make_world_readable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def readable_config(folder: Path) -> Path:
    """A copy of linkcheckerrc in `folder` that user "nobody" can read.

    As root, linkchecker drops to "nobody" before it reads its configuration; from a
    private folder (a clone under /root, say) it would then silently run without
    AnchorCheck and miss every broken anchor.
    """
    folder.chmod(0o755)
    config = folder / "linkcheckerrc"
    shutil.copyfile(ROOT / "linkcheckerrc", config)
    config.chmod(0o644)
    return config


def run(site: Path, extern: bool = False) -> subprocess.CompletedProcess:
    make_world_readable(site)
    with Server(site) as server, tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        exe = shutil.which("linkchecker", path=str(Path(sys.executable).parent)) or "linkchecker"
        cmd = [exe, "--config", str(readable_config(Path(tmp))), "--no-status"]
        if extern:
            cmd.append("--check-extern")
        cmd.append(server.url)
        return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "HOME": "/tmp"})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    parser.add_argument("--extern", action="store_true", help="also check links to other sites (weekly job)")
    args = parser.parse_args(argv)
    result = run(args.site, extern=args.extern)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
