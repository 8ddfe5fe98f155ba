"""What a reader sees of issue 13 in a real Chromium: pictures with their words, the main
message first and at body size on a phone, figures on paper, and a comparison table that
reads on a phone and says how to read it in the layout shown."""
from __future__ import annotations

import pytest

from support import axe, html_pages, settle

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pages_with(site_dir, marker: str) -> list[str]:
    return [p for p in html_pages(site_dir) if marker in (site_dir / p / "index.html").read_text(encoding="utf-8")]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


# Each figure: the drawing has loaded and has its alt text; the numbered labels and caption are
# visible text. Each icon array: one picture (role img) named by its sentence, the sentence shown.
_FIGURE_FACTS = """() => [...document.querySelectorAll('article figure.fsg-figure')].map(f => {
  const img = f.querySelector('img'), svg = f.querySelector('svg[role=img]');
  const box = (img || svg).getBoundingClientRect();
  return {id: f.id, alt: img ? img.alt : (svg ? svg.getAttribute('aria-label') : ''),
          loaded: img ? img.complete && img.naturalWidth > 0 : true,
          width: box.width, height: box.height,
          caption: f.querySelector('figcaption') ? f.querySelector('figcaption').innerText.trim() : '',
          filter: img ? getComputedStyle(img).filter : 'none'};
})"""


def _load_all(page) -> None:
    """Scroll through the page so every lazy drawing loads, as it would for a reader."""
    page.evaluate("""async () => { for (const img of document.querySelectorAll('article img[loading=lazy]')) {
        img.scrollIntoView(); await new Promise(r => setTimeout(r, 20)); } }""")
    page.wait_for_function("() => [...document.querySelectorAll('article img')].every(i => i.complete)")


def test_every_figure_and_icon_array_has_its_text_alternative(site_dir, base_url, phone):
    paths = pages_with(site_dir, 'class="fsg-figure')
    assert len(paths) >= 7
    problems = []
    for path in paths:
        phone.goto(base_url + path)
        _load_all(phone)
        for f in phone.evaluate(_FIGURE_FACTS):
            where = f"/{path}#{f['id']}"
            if len(f["alt"].split()) < 4:
                problems.append(f"{where}: no useful text alternative ({f['alt']!r})")
            if not f["loaded"] or f["width"] < 200 or f["height"] < 50:
                problems.append(f"{where}: the picture did not show ({f['width']:.0f}x{f['height']:.0f})")
            if not f["caption"]:
                problems.append(f"{where}: no caption")
            if f["width"] > PHONE["width"]:
                problems.append(f"{where}: wider than the phone")
    assert not problems, "\n".join(problems)


def test_icon_arrays_are_read_as_one_picture_with_their_sentence(site_dir, base_url, phone):
    phone.goto(base_url + "treatments/surgery/")
    arrays = phone.locator("figure.fsg-icons")
    assert arrays.count() >= 2
    for i in range(arrays.count()):
        svg = arrays.nth(i).locator("svg[role=img]")
        label = svg.get_attribute("aria-label")
        assert label and label in arrays.nth(i).inner_text()
        # What a screen reader gets: one picture named by the sentence, not 100 items to read out.
        snapshot = svg.aria_snapshot().strip()
        assert snapshot == f'- img "{label}"', snapshot


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_wrong_with_the_figures(site_dir, base_url, browser, scheme):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    problems = []
    for path in pages_with(site_dir, 'class="fsg-figure'):
        page.goto(base_url + path)
        _load_all(page)
        for fig in page.locator("article figure.fsg-figure").all():
            fig_id = fig.get_attribute("id")
            result = axe(page, context=f"#{fig_id}")
            problems += [f"/{path}#{fig_id}: {v['id']}" for v in result.response["violations"]]
    context.close()
    assert not problems, "\n".join(problems)


def test_drawings_follow_the_dark_scheme_and_print_light(site_dir, base_url, browser):
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "treatments/surgery/")
    _load_all(page)
    assert "invert" in page.evaluate(_FIGURE_FACTS)[0]["filter"], "dark lines would vanish on the dark page"
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(_FIGURE_FACTS)[0]["filter"] == "none", "paper is light: the drawing prints as drawn"
    context.close()


