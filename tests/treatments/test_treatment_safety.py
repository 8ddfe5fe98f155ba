"""What the treatment pages must tell a reader (issue 11), checked on the built site.

- /treatments/medicines/: the benzodiazepine warnings (dependence, not stopping
  suddenly, alcohol and opioids, driving) and the carbamazepine warnings (the
  blistering rash, the HLA-B*1502 gene test, birth control, blood tests, pregnancy);
- /treatments/botulinum-toxin/: the urgent line for trouble swallowing, speaking or
  breathing, with the emergency number from mkdocs.yml (and a build with another
  number shows that one); when the shots start to work and peak; the retired guideline;
- /treatments/surgery/: what the operation involves, the stay, the recovery, that the
  spasm can come back, a second operation, and the risks of the rarer operations;
- every treatment page links to the patient groups and says where to get more help,
  and durations are the same words as their records in data/numbers.yml.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support import ROOT, build, copy_project, load_project

NUMBERS = {n["id"]: n for n in yaml.safe_load((ROOT / "data" / "numbers.yml").read_text(encoding="utf-8"))["numbers"]}
TREATMENT_PAGES = ["treatments", "treatments/botulinum-toxin", "treatments/medicines", "treatments/surgery",
                   "treatments/physical-therapy", "treatments/complementary-therapies"]


def article(site_dir: Path, url: str):
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")


def _plain(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def section(site_dir: Path, url: str, anchor: str) -> str:
    """The words under one heading (h2 or h3), up to the next heading of the same or a higher level."""
    page = article(site_dir, url)
    head = page.find(id=anchor)
    assert head is not None and head.name in ("h2", "h3"), f"/{url}/ has no heading #{anchor}"
    stop = {"h2"} if head.name == "h2" else {"h2", "h3"}
    parts = [head.get_text(" ", strip=True)]
    for sib in head.find_next_siblings():
        if sib.name in stop:
            break
        parts.append(sib.get_text(" ", strip=True))
    return " ".join(" ".join(parts).split())


def say(number_id: str) -> str:
    return NUMBERS[number_id]["say"]


# --- Medicines: the warnings a prescriber would give -------------------------------

def test_benzodiazepine_warnings(site_dir):
    text = section(site_dir, "treatments/medicines", "benzodiazepine-warnings").lower()
    assert "dependence" in text
    assert "do not stop suddenly" in text and "withdrawal" in text and "seizure" in text
    assert "alcohol" in text and "opioid" in text and ("slow your breathing" in text or "breathing" in text)
    assert "do not drive" in text


def test_carbamazepine_warnings(site_dir):
    text = section(site_dir, "treatments/medicines", "carbamazepine-warnings")
    low = text.lower()
    assert re.search(r"get medical help at once[^.]*blisters[^.]*peeling", low), "the rash warning must say to get help at once"
    assert "fever" in low
    assert "HLA-B*1502" in text and "asian" in low and "test" in low
    assert "hormonal birth control" in low
    assert "check your blood" in low or "blood test" in low
    assert "pregnan" in low and "unborn baby" in low


def test_medicine_emergencies_use_the_configured_number(site_dir):
    number = load_project(ROOT).emergency.number
    for anchor in ("benzodiazepines", "carbamazepine"):
        page = article(site_dir, "treatments/medicines")
        text = section(site_dir, "treatments/medicines", anchor)
        assert f"call {number} now" in text.lower(), f"#{anchor}: the emergency line should name {number}"
    assert page.select_one("#benzodiazepine-warnings") and page.select_one("#carbamazepine-warnings")


# --- Botulinum toxin: urgent help, timing, the retired guideline -------------------

def test_botulinum_urgent_line_for_swallowing_speaking_breathing(site_dir):
    number = load_project(ROOT).emergency.number
    page = article(site_dir, "treatments/botulinum-toxin")
    text = section(site_dir, "treatments/botulinum-toxin", "get-help").lower()
    first = text.split(".")[0] + "." + text.split(".")[1]
    assert "trouble swallowing, speaking or breathing" in first and "at once" in first
    head = page.find(id="get-help")
    calls = [a for a in head.find_all_next("a", href=True, limit=40) if a["href"] == f"tel:{number}"]
    assert calls, f"#get-help needs a tap-to-call link for {number}"
    main = _plain(page.select_one(".admonition.abstract")).lower()
    assert "swallowing, speaking or breathing" in main and f"call {number} now" in main


def test_botulinum_droopy_eyelid_or_double_vision_goes_to_the_injecting_doctor(site_dir):
    text = section(site_dir, "treatments/botulinum-toxin", "get-help").lower()
    assert re.search(r"new droopy eyelid or double vision[^.]*tell the doctor who gave the shots soon", text)


def test_the_urgent_line_follows_the_configured_number(tmp_path):
    """Change extra.emergency.number and the botulinum page calls the new number, never the old one."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    old = load_project(ROOT).emergency.number
    text = config.read_text(encoding="utf-8")
    assert f'number: "{old}"' in text
    config.write_text(text.replace(f'number: "{old}"', 'number: "112"', 1), encoding="utf-8")
    out = tmp_path / "site"
    result = build(out, project)
    assert result.returncode == 0, result.stderr
    words = section(out, "treatments/botulinum-toxin", "get-help")
    assert "Call 112 now" in words and f"Call {old} now" not in words
    html = (out / "treatments/botulinum-toxin/index.html").read_text(encoding="utf-8")
    assert 'href="tel:112"' in html


