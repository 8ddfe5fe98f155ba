"""How the "Do you need help?" page and the care cards look on a phone and a desktop, in Chromium.

What a reader would notice: the first question and its first answer on the first screen;
an emergency result that gives the call button and a few steps before anything else;
Material's "Back to top" button never lying over the progress line; outcome and care-card
text at body size (16 px) at least.
"""
from __future__ import annotations

import pytest
import yaml

from support import ROOT, settle

pytestmark = pytest.mark.browser

PAGE = "do-you-need-help/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAX_EMERGENCY_STEPS = 3
BODY_PX = 16
TREE = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
EMERGENCY_OUTCOMES = [n["id"] for n in TREE["nodes"] if n.get("level") == "emergency"]


def emergency_number() -> str:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def open_tree(page, base_url, hash_: str = ""):
    page.goto(base_url + PAGE + hash_)
    page.wait_for_selector(".fsg-tree--js")
    settle(page, next_frame=False)


def box(page, locator) -> dict:
    b = locator.bounding_box()
    assert b, f"{locator} is not on the page"
    return b


# -- the first screen -----------------------------------------------------------------------------

def test_on_a_phone_the_first_question_and_its_first_answer_are_on_the_first_screen(phone, base_url):
    open_tree(phone, base_url)
    assert phone.evaluate("window.scrollY") == 0
    header = box(phone, phone.locator(".md-header"))
    question = box(phone, phone.locator("#q-stroke-signs h3"))
    first = box(phone, phone.locator("#q-stroke-signs").get_by_role("link", name="Yes, at least one", exact=True))
    for name, b in (("question", question), ("first answer", first)):
        assert b["y"] >= header["y"] + header["height"], f"the {name} is under the fixed header: {b}"
        assert b["y"] + b["height"] <= PHONE["height"], f"the {name} ends at {b['y'] + b['height']:.0f} px, " \
                                                        f"below the first screen ({PHONE['height']} px)"
        assert b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"], f"the {name} is cut off at the side: {b}"


# -- emergency results stay short -------------------------------------------------------------------

_BODY = """card => [...card.querySelector('.fsg-care__body').children]
  .filter(e => e.getClientRects().length && e.innerText.trim())
  .map(e => ({tag: e.tagName, text: e.innerText.replace(/\\s+/g, ' ').trim(),
              tel: [...e.querySelectorAll('a[href^="tel:"]')].map(a => [a.getAttribute('href'), a.innerText.trim()]),
              items: e.tagName === 'OL' ? e.children.length : null}))"""


@pytest.mark.parametrize("outcome", EMERGENCY_OUTCOMES)
def test_an_emergency_result_gives_the_call_button_and_at_most_3_steps_before_anything_else(phone, base_url, outcome):
    number = emergency_number()
    open_tree(phone, base_url, f"#outcome-{outcome}")
    card = phone.locator(f"#outcome-{outcome}")
    assert card.is_visible()
    blocks = card.evaluate(_BODY)
    call, steps = blocks[0], blocks[1]
    # First the call button, alone, with the configured number.
    assert call["tel"] == [[f"tel:{number}", f"Call {number} now"]], (outcome, call)
    assert call["text"] == f"Call {number} now", (outcome, call)
    # Then the steps, at most 3, before any reason, safety net or link.
    assert steps["tag"] == "OL" and 1 <= steps["items"] <= MAX_EMERGENCY_STEPS, (outcome, steps)
    # On a phone the button and the steps show without scrolling once the result opens.
    last = box(phone, card.locator(".fsg-care__steps > li").last)
    assert last["y"] + last["height"] <= PHONE["height"], f"{outcome}: the steps end below the first screen"


def test_the_first_answer_of_the_first_question_opens_a_short_emergency_result(phone, base_url):
    """Reached by tapping, as a reader does: the progress line scrolls to the top and the call button follows."""
    open_tree(phone, base_url)
    phone.locator("#q-stroke-signs").get_by_role("link", name="Yes, at least one", exact=True).tap()
    card = phone.locator("#outcome-call-now")
    card.wait_for(state="visible")
    phone.wait_for_function("() => document.querySelector('[data-fsg-tree]').getBoundingClientRect().top < 200")
    call = box(phone, card.get_by_role("link", name=f"Call {emergency_number()} now"))
    last = box(phone, card.locator(".fsg-care__steps > li").last)
    assert call["y"] >= 0 and last["y"] + last["height"] <= PHONE["height"], (call, last)


# -- Material's "Back to top" button ------------------------------------------------------------------

def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_back_to_top_never_covers_the_progress_line(browser, base_url, size):
    viewport = PHONE if size == "phone" else DESKTOP
    context = browser.new_context(viewport=viewport, is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    try:
        open_tree(page, base_url)
        for label in ("No, none of these", "No, none of these"):
            step = page.locator("[data-fsg-tree] > [data-node]:visible")
            step.get_by_role("link", name=label, exact=True).click()
        page.locator("#q-signs-passed").wait_for(state="visible")
        progress = page.locator("[data-fsg-progress]")
        # The reader scrolls down to read on, then back up a little: Material shows "Back to top".
        page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(300)
        page.mouse.wheel(0, -900)
        page.wait_for_selector(".md-top:not([hidden])")
        settle(page)
        top = box(page, page.locator(".md-top"))
        line = box(page, progress)
        assert 0 <= line["y"] < viewport["height"], f"the progress line is not on screen: {line}"
        assert not overlap(top, line), f'"Back to top" {top} lies over the progress line {line}'
        assert top["y"] >= 0 and top["y"] + top["height"] <= viewport["height"], top
    finally:
        context.close()


# -- text at body size ---------------------------------------------------------------------------------

# Every piece of text in the given elements with its font size; citation numbers, text only for
# paper and text for screen readers only are left out (they are not body text).
_SIZES = """(sel) => {
  const out = [];
  for (const root of document.querySelectorAll(sel)) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const node = walk.currentNode, el = node.parentElement;
      if (!node.textContent.trim() || el.closest('sup, .fsg-cite, .fsg-tree__paper, .fsg-visually-hidden')) continue;
      out.push([parseFloat(getComputedStyle(el).fontSize), node.textContent.trim().slice(0, 50),
                root.id || root.dataset.card]);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("path, cards", [
    (PAGE, ".fsg-tree__outcome"),
    ("when-to-get-help/", ".fsg-care[data-card]"),
])
def test_outcomes_and_care_cards_are_at_body_text_size_on_a_phone(phone, base_url, path, cards):
    phone.goto(base_url + path)
    settle(phone, next_frame=False)
    sizes = phone.evaluate(_SIZES, cards)
    assert len({where for _, _, where in sizes}) >= 5, sizes  # every card or outcome, not one
    small = [f"{where}: {px} px: {text!r}" for px, text, where in sizes if px < BODY_PX]
    assert not small, f"text smaller than {BODY_PX} px on /{path}:\n" + "\n".join(small)
