"""Figures and icon arrays: every word in data, small drawings, clear messages for an
editor's mistakes, and the pages that must show a picture do.

Also the other parts of "understandable at a glance" (issue 13) that need no browser:
grouped citations, source notes kept for editors, and terms explained in the sentence.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, copy_project, data_error, load_project

FIGURES = yaml.safe_load((ROOT / "data" / "figures.yml").read_text(encoding="utf-8"))["figures"]
# The pages issue 13 names: each shows at least one figure with a caption.
PAGES_WITH_FIGURES = ["", "when-to-get-help/", "self-care/", "types/", "treatments/",
                      "treatments/botulinum-toxin/", "treatments/surgery/"]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def _edit_figures(project: Path, change) -> None:
    path = project / "data" / "figures.yml"
    data = yaml.safe_load(path.read_text())
    change(data["figures"])
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def fake_env(src: str = "types.md", url: str = "types/"):
    """What a macro reads of mkdocs-macros' env: the page being rendered."""
    return SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_path=src), url=url))


def macros_for(site, env):
    from macros import figures, glossary, sources
    found = sources.macros(site, env)   # sets site.cite, as the build does
    found |= figures.macros(site, env)
    found |= glossary.macros(site, env)
    return found


def soup(site_dir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / page / "index.html").read_text(encoding="utf-8"), "html.parser")


# -- the drawings ---------------------------------------------------------------------------

def test_there_are_at_least_eight_figures_each_with_a_drawing_of_its_own():
    files = {f["file"] for f in FIGURES}
    assert len(FIGURES) >= 8 and len(files) == len(FIGURES)
    for f in FIGURES:
        assert (ROOT / "docs" / "assets" / "figures" / f["file"]).is_file(), f["file"]


@pytest.mark.parametrize("fig", FIGURES, ids=[f["id"] for f in FIGURES])
def test_each_drawing_is_small_has_no_words_and_one_label_per_marker(fig):
    svg = (ROOT / "docs" / "assets" / "figures" / fig["file"]).read_text(encoding="utf-8")
    assert len(gzip.compress(svg.encode(), 9)) <= 6 * 1024
    texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    assert all(t.isdigit() for t in texts), f"words baked into the drawing: {texts}"
    assert sorted(int(t) for t in texts) == list(range(1, len(fig["labels"]) + 1))
    assert fig["alt"].strip() and fig["caption"].strip()
    # Black and white: the drawing tells its parts apart by patterns and outlines, not colour only.
    assert "<pattern" in svg or "stroke-dasharray" in svg


def test_a_missing_drawing_is_named_with_the_fix(project):
    _edit_figures(project, lambda f: f[0].update(file="no-such-drawing.svg"))
    msg = data_error(project)
    assert msg.startswith("data/figures.yml") and f'entry "{FIGURES[0]["id"]}"' in msg
    assert 'field "file"' in msg and "no-such-drawing.svg" in msg


def test_words_in_a_drawing_are_refused(project):
    svg = project / "docs" / "assets" / "figures" / FIGURES[0]["file"]
    svg.write_text(svg.read_text().replace("</svg>", '<text x="1" y="1">Call now</text></svg>'))
    msg = data_error(project)
    assert '"Call now"' in msg and "labels" in msg and FIGURES[0]["id"] in msg


def test_labels_must_match_the_markers(project):
    _edit_figures(project, lambda f: f[0]["labels"].pop())
    msg = data_error(project)
    assert FIGURES[0]["id"] in msg and 'field "labels"' in msg and "one label for each marker" in msg


def test_a_heavy_drawing_is_refused(project):
    svg = project / "docs" / "assets" / "figures" / FIGURES[0]["file"]
    import random
    rnd = random.Random(1)
    noise = "".join(f'<circle cx="{rnd.random():.6f}" cy="{rnd.random():.6f}" r="1"/>' for _ in range(900))
    svg.write_text(svg.read_text().replace("</svg>", noise + "</svg>"))
    msg = data_error(project)
    assert "6 KiB" in msg and FIGURES[0]["file"] in msg


