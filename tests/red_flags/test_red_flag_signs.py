"""red_flag_signs(): a page shows named red flags in data/red-flags.yml's own words, and says
their level, so a changed or removed sign flows onto the page or stops the build.

The home page's "Signs you need help now" lists the other emergency signs this way
instead of retyping them.
"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from macros.errors import DataError
from support import ROOT, build, copy_project, load_project

HOME_SIGNS = ["vision-balance-loss", "eyelid-vision-sudden"]
CALL = '{{ red_flag_signs("emergency", "vision-balance-loss", "eyelid-vision-sudden") }}'


@pytest.fixture(scope="module")
def site():
    return load_project(ROOT)


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def red_flag_signs(site, src="index.md", url=""):
    """The macro as mkdocs-macros calls it while rendering the page `src`."""
    from macros import red_flags, sources
    env = SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_path=src), url=url))
    sources.macros(site, env)   # sets site.cite, as the build does
    return red_flags.macros(site, env)["red_flag_signs"]


def error_of(call):
    with pytest.raises(DataError) as caught:
        call()
    return caught.value.message


def words(html) -> str:
    return " ".join(BeautifulSoup(str(html), "html.parser").get_text(" ").split())


def test_the_home_page_calls_the_macro_and_no_longer_retypes_the_signs():
    page = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert CALL in page
    assert "Sudden loss of sight or balance" not in page
    assert "(when-to-get-help.md#emergency) lists every sign." in page


def test_the_signs_are_the_red_flags_own_words_with_their_sources(site):
    from macros.text import render_inline
    html = str(red_flag_signs(site)("emergency", *HOME_SIGNS))
    doc = BeautifulSoup(html, "html.parser")
    items = doc.select("ul.fsg-flag-signs > li")
    assert [li["data-flag"] for li in items] == HOME_SIGNS
    flags = {f.id: f for f in site.data["red-flags.yml"].red_flags}
    for li in items:
        flag = flags[li["data-flag"]]
        assert words(render_inline(flag.sign)) in words(li)
        # ...and says why it matters (CDC Clear Communication Index item 13), in the flag's own words.
        assert words(flag.why) in words(li)
        cited = {a["href"] for a in li.select("sup.fsg-cite a")}
        assert cited == {f"#ref-{s}" for s in flag.sources}


def test_the_built_home_page_shows_the_signs_under_their_level(site_dir):
    doc = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = doc.select_one("#emergency-signs").find_next("ul", class_="fsg-flag-signs")
    assert section["data-level"] == "emergency"
    assert [li["data-flag"] for li in section.select("li")] == HOME_SIGNS
    lead_p = section.find_previous("p")
    lead = words(lead_p)
    # The lead-in says what to do about them: call the emergency number (a tap-to-call link).
    assert lead.endswith("These are emergencies too. Call 911 at once if you have:"), lead[-80:]
    assert lead_p.find_all("a", href=lambda h: h and h.startswith("tel:"))
    assert "Sudden loss of sight or balance" in words(section)
    assert section.find_next_sibling("p").find("a")["href"] == "when-to-get-help/#emergency"


def test_an_unknown_red_flag_names_the_page_the_id_and_the_fix(site):
    msg = error_of(lambda: red_flag_signs(site)("emergency", "vision-balance-loss", "eyelid-sudden"))
    assert msg.startswith('docs/index.md: red_flag_signs("emergency", ...): "eyelid-sudden" is not a red flag in '
                          "data/red-flags.yml; use an id from there. Did you mean")
    assert '"eyelid-vision-sudden"' in msg and "\n" not in msg


def test_a_red_flag_of_another_level_names_the_page_the_id_and_the_fix(site):
    msg = error_of(lambda: red_flag_signs(site)("emergency", "vision-balance-loss", "drooping-eyelid"))
    assert msg == ('docs/index.md: red_flag_signs("emergency", ...): the red flag "drooping-eyelid" is urgent in '
                   "data/red-flags.yml, but the page calls it emergency; change the page's words and level to "
                   '"urgent", or remove the flag from the call')


def test_a_level_that_is_not_a_red_flag_level_is_refused(site):
    msg = error_of(lambda: red_flag_signs(site)("self-care", "vision-balance-loss"))
    assert msg.startswith('docs/index.md: red_flag_signs("self-care", ...): the first value is the level')
    assert "Valid values: emergency, urgent, soon" in msg


def test_no_red_flag_named_is_refused(site):
    msg = error_of(lambda: red_flag_signs(site)("emergency"))
    assert msg == ('docs/index.md: red_flag_signs("emergency", ...): name at least one red flag of '
                   "data/red-flags.yml after the level")


def test_a_page_that_calls_a_sign_by_the_wrong_level_stops_the_build_with_one_line(project, tmp_path):
    # Broken copy: the home page says the signs are "urgent"; data/red-flags.yml says emergency.
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(CALL, CALL.replace('"emergency"', '"urgent"')),
                    encoding="utf-8")
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    line = next(x for x in output.splitlines() if "red_flag_signs(" in x)
    assert ('docs/index.md: red_flag_signs("urgent", ...): the red flag "vision-balance-loss" is emergency in '
            "data/red-flags.yml, but the page calls it urgent; change the page's words and level to "
            '"emergency", or remove the flag from the call') in line
