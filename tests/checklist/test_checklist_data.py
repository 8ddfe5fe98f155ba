"""Checklists from data/checklists.yml: what each list renders, and how an editor's
mistake stops the build with a message naming the file, the entry and the field.

Broken data is made by editing a private copy of the project (copy_project), then
loading it the way the build does. Two end-to-end builds at the bottom prove the
editor sees the message in the terminal, with no traceback.
"""
from __future__ import annotations

import copy
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
import yaml

from macros.errors import DataError
from support import ROOT, build, copy_project, load_project as load, data_error as error_of

LISTS = {  # checklist id -> the page that shows it
    "my-twitch": "index.md",
    "red-flags": "when-to-get-help.md",
    "self-care": "self-care.md",
    "appointment": "diagnosis.md",
    "symptom-diary": "diagnosis.md",
    "botox-visit": "treatments/botulinum-toxin.md",
    "wellbeing": "living-with-facial-spasms.md",
    "treatment-choices": "treatments/index.md",
    "medicine-questions": "treatments/medicines.md",
    "surgery-visit": "treatments/surgery.md",
}


# --- helpers --------------------------------------------------------------------

def edit(project, change):
    path = project / "data" / "checklists.yml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def lst(data, checklist_id):
    return next(c for c in data["checklists"] if c["id"] == checklist_id)


def items_of(data, checklist_id, group=0):
    """The list of items to edit: a list's items, or (for a list in groups) one group's items."""
    cl = lst(data, checklist_id)
    return cl["groups"][group]["items"] if "groups" in cl else cl["items"]


def item(data, checklist_id, item_id):
    cl = lst(data, checklist_id)
    every = [i for g in cl["groups"] for i in g["items"]] if "groups" in cl else cl["items"]
    return next(i for i in every if i.get("id") == item_id)


def page_env(src):
    url = "" if src == "index.md" else src[:-3] + "/"
    return SimpleNamespace(page=SimpleNamespace(file=SimpleNamespace(src_path=src), url=url))


def renderer_for(site, src):
    """The checklist macro as mkdocs-macros calls it while rendering the page `src`."""
    from macros import checklist, sources
    env = page_env(src)
    sources.macros(site, env)  # sets site.cite, which items with sources use
    return checklist.macros(site, env)["checklist"]


class Parsed(HTMLParser):
    """Elements of rendered HTML, as a reader's browser would see them."""

    def __init__(self, html):
        super().__init__()
        self.tags = []          # (tag, attrs) in document order
        self.text_of = {}       # label for-id -> text of that label
        self.legends = []
        self._label = None
        self._legend = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "label":
            self._label = attrs.get("for")
            self.text_of[self._label] = ""
        if tag == "legend":
            self._legend = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if tag == "legend":
            self.legends.append(self._legend.strip())
            self._legend = None

    def handle_data(self, data):
        if self._label is not None:
            self.text_of[self._label] += data
        if self._legend is not None:
            self._legend += data

    def all(self, tag, **match):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in match.items())]

    @property
    def ids(self):
        return [a["id"] for _, a in self.tags if "id" in a]


@pytest.fixture(scope="module")
def site():
    return load(ROOT)


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


# --- the shipped lists ----------------------------------------------------------

@pytest.mark.parametrize("checklist_id", sorted(LISTS))
def test_each_page_uses_its_list(checklist_id):
    text = (ROOT / "docs" / LISTS[checklist_id]).read_text()
    assert f'{{{{ checklist("{checklist_id}") }}}}' in text
    assert f"<!-- checklist: {checklist_id} -->" not in text


@pytest.mark.parametrize("checklist_id", sorted(k for k in LISTS if k != "symptom-diary"))
def test_every_item_is_a_labelled_native_checkbox(site, checklist_id):
    html = str(renderer_for(site, LISTS[checklist_id])(checklist_id))
    doc = Parsed(html)
    data = next(c for c in site.data["checklists.yml"].checklists if c.id == checklist_id)
    assert len(doc.all("fieldset")) == 1
    assert doc.legends == [data.title]
    boxes = doc.all("input", type="checkbox")
    assert len(boxes) == len(data.all_items) >= 4
    for box in boxes:
        label = doc.text_of.get(box["id"], "").strip()
        assert label, f"checkbox {box['id']} has no label"
    assert len(doc.ids) == len(set(doc.ids)), "an id is used twice"
    # Buttons only work with the script, so they start hidden.
    tools = next(a for _, a in doc.tags if "data-fsg-tools" in a)
    assert "hidden" in tools


