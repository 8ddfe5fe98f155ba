"""The handout builder at /for-clinicians/#make-a-handout: a clinician ticks pages and
sections (the short links of data/links.yml), adds a note and prints one sheet. Each pick
prints with its title, a one-line description, its short link and a QR code that opens it;
the sheet also has the emergency line, the site's address and the date. Nothing leaves the
browser, nothing is kept unless the clinician saves the set (and then forgets it), and a set
can be shared as a link. Without JavaScript, the tool stays out of the way."""
from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from macros.data import load_file
from macros.links import FILE, MODEL
from support import ROOT, axe, settle

SITE_URL = "https://facial-spasm-guide.github.io/"
LINKS = load_file(ROOT / "data", FILE, MODEL).links
FIRST_CODE = {}
for _l in LINKS:
    FIRST_CODE.setdefault(_l.to, _l.code)
CODES = list(FIRST_CODE.values())
PICK = ["red-flags", "sleep", "mri"]  # a section of three different pages
PAPER = {"A4": (595, 842), "Letter": (612, 792)}


def tool_html(site_dir) -> str:
    """The tool's markup: not in the page, but in the file beside it that the page fetches when opened."""
    page = (site_dir / "for-clinicians" / "index.html").read_text()
    src = re.search(r'<div class="fsg-builder"[^>]*data-fsg-builder-src="([^"]+)"', page).group(1)
    return json.loads((site_dir / "for-clinicians" / src).read_text())["html"]


def test_the_page_carries_only_a_button_and_the_tool_is_a_file_beside_it(site_dir):
    page = (site_dir / "for-clinicians" / "index.html").read_text()
    assert 'id="make-a-handout"' in page and "data-fsg-builder-open" in page
    # The pick list, its QR codes and the sheet are not part of the page's first load.
    assert 'id="pick-' not in page and "data-fsg-builder-parts" not in page and "data-fsg-sheet" not in page
    assert "handout-builder.css" not in page and "handout-builder-tool.js" not in page
    assert 'type="checkbox" id="pick-sleep"' in tool_html(site_dir)


def test_the_post_build_step_moves_the_whole_tool_with_its_inner_templates(tmp_path):
    from scripts import handout_builder
    page = tmp_path / "tool" / "index.html"
    page.parent.mkdir()
    page.write_text('<p>before</p><div class="fsg-builder" data-fsg-builder data-fsg-builder-src="parts.json">'
                    '<template data-fsg-builder-parts>\n<p>pick</p><template data-x><img alt="a"></template>'
                    '<template data-y><li></li></template><p>sheet</p>\n</template>\n</div><p>after</p>')
    assert handout_builder.apply(tmp_path) == [page.parent / "parts.json"]
    assert page.read_text() == ('<p>before</p><div class="fsg-builder" data-fsg-builder data-fsg-builder-src="parts.json">'
                                "</div><p>after</p>")
    assert json.loads((page.parent / "parts.json").read_text()) == {
        "html": '<p>pick</p><template data-x><img alt="a"></template><template data-y><li></li></template><p>sheet</p>'}
    page.write_text('<div class="fsg-builder"><template data-fsg-builder-parts><p>x</p></template></div>')
    with pytest.raises(handout_builder.BuilderError, match="names no file"):
        handout_builder.apply(tmp_path)


def test_every_short_link_can_be_picked_and_its_qr_file_exists(site_dir):
    html = tool_html(site_dir)
    boxes = re.findall(r'<input type="checkbox" id="pick-([a-z0-9-]+)"[^>]*>', html)
    assert boxes == [c for c in boxes if c in CODES] and sorted(boxes) == sorted(CODES)
    for code in CODES:
        tag = re.search(r'<input type="checkbox" id="pick-' + code + r'"[^>]*>', html).group(0)
        attrs = dict(re.findall(r'\s(data-[a-z-]+)="([^"]*)"', tag))
        assert attrs["data-short"] == f"{SITE_URL}go/{code}/"
        assert attrs["data-title"] and len(attrs["data-description"]) > 20, code
        img = re.search(r'id="pick-' + code + r'-link".*?<template data-fsg-pick-qr><img ([^>]*)>', html, re.S).group(1)
        img = dict(re.findall(r'([a-z-]+)="([^"]*)"', img))
        assert img["alt"] == f"QR code for {SITE_URL}go/{code}/"
        assert (site_dir / urljoin("for-clinicians/", img["src"])).is_file(), code
        assert f'<label for="pick-{code}">' in html