def test_botulinum_says_when_it_starts_and_peaks(site_dir):
    text = section(site_dir, "treatments/botulinum-toxin", "what-to-expect")
    assert say("bto-onset") in text and say("bto-peak") in text
    assert "strongest" in text
    assert "neurologist" in text or "eye doctor" in text, "who gives the shots"
    assert "sting" in text, "what it feels like"


def test_botulinum_says_the_guideline_was_retired(site_dir):
    text = section(site_dir, "treatments/botulinum-toxin", "how-well")
    assert re.search(r"retired this guideline in 2025", text)
    assert "In large studies" not in _plain(article(site_dir, "treatments/botulinum-toxin"))
    assert "two clinic studies" in text and say("bto-hfs-response") in text


def test_botulinum_covers_stopping_working_work_driving_and_cost(site_dir):
    assert "surgery" in section(site_dir, "treatments/botulinum-toxin", "stops-working").lower()
    text = section(site_dir, "treatments/botulinum-toxin", "work-driving-cost").lower()
    for word in ("work", "drive", "cost"):
        assert word in text


# --- Surgery: what it involves and what can go wrong --------------------------------

def test_surgery_says_what_happens_stay_and_recovery(site_dir):
    text = section(site_dir, "treatments/surgery", "what-happens")
    assert "behind your ear" in text and "asleep" in text
    assert "hospital" in text and say("mvd-hospital-stay") in text
    assert say("mvd-recovery") in text


def test_surgery_says_the_spasm_can_come_back_and_a_second_operation(site_dir):
    main = _plain(article(site_dir, "treatments/surgery").select_one(".admonition.abstract"))
    assert "come back" in main and say("mvd-recurrence") in main and say("mvd-complete-relief") in main
    text = section(site_dir, "treatments/surgery", "second-operation")
    assert "second operation is possible" in text and say("mvd-repeat-relief") in text


@pytest.mark.parametrize("anchor, words", [("myectomy", ["Risks", "swollen"]),
                                           ("deep-brain-stimulation", ["Risks", "bleeding", "infected"])])
def test_rarer_operations_give_their_risks(site_dir, anchor, words):
    text = section(site_dir, "treatments/surgery", anchor)
    for word in words:
        assert word in text, f"#{anchor} should name: {word}"


# --- Every treatment page -------------------------------------------------------------

@pytest.mark.parametrize("url", TREATMENT_PAGES)
def test_every_treatment_page_links_to_support_and_more_help(site_dir, url):
    text = section(site_dir, url, "support")
    assert "more help" in text.lower()
    links = [a["href"] for a in article(site_dir, url).select("#support ~ p a[href]")]
    assert any(h.endswith("living-with-facial-spasms/#support-groups") for h in links), f"/{url}/ needs a link to the patient groups"
    target = (site_dir / "living-with-facial-spasms" / "index.html").read_text(encoding="utf-8")
    assert 'id="support-groups"' in target


@pytest.mark.parametrize("url", ["treatments", "treatments/botulinum-toxin", "treatments/medicines",
                                 "treatments/surgery", "treatments/complementary-therapies",
                                 "treatments/physical-therapy"])
def test_shared_decision_pages_ask_what_matters(site_dir, url):
    words = _plain(article(site_dir, url))
    assert re.search(r"how often you mind the (spasms|linked movements)", words)
    assert "Questions you can ask" in words


@pytest.mark.parametrize("url", TREATMENT_PAGES)
def test_no_absolutes_or_softened_grades(site_dir, url):
    words = _plain(article(site_dir, url))
    assert "There is no evidence" not in words and "there is no evidence" not in words
    assert "very low quality" not in words, 'reviews rated "critically low" must say so'


def test_durations_match_their_records(site_dir):
    """The repeat interval reads the same, from its record, wherever a treatment page gives it."""
    for url in ("treatments", "treatments/botulinum-toxin", "treatments/surgery"):
        words = _plain(article(site_dir, url))
        found = set(re.findall(r"every (\d+ to \d+ months|\d+ months)", words))
        assert found == {say("bto-interval")}, f"/{url}/ gives the repeat interval as {found}"