def test_red_flag_items_are_the_red_flag_records(site):
    """One source: the words and levels come from data/red-flags.yml."""
    from macros.text import render_inline
    html = str(renderer_for(site, "when-to-get-help.md")("red-flags"))
    doc = Parsed(html)
    flags = site.data["red-flags.yml"].red_flags
    boxes = doc.all("input", type="checkbox")
    assert [b["data-fsg-item"] for b in boxes] == [f.id for f in flags]
    for box, flag in zip(boxes, flags):
        assert box["data-fsg-level"] == flag.level
        assert str(render_inline(flag.sign)) in html
    # Advice for each level, as plain text without JavaScript, and for no tick at all.
    blocks = [a["data-fsg-advice"] for _, a in doc.tags if "data-fsg-advice" in a]
    assert blocks == ["emergency", "urgent", "soon", "none"]
    advice = site.data["red-flags.yml"].advice
    for level in ("emergency", "urgent", "soon"):
        assert advice[level].title in html
        assert all(str(render_inline(step)) in html for step in advice[level].steps)
    assert not any("hidden" in a for _, a in doc.tags if "data-fsg-advice" in a)


def test_emergency_advice_calls_the_configured_number(site):
    number = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["emergency"]["number"]
    html = str(renderer_for(site, "when-to-get-help.md")("red-flags"))
    emergency = html.split('data-fsg-advice="emergency"')[1].split('data-fsg-advice="urgent"')[0]
    assert f'href="tel:{number}"' in emergency and f"Call {number} now" in emergency


def test_the_number_is_never_typed_in_the_data():
    text = (ROOT / "data" / "checklists.yml").read_text()
    for number in ("911", "999", "000", "112"):
        assert number not in text


def test_diary_has_fourteen_rows_of_labelled_inputs(site):
    doc = Parsed(str(renderer_for(site, "diagnosis.md")("symptom-diary")))
    inputs = doc.all("input")
    assert len(inputs) == 14 * 5
    for field in inputs:
        assert doc.text_of.get(field["id"], "").strip(), f"input {field['id']} has no label"
    headers = [a for t, a in doc.tags if t == "th" and a.get("scope") == "row"]
    assert len(headers) == 14
    assert "Day 14: What was going on" in doc.text_of.values()


def test_two_lists_on_one_page_keep_ids_unique(site):
    render = renderer_for(site, "diagnosis.md")
    html = str(render("appointment")) + str(render("symptom-diary")) + str(render("appointment"))
    doc = Parsed(html)
    assert len(doc.ids) == len(set(doc.ids)), sorted(i for i in doc.ids if doc.ids.count(i) > 1)
    # The first of each list keeps its link target; the repeat gets its own.
    assert "checklist-appointment" in doc.ids and "checklist-symptom-diary" in doc.ids
    assert doc.ids.count("checklist-appointment") == 1


def test_links_are_relative_to_the_page(site):
    html = str(renderer_for(site, "self-care.md")("self-care"))
    assert 'href="#sleep"' in html                         # same page: the anchor only
    html = str(renderer_for(site, "diagnosis.md")("appointment"))
    assert 'href="../treatments/"' in html                  # another page: a relative path


def test_version_changes_when_the_words_change(site):
    from macros.checklist import _resolved_items, version
    cl = next(c for c in site.data["checklists.yml"].checklists if c.id == "self-care")
    items = _resolved_items(site, cl, "self-care/")
    before = version(cl, items)
    assert version(cl, copy.deepcopy(items)) == before      # stable from build to build
    changed = copy.deepcopy(items)
    changed[0]["text"] += " Also nap."
    assert version(cl, changed) != before


# --- groups: a long list in parts, each with a heading -----------------------------

class Groups(HTMLParser):
    """The order of group headings and checkboxes, as a screen reader meets them."""

    def __init__(self, html):
        super().__init__()
        self.seq, self._heading = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("role") == "heading":
            assert attrs.get("aria-level") == "3"
            self._heading = ""
        if tag == "input" and attrs.get("type") == "checkbox":
            self.seq.append(("box", attrs["data-fsg-item"]))

    def handle_data(self, data):
        if self._heading is not None:
            self._heading += data

    def handle_endtag(self, tag):
        if self._heading is not None and tag == "p":
            self.seq.append(("heading", self._heading.strip()))
            self._heading = None


