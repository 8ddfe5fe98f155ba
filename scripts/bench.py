"""Benchmark of the site: build time, data validation, handouts, page weight, Lighthouse.

Prints a table and writes bench/results.md (with the date and the machine). It never
passes or fails on a time: it measures, so the history of bench/results.md shows trends.

1. Cold full build as `make build` runs it (scripts/build.py: `mkdocs build --strict --clean`
   + scripts/postbuild.py, ending with scripts/reviews.py's check; no handouts), N runs (default 5): median,
   range and peak memory (max RSS of the build processes); beside it, in the same run, a plain
   Material build of the same Markdown (see 5), and the ratio of the medians (target <= 2x).
2. The same for a synthetic site with 10 times the pages: the docs are copied under
   docs/copy-2/ ... docs/copy-10/ of a temporary project, and added to the nav (target <= 10x).
   Then glossary scaling: the site with 100, 1,000 and 5,000 glossary terms (synthetic terms
   added to data/glossary.yml, tooltips remade), one build each (100 to 1,000 target <= 10x).
   Then editing with `make serve` (scripts/serve.py): the time from a one-line edit of a page,
   and of a data file, until the served page shows it (target <= 1.5 s each).
3. Validation of a synthetic 10,000-node decision tree (macros.decision_tree) and of a
   1,000-item checklist file (macros.checklist, read from YAML as the build reads it).
4. Printing the handouts (scripts/handouts.py on a fresh build, what `make handouts` runs).
5. Page weight of every page (scripts/page_weight.py) beside a plain Material build of
   the same Markdown: a temporary project with only `theme: material`, the macro calls
   ({{ ... }} and {% ... %}) stripped from the pages, so they render as plain text.
6. Lighthouse 12 (bench/node_modules, installed by `make lighthouse`; system Chromium via
   CHROME_PATH), mobile, 3 runs each, median: home, a content page, a checklist page and
   the decision tree, for this site and the plain Material build, served by one local server:
   gzip-compressed as static hosts serve text files, then uncompressed (scripts/local_server.py).

Usage: python scripts/bench.py [--runs 5] [--lighthouse-runs 3] [--skip-lighthouse] [--gzip-only]
       [--only build] [--out bench/results.md]
--only build (`make bench BENCH_ONLY=build`): the build, scaling and serve rows and page weight;
no handouts (Chromium) and no Lighthouse (Node), which are reported as skipped.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import socket
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import page_weight  # noqa: E402
from scripts.local_server import Server  # noqa: E402
from scripts.project_copy import copy_project  # noqa: E402

BENCH_DIR = ROOT / "bench"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "NLTK_DATA": os.environ.get("NLTK_DATA", str(ROOT / ".venv" / "nltk_data"))}
KB = 1024


# --- machine ----------------------------------------------------------------------

def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    node = _version(["node", "--version"])
    commit = _version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = bool(_version(["git", "-C", str(ROOT), "status", "--porcelain"]))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu,
            "cores": os.cpu_count(), "ram": ram, "python": platform.python_version(),
            "os": f"{platform.system()} {platform.release()}", "node": node,
            "commit": commit + (" (with uncommitted changes)" if dirty else ""),
            "load": f"{load:.1f}" if load is not None else "?"}


def _version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# --- timing a command, with its peak memory -------------------------------------------

_WRAPPER = """
import json, resource, subprocess, sys, time
cmds = json.loads(sys.argv[1])
start = time.perf_counter()
for cmd in cmds:
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode:
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit(r.returncode)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "maxrss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def make_build_cmds(project: Path, out: Path) -> list[list[str]]:
    """What `make build` runs (scripts/build.py, whose post-build step ends with scripts/reviews.py's
    check), for `project` into `out`."""
    return [[sys.executable, str(ROOT / "scripts" / "build.py"), str(out), "--project", str(project)]]


def plain_build_cmds(project: Path, out: Path) -> list[list[str]]:
    """A plain Material build of the same Markdown (make_plain): `mkdocs build --clean`."""
    return [[str(Path(sys.executable).with_name("mkdocs")), "build", "--clean", "-d", str(out)]]


