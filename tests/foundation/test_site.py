"""The site as a reader gets it: strict build, emergency line, review dates, metadata."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from support import ROOT, build, copy_project, data_error, html_pages


class _Text(HTMLParser):
    """Visible text and tel: links of a page (no script, style or SVG)."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.text: list[str] = []
        self.tels: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg", "template"):
            self.skip += 1
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("tel:"):
            self.tels.append(href[4:])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def read(site, path):
    parser = _Text()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    text = " ".join(" ".join(parser.text).split())
    return re.sub(r"\s+([.,;:])", r"\1", text), parser.tels


def configured_number():
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"]


def test_every_page_has_the_emergency_line_with_the_configured_number(site_dir):
    number = configured_number()
    for path in html_pages(site_dir):
        text, tels = read(site_dir, path)
        assert f"Call {number} now" in text, f"/{path} has no emergency line"
        assert number in tels, f"/{path} has no tap-to-call link"


@pytest.fixture(scope="module")
def uk_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("uk") / "project")
    (project / "mkdocs-uk.yml").write_text(
        "INHERIT: mkdocs.yml\n"
        "extra:\n"
        "  emergency:\n"
        '    number: "999"\n'
        "    region: the UK\n"
        "    elsewhere: Not in the UK? Call your local emergency number.\n"
        "    words:\n"
        "      emergency_room: A&E\n"
        "      urgent_care: urgent treatment centre\n"
        "    non_emergency:\n"
        '      number: "111"\n'
        "      name: NHS 111\n")
    out = project / "out"
    result = build(out, project=project, config="mkdocs-uk.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_another_country_configuration_leaves_no_default_number(uk_site):
    default = configured_number()
    assert default != "999"
    for path in html_pages(uk_site):
        text, tels = read(uk_site, path)
        assert not re.search(rf"(?<![\d.,]){default}(?![\d.,])", text), f"/{path} still shows {default}"
        assert default not in tels, f"/{path} still dials {default}"
        assert "Call 999 now" in text and "999" in tels


def test_the_urgent_advice_names_the_non_emergency_line_when_configured(uk_site, site_dir):
    text, tels = read(uk_site, "when-to-get-help/")
    assert "NHS 111" in text and "111" in tels
    default_text, _ = read(site_dir, "when-to-get-help/")
    assert "NHS 111" not in default_text


def test_the_bells_palsy_advice_names_the_places_in_the_configured_care_words(uk_site, site_dir):
    sentence = "If your doctor cannot see you today, go to an {} or {}."
    default_text, _ = read(site_dir, "when-to-get-help/")
    assert sentence.format("urgent care center", "emergency room") in default_text
    text, _ = read(uk_site, "when-to-get-help/")
    assert sentence.format("urgent treatment centre", "A&E") in text
    assert sentence.format("urgent care center", "emergency room") not in text


def test_every_page_shows_review_dates_and_is_honest_about_review(site_dir):
    for path in html_pages(site_dir):
        text, _ = read(site_dir, path)
        assert re.search(r"Last reviewed: \w+ \d+, \d{4}\. Next review due: \w+ \d+, \d{4}\.", text), f"/{path}"
        if "Not yet checked by a clinician" in text:
            assert "This page has not yet been checked by a clinician" in text, f"/{path} hides its draft status"


def test_every_page_has_its_own_description(site_dir):
    seen = {}
    for path in html_pages(site_dir):
        html = (site_dir / path / "index.html").read_text()
        match = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert match, f"/{path} has no meta description"
        assert match.group(1) not in seen, f"/{path} repeats the description of /{seen.get(match.group(1))}"
        seen[match.group(1)] = path


def test_no_google_fonts_no_generator_link_no_repo_widget(site_dir):
    html = (site_dir / "index.html").read_text()
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "Made with" not in html
    assert "api.github.com" not in html and 'data-md-component="source"' not in html


def test_make_schemas_is_up_to_date():
    from scripts.make_schemas import generate
    for name, text in generate().items():
        path = ROOT / "data" / "schema" / name
        assert path.exists() and path.read_text() == text, f"data/schema/{name} is stale: run `make schemas`"


def test_every_data_file_names_its_schema():
    for path in sorted((ROOT / "data").glob("*.yml")):
        first = path.read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{path.stem}.schema.json", f"data/{path.name}"


def test_the_urgent_advice_from_data_says_the_configured_care_words(uk_site, site_dir):
    # data/red-flags.yml writes {urgent_care} and {emergency_room}; the card and the tree say the region's words.
    sentence = "If you cannot be seen today, go to an {} or {}."
    for path in ("when-to-get-help/", "do-you-need-help/"):
        default_text, _ = read(site_dir, path)
        assert sentence.format("urgent care center", "emergency room") in default_text, f"/{path}"
        text, _ = read(uk_site, path)
        assert sentence.format("urgent treatment centre", "A&E") in text, f"/{path}"
        assert "urgent care center" not in text and "emergency room" not in text, f"/{path}"
        assert "{urgent_care}" not in text and "{emergency_room}" not in text, f"/{path}"


def test_care_words_typed_by_hand_in_data_are_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "data" / "red-flags.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("{urgent_care}", "urgent care center", 1), encoding="utf-8")
    msg = data_error(project)
    assert msg.startswith("data/red-flags.yml") and '"urgent care center" is typed by hand' in msg
    assert "{urgent_care}" in msg
