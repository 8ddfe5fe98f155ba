"""Helpers shared by the tests: build the site, serve it, copy the project."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The same browser settings, local server and project copy as the scripts use (re-exported).
from scripts.browser import CHROMIUM_ARGS, chromium_executable  # noqa: F401
from scripts.local_server import Server  # noqa: F401
from scripts.project_copy import copy_project  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent

BUILD_ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "NLTK_DATA": os.environ.get("NLTK_DATA", str(Path(sys.prefix) / "nltk_data")),
}


def mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("mkdocs")
    return subprocess.run([str(exe), *args], cwd=cwd, env=BUILD_ENV, capture_output=True, text=True)


def build(out_dir: Path, project: Path = ROOT, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    """What `make build` does: a strict MkDocs build, then the post-build scripts."""
    result = mkdocs("build", "--strict", "--clean", "-f", config, "-d", str(out_dir), cwd=project)
    if result.returncode == 0 and (ROOT / "scripts" / "postbuild.py").exists():
        post = subprocess.run([sys.executable, str(ROOT / "scripts" / "postbuild.py"), str(out_dir),
                               "--project", str(project), "--config", config],
                              cwd=project, env=BUILD_ENV, capture_output=True, text=True)
        result = subprocess.CompletedProcess(result.args, post.returncode,
                                             result.stdout + post.stdout, result.stderr + post.stderr)
    return result


def html_pages(site: Path) -> list[str]:
    """Every page of the built site as a URL path ("", "symptoms/", ...), redirects and 404 excluded."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if 'http-equiv="refresh"' in text:
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages




def load_project(project: Path):
    """Load and check a project copy's data the way the build does (macros/site.py)."""
    import yaml

    from macros.site import load_site
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text())
    return load_site(project, cfg, cfg.get("extra") or {}, project / "docs")


def data_error(project: Path) -> str:
    """The editor's message for a project copy with a mistake in it (fails if there is none)."""
    import pytest

    from macros.errors import DataError
    with pytest.raises(DataError) as caught:
        load_project(project)
    return caught.value.message


# Waits until every CSS transition and animation on the page has ended (or 2 s have passed:
# an endless animation must not hang a test). Material fades its header title and its
# "back to top" button in and out as the page scrolls; axe must judge what a reader sees,
# not a frame in the middle of a fade. Scroll handlers run on the next frame, so by default
# it first waits for one (slow in headless Chromium: about 0.1 s); `next_frame=False` skips
# that where nothing scrolled, e.g. after each Tab of the keyboard test.
_SETTLE = """async (nextFrame) => {
  const deadline = performance.now() + 2000;
  if (nextFrame) await new Promise(r => requestAnimationFrame(() => r()));
  while (performance.now() < deadline) {
    const running = document.getAnimations().filter(a => a.playState !== "finished" && a.playState !== "idle");
    if (!running.length) return;
    await Promise.race([Promise.all(running.map(a => a.finished.catch(() => null))),
                        new Promise(r => setTimeout(r, 250))]);
  }
}"""


def settle(page, next_frame: bool = True) -> None:
    page.wait_for_load_state("load")
    page.evaluate(_SETTLE, next_frame)


def axe(page, context: str | None = None):
    """axe-core (as bundled by axe-playwright-python) on the page once it has settled."""
    from axe_playwright_python.sync_playwright import Axe
    settle(page)
    return Axe().run(page, context=context) if context else Axe().run(page)


def open_closed_boxes(page, inside: str = "[data-fsg-checklist]") -> None:
    """Click open every closed <details> that holds `inside`, as a reader does (the optional
    tick-list on /when-to-get-help/ sits in one)."""
    summaries = page.locator(f"details:not([open]):has({inside}) > summary")
    for i in reversed(range(summaries.count())):
        summaries.nth(i).click()


def load_readability():
    """scripts/readability.py (textstat with the offline CMU dictionary), loaded once as the
    module "readability": its dataclasses look their module up under that name."""
    import importlib.util
    import sys
    if "readability" not in sys.modules:
        spec = importlib.util.spec_from_file_location("readability", ROOT / "scripts" / "readability.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["readability"] = module
        spec.loader.exec_module(module)
    return sys.modules["readability"]
