"""Every number the guide states lives once, in data/numbers.yml.

A record holds the figure as its source reports it (`value`), the words the site
uses for it (`say`, a natural frequency such as "about 9 in 10 people"), and its
sources. Pages write `{{ number("mvd-complete-relief") }}`, which renders the
words and the citation; data text writes `{n:mvd-complete-relief}`, which
is replaced by the words once the data is checked, so every template shows them
(the component's own `sources` carry the citation). Icon arrays
and handouts read the same record, so two places can never disagree.

The build stops when
* a frequency's words do not match its value ("about 9 in 10" for 62%);
* a page or a data file writes a frequency or a percentage by hand ("9 in 10",
  "95%") instead of using a record (the message gives the page and line);
* a page or the reader-facing text of a data file types a duration ("for 2 weeks",
  "3 months", "in 6 to 12 weeks", "48 hours"): a digit or a number word with a time
  unit. Words without a number ("within minutes", "a few weeks") are fine;
* a `{n:id}` token or a `number("id")` names no record.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal, get_args

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .data import unique_ids
from .errors import DataError
from .pages import current_page
from .text import InlineMarkdown, Model, PlainText, SLUG, Slug

FILE = "numbers.yml"
LABEL = "data/numbers.yml"
CHECK_ORDER = 1   # after sources (0), before the components whose data text uses {n:id}

_WORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "hundred": 100, "thousand": 1000}
_N = r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)"
_D = r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|a hundred|a thousand|hundred|thousand)"
# "9 in 10", "1 out of 4", "4 to 7 in 10", "95%", "95 percent"
HAND_WRITTEN = re.compile(
    rf"\b{_N}(?:\s*(?:to|-|–)\s*{_N})?\s+(?:in|out of)\s+(?:every\s+)?{_D}\b(?!\s*(?:days?|weeks?|months?|years?|hours?))"
    r"|\d(?:[\d.,]*\d)?\s*(?:%|percent\b|per\s*cent\b)", re.I)
# A time typed by hand: a digit or a number word, or a range of them, then a unit of time.
# "for 2 weeks", "3 months", "in 6 to 12 weeks", "48 hours", "a 10-year study", "2 or 3 days".
# Not "within minutes" or "a few weeks" (no number), nor "in their 40s" (no unit).
_T = (r"(?:\d[\d,]*(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
      r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")
_TIME_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?|decades?)"
HAND_TYPED_TIME = re.compile(rf"\b{_T}(?:\s*(?:to|-|–|or|and)\s*{_T})?(?:\s+|-){_TIME_UNIT}\b", re.I)
# In a page line, the parts that are addresses, not words a reader sees: a link's target
# ("](/when-to-get-help/#lasts-two-weeks)") and an attribute list ("{ #first-3-days }").
_NOT_READ = re.compile(r"\]\([^)]*\)|\{\s*[#.:][^}]*\}")
_ADDRESS = re.compile(r"^(?:/|#|https?://|mailto:|tel:)\S*$")
_FREQUENCY = re.compile(rf"\b({_N})(?:\s*(?:to|-|–)\s*({_N}))?\s+(?:in|out of)\s+(?:every\s+)?({_D})\b", re.I)
_BOUND = re.compile(r"\s*(?:fewer|less) than\b", re.I)
TOKEN = re.compile(r"\{n:([a-z0-9-]+)\}")
_MACRO = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _as_number(text: str) -> float:
    text = text.lower().replace(",", "").replace("a ", "").strip()
    return float(_WORD[text]) if text in _WORD else float(text)


class Number(Model):
    model_config = ConfigDict(extra="forbid")
    id: Slug
    kind: Literal["frequency", "duration", "count"] = Field(
        description="frequency: how many in 100 (value is a percentage); duration: a time (value in `unit`); "
                    "count: how many people or studies.")
    value: float = Field(ge=0, description="The figure as the source reports it. For a frequency, the percentage (91.1 for 91.1%).")
    high: float | None = Field(default=None, ge=0, description="The top of a range, when the source gives one (value is then the bottom).")
    unit: Literal["percent", "days", "weeks", "months", "years", "hours", "people", "studies"] = Field(
        default="percent", description="What value counts. Frequencies are always in percent.")
    say: InlineMarkdown = Field(description='The words pages show, e.g. "about 9 in 10 people". Natural frequencies, rounded.')
    sentence: PlainText | None = Field(
        default=None, description='A whole sentence for an icon array or a summary, e.g. "About 2 in 100 people lose hearing in that ear."')
    sources: list[Slug] = Field(min_length=1, description="Ids from data/sources.yml that give this figure.")
    note: PlainText | None = Field(
        default=None, description="For editors (never shown to patients): where sources differ, which figure we use and why.")

    @model_validator(mode="after")
    def _words_match_value(self):
        if self.kind == "frequency":
            if self.unit != "percent":
                raise ValueError("a frequency is counted in percent; remove `unit` or set it to percent")
            for p in (self.value, self.high):
                if p is not None and p > 100:
                    raise ValueError(f"a frequency is a percentage, so it cannot be more than 100 (found: {p})")
            found = _FREQUENCY.search(self.say)
            if not found:
                raise ValueError(f'a frequency must be said as "N in M", like "about 9 in 10 people" (found: {self.say!r})')
            lo, hi, per = found.groups()
            shown = [100 * _as_number(lo) / _as_number(per)]
            if hi:
                shown.append(100 * _as_number(hi) / _as_number(per))
            wanted = [self.value] + ([self.high] if self.high is not None else [])
            if len(shown) != len(wanted):
                raise ValueError("`say` gives a range but the record has one value (or the other way round); "
                                 "give both `value` and `high` for a range")
            if self.is_bound:
                # "fewer than 1 in 100 people": the words give a top, and the value must be below it.
                if hi or self.value > shown[0]:
                    raise ValueError(f'"{self.say}" says fewer than {shown[0]:.3g}%, but value is {self.value:g}%; '
                                     "a bound must not be below the value")
                return self
            for s, w in zip(shown, wanted):
                tolerance = 5 if w >= 10 else max(0.35 * w, 0.05)
                if abs(s - w) > tolerance:
                    raise ValueError(f'"{self.say}" means about {s:.3g}%, but value is {w:g}%; '
                                     "round the words to the value (e.g. 91% is about 9 in 10)")
        elif self.unit == "percent":
            raise ValueError(f"a {self.kind} needs a `unit`, one of days, weeks, months, years, hours, people, studies")
        if self.high is not None and self.high < self.value:
            raise ValueError("`high` is the top of the range, so it must not be smaller than `value`")
        return self


    @property
    def is_bound(self) -> bool:
        """The words give an upper bound ("fewer than 1 in 100 people"), not a rounded value."""
        return bool(_BOUND.match(self.say))

    @property
    def said(self) -> float:
        """The percentage the words state ("about 90 in 100" is 90), the one rounding pages and
        icon arrays share: an icon array marks this many people, never the unrounded value."""
        lo, _, per = _FREQUENCY.search(self.say).groups()
        return 100 * _as_number(lo) / _as_number(per)


class NumbersFile(Model):
    model_config = ConfigDict(extra="forbid")
    numbers: list[Number] = Field(min_length=1)


MODEL = NumbersFile

# Files whose text is about sources or our own scores, not claims to readers, or that define the numbers.
_DATA_EXEMPT = {"numbers.yml", "sources.yml", "quality-scores.yml"}
# Pages not yet moved to {{ number() }}: remove a page from this set once its numbers come
# from data/numbers.yml. The set must end empty (tests/numbers/test_numbers.py says which remain).
NOT_YET_CHECKED: set[str] = set()
DATA_NOT_YET_CHECKED: set[str] = set()


def by_id(site) -> dict[str, Number]:
    return {n.id: n for n in site.data[FILE].numbers}


def _is_id(annotation) -> bool:
    """An id field (Slug, list[Slug], Slug | None): an address in data, never words a reader sees."""
    if any(getattr(m, "pattern", None) == SLUG for m in getattr(annotation, "__metadata__", ())):
        return True
    return any(_is_id(arg) for arg in get_args(annotation))


@functools.lru_cache(maxsize=None)
def _id_fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """A model's fields, each with whether it holds ids (worked out once per model, not per entry)."""
    return tuple((name, _is_id(info.annotation) or any(getattr(m, "pattern", None) == SLUG for m in info.metadata))
                 for name, info in model.model_fields.items())