def test_a_drawing_with_a_script_or_another_host_is_refused(project):
    svg = project / "docs" / "assets" / "figures" / FIGURES[0]["file"]
    svg.write_text(svg.read_text().replace("</svg>", '<image href="https://example.com/x.png"/></svg>'))
    assert "plain drawing" in data_error(project)


def test_an_unknown_source_on_a_figure_is_named(project):
    _edit_figures(project, lambda f: f[0].update(sources=["no-such-source"]))
    msg = data_error(project)
    assert "data/figures.yml" in msg and "no-such-source" in msg


def test_an_unknown_figure_or_number_on_a_page_is_named():
    from macros.errors import DataError
    site = load_project(ROOT)
    m = macros_for(site, fake_env())
    with pytest.raises(DataError) as caught:
        m["figure"]("stroke-sign")
    assert caught.value.message.startswith("docs/types.md") and 'Did you mean "stroke-signs"' in caught.value.message
    with pytest.raises(DataError) as caught:
        m["icon_array"]("mvd-complete-relef")
    assert "mvd-complete-relief" in caught.value.message


def test_a_figure_renders_its_words_from_data_and_loads_lazily():
    site = load_project(ROOT)
    html = str(macros_for(site, fake_env("treatments/surgery.md", "treatments/surgery/"))["figure"]("mvd-operation"))
    fig = next(f for f in FIGURES if f["id"] == "mvd-operation")
    page = BeautifulSoup(html, "html.parser")
    img = page.select_one("img")
    assert img["src"] == "../../assets/figures/mvd-operation.svg"
    assert img["alt"] == " ".join(fig["alt"].split()) and img["loading"] == "lazy"
    assert img["width"] and img["height"], "the size is known before the drawing loads (no jump)"
    assert len(page.select("ol.fsg-figure__labels li")) == len(fig["labels"])
    assert page.select_one("figcaption").get_text(" ", strip=True).count("microvascular decompression") == 1
    assert page.select_one("sup.fsg-cite"), "the caption cites its sources"


# -- icon arrays ----------------------------------------------------------------------------

@pytest.mark.parametrize("value,total,marked", [(91.1, 100, 91), (2.3, 100, 2), (50, 100, 50), (0.9, 1000, 9),
                                                (0.04, 1000, 1), (100, 100, 100)])
def test_an_icon_array_marks_as_many_people_as_the_number_says(value, total, marked):
    from macros.figures import icon_grid
    g = icon_grid(value)
    assert (g["total"], g["marked"]) == (total, marked)
    cells = {"marked": 0, "other": 0}
    covered = set()
    for kind, x, y, w, h in g["parts"]:
        for cx in range(x, x + w):
            for cy in range(y, y + h):
                assert (cx, cy) not in covered
                covered.add((cx, cy))
        cells[kind] += w * h
    assert cells == {"marked": marked, "other": total - marked}
    assert len(covered) == g["cols"] * g["rows"] == total


def test_an_icon_array_is_one_labelled_picture_and_stays_small():
    site = load_project(ROOT)
    html = str(macros_for(site, fake_env("treatments/surgery.md", "treatments/surgery/"))["icon_array"]("mvd-permanent-hearing-loss"))
    rec = next(n for n in site.data["numbers.yml"].numbers if n.id == "mvd-permanent-hearing-loss")
    page = BeautifulSoup(html, "html.parser")
    svg = page.select_one("svg")
    assert svg["role"] == "img" and svg["aria-label"] == rec.sentence
    assert rec.sentence in page.select_one("figcaption").get_text()
    assert "2 of these 100" in page.get_text()
    # Marked and unmarked people differ by fill (solid against outline), so paper shows them apart.
    filled, outline = page.select("pattern")
    assert 'fill="currentColor"' in str(filled) and 'fill="none"' in str(outline)
    assert len(gzip.compress(html.encode(), 9)) < 1024


