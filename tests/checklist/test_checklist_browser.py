"""Checklists in a real Chromium against the built site on 127.0.0.1: ticking,
remembering, clearing, the live red-flag result, keyboard use, no JavaScript,
blocked storage, accessibility (axe-core) and printing to PDF."""
from __future__ import annotations

import io
import re

import pytest
import yaml

from support import ROOT, axe

pytestmark = pytest.mark.browser

PAGES = {  # checklist id -> page URL
    "red-flags": "when-to-get-help/",
    "self-care": "self-care/",
    "appointment": "diagnosis/",
    "symptom-diary": "diagnosis/",
    "botox-visit": "treatments/botulinum-toxin/",
    "wellbeing": "living-with-facial-spasms/",
    "treatment-choices": "treatments/",
    "medicine-questions": "treatments/medicines/",
    "surgery-visit": "treatments/surgery/",
    "my-twitch": "",
}

# Storage blocked outright (cookies blocked): reading window.localStorage throws.
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""

# Storage there but refusing every call (private mode, full quota).
REFUSE_STORAGE = """
for (const name of ["getItem", "setItem", "removeItem", "key", "clear"]) {
  Storage.prototype[name] = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };
}
"""

RECORD_PRINT = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


def emergency_number() -> str:
    return str(yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"])


def red_flags():
    return yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["red_flags"]


def first_flag(level: str) -> str:
    return next(f["id"] for f in red_flags() if f["level"] == level)


def root(page, checklist_id):
    return page.locator(f'[data-fsg-checklist="{checklist_id}"]')


def box(page, checklist_id, item_id):
    return root(page, checklist_id).locator(f'input[data-fsg-item="{item_id}"]')


def show(page, checklist_id):
    """Open the box a list sits in, as a reader does: the tick-list on /when-to-get-help/ is an
    optional tool in a closed <details>, below the care cards."""
    details = root(page, checklist_id).locator("xpath=ancestor::details[1]")
    if details.count() and not details.evaluate("d => d.open"):
        details.locator("xpath=./summary").click()
        assert root(page, checklist_id).is_visible()


def tick(page, checklist_id, item_id):
    """Click the words of an item, as a reader does."""
    show(page, checklist_id)
    target = box(page, checklist_id, item_id)
    page.locator(f'label[for="{target.get_attribute("id")}"]').click()


def item_ids(page, checklist_id):
    return root(page, checklist_id).locator("input[data-fsg-item]").evaluate_all(
        "els => els.map(e => e.dataset.fsgItem)")


def ticked(page, checklist_id):
    return root(page, checklist_id).locator("input[data-fsg-item]").evaluate_all(
        "els => els.filter(e => e.checked).map(e => e.dataset.fsgItem)")


def shown_advice(page):
    blocks = root(page, "red-flags").locator("[data-fsg-advice]")
    return [blocks.nth(i).get_attribute("data-fsg-advice") for i in range(blocks.count()) if blocks.nth(i).is_visible()]


def watch_console(page):
    """Console errors and warnings, and uncaught errors with where they were thrown."""
    problems = []
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text} at {msg.location}")
            if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc.message}\n{exc.stack}"))
    return problems


def pdf_text(data: bytes) -> tuple[int, str]:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


# --- remembering, clearing, progress ----------------------------------------------

def test_ticks_are_remembered_after_a_reload(page, base_url):
    page.goto(base_url + PAGES["self-care"])
    ids = item_ids(page, "self-care")
    progress = root(page, "self-care").locator("[data-fsg-progress]")
    assert progress.inner_text() == f"0 of {len(ids)} done"
    tick(page, "self-care", ids[0])
    tick(page, "self-care", ids[2])
    assert progress.inner_text() == f"2 of {len(ids)} done"
    page.reload()
    assert ticked(page, "self-care") == [ids[0], ids[2]]
    assert root(page, "self-care").locator("[data-fsg-progress]").inner_text() == f"2 of {len(ids)} done"


def test_clear_empties_the_list_for_good(page, base_url):
    page.goto(base_url + PAGES["wellbeing"])
    ids = item_ids(page, "wellbeing")
    tick(page, "wellbeing", ids[1])
    tick(page, "wellbeing", ids[3])
    assert len(ticked(page, "wellbeing")) == 2
    root(page, "wellbeing").get_by_role("button", name="Clear my ticks").click()
    assert ticked(page, "wellbeing") == []
    assert root(page, "wellbeing").locator("[data-fsg-progress]").inner_text() == f"0 of {len(ids)} done"
    page.reload()
    assert ticked(page, "wellbeing") == []


