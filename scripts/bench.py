"""Benchmark of the site: build time, data validation, handouts, page weight, Lighthouse.

Prints a table and writes bench/results.md (with the date and the machine). It never
passes or fails on a time: it measures, so the history of bench/results.md shows trends.

1. Cold full build (`mkdocs build --strict --clean` + scripts/postbuild.py, as `make build`),
   N runs (default 5): median, range and peak memory (max RSS of the build processes).
2. The same for a synthetic site with 10 times the pages: the docs are copied under
   docs/copy-2/ ... docs/copy-10/ of a temporary project, and added to the nav.
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

Usage: python scripts/bench.py [--runs 5] [--lighthouse-runs 3] [--skip-lighthouse] [--gzip-only] [--out bench/results.md]
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
import tempfile
import time
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


def timed_build(project: Path, out: Path) -> tuple[float, int]:
    """One cold build as `make build` does it, in a fresh process: (seconds, peak RSS KiB)."""
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    cmds = [[mkdocs, "build", "--strict", "--clean", "-f", "mkdocs.yml", "-d", str(out)]]
    if (ROOT / "scripts" / "postbuild.py").exists():
        cmds.append([sys.executable, str(ROOT / "scripts" / "postbuild.py"), str(out),
                     "--project", str(project), "--config", "mkdocs.yml"])
    r = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps(cmds)], cwd=project, env=ENV,
                       capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"build failed in {project}:\n{r.stderr[-3000:]}")
    result = json.loads(r.stdout.strip().splitlines()[-1])
    return result["seconds"], result["maxrss_kib"]


def build_series(project: Path, runs: int, work: Path) -> dict:
    times, peaks = [], []
    for i in range(runs):
        out = work / f"out-{i}"
        shutil.rmtree(out, ignore_errors=True)
        seconds, kib = timed_build(project, out)
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
        from macros.data import load_file, unique_ids
        data_dir = work / "checklist-data"
        data_dir.mkdir(exist_ok=True)
        items = [{"id": f"item-{i}", "text": f"Step {i}: write down **when** the spasm starts and what you were doing.",
                  "hint": "Short notes are enough."} for i in range(1000)]
        doc = {"checklists": [{"id": "big", "title": "A long list", "intro": "Tick what applies.", "items": items}]}
        (data_dir / checklist.FILE).write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            parsed = load_file(data_dir, checklist.FILE, checklist.MODEL)
            for cl in parsed.checklists:
                unique_ids(checklist.LABEL, cl.items, parent=cl.id)
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


def report(m: dict, builds: list[dict], validation: list[dict], handouts: dict, weights: list[dict],
           index: dict, lh: list[dict], lh_version: str, runs: int, lh_runs: int) -> str:
    out = [f"# Benchmark results", "",
           f"Written by `make bench` (scripts/bench.py) on {m['date']}, commit {m['commit']}.", "",
           "## Machine", "",
           f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}",
           f"- {m['os']}; Python {m['python']}; Node {m['node'] or 'not installed'}",
           f"- Load average when the benchmark started: {m['load']} (other work on the machine slows every timing below)",
           "", "## Build", "",
           "Cold full build (`mkdocs build --strict --clean` then `scripts/postbuild.py`), each run in fresh processes. "
           "Peak memory: the largest resident set of the build processes.", "",
           "| Site | Pages | Runs | Median | Range | Peak memory |", "|---|---:|---:|---:|---:|---:|"]
    for b in builds:
        if "note" in b:
            out.append(f"| {b['site']} | {b.get('pages', '')} | | {b['note']} | | |")
        else:
            out.append(f"| {b['site']} | {b['pages']} | {b['runs']} | {fmt_s(b['median'])} | {b['min']:.2f}-{b['max']:.2f} s | {b['peak_mib']:.0f} MiB |")
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
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page and site (default 3)")
    parser.add_argument("--skip-lighthouse", action="store_true", help="leave Lighthouse out")
    parser.add_argument("--gzip-only", action="store_true", help="Lighthouse only with gzip-compressed serving")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.md", help="where to write the results")
    args = parser.parse_args(argv)

    m = machine()
    print(f"Benchmark on {m['cpu']} ({m['cores']} cores, {m['ram']}), Python {m['python']}, load {m['load']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="fsg-bench-") as tmp:
        work = Path(tmp)
        builds = []
        print("1/6 cold builds of the site...", flush=True)
        b = build_series(ROOT, args.runs, work)
        b.update(site="This site", pages=count_pages(ROOT))
        builds.append(b)
        print(f"    median {fmt_s(b['median'])}, peak {b['peak_mib']:.0f} MiB", flush=True)

        print("2/6 cold builds of a site with 10x the pages...", flush=True)
        big = make_tenfold(work / "tenfold")
        try:
            b = build_series(big, args.big_runs or args.runs, work)
            b.update(site="Synthetic, 10x the pages", pages=count_pages(big))
            print(f"    median {fmt_s(b['median'])}, peak {b['peak_mib']:.0f} MiB", flush=True)
        except RuntimeError as exc:
            b = {"site": "Synthetic, 10x the pages", "pages": count_pages(big), "note": "build failed: " +
                 str(exc).strip().splitlines()[-1][:200]}
            print("    " + b["note"], flush=True)
        builds.append(b)

        print("3/6 validation of a 10,000-node tree and a 1,000-item checklist...", flush=True)
        validation = bench_validation(work)

        print("4/6 handouts...", flush=True)
        handouts = bench_handouts(work)

        print("5/6 page weight, this site and plain Material...", flush=True)
        ours = work / "site"
        timed_build(ROOT, ours)
        plain = work / "plain-site"
        build_plain(make_plain(work / "plain"), plain)
        ours_w = page_weight.measure_site(ours)
        plain_w = {w.page: w for w in page_weight.measure_site(plain)}
        weights = []
        for w in ours_w:
            p = plain_w.get(w.page)
            weights.append({"page": "/" + w.page, "html_gzip": w.html_gzip, "first_load_gzip": w.first_load_gzip,
                            "plain_html_gzip": p.html_gzip if p else None, "plain_first_gzip": p.first_load_gzip if p else None})
        own = page_weight.own_assets(ours)
        any_plain = next(iter(plain_w.values()))
        index = {"ours_gzip": ours_w[0].index_gzip, "ours_raw": ours_w[0].index_raw,
                 "plain_gzip": any_plain.index_gzip, "plain_raw": any_plain.index_raw,
                 "own_gzip": sum(r.gzip for r in own), "own_page_max": max(w.own_gzip for w in ours_w)}

        lh, lh_version = [], ""
        if args.skip_lighthouse:
            lh = [{"note": "skipped (--skip-lighthouse)"}]
        else:
            print("6/6 Lighthouse...", flush=True)
            try:
                lh_version = json.loads((BENCH_DIR / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
            except (OSError, ValueError):
                lh_version = "?"
            servings = (True,) if args.gzip_only else (True, False)
            lh = bench_lighthouse(ours, plain, pick_pages(ours), args.lighthouse_runs, work, servings)

    text = report(m, builds, validation, handouts, weights, index, lh, lh_version, args.runs, args.lighthouse_runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"Written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