def test_figures_appear_in_print(site_dir, base_url, browser):
    # Print media, as Ctrl+P and the handouts see the page: lazy drawings load, nothing hides them.
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    missing = []
    for path in pages_with(site_dir, 'class="fsg-figure'):
        page.goto(base_url + path)
        settle(page)
        page.emulate_media(media="print")
        # A browser loads lazy images before it prints; print media alone does not, far down a long page.
        images = page.locator("article img")
        for i in range(images.count()):
            images.nth(i).scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.querySelectorAll('article img')].every(i => i.complete)")
        for f in page.evaluate(_FIGURE_FACTS):
            if not f["loaded"] or f["width"] < 100 or f["height"] < 30 or not f["caption"]:
                missing.append(f"/{path}#{f['id']}: {f}")
        page.emulate_media(media="screen")
    context.close()
    assert not missing, "figures missing on paper:\n" + "\n".join(missing)


# -- the main message first ---------------------------------------------------------------------

_MAIN = """() => {
  const box = document.querySelector('article .admonition.abstract');
  const first = box || [...document.querySelectorAll('article h1 ~ p')].find(p => p.innerText.trim());
  if (!first) return null;
  const r = first.getBoundingClientRect();
  const text = box ? [...box.querySelectorAll('p:not(.admonition-title)')] : [first];
  const h1 = document.querySelector('article h1');
  return {box: !!box, top: r.top, bottom: r.bottom, sizes: text.map(p => parseFloat(getComputedStyle(p).fontSize)),
          body: parseFloat(getComputedStyle(document.querySelector('article')).fontSize),
          title: getComputedStyle(h1).color, text: getComputedStyle(document.querySelector('article.md-typeset')).color};
}"""


def test_the_main_message_is_body_size_and_on_the_first_screen_of_every_page(site_dir, base_url, phone):
    problems = []
    paths = html_pages(site_dir)
    boxes = 0
    for path in paths:
        phone.goto(base_url + path)
        settle(phone, next_frame=False)
        m = phone.evaluate(_MAIN)
        if m is None:
            problems.append(f"/{path}: no main message or first paragraph")
            continue
        boxes += m["box"]
        if m["box"] and min(m["sizes"]) < 16:
            problems.append(f"/{path}: main message at {min(m['sizes'])} px, smaller than 16 px body text")
        if m["bottom"] > PHONE["height"]:
            problems.append(f"/{path}: the main message ends at {m['bottom']:.0f} px, below the first screen "
                            f"({PHONE['height']} px)")
        if m["title"] != m["text"]:
            problems.append(f"/{path}: the title is {m['title']}, fainter than the text ({m['text']})")
    assert boxes >= 15, "most pages open with a 'main thing to know' box"
    assert not problems, "\n".join(problems)


def test_the_first_thing_to_do_in_an_emergency_is_on_the_first_screen(base_url, phone):
    phone.goto(base_url)
    settle(phone, next_frame=False)
    calls = phone.locator("article .admonition.abstract a[href^='tel:'], .md-banner a[href^='tel:']")
    assert calls.count() >= 1
    for i in range(calls.count()):
        box = calls.nth(i).bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"]


# -- the comparison table on a phone -----------------------------------------------------------

def _howto(page) -> str:
    return page.locator(".fsg-tx__howto").inner_text()


def test_the_treatments_table_reads_on_a_phone_and_says_so(base_url, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(base_url + "treatments/")
    settle(page, next_frame=False)
    table = page.locator(".fsg-tx__table")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px)"
    assert table.bounding_box()["width"] <= PHONE["width"]
    row = page.locator(".fsg-tx__row").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block", "each treatment is a box on a phone"
    assert page.locator(".fsg-tx__row .fsg-tx__label").first.is_visible(), "each part of a box says what it is"
    said = _howto(page)
    assert "Each box is one treatment" in said and "row" not in said and "column" not in said
    page.emulate_media(media="print")
    on_paper = _howto(page)
    # On paper the table is a real grid again (short cells), and says so.
    assert "Each row is one treatment" in on_paper and "box" not in on_paper and "Tap" not in on_paper
    context.close()

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base_url + "treatments/")
    said = _howto(page)
    assert "Each row is one treatment" in said and "box" not in said
    assert page.locator(".fsg-tx__row").first.evaluate("r => getComputedStyle(r).display") == "table-row"
    context.close()