def test_diary_notes_are_remembered_and_cleared(page, base_url):
    page.goto(base_url + PAGES["symptom-diary"])
    diary = root(page, "symptom-diary")
    diary.get_by_label("Day 1: Where on your face").fill("left lower eyelid")
    diary.get_by_label("Day 2: How strong (0 to 10)").fill("3")
    assert diary.locator("[data-fsg-progress]").inner_text() == "2 of 14 days filled in"
    page.reload()
    diary = root(page, "symptom-diary")
    assert diary.get_by_label("Day 1: Where on your face").input_value() == "left lower eyelid"
    assert diary.get_by_label("Day 2: How strong (0 to 10)").input_value() == "3"
    diary.get_by_role("button", name="Clear my notes").click()
    page.reload()
    assert root(page, "symptom-diary").get_by_label("Day 1: Where on your face").input_value() == ""


def test_ticks_from_an_older_version_of_a_list_are_not_restored(page, base_url):
    page.goto(base_url + PAGES["self-care"])
    first = item_ids(page, "self-care")[0]
    old_key = f"fsg-checklist:self-care:0000000000:{first}"
    page.evaluate("key => localStorage.setItem(key, '1')", old_key)
    page.reload()
    assert ticked(page, "self-care") == []
    assert page.evaluate("key => localStorage.getItem(key)", old_key) is None