def timed_build(project: Path, out: Path, cmds=make_build_cmds, timeout: float | None = None) -> tuple[float, int]:
    """One cold build in fresh processes: (seconds, peak RSS KiB). Default: as `make build` does it."""
    r = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps(cmds(project, out))], cwd=project, env=ENV,
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode:
        raise RuntimeError(f"build failed in {project}:\n{r.stderr[-3000:]}")
    result = json.loads(r.stdout.strip().splitlines()[-1])
    return result["seconds"], result["maxrss_kib"]


def build_series(project: Path, runs: int, work: Path, cmds=make_build_cmds, warm_up: bool = True) -> dict:
    """`runs` timed builds, after one untimed build that fills the build's caches (FSG_CACHE_DIR: QR
    codes, validated data, compiled templates) as a developer's earlier builds have: the rows compare
    building, not first-time QR drawing."""
    times, peaks = [], []
    if warm_up and cmds is make_build_cmds:
        timed_build(project, work / "out-warm-up", cmds)
        shutil.rmtree(work / "out-warm-up", ignore_errors=True)
    for i in range(runs):
        out = work / f"out-{i}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, kib = timed_build(project, out, cmds)
        times.append(seconds)
        peaks.append(kib)
        shutil.rmtree(out, ignore_errors=True)
    return {"runs": runs, "median": statistics.median(times), "min": min(times), "max": max(times),
            "peak_mib": max(peaks) / 1024}


def count_pages(project: Path) -> int:
    docs = project / "docs"
    return len([p for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts])


# --- the synthetic site with 10x the pages ------------------------------------------------

def _nav_with_copies(nav, prefix: str):
    if isinstance(nav, str):
        return prefix + nav
    if isinstance(nav, list):
        return [_nav_with_copies(item, prefix) for item in nav]
    if isinstance(nav, dict):
        return {key: _nav_with_copies(value, prefix) for key, value in nav.items()}
    return nav


_SITE_WIDE = re.compile(r"\{\{\s*(?:tree_test_stories|clinic_links|handout_builder)\([^}]*\)\s*\}\}")


def make_tenfold(dest: Path, factor: int = 10) -> Path:
    """A copy of the project whose docs hold `factor` copies of every page, all in the nav."""
    import yaml
    project = copy_project(dest)
    docs = project / "docs"
    pages = [p for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts]
    for n in range(2, factor + 1):
        for page in pages:
            target = docs / f"copy-{n}" / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(page, target)
            # Site-wide lists exist once: the tree's test stories (macros/tree_tests.py, which the build
            # wants on exactly one page), and /for-clinicians/' cards and handout builder for every page
            # and section of the site (macros/links.py). A guide ten times the size has one such page,
            # listing ten times as much; ten copies of it, each listing everything, would be a hundred
            # times the content. The copies keep the rest of their text.
            text = target.read_text(encoding="utf-8")
            if _SITE_WIDE.search(text):
                target.write_text(_SITE_WIDE.sub("", text), encoding="utf-8")
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    nav = config.get("nav") or []
    config["nav"] = nav + [{f"Copy {n}": _nav_with_copies(nav, f"copy-{n}/")} for n in range(2, factor + 1)]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # Every page needs its short link (macros/promises.py): one per copied page.
    from macros.pages import url_for
    links = project / "data" / "links.yml"
    extra = [f"  - code: copy-{n}-{url_for(p.relative_to(docs).as_posix()).strip('/').replace('/', '-') or 'home'}\n"
             f"    to: /copy-{n}/{url_for(p.relative_to(docs).as_posix())}\n"
             for n in range(2, factor + 1) for p in sorted(pages)]
    links.write_text(links.read_text(encoding="utf-8").rstrip("\n") + "\n" + "".join(extra), encoding="utf-8")
    return project


# --- glossary scaling ------------------------------------------------------------------------

GLOSSARY_SIZES = (100, 1_000, 5_000)


def make_glossary(dest: Path, terms: int) -> Path:
    """A copy of the project whose data/glossary.yml has `terms` terms: the real ones, then synthetic
    ones (each with a tooltip, as most real terms have), and its tooltips file made again."""
    import yaml
    project = copy_project(dest)
    path = project / "data" / "glossary.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    real = doc["terms"]
    extra = [{"id": f"synthetic-{i:05d}", "term": f"Synthetic term {i:05d}",
              "definition": f"A made-up word number {i} for the benchmark. It appears on no page."}
             for i in range(max(0, terms - len(real)))]
    doc["terms"] = real[:terms] + extra
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_abbreviations.py"), "--data", str(path),
                        "--output", str(project / "docs" / "includes" / "abbreviations.md")],
                       env=ENV, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"make_abbreviations failed: {(r.stderr or r.stdout)[-500:]}")
    return project


