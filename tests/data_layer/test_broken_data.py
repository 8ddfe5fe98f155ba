"""A content editor's typo must stop the build with a message they can act on.

Each case breaks one thing in a private copy of the project (a broken fixture),
loads it the way the build does, and checks the message names the file, the
entry and the field. End-to-end builds at the bottom prove the editor sees that
message, and no Python traceback, in the terminal.
"""
from __future__ import annotations

import datetime as dt

import pytest
import yaml

from support import build, copy_project, load_project as load, data_error as error_of


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def edit_yaml(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def first(items, **match):
    return next(i for i in items if all(i.get(k) == v for k, v in match.items()))


def test_the_shipped_data_loads(project):
    site = load(project)
    assert site.data["sources.yml"].sources
    assert site.pages[""].meta.title


def test_yaml_syntax_error_names_the_line(project):
    path = project / "data" / "sources.yml"
    lines = path.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    lines[n] = lines[n].replace("title:", "title: [unclosed", 1)
    path.write_text("\n".join(lines) + "\n")
    msg = error_of(project)
    assert msg.startswith("data/sources.yml")
    assert "YAML syntax error at line " in msg
    line = int(msg.split("YAML syntax error at line ")[1].split(",")[0])
    assert line >= n + 1  # at or after the broken line, as YAML reports it


def test_a_key_given_twice_is_refused(project):
    path = project / "data" / "red-flags.yml"
    text = path.read_text().replace("    level: emergency\n", "    level: emergency\n    level: soon\n", 1)
    path.write_text(text)
    msg = error_of(project)
    assert "data/red-flags.yml" in msg and 'the key "level" appears twice' in msg


def test_unknown_field_names_entry_field_and_valid_fields(project):
    def change(d):
        first(d["red_flags"], id="face-drooping")["levle"] = "emergency"
    edit_yaml(project / "data" / "red-flags.yml", change)
    msg = error_of(project)
    assert 'data/red-flags.yml, entry "face-drooping", field "levle": unknown field' in msg
    assert 'Did you mean "level"?' in msg
    assert "Valid values:" in msg and "level" in msg.split("Valid values:")[1]


def test_missing_required_field(project):
    def change(d):
        del first(d["red_flags"], id="speech-problems")["question"]
    edit_yaml(project / "data" / "red-flags.yml", change)
    assert 'entry "speech-problems", field "question": this required field is missing' in error_of(project)


def test_wrong_type(project):
    def change(d):
        first(d["sources"], id="nhs-twitching")["year"] = "recently"
    edit_yaml(project / "data" / "sources.yml", change)
    msg = error_of(project)
    assert 'data/sources.yml, entry "nhs-twitching", field "year"' in msg and "'recently'" in msg


def test_level_outside_the_vocabulary(project):
    def change(d):
        first(d["red_flags"], id="face-drooping")["level"] = "critical"
    edit_yaml(project / "data" / "red-flags.yml", change)
    msg = error_of(project)
    assert 'entry "face-drooping", field "level"' in msg and "'emergency'" in msg


def test_duplicate_id(project):
    def change(d):
        d["sources"][1]["id"] = d["sources"][0]["id"]
    edit_yaml(project / "data" / "sources.yml", change)
    assert "is used twice" in error_of(project)


def test_dangling_source_id(project):
    def change(d):
        first(d["red_flags"], id="arm-leg-weakness")["sources"] = ["nhs-strok"]
    edit_yaml(project / "data" / "red-flags.yml", change)
    msg = error_of(project)
    assert 'data/red-flags.yml, entry "arm-leg-weakness", field "sources"' in msg
    assert '"nhs-strok"' in msg and 'Did you mean "nhs-stroke"' in msg  # says what would be valid


def test_html_in_a_text_field(project):
    def change(d):
        first(d["red_flags"], id="face-drooping")["sign"] = "Face <b>drooping</b>"
    edit_yaml(project / "data" / "red-flags.yml", change)
    msg = error_of(project)
    assert 'entry "face-drooping", field "sign": contains HTML' in msg


def test_link_to_a_missing_anchor(project):
    def change(d):
        d["advice"]["urgent"]["read_next"] = "/when-to-get-help/#no-such-section"
    edit_yaml(project / "data" / "red-flags.yml", change)
    msg = error_of(project)
    assert 'entry "advice.urgent", field "read_next"' in msg and "#no-such-section" in msg


def test_an_empty_file(project):
    (project / "data" / "sources.yml").write_text("# nothing here\n")
    assert "data/sources.yml: the file is empty" in error_of(project)


def test_a_data_file_no_component_reads(project):
    (project / "data" / "red-flag.yml").write_text("red_flags: []\n")
    msg = error_of(project)
    assert "data/red-flag.yml" in msg and "no component reads this file" in msg and "red-flags.yml" in msg


def test_a_page_without_front_matter(project):
    (project / "docs" / "symptoms.md").write_text("# Symptoms\n\nText.\n")
    assert "docs/symptoms.md: the page has no front matter" in error_of(project)


def test_front_matter_typo(project):
    path = project / "docs" / "symptoms.md"
    path.write_text(path.read_text().replace("reviewed:", "reviwed:", 1))
    msg = error_of(project)
    assert 'docs/symptoms.md (front matter), field "reviwed": unknown field' in msg


def test_front_matter_yaml_error_names_the_line_in_the_page(project):
    path = project / "docs" / "causes.md"
    lines = path.read_text().splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("description:"))
    lines[n] = "description: a: b: c"
    path.write_text("\n".join(lines) + "\n")
    msg = error_of(project)
    assert f"docs/causes.md (front matter): YAML syntax error at line {n + 1}," in msg