def test_ticking_sends_nothing(page, base_url):
    page.goto(base_url + PAGES["appointment"], wait_until="networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    ids = item_ids(page, "appointment")
    tick(page, "appointment", ids[0])
    root(page, "symptom-diary").get_by_label("Day 3: Date").fill("March 3")
    root(page, "appointment").get_by_role("button", name="Clear my ticks").click()
    page.wait_for_timeout(300)
    assert requests == []


# --- the red-flag result ----------------------------------------------------------

def test_red_flag_result_follows_the_most_urgent_tick(page, base_url):
    number = emergency_number()
    page.goto(base_url + PAGES["red-flags"])
    # The care cards come first; the tick-list is optional, closed until the reader opens it.
    assert not root(page, "red-flags").is_visible()
    show(page, "red-flags")
    status = root(page, "red-flags").locator("[data-fsg-status]")
    assert status.get_attribute("role") == "status"
    # No result text before the reader has done anything.
    assert shown_advice(page) == [] and status.inner_text().strip() == ""

    tick(page, "red-flags", first_flag("soon"))
    assert shown_advice(page) == ["soon"]
    assert "See a doctor soon" in status.inner_text()

    tick(page, "red-flags", first_flag("urgent"))
    assert shown_advice(page) == ["urgent"]
    assert "Urgent" in status.inner_text()

    tick(page, "red-flags", first_flag("emergency"))
    assert shown_advice(page) == ["emergency"]
    assert "Emergency" in status.inner_text()
    call = root(page, "red-flags").locator('[data-fsg-advice="emergency"] a.fsg-call')
    assert call.is_visible()
    assert call.inner_text() == f"Call {number} now"
    assert call.get_attribute("href") == f"tel:{number}"

    tick(page, "red-flags", first_flag("emergency"))  # untick: back to the next most urgent
    assert shown_advice(page) == ["urgent"]
    tick(page, "red-flags", first_flag("urgent"))
    tick(page, "red-flags", first_flag("soon"))
    assert shown_advice(page) == ["none"]   # all unticked again: now it says so
    assert "not ticked any sign" in status.inner_text()


# --- keyboard, tap targets, ids -----------------------------------------------------

def test_keyboard_alone_ticks_items(page, base_url):
    page.goto(base_url + PAGES["self-care"] + "#checklist-self-care")
    ids = item_ids(page, "self-care")
    focused = "() => document.activeElement && document.activeElement.dataset.fsgItem || null"
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        current = page.evaluate(focused)
        if current and current not in reached:
            # The focused box shows a visible focus ring.
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {current}"
            page.keyboard.press("Space")
            reached.append(current)
        if len(reached) == 2:
            break
    assert reached == ids[:2]
    assert ticked(page, "self-care") == ids[:2]


def test_tap_targets_are_at_least_44_pixels(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        for checklist_id in ("red-flags", "self-care"):
            page.goto(base_url + PAGES[checklist_id])
            show(page, checklist_id)
            items = root(page, checklist_id).locator(".fsg-checklist__item")
            assert items.count() > 3
            for i in range(items.count()):
                label = items.nth(i).locator("label").bounding_box()
                check = items.nth(i).locator("input").bounding_box()
                assert label["height"] >= 44 and label["width"] >= 44, (checklist_id, i, label)
                # The box sits inside its label, so the whole area ticks it.
                assert label["x"] <= check["x"] and check["x"] + check["width"] <= label["x"] + label["width"]
                assert label["y"] <= check["y"] and check["y"] + check["height"] <= label["y"] + label["height"]
            for button in root(page, checklist_id).locator("button").all():
                size = button.bounding_box()
                assert size["height"] >= 44 and size["width"] >= 44
    finally:
        context.close()


def test_ids_are_unique_on_a_page_with_two_lists(page, base_url):
    page.goto(base_url + PAGES["appointment"])
    assert root(page, "appointment").count() == 1 and root(page, "symptom-diary").count() == 1
    dupes = page.evaluate("""() => {
        const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
    }""")
    assert dupes == []


@pytest.mark.parametrize("url", sorted(set(PAGES.values())))
def test_using_a_list_logs_nothing_to_the_console(page, base_url, url):
    problems = watch_console(page)
    page.goto(base_url + url)
    for checklist_id, where in PAGES.items():
        if where != url:
            continue
        if checklist_id == "symptom-diary":
            root(page, checklist_id).get_by_label("Day 1: Date").fill("July 4")
        else:
            tick(page, checklist_id, item_ids(page, checklist_id)[0])
        root(page, checklist_id).get_by_role("button", name=re.compile("^Clear my")).click()
    page.reload()
    page.wait_for_timeout(200)
    assert problems == []


# --- without JavaScript, without storage ---------------------------------------------

def test_without_javascript_the_list_and_all_advice_show(browser, base_url):
    number = emergency_number()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES["red-flags"])
        show(page, "red-flags")   # <details> opens without JavaScript too
        boxes = root(page, "red-flags").locator("input[type=checkbox]")
        assert boxes.count() == len(red_flags())
        assert all(boxes.nth(i).is_visible() for i in range(boxes.count()))
        assert shown_advice(page) == ["emergency", "urgent", "soon", "none"]
        assert root(page, "red-flags").get_by_text(f"Call {number} now").is_visible()
        assert not root(page, "red-flags").get_by_role("button").first.is_visible()
        tick(page, "red-flags", first_flag("soon"))  # native checkboxes still tick
        assert ticked(page, "red-flags") == [first_flag("soon")]
        page.goto(base_url + PAGES["symptom-diary"])
        field = root(page, "symptom-diary").get_by_label("Day 1: Date")
        field.fill("May 1")
        assert field.input_value() == "May 1"
    finally:
        context.close()


def check_ticking_without_storage(page, base_url):
    page.goto(base_url + PAGES["self-care"])
    ids = item_ids(page, "self-care")
    tick(page, "self-care", ids[0])
    tick(page, "self-care", ids[1])
    assert ticked(page, "self-care") == ids[:2]
    assert root(page, "self-care").locator("[data-fsg-progress]").inner_text() == f"2 of {len(ids)} done"
    assert "not saving" in root(page, "self-care").locator("[data-fsg-privacy]").inner_text()
    root(page, "self-care").get_by_role("button", name="Clear my ticks").click()
    assert ticked(page, "self-care") == []
    page.goto(base_url + PAGES["red-flags"])
    tick(page, "red-flags", first_flag("urgent"))
    assert shown_advice(page) == ["urgent"]
    page.goto(base_url + PAGES["symptom-diary"])
    root(page, "symptom-diary").get_by_label("Day 1: Date").fill("June 2")
    assert root(page, "symptom-diary").locator("[data-fsg-progress]").inner_text() == "1 of 14 days filled in"
    page.wait_for_timeout(200)


@pytest.mark.parametrize("script", [BLOCK_STORAGE, REFUSE_STORAGE], ids=["blocked", "refusing"])
def test_without_storage_ticking_works_and_the_checklist_logs_no_error(browser, base_url, script):
    context = browser.new_context()
    context.add_init_script(script)
    page = context.new_page()
    problems = watch_console(page)
    try:
        check_ticking_without_storage(page, base_url)
        assert page.evaluate("""() => { try { localStorage.setItem("x", "1"); return false; }
                                      catch (e) { return true; } }""")  # storage really did throw
    finally:
        context.close()
    # Nothing at all in the console: the theme's own storage helpers are made safe
    # in overrides/partials/javascripts/base.html, and the checklist adds nothing.
    assert problems == []


# --- assets only where needed -----------------------------------------------------

def test_script_and_styles_load_only_on_checklist_pages(site_dir):
    for path in site_dir.rglob("index.html"):
        html = path.read_text()
        has_list = "data-fsg-checklist=" in html
        assert ("assets/js/checklist.js" in html) == has_list, path
        assert ("assets/css/checklist.css" in html) == has_list, path
    assert (site_dir / "assets" / "js" / "checklist.js").stat().st_size < 10_000


# --- accessibility ----------------------------------------------------------------

@pytest.mark.parametrize("url", sorted(set(PAGES.values())))
def test_axe_finds_no_violations(page, base_url, url):
    page.goto(base_url + url)
    for checklist_id, where in PAGES.items():
        if where == url and checklist_id != "symptom-diary":
            tick(page, checklist_id, item_ids(page, checklist_id)[0])
    results = axe(page)
    assert results.violations_count == 0, results.generate_report()


# --- printing -----------------------------------------------------------------------

@pytest.mark.parametrize("url", sorted(set(PAGES.values())))
def test_printed_page_has_the_lists_and_no_buttons(page, base_url, url):
    page.goto(base_url + url)
    for checklist_id, where in PAGES.items():
        if where == url:
            show(page, checklist_id)
    lists = page.locator("[data-fsg-checklist]")
    titles = lists.locator("legend").all_inner_texts()
    buttons = lists.locator("button").all_inner_texts()
    assert titles and buttons
    page.emulate_media(media="print")
    _, text = pdf_text(page.pdf(format="A4"))
    for title in titles:
        assert title in text, title
    for label in set(buttons):
        assert label not in text


def test_symptom_diary_prints_alone_on_one_page(browser, base_url):
    context = browser.new_context()
    context.add_init_script(RECORD_PRINT)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES["symptom-diary"])
        for n, paper in enumerate(("A4", "Letter"), start=1):
            page.emulate_media(media="screen")
            root(page, "symptom-diary").get_by_role("button", name="Print this diary").click()
            assert page.evaluate("window.__printed") == n
            page.emulate_media(media="print")
            pages, text = pdf_text(page.pdf(format=paper))
            assert pages == 1, f"the diary takes {pages} pages on {paper}"
            assert "Symptom diary" in text and "Day 1 " in text and "Day 14" in text
            assert "What was going on" in text
            assert "Getting ready for your appointment" not in text   # only the diary
            assert "Print this diary" not in text and "Clear my notes" not in text
        # After printing, the page is whole again.
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        page.emulate_media(media="screen")
        assert page.evaluate("document.querySelectorAll('[data-fsg-print-hide]').length") == 0
        assert root(page, "appointment").is_visible()
    finally:
        context.close()


def test_printed_red_flag_list_gives_advice_for_every_level(browser, base_url):
    context = browser.new_context()
    context.add_init_script(RECORD_PRINT)
    page = context.new_page()
    try:
        page.goto(base_url + PAGES["red-flags"])
        tick(page, "red-flags", first_flag("soon"))
        root(page, "red-flags").get_by_role("button", name="Print this list").click()
        page.emulate_media(media="print")
        _, text = pdf_text(page.pdf(format="Letter"))
        advice = yaml.safe_load((ROOT / "data" / "red-flags.yml").read_text())["advice"]
        for level in ("emergency", "urgent", "soon"):
            assert advice[level]["title"] in text
        assert f"Call {emergency_number()} now" in text
        assert "Print this list" not in text and "Clear my ticks" not in text
    finally:
        context.close()
