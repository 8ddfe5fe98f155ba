"""The offline copy (`make offline`, scripts/offline.py): a zip of the whole guide for a clinic
computer or a USB stick with no internet. Unzipped and opened from file://, its pages link to
each other, search finds things, every page says it is an offline copy made on a date and links
to the online guide, and nothing is asked of any other host. The published site offers the zip,
with its size, on /for-clinicians/ and /handouts/; the published URLs are never touched."""
from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest

from scripts import csp, offline
from support import ROOT, build, copy_project

SITE_URL = "https://facial-spasm-guide.github.io/"


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    work = tmp_path_factory.mktemp("offline")
    zip_file = offline.build(ROOT, site=work / "site-offline", out=work / "guide.zip")
    with zipfile.ZipFile(zip_file) as z:
        z.extractall(work / "usb")
    return work / "usb" / offline.FOLDER_IN_ZIP, zip_file


def test_the_zip_holds_every_page_as_a_file_with_the_shim_and_its_license(copy):
    folder, zip_file = copy
    with zipfile.ZipFile(zip_file) as z:
        names = z.namelist()
    assert all(n.startswith(offline.FOLDER_IN_ZIP + "/") for n in names)
    for page in ("index.html", "self-care.html", "treatments/index.html", "treatments/surgery.html",
                 "for-clinicians.html", "go/red-flags/index.html", "search/search_index.js"):
        assert (folder / page).is_file(), page
    shim = folder / "assets/vendor/iframe-worker"
    assert (shim / "shim.js").is_file() and "MIT" in (shim / "LICENSE").read_text()
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "cdn." not in text, html
    # The published build is left alone: it never has page files like self-care.html.
    assert not (ROOT / "site" / "self-care.html").exists()


def test_every_page_says_it_is_an_offline_copy_with_its_date_and_the_online_guide(copy):
    folder, _ = copy
    today = dt.datetime.now(dt.timezone.utc).date()
    pages = [p for p in folder.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")]
    assert len(pages) >= 20
    for html in pages:
        text = html.read_text(encoding="utf-8")
        notice = re.search(r'<p class="fsg-offline-notice"[^>]*>(.*?)</p>', text, re.S)
        assert notice, html
        assert f"made on <time datetime=\"{today.isoformat()}\">" in notice.group(1)
        assert f'href="{SITE_URL}"' in notice.group(1)


def test_the_policy_allows_no_inline_script_but_the_templates_and_the_search_shim(copy):
    # As on the published site: no 'unsafe-inline', so a <script> written into a page's Markdown
    # never runs. Search from disk needs the one script the iframe-worker shim writes into its
    # hidden frame; it names the worker by the page's relative address, so it has a hash too.
    import json
    folder, _ = copy
    pages = 0
    for html in folder.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        policy = csp.current_policy(text)
        assert policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, html
        script_src = set(re.search(r"script-src ([^;]*)", policy).group(1).split())
        allowed = {"'self'", *csp.inline_script_hashes(text)}
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
        if config:
            pages += 1
            search = json.loads(config.group(1))["search"]
            assert folder.as_posix() not in search and not search.startswith(("/", "file:"))
            allowed.add(csp._sha256(offline.shim_script(search)))
        assert script_src == allowed, html
    assert pages >= 20
    # The shim's script is its own code with the worker's address: for a page one folder down, "../".
    script = offline.shim_script("../assets/javascripts/workers/search.js")
    assert script.startswith("postMessage=function c(") and 'filename:"../assets/javascripts/workers/search.js"' in script


@pytest.mark.browser
def test_from_file_links_and_search_work_and_nothing_leaves_the_disk(copy, browser):
    folder, _ = copy
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((folder / "index.html").as_uri())
    assert "This is an offline copy" in page.locator("[data-fsg-offline]").inner_text()
    # A link the guide writes in its text, a link a macro writes, and a short link's redirect.
    page.locator('article a[href^="when-to-get-help.html"]').first.click()
    page.wait_for_load_state()
    assert page.url.startswith((folder / "when-to-get-help.html").as_uri())
    assert page.locator("h1").inner_text().strip()
    page.goto((folder / "for-clinicians.html").as_uri())
    page.locator("a.fsg-url", has_text=SITE_URL + "go/red-flags/").first.click()
    page.wait_for_url("**/when-to-get-help.html#emergency")
    page.goto((folder / "treatments" / "surgery.html").as_uri())
    page.locator('nav a[href$="self-care.html"]').first.evaluate("a => a.click()")
    page.wait_for_url("**/self-care.html")
    # Search, from the file system (the vendored iframe-worker shim runs the worker).
    page.locator(".md-search__input").click()
    page.keyboard.type("botulinum")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=15000)
    first = page.locator(".md-search-result__item a").first
    href = first.get_attribute("href")
    assert href.startswith(folder.as_uri()) and re.sub(r"[?#].*", "", href).endswith(".html"), href
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((folder / "treatments").as_uri()) and "otulinum" in page.locator("h1").inner_text()
    outside = [u for u in requests if not u.startswith("file://")]
    assert outside == [], outside
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