@pytest.fixture
def tool(browser, base_url):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto(base_url + "for-clinicians/#make-a-handout")
    yield page, outside
    context.close()


def titles(page, codes):
    return [page.locator(f"#pick-{c}").get_attribute("data-title") for c in codes]


def print_sheet(page, paper):
    page.evaluate("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    page.get_by_role("button", name="3. Print the sheet").click()
    page.wait_for_function("window.__printed > 0")
    return PdfReader(__import__("io").BytesIO(page.pdf(format=paper)))


@pytest.mark.parametrize("paper", list(PAPER))
def test_pick_three_print_one_sheet_with_exactly_those_and_codes_that_open_them(tool, paper):
    from handouts.pdf_qr import pdf_qr_texts
    page, outside = tool
    for code in PICK:
        page.get_by_label(re.compile("^" + re.escape(titles(page, [code])[0]))).check()
    page.get_by_label("2. A short note for your patient (optional)").fill("Read these before your visit on Monday.")
    reader = print_sheet(page, paper)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - PAPER[paper][0]) < 2 and abs(float(box.height) - PAPER[paper][1]) < 2
    text = " ".join(reader.pages[0].extract_text().split())
    # Exactly the three picks, each with its title, description and short link, and nothing else.
    shown = re.findall(r"Short link: (\S+)", text)
    expected = [f"{SITE_URL}go/{c}/" for c in CODES if c in PICK]  # in the order of the list
    assert shown == expected
    for code in PICK:
        box_ = page.locator(f"#pick-{code}")
        assert box_.get_attribute("data-title") in text
        assert " ".join(box_.get_attribute("data-description").split()[:8]) in text
    assert text.count("Short link:") == 3
    assert "Every page and section" not in text and "How to use these links" not in text
    # Each QR code on paper opens its short link.
    assert pdf_qr_texts(reader) == expected
    # The note, the emergency line, the site's address and today's date.
    assert "Read these before your visit on Monday." in text
    assert "In an emergency, call 911 now." in text
    assert f"All of the guide: {SITE_URL}" in text
    today = dt.date.today()
    assert f"{today.strftime('%B')} {today.day}, {today.year}" in text
    assert outside == [], f"requests to other hosts: {outside}"


def ours(page) -> dict:
    """What this tool keeps in the browser (Material keeps its own settings beside it)."""
    return {k: v for k, v in page.evaluate("Object.assign({}, localStorage)").items()
            if "fsg" in k or "Private note" in v}


def test_nothing_is_stored_until_saved_and_forget_removes_it(tool, base_url):
    page, outside = tool
    page.locator("#pick-sleep").check()
    page.get_by_label("2. A short note for your patient (optional)").fill("Private note")
    print(page.evaluate("Object.keys(localStorage)"))
    assert not ours(page)
    forget = page.get_by_role("button", name="Forget the saved set")
    assert forget.is_hidden()
    page.get_by_role("button", name="Save this set in this browser").click()
    stored = json.loads(page.evaluate("localStorage.getItem('fsg-handout-set')"))
    assert stored == {"picks": ["sleep"]}, "the set is saved without the note"
    assert "Private note" not in json.dumps(page.evaluate("Object.assign({}, localStorage)"))
    page.goto(base_url + "for-clinicians/")
    assert page.locator("#pick-sleep").is_checked()
    assert "saved set is loaded" in page.locator("[data-fsg-builder-status]").inner_text()
    page.get_by_role("button", name="Forget the saved set").click()
    assert not ours(page)
    page.reload()
    # Nothing saved: the tool waits to be opened, and opens with nothing picked.
    page.get_by_role("button", name="Start a handout").click()
    page.locator("#pick-sleep").wait_for(state="visible")
    assert not page.locator("#pick-sleep").is_checked()
    assert page.evaluate("document.activeElement.type") == "checkbox", "focus moves into the tool"
    assert outside == []


