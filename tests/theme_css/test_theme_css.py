"""The theme's stylesheets, trimmed to what the site uses (scripts/theme_css.py), look exactly
like the theme's own on every kind of page: on a phone and a desktop, light and dark, on paper,
with the search, the menu and the decision tree open."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from scripts import theme_css
from scripts.page_weight import measure_site



def _theme_folder() -> Path:
    import material
    return Path(material.__file__).resolve().parent / "templates" / "assets" / "stylesheets"


def _used(classes=(), words=(), prefixes=(), values=()):
    return theme_css.Used(frozenset(classes), frozenset(words), tuple(prefixes), frozenset(values))


# -- the rules: what is dropped, what must stay ---------------------------------------------

def test_a_rule_for_a_class_no_page_has_is_dropped_and_one_for_a_class_a_page_has_stays():
    css = ".md-tabs{color:red}.md-nav{color:blue}.md-nav .md-tabs__link{color:green}"
    assert theme_css.trim(css, _used(classes={"md-nav"})) == ".md-nav{color:blue}\n"


def test_only_the_selectors_that_cannot_match_leave_a_selector_list():
    css = ".md-tabs,.md-nav>a,.md-post__title{margin:0}"
    assert theme_css.trim(css, _used(classes={"md-nav"})) == ".md-nav>a{margin:0}\n"


def test_classes_inside_not_is_where_and_has_never_drop_a_rule():
    # :not(.unused) matches everything; :is(.unused, .used) still matches .used.
    css = ".md-nav:not(.md-tabs){a:1}:is(.md-tabs,.md-nav) p{b:2}.md-nav:has(.md-post){c:3}:where(.x) .md-nav{d:4}"
    out = theme_css.trim(css, _used(classes={"md-nav"}))
    assert out == css + "\n"


def test_a_class_a_script_could_add_stays():
    css = ".md-search-result__more{a:1}.md-typeset__table{b:2}.md-unknown{c:3}"
    used = _used(words={"md-search-result__more"}, prefixes=("md-typeset__",))
    assert theme_css.trim(css, used) == ".md-search-result__more{a:1}.md-typeset__table{b:2}\n"


def test_palettes_and_directions_no_page_sets_are_dropped():
    css = ("[data-md-color-primary=red]{--c:red}[data-md-color-primary=indigo]{--c:indigo}"
           "[data-md-color-scheme=slate]{--bg:#000}[dir=rtl] .md-nav{x:1}[dir=ltr] .md-nav{x:2}"
           "[data-md-state=lock]{y:1}")
    used = _used(classes={"md-nav"}, values={("data-md-color-primary", "indigo"),
                                              ("data-md-color-scheme", "slate"), ("dir", "ltr")})
    assert theme_css.trim(css, used) == ("[data-md-color-primary=indigo]{--c:indigo}[data-md-color-scheme=slate]"
                                         "{--bg:#000}[dir=ltr] .md-nav{x:2}[data-md-state=lock]{y:1}\n")


def test_media_blocks_keep_their_rules_and_go_only_when_empty():
    css = ("@media screen and (min-width:60em){.md-nav{a:1}.md-tabs{b:2}}@media print{.md-tabs{c:3}}"
           "@supports (display:grid){.md-nav{d:4}}@keyframes spin{0%{e:0}to{e:1}}"
           "@font-face{font-family:x;src:url(x.woff2)}@page{margin:1cm}")
    out = theme_css.trim(css, _used(classes={"md-nav"}))
    assert out == ("@media screen and (min-width:60em){.md-nav{a:1}}@supports (display:grid){.md-nav{d:4}}"
                   "@keyframes spin{0%{e:0}to{e:1}}@font-face{font-family:x;src:url(x.woff2)}@page{margin:1cm}\n")


def test_the_names_a_site_uses_come_from_its_pages_scripts_and_files(tmp_path):
    (tmp_path / "index.html").write_text('<html dir="ltr"><body data-md-color-primary="indigo">'
                                         '<div class="md-nav  md-grid">x</div></body></html>')
    (tmp_path / "tool.json").write_text('{"html":"<p class=\\"fsg-tool\\">x</p>"}')
    (tmp_path / "assets" / "js").mkdir(parents=True)
    (tmp_path / "assets" / "js" / "a.js").write_text('el.classList.add("md-search-result__more");x="md-typeset__"+y;')
    used = theme_css.used_names(tmp_path)
    assert {"md-nav", "md-grid", "fsg-tool"} <= used.classes
    assert used.has_class("md-search-result__more") and used.has_class("md-typeset__scrollwrap")
    assert not used.has_class("md-tabs")
    assert used.has_value("dir", "ltr") and used.has_value("data-md-color-primary", "indigo")
    assert not used.has_value("dir", "rtl")


def test_a_trimmed_site_links_the_new_files_and_the_old_ones_are_gone(tmp_path):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.abc.min.css").write_text(".md-nav{a:1}.md-tabs{b:2}\n/*# sourceMappingURL=main.abc.min.css.map */")
    (folder / "main.abc.min.css.map").write_text("{}")
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="assets/stylesheets/main.abc.min.css">'
                                         '<nav class="md-nav"></nav>')
    (done,) = theme_css.apply(tmp_path, cache=tmp_path / "cache")
    files = sorted(p.name for p in folder.iterdir())
    assert files == [done.new] and re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", done.new)
    assert (folder / done.new).read_text() == ".md-nav{a:1}\n"
    assert f'href="assets/stylesheets/{done.new}"' in (tmp_path / "index.html").read_text()
    # The same input gives the same file from the cache.
    (folder / done.new).unlink()
    (folder / "main.abc.min.css").write_text(".md-nav{a:1}.md-tabs{b:2}\n/*# sourceMappingURL=main.abc.min.css.map */")
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="assets/stylesheets/main.abc.min.css">'
                                         '<nav class="md-nav"></nav>')
    (again,) = theme_css.apply(tmp_path, cache=tmp_path / "cache")
    assert again.new == done.new and len(list((tmp_path / "cache").glob("*.css"))) == 1


# -- the built site ---------------------------------------------------------------------------

def test_every_page_loads_the_trimmed_stylesheets_and_they_are_much_smaller(site_dir):
    folder = site_dir / theme_css.STYLESHEETS
    theme = {p.name.split(".", 1)[0]: p for p in _theme_folder().glob("*.min.css")}
    ours = {p.name.split(".", 1)[0]: p for p in folder.glob("*.min.css")}
    assert set(ours) == set(theme) == {"main", "palette"}
    gz = lambda p: len(gzip.compress(p.read_bytes(), 9))  # noqa: E731
    saved = sum(gz(theme[k]) - gz(ours[k]) for k in theme)
    # What a reader gains on every first page they open: several KB of the 90 KB budget.
    assert saved >= 5 * 1024, f"trimming saves only {saved} bytes gzip"
    for w in measure_site(site_dir):
        sheets = {u.rsplit("/", 1)[1] for u in w.urls() if u.startswith(theme_css.STYLESHEETS)}
        assert sheets == {p.name for p in ours.values()}, f"/{w.page} links {sheets}"


# -- in a browser: the same pixels --------------------------------------------------------------

# One page of each kind: home, the tree at an outcome, care cards and tick-list, tables and
# icon arrays, the clinic tools, the glossary, the sources, the not-found page.
PAGES = ["", "do-you-need-help/#outcome-call-now", "when-to-get-help/", "treatments/",
         "for-clinicians/", "glossary/", "sources/", "404.html"]


def _theme_route(route):
    name = route.request.url.rsplit("/", 1)[1].split("?")[0]
    stem = name.split(".", 1)[0]
    (original,) = _theme_folder().glob(f"{stem}.*.min.css")
    route.fulfill(body=original.read_bytes(), content_type="text/css")


def _shot(browser, url, *, theme: bool, viewport, scheme="light", media="screen", action=None):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion="reduce")
    if theme:
        context.route(re.compile(r".*/assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css(\?.*)?$"), _theme_route)
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    # The header's search box changes once Material's search worker has read the index, which takes
    # longer or shorter from load to load: wait for it, so both loads are shot in the same state.
    page.wait_for_function("""() => { const m = document.querySelector('.md-search-result__meta');
        return !m || !/Initializing/i.test(m.textContent); }""", timeout=15000)
    if action:
        action(page)
    page.wait_for_timeout(100)
    # Whole pages are shot with the header's search box painted over, in case the worker's state still
    # differs between two loads; how the search looks is checked open, by the search actions below.
    mask = [page.locator("input.md-search__input")] if action is None else []
    png = page.screenshot(full_page=action is None, animations="disabled", caret="hide", mask=mask)
    context.close()
    return png


def _compare(browser, url, tries=3, **how) -> str:
    """How the page differs with the trimmed and with the theme's stylesheets ("" if it does not).
    A page can change between two loads on its own (the contents list follows the scroll, a
    tool loads late), so a difference must be seen on each of three fresh pairs of loads."""
    diff = ""
    for _ in range(tries):
        ours = _shot(browser, url, theme=False, **how)
        theirs = _shot(browser, url, theme=True, **how)
        if ours == theirs or not (diff := _differs(ours, theirs)):
            return ""
    return diff


def _differs(a: bytes, b: bytes) -> str:
    from io import BytesIO

    from PIL import Image, ImageChops
    ia, ib = Image.open(BytesIO(a)).convert("RGB"), Image.open(BytesIO(b)).convert("RGB")
    if ia.size != ib.size:
        return f"sizes differ: trimmed {ia.size}, theme's {ib.size}"
    box = ImageChops.difference(ia, ib).getbbox()
    return "" if box is None else f"pixels differ in the box {box}"


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWS = [("phone-light", PHONE, "light", "screen"), ("phone-dark", PHONE, "dark", "screen"),
         ("desktop-light", DESKTOP, "light", "screen"), ("paper", {"width": 794, "height": 1123}, "light", "print")]


@pytest.mark.browser
@pytest.mark.parametrize("view", VIEWS, ids=[v[0] for v in VIEWS])
def test_every_kind_of_page_looks_the_same_with_the_trimmed_stylesheets(base_url, browser, view):
    _, viewport, scheme, media = view
    wrong = []
    for path in PAGES:
        url = base_url + path
        if diff := _compare(browser, url, viewport=viewport, scheme=scheme, media=media):
            wrong.append(f"/{path}: {diff}")
    assert not wrong, "the trimmed stylesheets change how these pages look:\n" + "\n".join(wrong)


def _search(page):
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("botulinum")
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_timeout(300)


def _search_no_results(page):
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("zzzqqq")
    page.wait_for_timeout(500)


def _menu(page):
    page.click("label.md-header__button[for='__drawer']")
    page.wait_for_timeout(300)


def _dark_toggle(page):
    page.click("form[data-md-component='palette'] label:not([hidden])")
    page.wait_for_timeout(300)


def _keyboard_focus(page):
    for _ in range(4):
        page.keyboard.press("Tab")


def _tooltip(page):
    page.hover("article abbr >> nth=0")
    page.wait_for_timeout(300)


# What a reader opens, and where: (action, page, screen sizes).
ACTIONS = {"search-results": (_search, "treatments/", (PHONE, DESKTOP)),
           "search-empty": (_search_no_results, "", (DESKTOP,)),
           "menu-open": (_menu, "treatments/surgery/", (PHONE,)),
           "dark-toggle": (_dark_toggle, "do-you-need-help/", (PHONE, DESKTOP)),
           "keyboard-focus": (_keyboard_focus, "do-you-need-help/", (DESKTOP,)),
           "hover": (_tooltip, "treatments/", (DESKTOP,))}


@pytest.mark.browser
@pytest.mark.parametrize("name", ACTIONS)
def test_what_scripts_and_readers_open_looks_the_same_with_the_trimmed_stylesheets(base_url, browser, name):
    action, path, viewports = ACTIONS[name]
    wrong = []
    for viewport in viewports:
        if diff := _compare(browser, base_url + path, viewport=viewport, action=action):
            wrong.append(f"/{path} at {viewport['width']} px: {diff}")
    assert not wrong, f"{name}: the trimmed stylesheets change what the reader sees:\n" + "\n".join(wrong)


@pytest.mark.browser
def test_the_route_really_serves_the_theme_stylesheet(base_url, browser):
    # Keeps the comparison honest: with the route on, the page really has the theme's full rules.
    counts = []
    for theme in (False, True):
        context = browser.new_context()
        if theme:
            context.route(re.compile(r".*/assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css(\?.*)?$"), _theme_route)
        page = context.new_page()
        page.goto(base_url, wait_until="networkidle")
        counts.append(page.evaluate("[...document.styleSheets].filter(s => /stylesheets\\//.test(s.href || ''))"
                                    ".reduce((n, s) => n + s.cssRules.length, 0)"))
        context.close()
    assert counts[1] > counts[0] * 1.2, f"rules with the trimmed sheets {counts[0]}, with the theme's {counts[1]}"
