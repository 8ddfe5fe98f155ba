"""Keyboard only: Tab reaches every link and control on the page, in the order they
appear, and the one that has focus always shows it (an outline or a shadow that is
not there without focus)."""
from __future__ import annotations

import pytest

from support import settle


pytestmark = pytest.mark.browser

CONTENT_PAGE = "symptoms/"

# What a keyboard user can reach: focusable, on screen (not display:none, not
# visibility:hidden, not hidden or inert), enabled. Of a group of radio buttons Tab
# stops once, on the checked one (or the first). Each gets data-q-order.
MARK_REACHABLE = """() => {
  const out = [];
  const groupsSeen = new Set();
  const all = [...document.querySelectorAll('*')];
  for (const el of all) {
    if (el.tabIndex < 0 || el.disabled) continue;
    if (el.tagName === 'A' && !el.hasAttribute('href')) continue;
    if (!el.getClientRects().length) continue;
    if (getComputedStyle(el).visibility !== 'visible') continue;
    if (el.closest('[inert], [hidden]')) continue;
    if (el.type === 'radio' && el.name) {
      const group = [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)]
        .filter(r => r.getClientRects().length);
      const stop = group.find(r => r.checked) || group[0];
      if (el !== stop || groupsSeen.has(el.name)) continue;
      groupsSeen.add(el.name);
    }
    el.dataset.qOrder = out.length;
    out.push(describe(el));
  }
  return out;
  function describe(el) {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || el.title || '').trim().replace(/\\s+/g, ' ');
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text.slice(0, 40)}"`;
  }
}"""

# The focus ring, as computed: on the element itself, on its <label>s and the element
# after it (inputs drawn by their label: Material's `input:focus-visible + label`) and on
# its parent (controls that mark focus with :focus-within).
RING = """el => {
  const look = e => { const c = getComputedStyle(e);
    const outline = c.outlineStyle !== 'none' && parseFloat(c.outlineWidth) > 0 && !/rgba\\(.*, 0\\)$/.test(c.outlineColor)
      ? `${c.outlineStyle} ${c.outlineWidth} ${c.outlineColor}` : 'none';
    return `outline: ${outline}; shadow: ${c.boxShadow}`; };
  return [el, ...(el.labels || []), el.nextElementSibling, el.parentElement].filter(Boolean).map(look);
}"""


def pytest_generate_tests(metafunc):
    if "keyboard_page" in metafunc.fixturenames:
        from support import ROOT
        # Page choice needs no build: the markers come from the page sources.
        docs = ROOT / "docs"
        sources = {p.relative_to(docs).with_suffix("").as_posix(): p.read_text(encoding="utf-8")
                   for p in docs.rglob("*.md") if "includes" not in p.parts}
        params = [pytest.param(CONTENT_PAGE, id="content-page")]
        checklist = sorted(k for k, v in sources.items() if "checklist(" in v)
        tree = sorted(k for k, v in sources.items() if "decision_tree(" in v)
        for found, name in ((checklist, "checklist-page"), (tree, "decision-tree-page")):
            if found:
                url = found[0].removesuffix("index").rstrip("/")
                params.append(pytest.param(url + "/" if url else "", id=name))
        metafunc.parametrize("keyboard_page", params)


def test_tab_reaches_every_control_in_order_with_visible_focus(browser, base_url, keyboard_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + keyboard_page)
    page.wait_for_timeout(500)  # scripts that run after load have run
    settle(page)
    expected = page.evaluate(MARK_REACHABLE)
    assert len(expected) > 10, f"/{keyboard_page}: expected links and controls to tab through"
    handles = page.locator("[data-q-order]")
    unfocused = [handles.nth(i).evaluate(RING) for i in range(len(expected))]

    # Once round the page (Tab wraps from the last control to the browser and back to the first).
    reached: list[str] = []
    invisible: list[str] = []
    for _ in range(len(expected) + 1):
        page.keyboard.press("Tab")
        settle(page, next_frame=False)  # transitions finished: compare the focus ring at rest
        order = page.evaluate("() => document.activeElement.dataset.qOrder")
        if order is None:
            if page.evaluate("() => document.activeElement !== document.body"):
                reached.append(page.evaluate("() => 'unexpected: ' + document.activeElement.outerHTML.slice(0, 100)"))
            continue
        order = int(order)
        reached.append(expected[order])
        ring = page.evaluate(f"() => ({RING})(document.activeElement)")
        if ring == unfocused[order]:
            invisible.append(f"{expected[order]}: {ring[0]}")
    context.close()

    first_stop = reached[0] if reached else None
    if expected[0] in reached:  # wherever focus started, read the round from the first control
        start = reached.index(expected[0])
        reached = (reached[start:] + reached[:start])[:len(expected)]
    if reached != expected:
        first = next((i for i, (a, b) in enumerate(zip(reached, expected)) if a != b), min(len(reached), len(expected)))
        missing = [e for e in expected if e not in reached]
        pytest.fail(f"/{keyboard_page}: Tab order differs from the page order at stop {first + 1}:\n"
                    f"  reached  {reached[first:first + 3]}\n  expected {expected[first:first + 3]}\n"
                    f"  never reached: {missing[:10]}", pytrace=False)
    assert not invisible, f"/{keyboard_page}: focus is not visible on:\n" + "\n".join(invisible)
    # On arrival the first Tab goes to the first control (the skip link): a page that moves
    # focus, or the point Tab starts from, makes keyboard users skip the emergency line.
    assert first_stop == expected[0], f"/{keyboard_page}: the first Tab after loading goes to {first_stop}, not {expected[0]}"