def bench_glossary(work: Path, timeout: float) -> list[dict]:
    rows = []
    for n in GLOSSARY_SIZES:
        project = make_glossary(work / f"glossary-{n}", n)
        out = work / f"glossary-{n}-site"
        try:
            seconds, kib = timed_build(project, out, timeout=timeout)
            rows.append({"terms": n, "seconds": seconds, "peak_mib": kib / 1024})
            print(f"    {n:,} terms: {fmt_s(seconds)}, peak {kib / 1024:.0f} MiB", flush=True)
        except subprocess.TimeoutExpired:
            rows.append({"terms": n, "note": f"did not finish in {timeout:.0f} s"})
            print(f"    {n:,} terms: did not finish in {timeout:.0f} s", flush=True)
        except RuntimeError as exc:
            rows.append({"terms": n, "note": "build failed: " + str(exc).strip().splitlines()[-1][:200]})
            print("    " + rows[-1]["note"], flush=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(project, ignore_errors=True)
    return rows


# --- editing with `make serve` ------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _wait_for(url: str, text: str, limit: float, proc: subprocess.Popen) -> float | None:
    """Seconds until the page at `url` contains `text` (polled every 20 ms), None after `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"scripts/serve.py ended (exit {proc.returncode})")
        if text in _fetch(url):
            return time.perf_counter() - start
        time.sleep(0.02)
    return None


# One-line edits, each with a marker to look for on the served page: a page's Markdown, and a
# data file (a glossary definition, shown on /glossary/; its first sentence, the tooltip, unchanged).
SERVE_EDITS = (
    ("page", "docs/symptoms.md", "symptoms/", lambda text, mark: text.rstrip("\n") + f"\n\nBench edit {mark}.\n"),
    ("data file", "data/glossary.yml", "glossary/",
     lambda text, mark: re.sub(r"^(    definition: .*)$", lambda m: m.group(1) + f" Bench edit {mark}.", text,
                               count=1, flags=re.M)),
)


def bench_serve(work: Path, edits: int = 3, limit: float = 60.0) -> list[dict]:
    """Time from a one-line edit until `make serve` serves the rebuilt page, for a page and a data file."""
    project = copy_project(work / "serve")
    port = _free_port()
    log = (work / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    rows = []
    try:
        first = _wait_for(base + "symptoms/", "</html>", 300, proc)
        if first is None:
            return [{"what": "make serve", "note": "the first build was not served within 300 s"}]
        rows.append({"what": "first build, until the page is served", "times": [first]})
        for n, (what, file, page, edit) in enumerate(SERVE_EDITS):
            path = project / file
            original = path.read_text(encoding="utf-8")
            times = []
            for i in range(edits):
                time.sleep(1.0)  # let the server settle after the last rebuild
                mark = f"zq{n}x{i}"
                changed = edit(original, mark)
                assert changed != original, f"{file}: the benchmark's edit changed nothing"
                path.write_text(changed, encoding="utf-8")
                seconds = _wait_for(base + page, f"Bench edit {mark}", limit, proc)
                if seconds is None:
                    rows.append({"what": f"one-line edit of a {what} ({file} -> /{page})",
                                 "note": f"not served within {limit:.0f} s"})
                    break
                times.append(seconds)
            else:
                rows.append({"what": f"one-line edit of a {what} ({file} -> /{page})", "times": times})
            path.write_text(original, encoding="utf-8")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    return rows


# --- data validation ----------------------------------------------------------------------

def bench_validation(work: Path, repeat: int = 5) -> list[dict]:
    rows = []
    try:
        from macros import decision_tree
    except ImportError:
        decision_tree = None
    if decision_tree and hasattr(decision_tree, "make_synthetic_tree") and hasattr(decision_tree, "check_tree"):
        from macros.data import load_file
        from macros.red_flags import FILE, RedFlagsFile
        flags = {f.id: f for f in load_file(ROOT / "data", FILE, RedFlagsFile).red_flags}
        tree = decision_tree.make_synthetic_tree(10_000, flags=flags)
        raw = tree.model_dump(mode="json", exclude_none=True)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            parsed = decision_tree.Tree.model_validate(raw)
            decision_tree.check_tree(parsed, flags)
            times.append(time.perf_counter() - start)
        rows.append({"what": f"Decision tree, {len(tree.nodes):,} nodes (model + checks)",
                     "median": statistics.median(times), "min": min(times), "max": max(times)})
    else:
        rows.append({"what": "Decision tree, 10,000 nodes", "note": "skipped: macros/decision_tree.py has no "
                     "make_synthetic_tree/check_tree"})
    try:
        from macros import checklist
    except ImportError:
        checklist = None
    if checklist and hasattr(checklist, "MODEL"):
        import yaml
        from macros.data import read_yaml, unique_ids, validate
        data_dir = work / "checklist-data"
        data_dir.mkdir(exist_ok=True)
        items = [{"id": f"item-{i}", "text": f"Step {i}: write down **when** the spasm starts and what you were doing.",
                  "hint": "Short notes are enough."} for i in range(1000)]
        doc = {"checklists": [{"id": "big", "title": "A long list", "intro": "Tick what applies.", "items": items}]}
        (data_dir / checklist.FILE).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            # Read and validated every time, as after an edit: load_file would give the kept copy.
            parsed = validate(checklist.LABEL, read_yaml(data_dir / checklist.FILE, checklist.LABEL), checklist.MODEL)
            for cl in parsed.checklists:
                unique_ids(checklist.LABEL, cl.all_items, parent=cl.id)
            times.append(time.perf_counter() - start)
        rows.append({"what": "Checklist file, 1,000 items (YAML read + model + unique ids)",
                     "median": statistics.median(times), "min": min(times), "max": max(times)})
    else:
        rows.append({"what": "Checklist file, 1,000 items", "note": "skipped: macros/checklist.py has no MODEL"})
    return rows


# --- handouts ------------------------------------------------------------------------------

def bench_handouts(work: Path) -> dict:
    script = ROOT / "scripts" / "handouts.py"
    if not script.exists() or "handouts:" not in (ROOT / "Makefile").read_text():
        return {"note": "skipped: no `make handouts`"}
    out = work / "handouts-site"
    build_seconds, _ = timed_build(ROOT, out)
    start = time.perf_counter()
    r = subprocess.run([sys.executable, str(script), str(out), "--project", str(ROOT)], cwd=ROOT, env=ENV,
                       capture_output=True, text=True)
    seconds = time.perf_counter() - start
    pdfs = sorted((out / "handouts").glob("*.pdf")) if (out / "handouts").is_dir() else []
    if r.returncode:
        why = (r.stderr or r.stdout).strip().splitlines()
        return {"note": f"failed after {fmt_s(seconds)} of printing (build {fmt_s(build_seconds)}): "
                        + (why[-1] if why else f"exit {r.returncode}")}
    return {"build": build_seconds, "print": seconds, "pdfs": len(pdfs),
            "pdf_kib": sum(p.stat().st_size for p in pdfs) / KB}


# --- plain Material -------------------------------------------------------------------------

_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def make_plain(dest: Path) -> Path:
    """The same Markdown with only `theme: material`: macro calls stripped, no overrides, no data."""
    import yaml
    dest.mkdir(parents=True, exist_ok=True)
    docs_src = ROOT / "docs"
    for page in docs_src.rglob("*.md"):
        rel = page.relative_to(docs_src)
        if "includes" in rel.parts:
            continue
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_MACRO.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plain = {"site_name": config.get("site_name", "Site"), "theme": {"name": "material"}}
    if config.get("nav"):
        plain["nav"] = config["nav"]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, sort_keys=False), encoding="utf-8")
    return dest


def build_plain(project: Path, out: Path) -> None:
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    r = subprocess.run([mkdocs, "build", "--clean", "-d", str(out)], cwd=project, env=ENV, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"plain Material build failed:\n{r.stderr[-2000:]}")


# --- Lighthouse -----------------------------------------------------------------------------

def lighthouse_bin() -> Path | None:
    # `make bench` installs it first (scripts/install_lighthouse.sh); run alone, this script
    # reports Lighthouse as skipped rather than installing system packages itself.
    exe = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
    return exe if exe.exists() else None


def chrome_path() -> str | None:
    explicit = os.environ.get("CHROME_PATH") or os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


# Lighthouse's own measures behind the performance score (milliseconds; CLS has no unit).
METRICS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint",
           "tbt": "total-blocking-time", "cls": "cumulative-layout-shift"}


def lighthouse(exe: Path, url: str, out: Path) -> dict:
    flags = "--headless=new --disable-gpu --disable-dev-shm-usage --no-first-run"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags += " --no-sandbox"
    r = subprocess.run([str(exe), url, "--quiet", "--output=json", f"--output-path={out}",
                        "--only-categories=performance,accessibility,best-practices,seo",
                        "--form-factor=mobile", f"--chrome-flags={flags}"],
                       env={**ENV, "CHROME_PATH": chrome_path() or ""}, capture_output=True, text=True, timeout=300)
    if r.returncode or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {r.stderr[-500:]}")
    data = json.loads(out.read_text())
    scores = {key: round((cat.get("score") or 0) * 100) for key, cat in data["categories"].items()}
    for key, audit in METRICS.items():
        scores[key] = data["audits"].get(audit, {}).get("numericValue", float("nan"))
    return scores


def bench_lighthouse(ours: Path, plain: Path, pages: list[tuple[str, str]], runs: int, work: Path,
                     servings: tuple[bool, ...] = (True, False)) -> list[dict]:
    """Rows of median scores per page, site and serving: gzip-compressed, as a static host
    serves files (the real case), and uncompressed (the worst case, and how the issue's
    reference scores of plain Material were taken)."""
    exe = lighthouse_bin()
    if exe is None or chrome_path() is None:
        return [{"note": "skipped: Lighthouse (`make lighthouse`) or Chromium not available"}]
    served = work / "served"
    served.mkdir(exist_ok=True)
    for name, folder in (("site", ours), ("plain", plain)):
        if not (served / name).exists():
            os.symlink(folder, served / name)
    rows = []
    for compress in servings:
        with Server(served, compress=compress) as server:
            base = server.url
            for label, path in pages:
                for name in ("site", "plain"):
                    scores = []
                    for i in range(runs):
                        scores.append(lighthouse(exe, f"{base}{name}/{path}", work / f"lh-{name}-{i}.json"))
                    row = {"page": label, "path": "/" + path, "site": "this site" if name == "site" else "plain Material",
                           "served": "gzip" if compress else "uncompressed"}
                    for key in ("performance", "accessibility", "best-practices", "seo", *METRICS):
                        row[key] = statistics.median(s.get(key, 0) for s in scores)
                    rows.append(row)
    return rows


# --- report ---------------------------------------------------------------------------------

def fmt_s(x: float) -> str:
    return f"{x:.2f} s"


def _ratio(a: dict, b: dict) -> str:
    if "median" not in a or "median" not in b or not b["median"]:
        return "-"
    return f"{a['median'] / b['median']:.2f}x"


def report(m: dict, builds: list[dict], validation: list[dict], handouts: dict, weights: list[dict],
           index: dict, lh: list[dict], lh_version: str, runs: int, lh_runs: int,
           glossary: list[dict] | None = None, serve: list[dict] | None = None) -> str:
    out = [f"# Benchmark results", "",
           f"Written by `make bench` (scripts/bench.py) on {m['date']}, commit {m['commit']}.", "",
           "## Machine", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}",
           f"- {m['os']}; Python {m['python']}; Node {m['node'] or 'not installed'}",
           f"- Load average when the benchmark started: {m['load']} (other work on the machine slows every timing below)",
           "", "## Build", "",
           "Cold full build as `make build` runs it: scripts/build.py (`mkdocs build --strict --clean`, then "
           "scripts/postbuild.py: short links, QR files, promises, minified CSS/JS, CSP, and scripts/reviews.py's check); "
           "no handouts. Each run in fresh processes, after one untimed build that fills the build's caches "
           "(FSG_CACHE_DIR: QR codes, validated data, compiled templates; CONTRIBUTING.md, Build speed), as a developer's "
           "earlier builds have; the first row is one build with them empty. "
           "Plain Material: the same Markdown with only "
           "`theme: material`, macro calls stripped (`mkdocs build --clean`), built in the same run. "
           "Peak memory: the largest resident set of the build processes (RUSAGE_CHILDREN max RSS).", "",
           "| Site | Pages | Runs | Median | Range | Peak memory |", "|---|---:|---:|---:|---:|---:|"]
    for b in builds:
        if "note" in b:
            out.append(f"| {b['site']} | {b.get('pages', '')} | | {b['note']} | | |")
        else:
            out.append(f"| {b['site']} | {b['pages']} | {b['runs']} | {fmt_s(b['median'])} | {b['min']:.2f}-{b['max']:.2f} s | {b['peak_mib']:.0f} MiB |")
    by = {b.get("key"): b for b in builds}
    if "site" in by and "plain" in by:
        out += ["", "| Ratio (medians) | Value | Target |", "|---|---:|---:|",
                f"| `make build` / plain Material build | {_ratio(by['site'], by['plain'])} | <= 2x |"]
        if "tenfold" in by:
            out.append(f"| 10x the pages / this site | {_ratio(by['tenfold'], by['site'])} | <= 10x |")
    if glossary:
        out += ["", "## Glossary scaling", "",
                "This site with its glossary grown to N terms (the real terms, then synthetic ones with tooltips, "
                "docs/includes/abbreviations.md made again), one `make build` each.", "",
                "| Terms | Build | Peak memory |", "|---:|---:|---:|"]
        for g in glossary:
            if "note" in g:
                out.append(f"| {g['terms']:,} | {g['note']} | |")
            else:
                out.append(f"| {g['terms']:,} | {fmt_s(g['seconds'])} | {g['peak_mib']:.0f} MiB |")
        gt = {g["terms"]: g for g in glossary if "seconds" in g}
        if 100 in gt and 1_000 in gt:
            out += ["", f"1,000 terms / 100 terms: {gt[1_000]['seconds'] / gt[100]['seconds']:.2f}x (target <= 10x); "
                        f"5,000 terms: {'finished' if 5_000 in gt else 'did not finish'} (target: finishes)."]
    if serve:
        out += ["", "## Editing with `make serve`", "",
                "scripts/serve.py (mkdocs serve with live reload) on a copy of the project: the time from writing a "
                "one-line edit until the served page contains it (polled over HTTP every 20 ms). Target <= 1.5 s each.", "",
                "| What | Edits | Median | Range |", "|---|---:|---:|---:|"]
        for row in serve:
            if "note" in row:
                out.append(f"| {row['what']} | | {row['note']} | |")
            else:
                t = row["times"]
                out.append(f"| {row['what']} | {len(t)} | {fmt_s(statistics.median(t))} | {min(t):.2f}-{max(t):.2f} s |")
    out += ["", "## Data validation", "", "| What | Median | Range |", "|---|---:|---:|"]
    for v in validation:
        if "note" in v:
            out.append(f"| {v['what']} | {v['note']} | |")
        else:
            out.append(f"| {v['what']} | {v['median'] * 1000:.0f} ms | {v['min'] * 1000:.0f}-{v['max'] * 1000:.0f} ms |")
    out += ["", "## Handouts", ""]
    if "note" in handouts:
        out.append(f"`make handouts`: {handouts['note']}")
    else:
        out.append(f"`make handouts` = build ({fmt_s(handouts['build'])}) + printing ({fmt_s(handouts['print'])}): "
                   f"{handouts['pdfs']} PDFs, {handouts['pdf_kib']:.0f} KB in all.")
    out += ["", "## Page weight", "",
            "First load with an empty cache, per page: HTML, CSS, JS, fonts, images, icons and the search worker "
            "(scripts/page_weight.py; gzip level 9; 1 KB = 1024 bytes). The search index is counted separately. "
            "Plain Material: the same Markdown files built with only `theme: material`, macro calls stripped "
            "(so its pages lack the generated cards, checklists and tables), no custom CSS or JS; its default "
            "Google Fonts (Roboto) come from another host and are not counted.", "",
            "| Page | HTML KB gz | First load KB gz | Plain Material HTML KB gz | Plain Material first load KB gz |",
            "|---|---:|---:|---:|---:|"]
    for w in weights:
        plain_html = f"{w['plain_html_gzip'] / KB:.1f}" if w.get("plain_html_gzip") is not None else "-"
        plain_first = f"{w['plain_first_gzip'] / KB:.1f}" if w.get("plain_first_gzip") is not None else "-"
        out.append(f"| {w['page']} | {w['html_gzip'] / KB:.1f} | {w['first_load_gzip'] / KB:.1f} | {plain_html} | {plain_first} |")
    out += ["", f"Search index: this site {index['ours_gzip'] / KB:.1f} KB gzip ({index['ours_raw'] / KB:.0f} KB raw); "
            f"plain Material {index['plain_gzip'] / KB:.1f} KB gzip ({index['plain_raw'] / KB:.0f} KB raw).",
            f"Own CSS and JS, all files: {index['own_gzip'] / KB:.1f} KB gzip; the most one page loads: {index['own_page_max'] / KB:.1f} KB gzip.",
            "", "## Lighthouse", ""]
    if lh and "note" in lh[0]:
        out.append(lh[0]["note"])
    else:
        out += [f"Lighthouse {lh_version}, mobile (simulated slow 4G and 4x CPU slowdown), median of {lh_runs} runs. "
                "Both sites are served by the same local server (scripts/local_server.py): "
                + ("gzip-compressed, as static hosts such as GitHub Pages serve text files, then uncompressed, the worst case. "
                   if any(r["served"] == "uncompressed" for r in lh)
                   else "gzip-compressed, as static hosts such as GitHub Pages serve text files (uncompressed left out: --gzip-only). ")
                + "FCP and LCP: first and largest contentful paint; TBT: total blocking time; CLS: cumulative layout shift.", "",
                "| Page | Served | Site | Performance | Accessibility | Best practices | SEO | FCP | LCP | TBT | CLS |",
                "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for row in lh:
            out.append(f"| {row['page']} ({row['path']}) | {row['served']} | {row['site']} | {row['performance']:.0f} | "
                       f"{row['accessibility']:.0f} | {row['best-practices']:.0f} | {row['seo']:.0f} | "
                       f"{row['fcp'] / 1000:.1f} s | {row['lcp'] / 1000:.1f} s | {row['tbt']:.0f} ms | {row['cls']:.2f} |")
    return "\n".join(out) + "\n"


def pick_pages(site: Path) -> list[tuple[str, str]]:
    pages = page_weight.pages(site)
    text = {p: (site / p / "index.html").read_text(encoding="utf-8") for p in pages}
    chosen = [("Home", "")]
    content = "symptoms/" if "symptoms/" in pages else next((p for p in pages if p), "")
    chosen.append(("Content", content))
    checklist = next((p for p in pages if "data-fsg-checklist" in text[p] and "red-flags" in text[p]), None) \
        or next((p for p in pages if "data-fsg-checklist" in text[p]), None)
    if checklist:
        chosen.append(("Checklist", checklist))
    tree = next((p for p in pages if "data-fsg-tree" in text[p]), None)
    if tree:
        chosen.append(("Decision tree", tree))
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="cold builds per site (default 5)")
    parser.add_argument("--big-runs", type=int, help="cold builds of the 10x site (default: --runs)")
    parser.add_argument("--serve-edits", type=int, default=3, help="edits of each kind under make serve (default 3)")
    parser.add_argument("--glossary-timeout", type=float, default=900, help="seconds one glossary build may take")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and site (default 3)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave Lighthouse out")
    parser.add_argument("--gzip-only", action="store_true", help="Lighthouse only with gzip-compressed serving")
    parser.add_argument("--only", choices=["build"], help="build: builds, scaling, serve and page weight only "
                        "(no handouts, no Lighthouse: no Chromium or Node needed)")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.md", help="where to write the results")
    args = parser.parse_args(argv)
    only_build = args.only == "build"

    m = machine()
    print(f"Benchmark on {m['cpu']} ({m['cores']} cores, {m['ram']}), Python {m['python']}, load {m['load']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="fsg-bench-") as tmp:
        work = Path(tmp)
        builds = []
        print("1/8 cold builds of the site (make build) and of plain Material...", flush=True)
        # The build's caches (QR codes, validated data, compiled templates): one for every build here, empty at first.
        ENV["FSG_CACHE_DIR"] = str(work / "build-cache")
        seconds, kib = timed_build(ROOT, work / "out-empty-cache")
        shutil.rmtree(work / "out-empty-cache", ignore_errors=True)
        builds.append({"site": "This site (`make build`), empty caches", "pages": count_pages(ROOT), "runs": 1,
                       "median": seconds, "min": seconds, "max": seconds, "peak_mib": kib / 1024, "key": "empty-cache"})
        print(f"    empty caches: {fmt_s(seconds)}", flush=True)
        b = build_series(ROOT, args.runs, work)
        b.update(site="This site (`make build`)", pages=count_pages(ROOT), key="site")
        builds.append(b)
        print(f"    median {fmt_s(b['median'])}, peak {b['peak_mib']:.0f} MiB", flush=True)
        plain_project = make_plain(work / "plain")
        p = build_series(plain_project, args.runs, work, cmds=plain_build_cmds)
        p.update(site="Plain Material, same Markdown", pages=count_pages(plain_project), key="plain")
        builds.append(p)
        print(f"    plain Material median {fmt_s(p['median'])}, peak {p['peak_mib']:.0f} MiB; "
              f"ratio {_ratio(b, p)}", flush=True)

        print("2/8 cold builds of a site with 10x the pages...", flush=True)
        big = make_tenfold(work / "tenfold")
        try:
            b = build_series(big, args.big_runs or args.runs, work)
            b.update(site="Synthetic, 10x the pages", pages=count_pages(big), key="tenfold")
            print(f"    median {fmt_s(b['median'])}, peak {b['peak_mib']:.0f} MiB", flush=True)
        except RuntimeError as exc:
            b = {"site": "Synthetic, 10x the pages", "pages": count_pages(big), "note": "build failed: " +
                 str(exc).strip().splitlines()[-1][:200]}
            print("    " + b["note"], flush=True)
        builds.append(b)
        shutil.rmtree(big, ignore_errors=True)

        print("3/8 glossary scaling: 100, 1,000 and 5,000 terms...", flush=True)
        glossary = bench_glossary(work, args.glossary_timeout)

        print("4/8 editing with make serve...", flush=True)
        try:
            serve = bench_serve(work, args.serve_edits)
        except (RuntimeError, OSError) as exc:
            serve = [{"what": "make serve", "note": f"failed: {exc}"}]
        for row in serve:
            print(f"    {row['what']}: " + (row["note"] if "note" in row else
                                             f"median {fmt_s(statistics.median(row['times']))}"), flush=True)

        print("5/8 validation of a 10,000-node tree and a 1,000-item checklist...", flush=True)
        validation = bench_validation(work)

        if only_build:
            handouts = {"note": "skipped (--only build: no Chromium)"}
        else:
            print("6/8 handouts...", flush=True)
            handouts = bench_handouts(work)

        print("7/8 page weight, this site and plain Material...", flush=True)
        ours = work / "site"
        timed_build(ROOT, ours)
        plain = work / "plain-site"
        build_plain(plain_project, plain)
        ours_w = page_weight.measure_site(ours)
        plain_w = {w.page: w for w in page_weight.measure_site(plain)}
        weights = []
        for w in ours_w:
            pw = plain_w.get(w.page)
            weights.append({"page": "/" + w.page, "html_gzip": w.html_gzip, "first_load_gzip": w.first_load_gzip,
                            "plain_html_gzip": pw.html_gzip if pw else None, "plain_first_gzip": pw.first_load_gzip if pw else None})
        own = page_weight.own_assets(ours)
        any_plain = next(iter(plain_w.values()))
        index = {"ours_gzip": ours_w[0].index_gzip, "ours_raw": ours_w[0].index_raw,
                 "plain_gzip": any_plain.index_gzip, "plain_raw": any_plain.index_raw,
                 "own_gzip": sum(r.gzip for r in own), "own_page_max": max(w.own_gzip for w in ours_w)}

        lh, lh_version = [], ""
        if only_build:
            lh = [{"note": "skipped (--only build: no Node or Lighthouse)"}]
        elif args.skip_lighthouse:
            lh = [{"note": "skipped (--skip-lighthouse)"}]
        else:
            print("8/8 Lighthouse...", flush=True)
            try:
                lh_version = json.loads((BENCH_DIR / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
            except (OSError, ValueError):
                lh_version = "?"
            servings = (True,) if args.gzip_only else (True, False)
            lh = bench_lighthouse(ours, plain, pick_pages(ours), args.lighthouse_runs, work, servings)

    text = report(m, builds, validation, handouts, weights, index, lh, lh_version, args.runs, args.lighthouse_runs,
                  glossary=glossary, serve=serve)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