def _strings(value, path="", is_id=False):
    """Every string inside a validated model, with a readable path (for messages), and whether
    it is an id (a Slug field such as `id` or `flag`, e.g. "lasts-two-weeks")."""
    if isinstance(value, BaseModel):
        entry_id = getattr(value, "id", None)
        for name, field_is_id in _id_fields(type(value)):
            if entry_id:
                where = f'entry "{entry_id}", field "{name}"'
            else:
                where = f"{path} > {name}" if path else name
            yield from _strings(getattr(value, name), where, field_is_id)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item, path, is_id)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f'{path} "{key}"' if path else str(key), is_id)
    elif isinstance(value, str):
        yield path, value, is_id


def _expand_in_place(value, known, care: dict | None = None) -> None:
    """Replace {n:id} tokens in every string of a validated model by the record's words, and the
    care-word tokens ({urgent_care}, {emergency_room}) by the region's words (extra.emergency.words)."""
    care = care or {}

    def fix(text):
        text = TOKEN.sub(lambda m: known[m.group(1)].say, text) if "{n:" in text else text
        return CARE_TOKEN.sub(lambda m: care.get(m.group(1), m.group(0)), text) if "{" in text else text
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if isinstance(item, str):
                setattr(value, name, fix(item))
            else:
                _expand_in_place(item, known, care)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                value[i] = fix(item)
            else:
                _expand_in_place(item, known, care)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                value[key] = fix(item)
            else:
                _expand_in_place(item, known, care)


