"""Check every link and anchor of a built site, over HTTP from the site root.

linkchecker reads linkcheckerrc (anchor checking on). It is started at the root so
it finds every page, over HTTP because file:// misreports directory anchors.

Usage: python scripts/linkcheck.py SITE_DIR [--extern]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.local_server import Server  # noqa: E402


# linkchecker, run as root, switches to user "nobody" before it looks for its plugins.
# Where the virtual environment is private (a clone under /root, as in CI), "nobody"
# cannot list the plugin folder, so AnchorCheck is silently skipped and every broken
# anchor passes. It only ever fetches our own site from 127.0.0.1 here (and, weekly,
# the sources we cite), so we keep the user we have instead.
_LINKCHECKER = (
    "import linkcheck.command.linkchecker as cli\n"
    "cli.drop_privileges = lambda: None\n"
    "raise SystemExit(cli.linkchecker())\n"
)


def run(site: Path, extern: bool = False) -> subprocess.CompletedProcess:
    with Server(site) as server:
        cmd = [sys.executable, "-c", _LINKCHECKER, "--config", str(ROOT / "linkcheckerrc"), "--no-status"]
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
