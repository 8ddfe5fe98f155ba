"""Every number lives once, in data/numbers.yml: words match the value, pages and data use the
record instead of typing a number, and the record renders with its citation."""
from __future__ import annotations

import re

import pytest
import yaml

from support import ROOT, build, copy_project, data_error, load_project


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def _edit_numbers(project, change):
    path = project / "data" / "numbers.yml"
    data = yaml.safe_load(path.read_text())
    change(data["numbers"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_words_that_do_not_match_the_value_stop_the_build(project):
    def change(numbers):
        numbers[0]["say"] = "about 6 in 10 people"   # the value is 91.1%
    _edit_numbers(project, change)
    msg = data_error(project)
    assert msg.startswith("data/numbers.yml") and f'entry "{yaml.safe_load((project / "data/numbers.yml").read_text())["numbers"][0]["id"]}"' in msg
    assert "about 6 in 10 people" in msg and "91.1%" in msg


def test_a_frequency_needs_n_in_m_words(project):
    _edit_numbers(project, lambda n: n[0].update(say="most people"))
    assert '"N in M"' in data_error(project)


def test_a_source_that_does_not_exist_is_named(project):
    _edit_numbers(project, lambda n: n[0].update(sources=["no-such-source"]))
    msg = data_error(project)
    assert "no-such-source" in msg and "data/numbers.yml" in msg


def _checked_page(project):
    """A page the hand-written-number check covers (not in NOT_YET_CHECKED)."""
    from macros import numbers
    for path in sorted((project / "docs").rglob("*.md")):
        src = path.relative_to(project / "docs").as_posix()
        if not src.startswith("includes/") and src not in numbers.NOT_YET_CHECKED:
            return path
    pytest.skip("no page is checked yet")


@pytest.mark.parametrize("typed, named", [("about 9 in 10 people", "9 in 10"), ("95%", "95%"), ("1 out of 4", "1 out of 4"),
                                          ("four in ten", "four in ten"), ("12 percent", "12 percent")])
def test_a_number_typed_on_a_page_is_refused_with_page_and_line(project, typed, named):
    page = _checked_page(project)
    lines = page.read_text().splitlines()
    lines.append("")
    lines.append(f"It helps {typed}.")
    page.write_text("\n".join(lines) + "\n")
    msg = data_error(project)
    src = page.relative_to(project).as_posix()
    assert msg.startswith(src) and f"line {len(lines)}:" in msg and f'"{named}"' in msg
    assert 'number("its-id")' in msg


def test_durations_and_ages_are_not_mistaken_for_frequencies():
    from macros.numbers import hand_written
    assert hand_written("Shots work for 3 to 4 months. Most start in their 40s. Rest for 2 in the morning.") == []
    assert hand_written('It helps {{ number("mvd-complete-relief") }}.') == []
    assert hand_written("It helps about 9 in 10 people.") == ["9 in 10"]


def _set_first_lasts(project, words: str) -> None:
    """Give the first treatment's `lasts` field in data/treatments.yml these words."""
    path = project / "data" / "treatments.yml"
    text = path.read_text()
    first_lasts = next(line for line in text.splitlines() if line.strip().startswith("lasts:"))
    path.write_text(text.replace(first_lasts, first_lasts.split("lasts:")[0] + "lasts: " + words, 1))


def test_a_token_in_data_text_is_replaced_by_the_words(project):
    _set_first_lasts(project, "It comes back in {n:mvd-recurrence}.")
    site = load_project(project)
    said = [t.lasts for t in site.data["treatments.yml"].treatments if t.lasts and "comes back in" in t.lasts]
    assert said == ["It comes back in about 2 in 100 people."]


def test_an_unknown_token_in_data_is_named(project):
    _set_first_lasts(project, "In {n:no-such-number}.")
    msg = data_error(project)
    assert msg.startswith("data/treatments.yml") and "{n:no-such-number}" in msg and "data/numbers.yml" in msg


def test_number_renders_the_words_and_the_citation(project, tmp_path):
    page = _checked_page(project)
    text = page.read_text()
    marker = 'The operation helps {{ number("mvd-complete-relief") }}.'
    if "{{ references() }}" in text:
        text = text.replace("{{ references() }}", marker + "\n\n{{ references() }}", 1)
    else:
        text += "\n" + marker + "\n\n{{ references() }}\n"
    page.write_text(text)
    out = tmp_path / "site"
    result = build(out, project)
    assert result.returncode == 0, result.stderr
    src = page.relative_to(project / "docs").as_posix()[:-3]
    html_path = out / ("index.html" if src == "index" else (src[:-5] if src.endswith("/index") else src + "/") + "index.html")
    html = html_path.read_text()
    assert 'The operation helps <span class="fsg-number">about 90 in 100 people</span><sup class="fsg-cite">' in html
    assert 'id="ref-miller-mvd-2012"' in html


def _stroke_or_death(numbers):
    return next(n for n in numbers if n["id"] == "mvd-stroke-or-death")


def test_fewer_than_words_are_a_bound_that_must_not_be_below_the_value(project):
    # "fewer than 1 in 1,000" for 0.1% is an upper bound and stays true...
    site = load_project(project)
    rec = next(n for n in site.data["numbers.yml"].numbers if n.id == "mvd-stroke-or-death")
    assert rec.is_bound and rec.value <= rec.said
    # ...but a bound below the value would understate a risk, so the build refuses it.
    _edit_numbers(project, lambda n: _stroke_or_death(n).update(value=3))
    msg = data_error(project)
    assert "mvd-stroke-or-death" in msg and "fewer than 1 in 1,000 people" in msg and "bound" in msg


def test_the_surgery_page_gives_every_rate_out_of_100():
    # One denominator, so a reader can set the benefit against the risks without working anything out.
    from macros.numbers import _FREQUENCY
    site = load_project(ROOT)
    page = (ROOT / "docs" / "treatments" / "surgery.md").read_text(encoding="utf-8")
    records = {n.id: n for n in site.data["numbers.yml"].numbers}
    used = set(re.findall(r'number\("([a-z0-9-]+)"', page))
    # The one exception: a very rare risk under 1 in 100 keeps its own scale ("fewer than 1 in 1,000"),
    # since "fewer than 1 in 100" would make the gravest risk sound ten times more likely than it is.
    very_rare = {i for i in used if records[i].kind == "frequency" and records[i].is_bound and records[i].value < 1}
    wrong = [f"{i}: {records[i].say}" for i in sorted(used - very_rare)
             if records[i].kind == "frequency" and _FREQUENCY.search(records[i].say).group(3) != "100"]
    assert used and not wrong, wrong
    assert all("very rare" in page.split(f'number("{i}")')[0][-200:] + page.split(f'number("{i}")')[1][:200]
               for i in very_rare), "say 'very rare' beside a risk that is not out of 100"


# Times typed by hand: a digit or a number word with a unit of time, in a page or in data text.
@pytest.mark.parametrize("typed, named", [("Rest for 2 weeks", "2 weeks"), ("It lasts 3 months", "3 months"),
                                          ("See a doctor within 2 weeks", "2 weeks"),
                                          ("It gets better in 6 to 12 weeks", "6 to 12 weeks"),
                                          ("Wait 48 hours", "48 hours"), ("Wait two weeks", "two weeks"),
                                          ("A 10-year study", "10-year")])
def test_a_time_typed_on_a_page_is_refused_with_page_line_and_fix(project, typed, named):
    page = _checked_page(project)
    lines = page.read_text().splitlines()
    lines.append("")
    lines.append(f"{typed}.")
    page.write_text("\n".join(lines) + "\n")
    msg = data_error(project)
    src = page.relative_to(project).as_posix()
    assert msg.startswith(src) and f"line {len(lines)}" in msg and f'"{named}"' in msg
    assert "add a record to data/numbers.yml" in msg and 'number("its-id")' in msg


def _replace_in(project, file, old, new):
    path = project / "data" / file
    text = path.read_text()
    assert old in text, f"{file} no longer says {old!r}: pick other text for this test"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("file, old, new, entry", [
    ("red-flags.yml", "why: A twitch that lasts {n:twitch-see-doctor} needs", "why: A twitch that lasts 3 weeks needs",
     'entry "lasts-two-weeks", field "why"'),
    ("figures.yml", "caption: These signs come on suddenly.", "caption: These signs come on within 10 minutes.",
     'field "caption"'),
    ("checklists.yml", "works for {n:bto-hfs-effect-weeks} on average", "works for about 3 months on average",
     'entry "wear-off", field "hint"'),
])
def test_a_time_typed_in_data_text_is_refused_with_entry_and_fix(project, file, old, new, entry):
    _replace_in(project, file, old, new)
    msg = data_error(project)
    assert msg.startswith(f"data/{file}") and entry in msg and "time typed by hand" in msg
    assert "add a record to data/numbers.yml" in msg and "write {n:its-id}" in msg


def test_a_time_from_a_record_ids_and_words_without_a_number_are_not_refused(project):
    from macros.numbers import hand_typed_times
    assert hand_typed_times("Talk to your doctor if it lasts {n:low-mood-see-doctor}.") == []
    assert hand_typed_times('It lasts {{ number("bto-hfs-effect-weeks") }}.') == []
    assert hand_typed_times("It came on suddenly, within minutes, or over a few weeks, or in their 40s.") == []
    assert hand_typed_times("[twitching](../when-to-get-help/#lasts-two-weeks) { #first-3-days }") == []
    # A flag id such as "lasts-two-weeks" is an address, not words: the real data uses it and loads.
    _replace_in(project, "red-flags.yml", "why: A twitch that lasts {n:twitch-see-doctor} needs",
                "why: A twitch that lasts {n:twitch-see-doctor}, {n:bto-interval} or {n:bto-onset} needs")
    _replace_in(project, "decision-tree.yml", "to: /when-to-get-help/#bells-palsy", "to: /when-to-get-help/#bells-palsy-3-days")
    from macros.errors import DataError
    try:   # the anchor may be refused as missing, but an address is not words: no time is refused in it
        load_project(project)
    except DataError as e:
        assert "time typed by hand" not in e.message, e.message
    _replace_in(project, "decision-tree.yml", "to: /when-to-get-help/#bells-palsy-3-days", "to: /when-to-get-help/#bells-palsy")
    site = load_project(project)
    why = next(f.why for f in site.data["red-flags.yml"].red_flags if f.id == "lasts-two-weeks")
    assert "more than 2 weeks, 3 to 4 months or within about 3 to 7 days" in why