# Care words in data text: "{urgent_care}" becomes "urgent care center" (US) or "urgent treatment centre" (UK).
CARE_TOKEN = re.compile(r"\{(urgent_care|emergency_room)\}")


def hand_written(text: str) -> list[str]:
    """The frequencies and percentages written by hand in `text` (macro calls and tokens removed)."""
    text = TOKEN.sub(" ", _MACRO.sub(" ", text))
    return [m.group(0) for m in HAND_WRITTEN.finditer(text)]


def hand_typed_times(text: str) -> list[str]:
    """The durations typed by hand in `text` ("for 2 weeks", "48 hours"; macro calls and tokens removed)."""
    text = _NOT_READ.sub(" ", TOKEN.sub(" ", _MACRO.sub(" ", text)))
    return [m.group(0) for m in HAND_TYPED_TIME.finditer(text)]


def _time_message(found: str, where: str, write: str) -> str:
    return (f'"{found}" is a time typed by hand ({where}); add a record to {LABEL} (kind: duration, '
            f"with its source) and write {write} here, so every page says the same")


def _body_first_line(site, page) -> int:
    """The file line where the page's Markdown body starts (after its front matter)."""
    path = site.root / "docs" / page.src
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return 1
    return text[: len(text) - len(page.markdown)].count("\n") + 1 if text.endswith(page.markdown) else 1


def _scan(tagged: str, care_typed) -> tuple[tuple[str, ...], tuple[str, ...], str | None, str | None]:
    """What check looks for in one data string ("data\0<text>"): its {n:id} tokens, the care words
    typed by hand, and the first number and the first time typed by hand (None if none)."""
    text = tagged.split("\0", 1)[1]
    hand, times = hand_written(text), hand_typed_times(text)
    return (tuple(TOKEN.findall(text)), tuple(word_id for word_id, _, typed in care_typed if typed.search(text)),
            hand[0] if hand else None, times[0] if times else None)