def test_the_tool_is_fetched_from_this_site_only_when_opened(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(base_url + "for-clinicians/", wait_until="networkidle")
    assert not [u for u in fetched if "handout-builder-tool" in u or "handout-builder.json" in u or "handout-builder.css" in u]
    assert page.get_by_text("This tool needs JavaScript").is_hidden()
    page.get_by_role("button", name="Start a handout").click()
    page.locator("#pick-sleep").check()
    assert page.get_by_role("button", name="Start a handout").count() == 0
    wanted = [u for u in fetched if "handout-builder" in u]
    assert sorted(u.rsplit("/", 1)[1] for u in wanted) == sorted(
        ["handout-builder.js", "handout-builder-tool.js", "handout-builder.css", "handout-builder.json"]), wanted
    assert all(u.startswith(base_url) for u in fetched), fetched
    context.close()


def test_a_set_shared_as_a_link_opens_with_those_picks(tool, base_url):
    page, _ = tool
    for code in PICK:
        page.locator(f"#pick-{code}").check()
    link = page.get_by_label(re.compile("^Link to this set")).input_value()
    assert link.startswith(base_url + "for-clinicians/#make-a-handout?picks=")
    assert sorted(link.split("=", 1)[1].split(",")) == sorted(PICK)
    other = page.context.new_page()
    other.goto(link)
    checked = other.eval_on_selector_all(".fsg-builder__picks input:checked", "els => els.map(e => e.value)")
    assert sorted(checked) == sorted(PICK)
    assert not ours(other)
    assert "picked 3" in other.locator("[data-fsg-builder-status]").inner_text()


def test_no_more_picks_than_fit_one_sheet(tool):
    page, _ = tool
    boxes = page.locator(".fsg-builder__picks input")
    limit = int(page.locator("[data-fsg-builder]").get_attribute("data-max"))
    for i in range(limit):
        boxes.nth(i).check()
    assert boxes.nth(limit).is_disabled()
    assert "most that fits on one sheet" in page.locator("[data-fsg-builder-status]").inner_text()
    reader = print_sheet(page, "Letter")
    assert len(reader.pages) == 1, "the most picks must still fit one sheet"
    reader = print_sheet(page, "A4")
    assert len(reader.pages) == 1


def test_keyboard_and_screen_reader(tool):
    page, _ = tool
    first = page.locator(".fsg-builder__picks input").first
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    status = page.locator("[data-fsg-builder-status]")
    assert status.get_attribute("role") == "status" and "added" in status.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == page.locator(".fsg-builder__picks input").nth(1).get_attribute("id")
    assert page.locator(".fsg-builder__picks legend").inner_text().startswith("1.")
    settle(page)
    results = axe(page, "[data-fsg-builder]")
    assert results.violations_count == 0, results.generate_report()


def test_without_javascript_the_tool_stays_out_of_the_way(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "for-clinicians/#make-a-handout")
    assert page.get_by_text("This tool needs JavaScript").is_visible()
    assert page.locator("[data-fsg-builder-tool]").is_hidden()
    assert page.locator(".fsg-link-card").count() > 100
    context.close()


def test_printing_the_page_itself_keeps_the_link_cards_without_the_tool(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base_url + "for-clinicians/")
    page.emulate_media(media="print")
    assert page.locator("[data-fsg-builder]").is_hidden()
    assert page.locator(".fsg-link-card").first.is_visible()
    context.close()
