"""axe-core finds nothing wrong on any page, on a phone and a desktop, light and dark.

Every rule axe-core runs by default counts, including the two plain Material fails
(aria-dialog-name on the search dialog, color-contrast in the footer). The second test
does the same with the page in the states a reader puts it in: a checklist ticked, the
decision tree at each of its outcomes, the handout builder open with picks, search open with results.
"""
from __future__ import annotations

import pytest

from support import html_pages, open_closed_boxes, settle

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
COMBOS = [pytest.param(size, scheme, id=f"{size}-{scheme}") for size in SIZES for scheme in SCHEMES]


@pytest.fixture(scope="module")
def axe():
    # axe-core as bundled by axe-playwright-python; injected once per context (below), not per page.
    from axe_playwright_python.base import AXE_FILE_PATH
    return AXE_FILE_PATH


def open_page(browser, size, scheme, axe_path):
    context = browser.new_context(viewport=SIZES[size], color_scheme=scheme)
    context.add_init_script(path=str(axe_path))
    return context, context.new_page()


def violations(axe, page, where: str) -> list[str]:
    found = []
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    for v in results["violations"]:
        nodes = v["nodes"]
        detail = ""
        first = (nodes[0].get("any") or nodes[0].get("all") or nodes[0].get("none") or [{}])[0] if nodes else {}
        if first.get("message"):
            detail = " - " + first["message"]
        targets = ", ".join(" ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in nodes[:3])
        found.append(f"{where}: {v['id']} ({v['impact']}) on {len(nodes)} element(s): {targets}{detail}")
    return found


@pytest.mark.parametrize("size,scheme", COMBOS)
def test_axe_finds_nothing_on_any_page(site_dir, base_url, browser, axe, size, scheme):
    pages = html_pages(site_dir)
    assert len(pages) >= 15
    context, page = open_page(browser, size, scheme, axe)
    problems = []
    for path in pages:
        page.goto(base_url + path)
        settle(page)
        problems += violations(axe, page, "/" + path)
    context.close()
    assert not problems, f"axe-core at {size} size, {scheme} scheme:\n" + "\n".join(problems)


def pages_with(site_dir, marker: str) -> list[str]:
    return [p for p in html_pages(site_dir) if marker in (site_dir / p / "index.html").read_text(encoding="utf-8")]


@pytest.mark.parametrize("size,scheme", COMBOS)
def test_axe_finds_nothing_in_interactive_states(site_dir, base_url, browser, axe, size, scheme):
    context, page = open_page(browser, size, scheme, axe)
    problems = []
    checked = 0

    # Checklists: the first item of every list ticked, so the live result and its advice show.
    for path in pages_with(site_dir, "data-fsg-checklist"):
        page.goto(base_url + path)
        settle(page)
        open_closed_boxes(page)
        boxes = page.locator("[data-fsg-checklist] input.fsg-checklist__box")
        lists = page.locator("[data-fsg-checklist]")
        for i in range(lists.count()):
            box = lists.nth(i).locator("input[type=checkbox]").first
            if box.count():
                page.locator(f'label[for="{box.get_attribute("id")}"]').click()
        assert boxes.count() == 0 or page.locator("[data-fsg-checklist] input:checked").count() > 0
        settle(page)
        problems += violations(axe, page, f"/{path} with items ticked")
        checked += 1
        page.evaluate("localStorage.clear()")

    # The decision tree at every outcome (the script shows the step named by the URL hash).
    for path in pages_with(site_dir, "data-fsg-tree=\""):  # not data-fsg-tree-tests (the stories page)
        page.goto(base_url + path)
        settle(page)
        outcomes = page.locator(".fsg-tree__outcome").evaluate_all("els => els.map(e => e.id)")
        assert outcomes, f"/{path}: the decision tree has no outcomes"
        for anchor in outcomes:
            page.goto(f"{base_url}{path}#{anchor}")
            page.wait_for_function("id => document.getElementById(id).getClientRects().length > 0", arg=anchor)
            settle(page)
            problems += violations(axe, page, f"/{path}#{anchor}")
            checked += 1

    # The handout builder on /for-clinicians/, opened, with three picks on its sheet.
    for path in pages_with(site_dir, "data-fsg-builder"):
        page.goto(base_url + path)
        page.get_by_role("button", name="Start a handout").click()
        for box in page.locator(".fsg-builder__picks input[type=checkbox]").all()[:3]:
            box.check()
        settle(page)
        problems += violations(axe, page, f"/{path} with the handout builder open")
        checked += 1
        page.evaluate("localStorage.clear()")

    # Search open, with results listed.
    page.goto(base_url)
    settle(page)
    page.keyboard.press("/")  # Material's shortcut opens the search dialog
    page.locator("input.md-search__input").press_sequentially("spasm")
    page.wait_for_selector(".md-search-result__item")
    settle(page)
    problems += violations(axe, page, "/ with search open")

    context.close()
    assert checked >= 2, "expected pages with a checklist and the decision tree"
    assert not problems, f"axe-core at {size} size, {scheme} scheme:\n" + "\n".join(problems)


def test_axe_reports_what_a_reader_would_miss(base_url, browser, axe):
    # The harness itself: a picture without alt text and a nameless button are reported.
    context, page = open_page(browser, "phone", "light", axe)
    page.goto(base_url)
    settle(page)
    page.evaluate("""() => { const main = document.querySelector('article');
        const img = document.createElement('img'); img.src = 'assets/images/favicon.svg'; main.prepend(img);
        main.prepend(document.createElement('button')); }""")
    found = " ".join(violations(axe, page, "/"))
    context.close()
    assert "image-alt" in found and "button-name" in found