def _scan_page(markdown: str) -> tuple[int, str, str] | None:
    """The first number or time typed by hand in a page's Markdown: (line index, "number" or "time", it)."""
    for i, line in enumerate(markdown.splitlines()):
        found = hand_written(line)
        if found:
            return i, "number", found[0]
        times = hand_typed_times(line)
        if times:
            return i, "time", times[0]
    return None


def check(site) -> None:
    from .data import Memo
    from .sources import require
    records = site.data[FILE].numbers
    unique_ids(LABEL, records)
    for n in records:
        require(site, n.sources, LABEL, n.id)
    known = by_id(site)
    words = getattr(site.emergency, "words", None)
    care = {name: getattr(words, name) for name in type(words).model_fields} if words is not None else {}
    care_typed = [(word_id, word, re.compile(rf"\b{re.escape(word)}\b", re.I)) for word_id, word in care.items()]
    # Each text's scan gives the same for the same text and care words: kept between builds (a
    # fiftieth of a build). What is wrong is worked out from it here, every build.
    memo = Memo("numbers-scan", [Path(__file__)], repr(sorted(care.items())))
    scan = functools.partial(_scan, care_typed=care_typed)
    for file, model in site.data.items():
        if file in _DATA_EXEMPT:
            continue
        for where, text, is_id in _strings(model):
            refs, care_hits, hand, typed_time = memo("data\0" + text, scan)
            for ref in refs:
                if ref not in known:
                    raise DataError(f"data/{file}", f'"{{n:{ref}}}" names no record in {LABEL}',
                                    field=where or None, valid=sorted(known), found=ref)
            for word_id in care_hits:
                raise DataError(f"data/{file}", f'"{care[word_id]}" is typed by hand ({where}); write {{{word_id}}} instead, '
                                "so a site for another region (extra.emergency.words) says its own words")
            if file not in DATA_NOT_YET_CHECKED:
                if hand:
                    raise DataError(f"data/{file}", f'"{hand}" is a number written by hand ({where}); put it in '
                                    f'{LABEL} and write {{n:its-id}} here, so every page says the same')
                # Ids ("lasts-two-weeks") and addresses ("/when-to-get-help/#bells-palsy") are not words a reader sees.
                if typed_time and not (is_id or _ADDRESS.match(text)):
                    raise DataError(f"data/{file}", _time_message(typed_time, where or "top level", "{n:its-id}"))
        _expand_in_place(model, known, care)
    for page in site.pages.values():
        if page.src in NOT_YET_CHECKED:
            continue
        found = memo("page\0" + page.markdown, lambda text: _scan_page(text.split("\0", 1)[1]))
        if found:
            i, kind, what = found
            line = f"line {i + _body_first_line(site, page)}"
            if kind == "number":
                raise DataError(f"docs/{page.src}", f'{line}: "{what}" is a number written by hand; put it '
                                f'in {LABEL} and write {{{{ number("its-id") }}}} here, so every page says the same')
            raise DataError(f"docs/{page.src}", _time_message(what, line, '{{ number("its-id") }}'))
    memo.save()


def words(site, number_id: str, start: bool = False) -> Markup:
    from .text import render_inline
    rec = by_id(site)[number_id]
    text = rec.say[:1].upper() + rec.say[1:] if start else rec.say
    return render_inline(text)


def macros(site, env):
    known = by_id(site)

    def number(number_id: str, start: bool = False, cite: bool = True):
        """The words for a number from data/numbers.yml, with its citation.

        `start=True` capitalises the first letter (at the start of a sentence);
        `cite=False` leaves the citation out (when the sentence cites it already).
        """
        if number_id not in known:
            raise DataError(current_page(env)[0], f'number("{number_id}"): there is no record with that id in {LABEL}',
                            valid=sorted(known), found=number_id)
        refs = site.cite(known[number_id].sources) if cite and site.cite else []
        return site.renderer.render("number.html", words=words(site, number_id, start), refs=refs)

    return {"number": number}