@pytest.mark.parametrize("checklist_id", ["red-flags", "self-care", "botox-visit"])
def test_grouped_lists_show_each_heading_before_its_items(site, checklist_id):
    from macros.checklist import MAX_GROUP_ITEMS
    cl = next(c for c in site.data["checklists.yml"].checklists if c.id == checklist_id)
    assert cl.groups and not cl.items
    expected = [x for g in cl.groups for x in [("heading", g.heading)] + [("box", it.id) for it in g.items]]
    assert Groups(str(renderer_for(site, LISTS[checklist_id])(checklist_id))).seq == expected
    assert all(len(g.items) <= MAX_GROUP_ITEMS for g in cl.groups)


def test_the_red_flag_groups_name_their_level(site):
    from macros.levels import LABELS
    cl = next(c for c in site.data["checklists.yml"].checklists if c.id == "red-flags")
    flags = {f.id: f for f in site.data["red-flags.yml"].red_flags}
    for g in cl.groups:
        (level,) = {flags[it.flag].level for it in g.items}
        assert g.heading.startswith(LABELS[level])
    # The heading says the level, so the items do not repeat it.
    assert "fsg-checklist__level" not in str(renderer_for(site, "when-to-get-help.md")("red-flags"))


def test_groups_keep_the_ticks(site):
    """Ticks are remembered under the list's version and each item's id: putting the same items in
    groups changes neither, so ticks saved before the groups came back after them."""
    from macros.checklist import Checklist, _resolved_items, version
    for cid in ("red-flags", "self-care", "botox-visit"):
        cl = next(c for c in site.data["checklists.yml"].checklists if c.id == cid)
        flat = Checklist.model_validate({**cl.model_dump(exclude={"groups"}), "items": cl.all_items})
        assert version(cl, _resolved_items(site, cl, "x/")) == version(flat, _resolved_items(site, flat, "x/"))
    # The versions the site shipped before the groups (read from its pages at commit fefdee1).
    # self-care changed on purpose since: its caffeine step typed "for 2 weeks", a time with no source
    # (the hand-typed-time check refuses it), so the step lost those words, and ticks on it start afresh.
    # red-flags changed on purpose since: two signs now use or explain plain words where a reader first
    # sees them ("a fit", "botulinum toxin (Botox)"), so ticks on the red-flag list start afresh once
    # (a changed sign must never keep an old tick). And once more: the droopy-eyelid sign says "a Botox
    # (muscle-relaxing) injection" and the head-injury sign "a seizure" (words every path explains).
    shipped = {"red-flags": "80b1e6f51c", "self-care": "25912b31a5", "botox-visit": "57fbfee537"}
    for cid, v in shipped.items():
        cl = next(c for c in site.data["checklists.yml"].checklists if c.id == cid)
        assert version(cl, _resolved_items(site, cl, "x/")) == v


def test_items_and_groups_together_are_refused(project):
    edit(project, lambda d: lst(d, "self-care").update(items=[dict(item(d, "self-care", "sleep"), id="nap")]))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "self-care"')
    assert "a checklist has items or groups, not both" in msg and "move the items into a group" in msg
    assert "\n" not in msg


def test_a_group_of_more_than_seven_is_refused(project):
    def grow(d):
        extra = [dict(item(d, "self-care", "sleep"), id=f"extra-{n}") for n in range(6)]
        items_of(d, "self-care").extend(extra)        # "Sleep and drinks": 3 + 6 = 9 items
    edit(project, grow)
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "self-care", field "groups[0]": ')
    assert 'the group "Sleep and drinks" has 9 items' in msg and "split it into two groups" in msg


def test_a_group_needs_a_heading(project):
    edit(project, lambda d: lst(d, "botox-visit")["groups"][1].pop("heading"))
    assert error_of(project) == ('data/checklists.yml, entry "botox-visit", field "groups[1].heading": '
                                 'this required field is missing')


def test_an_empty_group_is_refused(project):
    edit(project, lambda d: lst(d, "botox-visit")["groups"].append({"heading": "Later", "items": []}))
    assert error_of(project).startswith('data/checklists.yml, entry "botox-visit", field "groups[2].items": ')


def test_a_red_flag_group_mixing_levels_is_refused(project):
    def mix(d):
        moved = lst(d, "red-flags")["groups"][2]["items"].pop(0)   # an urgent sign ...
        items_of(d, "red-flags", 1).append(moved)                  # ... into "Emergency: other signs"
    edit(project, mix)
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "red-flags", field "groups[1].items": ')
    assert "mixes red flags of levels emergency, urgent" in msg


def test_a_red_flag_group_heading_names_its_level(project):
    edit(project, lambda d: lst(d, "red-flags")["groups"][2].update(heading="Get help today"))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "red-flags", field "groups[2].heading": ')
    assert 'must start with "Urgent"' in msg


# --- escaping -------------------------------------------------------------------