def test_clinically_reviewed_needs_a_reviewer(project):
    path = project / "docs" / "causes.md"
    path.write_text(path.read_text().replace("review_status: draft", "review_status: clinically-reviewed", 1))
    assert "must name its reviewer" in error_of(project)


def test_emergency_number_must_be_digits(project):
    path = project / "mkdocs.yml"
    path.write_text(path.read_text().replace('number: "911"', 'number: "nine-one-one"', 1))
    msg = error_of(project)
    assert 'mkdocs.yml (extra.emergency), field "number"' in msg


# --- What the editor sees: whole builds --------------------------------------------

def test_broken_data_stops_the_build_with_one_clear_message(project, tmp_path):
    def change(d):
        first(d["red_flags"], id="face-drooping")["sourcez"] = ["nhs-stroke"]
    edit_yaml(project / "data" / "red-flags.yml", change)
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'data/red-flags.yml, entry "face-drooping", field "sourcez": unknown field' in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "index.html").exists()  # nothing rendered from bad data


def test_unknown_id_in_a_page_stops_the_build_and_lists_valid_ids(project, tmp_path):
    path = project / "docs" / "symptoms.md"
    path.write_text(path.read_text().replace("{{ references() }}", '{{ cite("no-such-source") }}\n\n{{ references() }}', 1))
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'docs/symptoms.md: cite("no-such-source"): no source with that id' in output
    first_id = sorted(s["id"] for s in yaml.safe_load((project / "data" / "sources.yml").read_text())["sources"])[0]
    assert f"Valid values: {first_id}," in output  # lists what would be valid
    assert "Traceback" not in output


def test_a_whole_entry_check_names_that_entry():
    from pydantic import BaseModel, ConfigDict, model_validator

    from macros.data import validate
    from macros.errors import DataErrors

    class Item(BaseModel):
        model_config = ConfigDict(extra="forbid")
        id: str
        low: int
        high: int

        @model_validator(mode="after")
        def _ordered(self):
            if self.low > self.high:
                raise ValueError("low must not be above high")
            return self

    class File(BaseModel):
        items: list[Item]

    raw = {"items": [{"id": "fine", "low": 1, "high": 2}, {"id": "upside-down", "low": 5, "high": 2}]}
    with pytest.raises(DataErrors) as caught:
        validate("data/example.yml", raw, File)
    assert caught.value.message == 'data/example.yml, entry "upside-down": low must not be above high'


def test_a_bad_contact_address_stops_the_build(project, tmp_path):
    path = project / "mkdocs.yml"
    import re
    text, n = re.subn(r"(?m)^(\s+email:).*$", r"\1 not-an-address", path.read_text(), count=1)
    assert n == 1
    path.write_text(text)
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'mkdocs.yml (extra.contact), field "email"' in output and "Traceback" not in output


def test_missing_emergency_settings_stop_the_build(project):
    import re
    path = project / "mkdocs.yml"
    text, n = re.subn(r"(?m)^  emergency:\n(?:    .*\n)+", "", path.read_text(), count=1)
    assert n == 1
    path.write_text(text)
    assert error_of(project) == ('mkdocs.yml, field "extra.emergency": extra.emergency is missing; '
                                 "the site cannot show an emergency number")


def test_the_care_words_sit_beside_the_emergency_number(project):
    import re
    path = project / "mkdocs.yml"
    text, n = re.subn(r"(?m)^    words:\n(?:      .*\n)+", "", path.read_text(), count=1)
    assert n == 1
    path.write_text(text)
    assert error_of(project) == ('mkdocs.yml (extra.emergency), field "words": this required field is missing')
    site = load(copy_project(project.parent / "fresh"))
    assert site.emergency.words.urgent_care == "urgent care center"
    assert site.emergency.words.emergency_room == "emergency room"