def test_an_icon_array_needs_a_frequency_with_a_sentence(project):
    from macros.errors import DataError
    path = project / "data" / "numbers.yml"
    data = yaml.safe_load(path.read_text())
    data["numbers"][0].pop("sentence", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    site = load_project(project)
    with pytest.raises(DataError) as caught:
        macros_for(site, fake_env())["icon_array"](data["numbers"][0]["id"])
    assert "sentence" in caught.value.message and "data/numbers.yml" in caught.value.message


# -- the built pages ------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES_WITH_FIGURES, ids=[p or "home" for p in PAGES_WITH_FIGURES])
def test_the_main_pages_each_show_a_figure_with_a_caption(site_dir, page):
    figures = soup(site_dir, page).select("article figure.fsg-figure")
    assert figures, f"/{page} has no figure"
    for fig in figures:
        assert fig.select_one("figcaption").get_text(strip=True)
        img = fig.select_one("img")
        if img is not None:
            assert img.get("alt", "").strip() and img.get("loading") == "lazy"
            assert (site_dir / page / img["src"]).resolve().is_file()


def test_the_treatment_pages_show_their_benefit_and_risk_as_icon_arrays(site_dir):
    for page, ids in {"treatments/surgery/": ["mvd-complete-relief", "mvd-permanent-hearing-loss"],
                      "treatments/botulinum-toxin/": ["bto-hfs-response", "bto-ptosis-per-treatment"]}.items():
        shown = [f["id"] for f in soup(site_dir, page).select("figure.fsg-icons")]
        assert shown == [f"icons-{i}" for i in ids], f"/{page}: {shown}"


_SAID = re.compile(r"\b(\d[\d,]*) in (\d[\d,]*)\b")


def _marked_cells(svg) -> int:
    """How many people the drawing fills in: the cells of the rectangles painted with the marked pattern."""
    vb = [float(v) for v in svg["viewbox"].split()]
    cols = 40 if "fsg-icons--1000" in " ".join(svg.find_parent("figure")["class"]) else 10
    cell_w = vb[2] / cols
    cell_h = cell_w * 14 / 12
    marked = 0
    for rect in svg.select("rect"):
        if rect["fill"].endswith("-m)"):
            marked += round(float(rect["width"]) / cell_w) * round(float(rect["height"]) / cell_h)
    return marked


def test_every_icon_array_on_the_site_draws_the_number_its_words_say(site_dir):
    # "About 9 in 10" drawn as 91 of 100 confused readers: the picture, its key and its words
    # must give one number. Every built page, every icon array.
    arrays = 0
    problems = []
    for html in sorted(site_dir.rglob("index.html")):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for fig in page.select("figure.fsg-icons"):
            arrays += 1
            where = f"{html.parent.relative_to(site_dir).as_posix()}/ {fig.get('id')}"
            svg = fig.select_one("svg")
            sentence = fig.select_one(".fsg-icons__sentence").get_text(" ", strip=True)
            key = fig.select_one(".fsg-icons__key").get_text(" ", strip=True)
            said = _SAID.search(sentence)
            shown = re.search(r"(\d[\d,]*) of these (\d[\d,]*) figures", key)
            if not said or not shown:
                problems.append(f"{where}: no 'N in M' in {sentence!r} or no count in {key!r}")
                continue
            n, per = (int(x.replace(",", "")) for x in said.groups())
            marked, total = (int(x.replace(",", "")) for x in shown.groups())
            drawn = _marked_cells(svg)
            if n * total != marked * per or drawn != marked:
                problems.append(f"{where}: the words say {n} in {per}, the key {marked} of {total}, "
                                f"the drawing fills {drawn}")
            if _SAID.search(svg["aria-label"]).groups() != said.groups():
                problems.append(f"{where}: the picture's label and its sentence give different numbers")
    assert arrays >= 4, "the treatment pages show their benefits and risks as icon arrays"
    assert not problems, "\n".join(problems)


def test_an_icon_array_marks_the_rounded_words_not_the_raw_value():
    site = load_project(ROOT)
    rec = next(n for n in site.data["numbers.yml"].numbers if n.id == "mvd-complete-relief")
    assert rec.value == 91.1 and "90 in 100" in rec.say and rec.said == 90
    html = str(macros_for(site, fake_env("treatments/surgery.md", "treatments/surgery/"))["icon_array"](rec.id))
    assert "90 of these 100 figures" in BeautifulSoup(html, "html.parser").get_text()


# -- citations, source notes, terms -----------------------------------------------------------

def test_one_citation_groups_its_sources_in_order():
    site = load_project(ROOT)
    m = macros_for(site, fake_env())
    m["cite"]("nhs-twitching")
    html = str(m["cite"]("mayo-hfs", "nhs-twitching", "mayo-hfs"))
    marker = BeautifulSoup(html, "html.parser")
    assert len(marker.select("sup")) == 1
    assert marker.get_text() == "[1, 2]"
    assert [a["href"] for a in marker.select("a")] == ["#ref-nhs-twitching", "#ref-mayo-hfs"]


def test_two_citations_side_by_side_stop_the_build(project):
    page = project / "docs" / "types.md"
    lines = page.read_text().splitlines()
    lines.append('It is common.{{ cite("nhs-twitching") }} {{ cite("mayo-hfs") }}')
    page.write_text("\n".join(lines) + "\n")
    msg = data_error(project)
    assert msg.startswith("docs/types.md") and f"line {len(lines)}:" in msg
    assert '{{ cite("nhs-twitching", "mayo-hfs") }}' in msg


def test_no_page_shows_a_run_of_markers(site_dir):
    from support import html_pages
    runs = [f"/{p}" for p in html_pages(site_dir)
            if re.search(r"</sup>\s*<sup class=\"fsg-cite\"", (site_dir / p / "index.html").read_text(encoding="utf-8"))]
    assert not runs, f"pages with markers side by side: {runs}"


def test_editors_notes_on_sources_never_reach_a_patient_page(site_dir):
    sources = yaml.safe_load((ROOT / "data" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    notes = [s["note"] for s in sources if s.get("note")]
    assert len([n for n in notes if len(n) > 40]) >= 10, "the data keeps the notes for the review pack"
    from support import html_pages
    for page in html_pages(site_dir):
        text = " ".join(soup(site_dir, page).get_text(" ").split())
        for phrase in ("not yet verified", "read from a copy"):
            assert phrase not in text, f"/{page} shows an editor's note: {phrase!r}"
        assert not any(" ".join(n.split()) in text for n in notes if len(n) > 40), f"/{page} shows a source note"


def test_a_term_is_explained_in_the_sentence_the_first_time_only():
    site = load_project(ROOT)
    m = macros_for(site, fake_env())
    first = BeautifulSoup(str(m["term"]("hemifacial-spasm")), "html.parser").get_text()
    again = str(m["term"]("hemifacial-spasm"))
    assert first == "hemifacial spasm (twitching on one side of your face)"
    assert again == "hemifacial spasm"
    # Where the plain words are the everyday name, they come first.
    assert str(m["term"]("myokymia", start=True)).endswith(">Eyelid twitching (myokymia)</span>")
    # Another page explains it again.
    other = macros_for(site, fake_env("self-care.md", "self-care/"))
    assert "(twitching on one side of your face)" in str(other["term"]("hemifacial-spasm"))


def test_a_term_without_plain_words_is_named_with_the_fix():
    from macros.errors import DataError
    site = load_project(ROOT)
    bare = next(t.id for t in site.data["glossary.yml"].terms if not t.plain)
    with pytest.raises(DataError) as caught:
        macros_for(site, fake_env())["term"](bare)
    assert caught.value.message.startswith("data/glossary.yml") and f'entry "{bare}"' in caught.value.message
    assert 'field "plain"' in caught.value.message


def test_plain_words_are_part_of_a_sentence(project):
    path = project / "data" / "glossary.yml"
    path.write_text(path.read_text().replace("plain: twitching on one side of your face",
                                             "plain: Twitching on one side of your face.", 1))
    msg = data_error(project)
    assert "hemifacial-spasm" in msg and "full stop" in msg


def test_the_treatments_page_explains_its_terms_in_the_main_message(site_dir):
    box = soup(site_dir, "treatments/").select_one("article .admonition.abstract")
    text = " ".join(box.get_text(" ").split())
    assert "hemifacial spasm (twitching on one side of your face)" in text
    assert box.select_one(".fsg-term abbr"), "the tooltip stays as an extra"


# -- a figure of a treatment's danger signs names each label's sign (danger_signs) -----------

def _danger_figure(figures):
    return next(f for f in figures if f["id"] == "medicine-danger-signs")


def test_the_medicines_danger_figure_names_the_sign_on_the_card_for_each_label():
    treatments = yaml.safe_load((ROOT / "data" / "treatments.yml").read_text(encoding="utf-8"))["treatments"]
    cards = next(t for t in treatments if t["id"] == "medicines")["get_help"]
    fig = _danger_figure(FIGURES)
    assert fig["danger_signs"] == "medicines"
    for label in fig["labels"]:
        card = next(c for c in cards if label.get("flag") in c.get("flags", [])
                    or label.get("sign") in [s["id"] for s in c["signs"] if isinstance(s, dict)])
        # The figure says what the card says: "call the emergency number" only for the emergency card.
        assert ("call the emergency number now" in label["text"]) == (card["level"] == "emergency")


def test_a_label_whose_red_flag_left_the_card_stops_the_build(project):
    _edit_figures(project, lambda f: _danger_figure(f)["labels"][1].update(flag="head-injury-warning"))
    msg = data_error(project)
    assert msg.startswith('data/figures.yml, entry "medicine-danger-signs", field "labels[1].flag": label 2 shows the '
                          'red flag "head-injury-warning", which is not in the flags of medicines\'s get_help cards')
    assert "Valid values: breathing-swallowing" in msg and "\n" not in msg


def test_a_label_whose_sign_left_the_card_stops_the_build(project):
    path = project / "data" / "treatments.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    card = next(t for t in data["treatments"] if t["id"] == "medicines")["get_help"][1]
    card["signs"] = card["signs"][1:]          # an editor deletes the carbamazepine rash sign
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    msg = data_error(project)
    assert msg.startswith('data/figures.yml, entry "medicine-danger-signs", field "labels[2].sign": label 3 shows the '
                          'sign "carbamazepine-rash", which is not a sign id of medicines\'s get_help cards')


def test_a_plain_label_in_a_danger_sign_figure_stops_the_build(project):
    _edit_figures(project, lambda f: _danger_figure(f)["labels"].__setitem__(0, "A sleepy person (the phone)."))
    msg = data_error(project)
    assert msg == ('data/figures.yml, entry "medicine-danger-signs", field "labels[0]": label 1 must name the one '
                   "sign of medicines's get_help cards it shows: write it as - text: ... with flag: <red flag id> "
                   "or sign: <sign id> (not both)")


def test_a_weakened_emergency_label_stops_the_build(project):
    _edit_figures(project, lambda f: _danger_figure(f)["labels"][1].update(
        text="**A swollen face, lips, tongue or throat, or trouble breathing:** see your doctor (the phone)."))
    msg = data_error(project)
    assert msg == ('data/figures.yml, entry "medicine-danger-signs", field "labels[1].text": label 2 shows a sign of '
                   "medicines's emergency card, so it must tell the reader to \"call the emergency number now\"")


def test_an_urgent_label_that_says_call_the_emergency_number_stops_the_build(project):
    _edit_figures(project, lambda f: _danger_figure(f)["labels"][2].update(
        text="**A rash with blisters**, on carbamazepine: call the emergency number now (the clock)."))
    msg = data_error(project)
    assert msg.startswith('data/figures.yml, entry "medicine-danger-signs", field "labels[2].text": label 3 says to '
                          "call the emergency number, but its sign is on medicines's urgent card")


def test_an_unknown_danger_signs_treatment_stops_the_build(project):
    _edit_figures(project, lambda f: _danger_figure(f).update(danger_signs="medicine"))
    msg = data_error(project)
    assert msg.startswith('data/figures.yml, entry "medicine-danger-signs", field "danger_signs": "medicine" is not a '
                          "treatment with get_help cards in data/treatments.yml")
    assert 'Did you mean "medicines"' in msg


def test_a_label_naming_a_sign_needs_danger_signs(project):
    _edit_figures(project, lambda f: _danger_figure(f).pop("danger_signs"))
    msg = data_error(project)
    assert msg.startswith('data/figures.yml, entry "medicine-danger-signs", field "danger_signs": label 1 names a sign')