def test_html_in_an_item_is_refused(project):
    edit(project, lambda d: item(d, "self-care", "sleep").update(text="Sleep <script>alert(1)</script>"))
    msg = error_of(project)
    assert 'data/checklists.yml, entry "sleep", field "text": contains HTML' in msg


def test_special_characters_show_as_text(project):
    text = "Salt & vinegar crisps < 5 a day > none **at all**"
    edit(project, lambda d: item(d, "self-care", "sleep").update(text=text, hint="Tea & coffee: < 2 cups > 0"))
    site = load(project)
    html = str(renderer_for(site, "self-care.md")("self-care"))
    assert "Salt &amp; vinegar crisps &lt; 5 a day &gt; none <strong>at all</strong>" in html
    assert "Tea &amp; coffee: &lt; 2 cups &gt; 0" in html
    doc = Parsed(html)
    assert doc.text_of["fsg-self-care-sleep"] == "Salt & vinegar crisps < 5 a day > none at all"


# --- broken data: each names the file, the entry and the field -------------------

def test_duplicate_item_id(project):
    edit(project, lambda d: items_of(d, "self-care").append(dict(item(d, "self-care", "sleep"))))
    assert error_of(project) == ('data/checklists.yml, entry "self-care", field "id": '
                                 'the id "sleep" is used twice; every id must be unique')


def test_duplicate_checklist_id(project):
    edit(project, lambda d: d["checklists"].append(copy.deepcopy(lst(d, "wellbeing"))))
    assert error_of(project) == ('data/checklists.yml, entry "wellbeing", field "id": '
                                 'the id "wellbeing" is used twice; every id must be unique')


def test_link_to_a_missing_page(project):
    edit(project, lambda d: item(d, "self-care", "sleep").update(link="/no-such-page/"))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "self-care", field "groups[0].items[0].link": '
                          'links to the page "/no-such-page/", which does not exist')
    assert "/about/" in msg.split("Valid values:")[1]  # it names pages that do exist


def test_link_to_a_missing_anchor(project):
    edit(project, lambda d: item(d, "self-care", "sleep").update(link="/self-care/#no-such-part"))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "self-care", field "groups[0].items[0].link": '
                          'links to "#no-such-part" on /self-care/, but that page has no such anchor')
    assert "sleep" in msg.split("Valid values:")[1]


def test_unknown_field(project):
    edit(project, lambda d: item(d, "self-care", "sleep").update(txet="typo"))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "sleep", field "txet": unknown field')
    assert "text" in msg.split("Valid values:")[1]


def test_missing_field(project):
    edit(project, lambda d: item(d, "self-care", "sleep").pop("text"))
    assert error_of(project) == 'data/checklists.yml, entry "sleep", field "text": this required field is missing'


def test_missing_title(project):
    edit(project, lambda d: lst(d, "wellbeing").pop("title"))
    assert error_of(project) == ('data/checklists.yml, entry "wellbeing", field "title": '
                                 'this required field is missing')


def test_unknown_red_flag(project):
    edit(project, lambda d: items_of(d, "red-flags").append({"flag": "no-such-flag"}))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "red-flags", field "groups[0].items[')
    assert '.flag": names the red flag "no-such-flag", which is not in data/red-flags.yml' in msg
    assert "face-drooping" in msg.split("Valid values:")[1]


def test_a_red_flag_is_never_retyped(project):
    edit(project, lambda d: items_of(d, "red-flags")[0].update(text="Face drooping"))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "red-flags", field "groups[0].items[0]": ')
    assert "takes its words and level from data/red-flags.yml" in msg and "remove text" in msg


def test_the_red_flag_list_leaves_no_sign_out(project):
    edit(project, lambda d: items_of(d, "red-flags").pop(0))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "red-flags", field "groups": ')
    assert "must include every red flag" in msg and "face-drooping" in msg


def test_unknown_source(project):
    edit(project, lambda d: item(d, "self-care", "sleep").update(sources=["no-such-source"]))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "self-care", field "groups[0].items[0].sources": '
                          'cites the source "no-such-source"')


def test_link_needs_words(project):
    edit(project, lambda d: item(d, "self-care", "sleep").pop("link_text"))
    assert error_of(project).startswith('data/checklists.yml, entry "self-care", field "groups[0].items[0].link_text": ')


def test_diary_columns_must_fit_the_page(project):
    edit(project, lambda d: lst(d, "symptom-diary")["diary"]["columns"][0].update(width=60))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "symptom-diary", field "diary": the column widths add up to')


