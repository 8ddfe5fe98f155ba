"""What /when-to-get-help/ tells a reader about two dangers, read from the built page as a
reader sees it (the text of the page, not its Markdown):

(a) after a botulinum toxin injection: trouble swallowing, speaking or breathing means calling
    the emergency number; a droopy eyelid or double vision means telling the injecting doctor soon;
(b) a sudden reaction to a new medicine that affects the throat, tongue or breathing is an
    emergency (call now), never a "today" sign.
"""
from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup

from support import ROOT

NUMBER = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["emergency"]["number"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*])")


def _article(site_dir):
    html = (site_dir / "when-to-get-help" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser").select_one("article")
    for sup in page.select("sup.fsg-cite"):  # source numbers are not words the reader reads
        sup.decompose()
    return page


def _text(el) -> str:
    return " ".join(el.get_text(" ").split()).replace(" ,", ",").replace(" .", ".")


def _section(page, heading_id):
    """The text of the blocks under a heading, up to the next heading of any level."""
    heading = page.find(id=heading_id)
    assert heading is not None, f"no #{heading_id} on /when-to-get-help/"
    out = []
    for el in heading.find_next_siblings():
        if el.name in ("h2", "h3"):
            break
        out.append(_text(el))
    return " ".join(out)


def _sentences(text):
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def test_after_botulinum_toxin_trouble_swallowing_speaking_or_breathing_means_the_emergency_number(site_dir):
    text = _section(_article(site_dir), "eyelid-vision")
    after = text[text.index("After shots of botulinum toxin"):]
    danger = [s for s in _sentences(after) if re.search(r"trouble swallowing, speaking or breathing", s)]
    assert danger, f"the toxin paragraph should name trouble swallowing, speaking or breathing: {after[:300]}"
    assert all(f"call {NUMBER} now" in s.lower() for s in danger), danger
    assert not any(re.search(r"\btoday\b|\bsoon\b|next few days", s, re.I) for s in danger), danger


def test_after_botulinum_toxin_a_droopy_eyelid_or_double_vision_means_telling_the_injecting_doctor_soon(site_dir):
    text = _section(_article(site_dir), "eyelid-vision")
    after = _sentences(text[text.index("After shots of botulinum toxin"):])
    assert "droopy eyelid" in after[0] and "double vision" in after[0] and "side effect" in after[0], after[0]
    tell = next((s for s in after if "Tell the doctor who gave the shots" in s), None)
    assert tell is not None and "soon" in tell, after


def test_the_toxin_is_explained_before_its_first_use_in_the_urgent_box(site_dir):
    page = _article(site_dir)
    today = page.find(id="today")
    first = today.find_next(string=re.compile(r"botulinum toxin", re.I))
    assert first is not None
    block = _text(first.find_parent("p"))
    assert re.search(r"botulinum toxin \(a muscle-relaxing medicine", block), block
    card = page.select_one('[data-card="today"]')
    assert first.find_parent("p") in card.find_all_previous("p"), "the explanation should come before the Urgent box"


def test_a_reaction_affecting_throat_tongue_or_breathing_is_an_emergency_not_today(site_dir):
    page = _article(site_dir)
    text = _section(page, "medicines")
    about = [s for s in _sentences(text) if re.search(r"throat, tongue or breathing", s)]
    assert about, f"#medicines should name a reaction affecting the throat, tongue or breathing: {text[:300]}"
    joined = " ".join(about)
    assert "emergency" in joined and f"call {NUMBER} now" in joined.lower(), about
    assert not re.search(r"\btoday\b", joined, re.I), about
    # The same sign on the cards and in the tick list: an emergency, never "today".
    flag = page.select_one("#flag-breathing-swallowing")
    assert flag.find_parent(attrs={"data-level": True})["data-level"] == "emergency"
    box = page.select_one('input[data-fsg-item="breathing-swallowing"]')
    assert box["data-fsg-level"] == "emergency"
    group = box.find_parent("ul").find_previous_sibling(attrs={"role": "heading"})
    assert _text(group).startswith("Emergency")


def test_bells_palsy_says_what_doctors_know_and_do_not_know(site_dir):
    text = _section(_article(site_dir), "bells-palsy")
    assert "Doctors do not know exactly what causes it" in text
    assert "most people get better" in text and "early medicine helps" in text
