"""The "Do you need help?" questions in a real Chromium, as a reader uses them.

Paths are written out as the labels a person clicks, so a change of wording or
wiring that a reader would notice makes a test fail.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from support import ROOT, axe

pytestmark = pytest.mark.browser

PAGE = "do-you-need-help/"
START = "stroke-signs"
# The buttons a person presses to reach each level, and the outcome they land on.
NONE = "No, none of these"
FACE_SLOW = "My face got weak on one side over hours or days"
TWO_WEEKS = "It has gone on for more than 2 weeks"
# stroke-signs, other-emergency, signs-passed, urgent-signs, driving, treatment-effects, twitch-pattern,
# other-signs, feelings
ALL_NO = [NONE, NONE, "No", NONE, "No", "No, neither", NONE, NONE, "No"]
ROUTES = {
    "emergency": (["Yes, at least one"], "call-now"),
    "urgent": ([NONE, NONE, "No", FACE_SLOW], "today-face-weak"),
    "soon": ([NONE, NONE, "No", NONE, "No", "No, neither", TWO_WEEKS], "soon-two-weeks"),
    "self-care": (ALL_NO, "self-care"),
}
MOST = 9  # questions on the longest path
LEVEL_WORDS = {"emergency": "Emergency:", "urgent": "Urgent:", "soon": "See a doctor soon:", "self-care": "Self-care:"}


def emergency_number() -> str:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"]


def tree(page):
    return page.locator("[data-fsg-tree]")


def visible_steps(page) -> list[str]:
    return page.locator("[data-fsg-tree] > [data-node]:visible").evaluate_all("els => els.map(e => e.dataset.node)")


def expect_step(page, node: str) -> None:
    """Wait until `node` is the one step on screen (the script reacts to the URL hash)."""
    try:
        page.wait_for_function("""n => {
            const shown = [...document.querySelectorAll('[data-fsg-tree] > [data-node]')]
                .filter(e => e.getClientRects().length);
            return shown.length === 1 && shown[0].dataset.node === n; }""", arg=node, timeout=5000)
    except Exception:
        pytest.fail(f"expected only {node!r} on screen, found {visible_steps(page)}")


def answer(page, label: str):
    """Press an answer on the step on screen, and wait for the next step."""
    step = page.locator("[data-fsg-tree] > [data-node]:visible")
    before = step.get_attribute("data-node")
    target = step.get_by_role("link", name=label, exact=True)
    following = target.get_attribute("data-next")
    assert following != before
    target.click()
    expect_step(page, following)


def hash_of(page) -> str:
    return page.evaluate("location.hash")


def step_in_hash(page) -> str:
    """The step the address names (the answers that led there follow a "~")."""
    return hash_of(page).split("~")[0]


def focused(page) -> str:
    return page.evaluate("document.activeElement.innerText.trim()")


def tab_to(page, name: str, within: int) -> None:
    """Press Tab until the control named `name` has focus; fail after `within` presses."""
    for _ in range(within):
        page.keyboard.press("Tab")
        if focused(page) == name:
            return
    pytest.fail(f'Tab never reached "{name}"')


def open_tree(page, base_url, hash_: str = ""):
    page.goto(base_url + PAGE + hash_)
    page.wait_for_selector(".fsg-tree--js")


def run_axe(page):
    results = axe(page)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def test_it_starts_with_one_question_about_stroke_signs(page, base_url):
    open_tree(page, base_url)
    expect_step(page, START)
    question = page.locator(f"#q-{START}")
    assert "suddenly, within minutes" in question.locator("h3").inner_text()
    assert question.get_by_text("My face suddenly drooped or went numb").is_visible()
    assert page.locator("[data-fsg-progress]").inner_text() == f"Question 1 of up to {MOST}"
    assert hash_of(page) == f"#q-{START}"
    assert not page.get_by_role("button", name="Back", exact=True).is_visible()
    assert not page.get_by_role("button", name="Start again").is_visible()
    assert page.get_by_text("This is general advice, not a diagnosis", exact=True).is_visible()
    assert page.get_by_text("If you are in doubt, call for help.").is_visible()


@pytest.mark.parametrize("level", list(ROUTES))
def test_clicking_through_reaches_each_level(page, base_url, level):
    labels, outcome = ROUTES[level]
    open_tree(page, base_url)
    for i, label in enumerate(labels):
        answer(page, label)
        if i + 1 < len(labels):
            assert page.locator("[data-fsg-progress]").inner_text().startswith(f"Question {i + 2} of up to")
    expect_step(page, outcome)
    card = page.locator(f"#outcome-{outcome}")
    assert card.get_attribute("data-level") == level
    heading = card.locator("h3").inner_text()
    assert heading.startswith(LEVEL_WORDS[level])
    assert step_in_hash(page) == f"#outcome-{outcome}"
    assert focused(page) == heading.strip() or focused(page).endswith(heading.split(":", 1)[1].strip())
    # Announced to screen readers, not only shown.
    page.wait_for_function("() => document.querySelector('[data-fsg-status]').textContent.startsWith('Your result')")
    assert card.get_by_role("link").first.is_visible()  # a page to read next
    net = card.locator("[data-safety-net]")
    assert net.is_visible()
    assert "This is not a diagnosis" in net.inner_text()
    tel = card.locator("a[href^='tel:']")
    if level == "emergency":
        assert tel.get_attribute("href") == f"tel:{emergency_number()}"
        assert tel.is_visible() and emergency_number() in tel.inner_text()
        # Short: the call button comes before anything to read.
        first = card.locator(".fsg-care__body > *").first
        assert first.locator("a[href^='tel:']").count() == 1
    else:
        assert tel.count() == 0
        assert card.get_by_text("How fast:").is_visible()
        assert f"Call {emergency_number()} at once if:" in net.inner_text()
        assert card.get_by_text("You said:").is_visible()


def test_back_and_start_again(page, base_url):
    open_tree(page, base_url)
    answer(page, NONE)
    answer(page, NONE)
    expect_step(page, "signs-passed")
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "other-emergency")
    assert step_in_hash(page) == "#q-other-emergency"
    assert page.locator("[data-fsg-progress]").inner_text() == f"Question 2 of up to {MOST}"
    answer(page, NONE)
    answer(page, "No")
    answer(page, FACE_SLOW)
    expect_step(page, "today-face-weak")
    page.get_by_role("button", name="Start again").click()
    expect_step(page, START)
    assert step_in_hash(page) == f"#q-{START}"
    assert not page.get_by_role("button", name="Back", exact=True).is_visible()


def test_the_browser_back_button_goes_one_step_back(page, base_url):
    open_tree(page, base_url)
    answer(page, NONE)
    answer(page, NONE)
    answer(page, "No")
    expect_step(page, "urgent-signs")
    page.go_back()
    expect_step(page, "signs-passed")
    page.go_back()
    expect_step(page, "other-emergency")
    page.go_forward()
    expect_step(page, "signs-passed")
    assert page.locator("[data-fsg-progress]").inner_text() == f"Question 3 of up to {MOST}"


def test_a_deep_link_and_a_reload_reopen_the_same_step(page, base_url):
    open_tree(page, base_url, "#q-driving")
    expect_step(page, "driving")
    # The only way here is "no" to the four questions before, so the count is right.
    assert page.locator("[data-fsg-progress]").inner_text() == f"Question 5 of up to {MOST}"
    answer(page, "No")
    expect_step(page, "treatment-effects")
    page.reload()
    page.wait_for_selector(".fsg-tree--js")
    expect_step(page, "treatment-effects")
    # Back works even though this visit has no history of earlier steps.
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "driving")
    assert step_in_hash(page) == "#q-driving"


def test_the_answers_live_in_the_address_so_a_shared_link_keeps_them(browser, base_url):
    """A reload or a link opened elsewhere shows the same result, prints every answer, and Back still works."""
    context = browser.new_context()
    page = context.new_page()
    try:
        open_tree(page, base_url)
        for label in ROUTES["urgent"][0]:
            answer(page, label)
        address = page.url
        assert "~" in address
    finally:
        context.close()
    context = browser.new_context()  # another browser window: no history at all
    page = context.new_page()
    try:
        page.goto(address)
        page.wait_for_selector(".fsg-tree--js")
        expect_step(page, "today-face-weak")
        page.evaluate("() => { window.print = () => {}; }")
        page.get_by_role("button", name="Print my answers").click()
        page.emulate_media(media="print")
        text = page.locator("[data-fsg-summary]").inner_text()
        assert text.count("My answer:") == 4
        assert f"My answer: {FACE_SLOW}" in text
        assert "not shown" not in text
        page.emulate_media(media="screen")
        page.get_by_role("button", name="Back", exact=True).click()
        expect_step(page, "urgent-signs")
        assert page.locator("[data-fsg-progress]").inner_text() == f"Question 4 of up to {MOST}"
        page.reload()
        page.wait_for_selector(".fsg-tree--js")
        expect_step(page, "urgent-signs")
        page.get_by_role("button", name="Back", exact=True).click()
        expect_step(page, "signs-passed")
    finally:
        context.close()


def test_a_link_to_an_outcome_opens_that_outcome(page, base_url):
    open_tree(page, base_url, "#outcome-see-doctor-soon")  # a published address
    expect_step(page, "see-doctor-soon")
    assert page.locator("#outcome-see-doctor-soon").is_visible()
    page.get_by_role("button", name="Start again").click()
    expect_step(page, START)


def nodes_in_data():
    tree = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
    return {("outcome-" if "level" in n else "q-") + n["id"] for n in tree["nodes"]}


def test_without_javascript_one_step_shows_at_a_time_and_the_links_reach_every_outcome(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + PAGE)
        steps = page.locator("[data-fsg-tree] > [data-node]")
        assert steps.count() == len(nodes_in_data())  # every step is in the page...
        assert visible_steps(page) == [START]         # ...but only the first question shows
        links = page.locator("a.fsg-tree__answer").evaluate_all(
            "els => els.map(a => [a.closest('[data-node]').id, a.getAttribute('href')])")
        graph: dict[str, list[str]] = {}
        for source, href in links:
            assert href.startswith("#")
            assert page.locator(href).count() == 1, f"{source}: {href} goes nowhere"
            graph.setdefault(source, []).append(href[1:])
        seen, todo = set(), [f"q-{START}"]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo += graph.get(node, [])
        outcomes = set(page.locator("[data-fsg-tree] [data-level]").evaluate_all("els => els.map(e => e.id)"))
        assert {f"outcome-{o}" for _, o in ROUTES.values()} <= outcomes <= seen
        # And a person can actually follow them, one step on screen at a time.
        for label in ROUTES["self-care"][0]:
            current = hash_of(page)[1:] or f"q-{START}"
            page.locator(f"#{current}").get_by_role("link", name=label, exact=True).click()
            assert len(visible_steps(page)) == 1
        assert hash_of(page) == "#outcome-self-care"
        assert visible_steps(page) == ["self-care"]
        assert page.locator("#outcome-self-care").evaluate("e => e.matches(':target')")
        assert page.locator("#outcome-self-care").get_by_text("Back to the first question").is_visible()
        # A yes goes to the outcome for that one sign, which says what the reader said.
        page.goto(base_url + PAGE + "#q-urgent-signs")
        page.locator("#q-urgent-signs").get_by_role("link", name=FACE_SLOW, exact=True).click()
        assert visible_steps(page) == ["today-face-weak"]
        assert FACE_SLOW in page.locator("#outcome-today-face-weak [data-said]").inner_text()
    finally:
        context.close()


def test_keyboard_alone_reaches_an_outcome_and_goes_back(page, base_url):
    open_tree(page, base_url)
    tab_to(page, "Yes, at least one", within=80)  # through the page to the first answer
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page) == NONE
    page.keyboard.press("Enter")
    expect_step(page, "other-emergency")
    assert focused(page) == "Do you have any of these?"  # focus moved to the new question
    page.keyboard.press("Tab")
    assert focused(page) == "I have trouble breathing, swallowing or speaking"
    page.keyboard.press("Enter")
    expect_step(page, "call-breathing")
    tab_to(page, "Back", within=40)
    page.keyboard.press("Enter")
    expect_step(page, "other-emergency")


def test_axe_finds_nothing_at_the_start(page, base_url):
    open_tree(page, base_url)
    assert run_axe(page) == []


@pytest.mark.parametrize("level", list(ROUTES))
def test_axe_finds_nothing_on_each_outcome(page, base_url, level):
    open_tree(page, base_url)
    for label in ROUTES[level][0]:
        answer(page, label)
    expect_step(page, ROUTES[level][1])
    assert run_axe(page) == []


def test_on_a_phone_the_buttons_are_big_and_nothing_scrolls_sideways(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_tree(page, base_url)
        for label in ROUTES["urgent"][0][:2]:
            boxes = page.locator("[data-fsg-tree] > [data-node]:visible a.fsg-tree__answer").evaluate_all(
                "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.right, r.height])")
            assert boxes
            for left, right, height in boxes:
                assert height >= 44 and left >= 0 and right <= 390
            link = page.locator("[data-fsg-tree] > [data-node]:visible").get_by_role("link", name=label, exact=True)
            following = link.get_attribute("data-next")
            link.tap()
            expect_step(page, following)  # a tap, like a click, must move on one step
        answer(page, "No")
        answer(page, FACE_SLOW)
        expect_step(page, "today-face-weak")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        back = page.get_by_role("button", name="Back", exact=True).bounding_box()
        assert back["height"] >= 44
    finally:
        context.close()


def test_print_my_answers_lists_the_questions_answers_result_date_and_address(page, base_url):
    open_tree(page, base_url)
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    for label in ROUTES["urgent"][0]:
        answer(page, label)
    page.get_by_role("button", name="Print my answers").click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    summary = page.locator("[data-fsg-summary]")
    assert summary.is_visible()
    text = summary.inner_text()
    assert "Did any of these start suddenly, within minutes?" in text
    assert "My answer: No, none of these" in text
    assert "Did a stroke sign happen and then go away?" in text
    assert "My answer: No" in text
    assert f"My answer: {FACE_SLOW}" in text
    assert "Urgent: Get medical help today" in text
    assert f"You said: {FACE_SLOW}" in text
    today = dt.date.today()
    assert str(today.year) in text and today.strftime("%B") in text
    assert base_url + PAGE + "#outcome-today-face-weak~" in text
    assert "not shown" not in text  # every answer of this visit is there
    # On paper only the summary shows: no buttons, no other steps, no page text.
    assert not page.locator("#q-stroke-signs").is_visible()
    assert not page.get_by_role("heading", name="Where to go next").is_visible()
    assert not summary.get_by_role("button").count()


def test_print_my_answers_keeps_what_you_said_and_the_links_on_every_result(page, base_url):
    # The results that also print with the whole page (data-paper) leave out "You said" and their
    # links there. A reader's own printout of such a result must still list the signs they said may
    # fit (an independent re-check found the question 4 "I'm not sure" printout listed none of them).
    open_tree(page, base_url)
    outcomes = page.locator("[data-fsg-tree] > [data-node][data-paper]").evaluate_all(
        "els => els.filter(e => e.querySelector('.fsg-tree__said, .fsg-tree__links'))"
        ".map(e => [e.id, e.dataset.node, e.querySelectorAll('.fsg-tree__said, .fsg-tree__said-signs li,"
        " .fsg-tree__links a').length])")
    assert len(outcomes) >= 3, outcomes  # the whole-page print has one result of each level
    for anchor, node, parts in outcomes:
        page.emulate_media(media="screen")
        open_tree(page, base_url, "#" + anchor)
        expect_step(page, node)
        page.evaluate("() => { window.print = () => {}; }")
        page.get_by_role("button", name="Print my answers").click()
        page.emulate_media(media="print")
        shown = page.locator("[data-fsg-summary]").locator(
            ".fsg-tree__said, .fsg-tree__said-signs li, .fsg-tree__links a").evaluate_all(
            "els => els.filter(e => e.getClientRects().length).length")
        assert shown == parts, f"#{anchor}: {shown} of the result's {parts} 'You said' lines, signs and links print"


def test_print_my_answers_never_prints_answers_that_were_not_given_in_this_visit(page, base_url):
    # Opened part way (a shared link or a reload): the earlier answers are unknown, so none are printed.
    open_tree(page, base_url, "#q-other-signs")
    page.evaluate("() => { window.print = () => {}; }")
    answer(page, NONE)
    answer(page, "No")
    page.get_by_role("button", name="Print my answers").click()
    page.emulate_media(media="print")
    text = page.locator("[data-fsg-summary]").inner_text()
    assert "Do you have any of these as well?" in text and "My answer: No, none of these" in text
    assert text.count("My answer:") == 2
    assert "signs of a stroke" not in text
    assert "the answers I gave before that are not shown" in text
    assert "Self-care: Look after yourself at home" in text


def test_printing_the_page_itself_shows_the_whole_tree(page, base_url):
    open_tree(page, base_url)
    page.emulate_media(media="print")
    tree = yaml.safe_load((ROOT / "data" / "decision-tree.yml").read_text())["trees"][0]
    questions = [n["id"] for n in tree["nodes"] if "level" not in n]
    shown = visible_steps(page)
    # Every question, then one result for each level (the first in the data), so it fits on paper:
    # each answer names its level, and that level's card says what to do.
    assert shown[:len(questions)] == questions
    first_of_level = {}
    for n in tree["nodes"]:
        if "level" in n:
            first_of_level.setdefault(n["level"], n["id"])
    assert shown[len(questions):] == list(first_of_level.values())
    assert set(first_of_level) == {"emergency", "urgent", "soon", "self-care"}
    call = page.locator(f'[data-node="{first_of_level["emergency"]}"] a[href^="tel:"]')
    assert call.is_visible()
    assert not page.get_by_role("button", name="Start again").is_visible()
    # Links cannot be clicked on paper, so each answer says where to go.
    first = page.locator(f"#q-{START}")
    assert first.locator("h3").inner_text().startswith("1. ")
    answers = first.locator(".fsg-tree__answers").inner_text()
    assert "Yes, at least one: your result is Emergency" in answers
    assert "No, none of these: go to question 2" in answers
    assert page.locator("#q-other-emergency h3").inner_text().startswith("2. ")
    page.emulate_media(media="screen")
    assert "go to question" not in page.locator("[data-fsg-tree]").inner_text()


def test_answers_are_never_stored_or_sent(page, base_url, site_dir):
    open_tree(page, base_url)
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda r: requests.append(r))
    for label in ROUTES["soon"][0]:
        answer(page, label)
    page.get_by_role("button", name="Back", exact=True).click()
    expect_step(page, "twitch-pattern")
    page.reload()
    page.wait_for_selector(".fsg-tree--js")
    page.wait_for_timeout(300)
    # The browser may fetch the site's own files again (the icon, the search index); nothing else leaves.
    for r in requests:
        assert r.method == "GET" and r.post_data is None, r.url
        assert r.url.startswith(base_url) and "?" not in r.url and "#" not in r.url, r.url
        path = r.url[len(base_url):]
        assert (site_dir / path).is_file() or (site_dir / path / "index.html").is_file(), r.url
    stored = page.evaluate("""() => JSON.stringify([document.cookie,
        Object.entries(localStorage), Object.entries(sessionStorage)])""")
    assert not re.search(r"none of these|Yes|No\b|stroke|weak|q-|outcome", stored), stored


def test_the_script_is_loaded_only_on_this_page(site_dir):
    for html in site_dir.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        has_tree = "data-fsg-tree" in text
        assert ("decision-tree.js" in text) == has_tree, html
        assert ("decision-tree.css" in text) == has_tree, html
    assert "data-fsg-tree" in (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
