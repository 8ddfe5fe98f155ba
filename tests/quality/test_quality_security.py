"""Every page carries a Content-Security-Policy that lets it load things from the site
itself only, and in a real Chromium no page breaks it, logs an error, reaches another
host or sets a cookie - also while a reader ticks a checklist, answers the decision
tree or searches."""
from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from pagecheck import parse_policy, read_page
from support import ROOT, html_pages, open_closed_boxes

FETCH_DIRECTIVES = ("default-src", "script-src", "style-src", "img-src", "font-src", "connect-src", "worker-src")
ALLOWED_EXTRA = {
    "script-src": re.compile(r"'sha256-[A-Za-z0-9+/]+=*'"),
    "style-src": re.compile(r"'sha256-[A-Za-z0-9+/]+=*'|'unsafe-hashes'"),
    "img-src": re.compile(r"data:"),  # Material's and the care cards' icons are data: SVG masks
}


def all_html(site_dir):
    return sorted(site_dir.rglob("*.html"))


def test_every_html_file_has_one_policy_before_anything_it_governs(site_dir):
    problems = []
    for path in all_html(site_dir):
        facts = read_page(path)
        name = path.relative_to(site_dir).as_posix()
        if len(facts.csp) != 1:
            problems.append(f"{name}: {len(facts.csp)} Content-Security-Policy meta tags")
        elif facts.before_csp:
            problems.append(f"{name}: {facts.before_csp} in <head> before the policy, so not governed by it")
    assert len(all_html(site_dir)) >= 16
    assert not problems, "\n".join(problems)


def test_the_policy_allows_only_the_sites_own_origin(site_dir):
    problems = []
    for path in all_html(site_dir):
        name = path.relative_to(site_dir).as_posix()
        policies = read_page(path).csp
        if not policies:
            continue  # reported by the test above
        policy = parse_policy(policies[0])
        for directive in FETCH_DIRECTIVES:
            sources = policy.get(directive)
            if sources is None:
                problems.append(f"{name}: no {directive}")
                continue
            extra = ALLOWED_EXTRA.get(directive)
            bad = [s for s in sources if s != "'self'" and not (extra and extra.fullmatch(s))]
            if bad:
                problems.append(f"{name}: {directive} also allows {bad}")
        if policy.get("object-src") != ["'none'"]:
            problems.append(f"{name}: object-src is not 'none'")
        if policy.get("base-uri") not in (["'self'"], ["'none'"]):
            problems.append(f"{name}: base-uri is not restricted")
    assert not problems, "\n".join(problems[:30])


LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.pathname}:${e.lineNumber}`));
"""


def exercise(page):
    """Do what a reader does on the page, so the scripts behind it run under the policy."""
    open_closed_boxes(page)
    boxes = page.locator("[data-fsg-checklist] input[type=checkbox]")
    if boxes.count():
        page.locator(f'label[for="{boxes.first.get_attribute("id")}"]').click()
    answer = page.locator("[data-fsg-tree] [data-node]:visible a[data-next]")
    if answer.count():
        answer.first.click()
        page.wait_for_timeout(200)


@pytest.mark.browser
def test_pages_break_no_policy_log_no_error_and_stay_on_this_site(site_dir, base_url, browser):
    own = urlparse(base_url).netloc
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(LISTEN)
    requests: list[tuple[str, str]] = []
    console: list[str] = []
    here = {"page": ""}
    context.on("request", lambda r: requests.append((here["page"], r.url)))
    page = context.new_page()
    page.on("console", lambda m: console.append(f"{here['page']}: {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: console.append(f"{here['page']}: uncaught: {e}"))
    page.on("worker", lambda w: w.on("console", lambda m: console.append(f"{here['page']} worker: {m.type}: {m.text}")
                                     if m.type == "error" else None))
    violations = []
    pages = html_pages(site_dir)
    for path in pages:
        here["page"] = "/" + path
        page.goto(base_url + path, wait_until="networkidle")
        exercise(page)
        violations += [f"/{path}: {v}" for v in page.evaluate("window.__cspViolations")]

    # Search: the worker fetches the index and the results are drawn under the policy.
    here["page"] = "/ (search)"
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("twitch")
    page.wait_for_selector(".md-search-result__item")
    violations += [f"/ (search): {v}" for v in page.evaluate("window.__cspViolations")]
    cookies = context.cookies()
    context.close()

    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
    assert not console, "console errors:\n" + "\n".join(console)
    foreign = sorted({f"{p} -> {u}" for p, u in requests
                      if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != own})
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert any(u.endswith("/search/search_index.json") for _, u in requests), "the recording should see the search worker's fetch"
    assert cookies == [], f"cookies set: {cookies}"


@pytest.mark.browser
def test_the_policy_is_enforced(base_url, browser):
    # Proof the meta tag is in force: a script smuggled into the page does not run.
    context = browser.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(base_url + "symptoms/")
    ran = page.evaluate("""() => { window.__ran = false;
        const s = document.createElement('script'); s.textContent = 'window.__ran = true';
        document.body.append(s); return window.__ran; }""")
    blocked = page.evaluate("window.__cspViolations")
    context.close()
    assert ran is False, "an inline script added to the page ran: the policy is not in force"
    assert any(v.startswith("script-src") for v in blocked)


# --- Only the inline scripts our templates write are allowed (issue 14) -------------------------

INJECTED = "<script>document.title = 'injected'</script>"


def test_an_injected_inline_script_stops_the_post_build(site_dir, tmp_path):
    # A script that reached the built HTML anyway (the Markdown check is the first guard).
    from scripts import csp
    page = tmp_path / "site" / "symptoms" / "index.html"
    page.parent.mkdir(parents=True)
    html = (site_dir / "symptoms" / "index.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", INJECTED + "</article>", 1), encoding="utf-8")
    with pytest.raises(csp.UnknownScript) as caught:
        csp.apply(tmp_path / "site")
    assert str(caught.value).startswith("symptoms/index.html: an inline script that no template writes")
    assert "document.title = 'injected'" in str(caught.value)
    # And even the policy computed for it would not allow it: only template scripts get a hash.
    injected_hash = csp._sha256("document.title = 'injected'")
    assert injected_hash not in csp.policy_for(page.read_text(encoding="utf-8"))
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "csp.py"), str(tmp_path / "site")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "no template writes" in result.stderr and "Traceback" not in result.stderr


def test_every_inline_script_of_the_built_site_is_one_a_template_writes(site_dir):
    from scripts import csp
    unknown = {p.relative_to(site_dir).as_posix(): csp.unknown_scripts(p.read_text(encoding="utf-8"))
               for p in all_html(site_dir)}
    assert not {k: v for k, v in unknown.items() if v}
    # The theme's storage helpers, palette restorer and tab fixer, with this page's base URL.
    policy = parse_policy(read_page(site_dir / "treatments" / "surgery" / "index.html").csp[0])
    assert len([s for s in policy["script-src"] if s.startswith("'sha256-")]) >= 3


def test_publish_runs_make_test_before_it_deploys():
    import yaml
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    steps = jobs["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    tested = next(i for i, r in enumerate(runs) if ".ci/run" in r or "make test" in r)
    uploaded = next(i for i, s in enumerate(steps) if "upload-pages-artifact" in s.get("uses", ""))
    assert tested < uploaded, "Publish must run make test before it uploads the site"
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert jobs["deploy"]["needs"] == "build"