def test_unknown_checklist_in_a_page(site):
    with pytest.raises(DataError) as caught:
        renderer_for(site, "self-care.md")("no-such-list")
    msg = caught.value.message
    assert msg.startswith('docs/self-care.md: checklist("no-such-list"): there is no checklist with that id')
    assert all(cid in msg.split("Valid values:")[1] for cid in LISTS)


# --- end to end: the editor's terminal --------------------------------------------

def test_build_stops_on_an_unknown_checklist_in_a_page(project, tmp_path):
    page = project / "docs" / "self-care.md"
    page.write_text(page.read_text() + '\n{{ checklist("no-such-list") }}\n')
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'docs/self-care.md: checklist("no-such-list"): there is no checklist with that id' in output
    assert ", ".join(sorted(LISTS)) in output
    assert "Traceback" not in output


def test_build_stops_on_a_duplicate_item(project, tmp_path):
    edit(project, lambda d: items_of(d, "self-care").append(dict(item(d, "self-care", "sleep"))))
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert 'data/checklists.yml, entry "self-care", field "id": the id "sleep" is used twice' in output
    assert "Traceback" not in output


def test_build_stops_on_items_and_groups_together(project, tmp_path):
    edit(project, lambda d: lst(d, "botox-visit").update(items=[dict(item(d, "botox-visit", "book-next"))]))
    result = build(tmp_path / "out", project=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = next(x for x in output.splitlines() if "a checklist has items or groups, not both" in x)
    assert 'data/checklists.yml, entry "botox-visit"' in line and "move the items into a group" in line
    assert "Traceback" not in output


# --- a text item that sums up red flags keeps their level (flags: [...]) ---------------------

STROKE_SIGNS = ["face-drooping", "arm-leg-weakness", "speech-problems"]


def _edit_flag_level(project, flag_id, level):
    path = project / "data" / "red-flags.yml"
    data = yaml.safe_load(path.read_text())
    next(f for f in data["red_flags"] if f["id"] == flag_id)["level"] = level
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_the_warning_sign_item_names_the_stroke_signs_it_sums_up(site):
    """The home page's list says "call the emergency number now" for exactly the three stroke signs."""
    data = next(c for c in site.data["checklists.yml"].checklists if c.id == "my-twitch")
    warning = next(i for i in data.all_items if i.id == "warning-sign")   # the stored tick id stays
    assert warning.flags == STROKE_SIGNS
    flags = {f.id: f for f in site.data["red-flags.yml"].red_flags}
    assert all(flags[f].level == "emergency" for f in warning.flags)
    assert "call the emergency number now" in warning.text


def test_an_unknown_red_flag_in_a_text_item_stops_the_build(project):
    edit(project, lambda d: item(d, "my-twitch", "warning-sign").update(flags=["face-drooping", "arm-weakness"]))
    msg = error_of(project)
    assert msg.startswith('data/checklists.yml, entry "my-twitch", field "items[3].flags": ')
    assert 'the item "warning-sign" names the red flag "arm-weakness", which is not in data/red-flags.yml' in msg
    assert 'Did you mean "arm-leg-weakness"' in msg and "\n" not in msg


def test_a_red_flag_that_is_no_longer_an_emergency_stops_the_build(project):
    # An editor moves a sign to "today" (and into the red-flag list's Urgent group): the item
    # that sums it up still says "call the emergency number", so the build stops there.
    _edit_flag_level(project, "speech-problems", "urgent")

    def regroup(d):
        groups = lst(d, "red-flags")["groups"]
        groups[0]["items"].remove({"flag": "speech-problems"})
        next(g for g in groups if g["heading"].startswith("Urgent"))["items"].append({"flag": "speech-problems"})
    edit(project, regroup)
    msg = error_of(project)
    assert msg == ('data/checklists.yml, entry "my-twitch", field "items[3].flags": the item "warning-sign" tells '
                   "the reader to call the emergency number, but these red flags are not emergencies in "
                   "data/red-flags.yml: speech-problems (urgent); take them out of the item's flags and text, "
                   "or give the item its own words for their level")


def test_an_item_that_sums_up_stroke_signs_must_say_call_the_emergency_number(project):
    weaker = "**Any warning sign:** if your face suddenly droops, an arm gets weak or your speech is slurred, see a doctor."
    edit(project, lambda d: item(d, "my-twitch", "warning-sign").update(text=weaker))
    msg = error_of(project)
    assert msg == ('data/checklists.yml, entry "my-twitch", field "items[3].text": the item "warning-sign" sums up '
                   "emergency red flags (face-drooping, arm-leg-weakness, speech-problems), so its text must tell "
                   'the reader to "call the emergency number now"')
