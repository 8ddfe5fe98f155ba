"""Which Chromium to drive and how: one choice for the tests, the handouts and the bench.

Debian's `chromium` where installed (Playwright cannot download its own browser on
every network), else Playwright's own. The flags stop Chromium's background calls
home, which a closed network refuses and a privacy-minded site should not make.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager


def chromium_executable() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None  # Playwright's own browser


CHROMIUM_ARGS = [
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-gpu", "--disable-dev-shm-usage",
] + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])  # root: no user namespaces


@contextmanager
def chromium(browser=None):
    """The Playwright Chromium given (the tests pass theirs), or one started here and closed after."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        started = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield started
        finally:
            started.close()