@pytest.mark.browser
def test_the_handout_builder_works_from_the_file_system(copy, browser):
    # Over file:// nothing can be fetched, so the offline copy carries the tool in the page.
    from handouts.pdf_qr import pdf_qr_texts
    folder, _ = copy
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((folder / "for-clinicians.html").as_uri())
    page.get_by_role("button", name="Start a handout").click()
    picks = ["sleep", "mri"]
    for code in picks:
        page.locator(f"#pick-{code}").check()
    items = page.locator("[data-fsg-sheet-list] > li")
    assert items.count() == 2
    titles = [page.locator(f"#pick-{c}").get_attribute("data-title") for c in picks]
    assert sorted(items.locator(".fsg-sheet__item-title").all_inner_texts()) == sorted(titles)
    expected = [f"{SITE_URL}go/{c}/" for c in picks]
    assert sorted(items.locator(".fsg-sheet__item-link a").all_inner_texts()) == sorted(expected)
    # Each QR code is a file of the copy that loads and decodes to its short link, on paper too.
    qr = items.locator("img.fsg-sheet__qr")
    assert qr.count() == 2
    page.wait_for_function("() => [...document.querySelectorAll('[data-fsg-sheet-list] img')].every(i => i.complete && i.naturalWidth > 0)")
    assert all(src.startswith("file://") for src in qr.evaluate_all("els => els.map(e => e.src)"))
    page.evaluate("window.print = () => { window.__printed = 1; }")
    page.get_by_role("button", name="3. Print the sheet").click()
    page.wait_for_function("window.__printed === 1")
    from io import BytesIO
    from pypdf import PdfReader
    reader = PdfReader(BytesIO(page.pdf(format="A4")))
    assert len(reader.pages) == 1
    assert sorted(pdf_qr_texts(reader)) == sorted(expected)
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == [], errors
    context.close()


def test_the_published_site_offers_the_zip_with_its_size(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "dist").mkdir()
    (project / "dist" / offline.ZIP_NAME).write_bytes(b"x" * 2_400_000)
    result = build(tmp_path / "site", project)
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    assert (site / "downloads" / offline.ZIP_NAME).stat().st_size == 2_400_000
    for page in ("for-clinicians", "handouts"):
        html = (site / page / "index.html").read_text()
        assert re.search(r'<a href="\.\./downloads/facial-spasm-guide-offline\.zip" type="application/zip" download>'
                         r"<strong>Download the offline copy of the whole guide</strong></a> \(a zip file, 2\.4 MB\)", html), page


def test_without_the_zip_the_link_leads_to_the_online_guide(tmp_path):
    # A build with no `make offline` before it (`make build`, `make serve`): no dead link.
    project = copy_project(tmp_path / "project")
    result = build(tmp_path / "site", project)
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    for page in ("for-clinicians", "handouts"):
        html = (site / page / "index.html").read_text()
        assert f'<a href="{SITE_URL}downloads/facial-spasm-guide-offline.zip" type="application/zip">' in html
    assert not (site / "downloads").exists()


def test_a_link_that_only_works_online_stops_the_offline_copy(tmp_path):
    site = tmp_path / "copy"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text('<a href="../b/">b</a> <a href="/c/">c</a> <img src="https://x.org/i.png">')
    (site / "b.html").write_text("<p>b</p>")
    offline.fix_links(site)
    assert 'href="../b.html"' in (site / "a" / "index.html").read_text()
    with pytest.raises(offline.OfflineError) as caught:
        offline.check(site)
    assert "/c/" in str(caught.value) and "https://x.org/i.png" in str(caught.value)
