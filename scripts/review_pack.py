"""The clinical reviewer's pack: everything a clinician must check, in one document, to tick off.

Reads the BUILT site (so the pack shows what readers see) and data/ (for what only
editors see: each source's editorial note, the numbers, the warning signs). Writes
OUT/index.html and OUT/review-pack.pdf (printed by Chromium, as the handouts are):

1. for every page, every sentence that carries a citation, with the full reference
   and the source's editorial note beside it;
2. every number in data/numbers.yml, with its sources (when the file exists);
3. every warning sign in data/red-flags.yml, with its level and the advice for it;
4. every path through each decision tree, question by question, to the outcome it reaches;
5. every sentence that states a number or a treatment effect and carries no citation,
   marked "to check".

Each item has a number, a tick box and room for a comment. The pack says which commit
and date it was made from. It is not part of the published site (review-pack/ is in
.gitignore). `make review-pack` builds the site first, then runs this.

Usage: python scripts/review_pack.py SITE_DIR [--project DIR] [--out review-pack] [--no-pdf]
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CITE = "sup.fsg-cite"
# The elements a sentence lives in; a citation's sentence is looked for in the nearest one.
BLOCKS = ("p", "li", "td", "th", "dd", "dt", "figcaption", "caption", "blockquote", "summary",
          "h1", "h2", "h3", "h4", "h5", "h6")
# Parts of a page that are not its claims: the page's own source list, review dates, the
# draft note, print-only lines, permalinks, the tree's "my answers" sheet, screen-reader status.
NOT_CONTENT = ("section.fsg-references", "footer.fsg-review", ".fsg-draft", ".fsg-print-header", ".headerlink",
               "[data-fsg-summary]", ".fsg-tree__paper", "[data-fsg-status]", "script", "style", "template")
# Shown in their own parts of the pack (from data), so not repeated under "to check".
# The list of every source (on /sources/) is references, not claims.
COVERED_ELSEWHERE = ("[data-fsg-tree]", ".fsg-care", "[data-fsg-clinic-links]", ".fsg-report", ".fsg-link-card",
                     ".fsg-handouts", ".fsg-source-list", ".fsg-handout-link", ".fsg-diary", ".fsg-visually-hidden")
# Pages made of links and addresses, not claims about health.
NO_CLAIMS = {"for-clinicians/", "handouts/", "accessibility/"}

_MARK = "\x00"
_MARKER = re.compile(_MARK + r"(\d+)" + _MARK)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9" + _MARK + r"])")
_TIGHT_BEFORE = re.compile(r"\s+([.,;:!?)\]”’]|" + _MARK + r")")
_TIGHT_AFTER = re.compile(r"([(\[“])\s+")
_AFTER_STOP = re.compile(r"([.!?])((?:" + _MARK + r"\d+" + _MARK + r")+)")
_NUMBER = re.compile(r"(?<![\w./-])\d+(?:[.,]\d+)?(?:\s?%| percent)?(?![\w/-])")
_NUMBER_WORDS = re.compile(r"\b(?:half|a third|a quarter|one in|two in|three in|most people|few people|"
                           r"many people)\b", re.I)
_EFFECT = re.compile(r"\b(?:works|worked|helps|helped|improv\w*|reduc\w*|reliev\w*|relief|effective\w*|"
                     r"eases|eased|stops|stopped|prevents?|cures?|cured|side effects?|risks?|success\w*|"
                     r"lasts?|wears? off|safe|safer|better|worse)\b", re.I)


# --- What the pack holds ---------------------------------------------------------------

@dataclass
class Reference:
    id: str
    number: str          # as the page shows it, e.g. "3"
    text: str            # the full reference as the page lists it
    url: str = ""
    note: str = ""       # the source's editorial note (data/sources.yml)
    extra: list[tuple[str, str]] = field(default_factory=list)  # other editors-only fields


@dataclass
class CitedSentence:
    key: str
    section: str
    sentence: str
    cites: list[str]                  # source ids, one per citation link, in order (repeats kept)
    refs: list[Reference]             # each source once


@dataclass
class ToCheck:
    key: str
    section: str
    sentence: str
    why: str


@dataclass
class PageReport:
    url: str
    title: str
    cited: list[CitedSentence] = field(default_factory=list)
    to_check: list[ToCheck] = field(default_factory=list)


@dataclass
class NumberItem:
    key: str
    id: str
    fields: list[tuple[str, str]]
    refs: list[Reference]


@dataclass
class SignItem:
    key: str
    id: str
    level: str
    level_label: str
    sign: str
    question: str
    help: str
    advice_title: str
    advice_when: str
    advice_steps: list[str]
    refs: list[Reference]
    extra: list[tuple[str, str]] = field(default_factory=list)   # any other words the sign carries


@dataclass
class PathItem:
    key: str
    tree: str
    page: str
    steps: list[tuple[str, str]]      # (question, answer)
    level: str
    outcome: str


@dataclass
class TreeQuestion:
    tree: str
    text: str
    signs: list[str]


@dataclass
class Pack:
    commit: str
    made: str
    pages: list[PageReport]
    numbers: list[NumberItem] | None  # None: there is no data/numbers.yml yet
    signs: list[SignItem]
    paths: list[PathItem]
    paths_cut: int = 0
    questions: list[TreeQuestion] = field(default_factory=list)
    scores: dict | None = None  # our PEMAT-P and CDC self-scores (data/quality-scores.yml), when the file exists

    @property
    def citation_count(self) -> int:
        return sum(len(c.cites) for p in self.pages for c in p.cited)

    @property
    def item_count(self) -> int:
        return (sum(len(p.cited) + len(p.to_check) for p in self.pages) + len(self.numbers or [])
                + len(self.signs) + len(self.paths)
                + sum(len(r["failed"]) for r in (self.scores or {}).get("rows", [])))


# --- Reading the built site ------------------------------------------------------------

def _soup(path: Path):
    from bs4 import BeautifulSoup
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00b6", "").split())


def _strip_md(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*|_(.+?)_", lambda m: next(g for g in m.groups() if g), str(text or ""))


def site_pages(site: Path) -> list[str]:
    """Every page of the built site ("", "symptoms/", ...), without redirects (short links)."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8", errors="replace"):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def _section_of(node) -> str:
    heading = node.find_previous(["h2"])
    return _clean(heading.get_text()) if heading else ""


def _sentences(text: str) -> list[str]:
    # A citation just after a full stop moves before it, so the split below keeps it with its sentence.
    text = _AFTER_STOP.sub(r"\2\1", text)
    parts = [p for p in _SENTENCE_END.split(text) if p.strip()]
    # A citation written after the full stop and a space belongs to the sentence before it.
    out: list[str] = []
    for part in parts:
        lead = re.match(r"^((?:" + _MARK + r"\d+" + _MARK + r"\s*)+)", part)
        if lead and out:
            out[-1] += lead.group(1)
            part = part[lead.end():]
        if part.strip():
            out.append(part)
    return out


def _block_text(block) -> str:
    """The block's own text: nested lists (their own blocks) left out."""
    import copy
    mine = copy.copy(block)
    for nested in mine.find_all(["ul", "ol", "table"]):
        nested.decompose()
    text = " ".join(mine.get_text(" ").split())
    return _TIGHT_AFTER.sub(r"\1", _TIGHT_BEFORE.sub(r"\1", text))


def read_page(site: Path, url: str, sources: dict[str, dict], emergency: str = "") -> PageReport:
    from bs4 import NavigableString
    soup = _soup(site / url / "index.html")
    article = soup.select_one("article") or soup.body
    h1 = article.find("h1")
    report = PageReport(url="/" + url, title=_clean(h1.get_text()) if h1 else "/" + url)
    listed = {li["id"][4:]: _clean(li.get_text()) for li in article.select("section.fsg-references li[id^=ref-]")}
    for selector in NOT_CONTENT:
        for el in article.select(selector):
            el.decompose()

    # Each citation becomes a marker in the text, so its sentence can be found.
    marks: list[list[tuple[str, str]]] = []
    for sup in article.select(CITE):
        links = [(a.get("href", "")[len("#ref-"):], a.get_text(strip=True).strip("[]")) for a in sup.find_all("a")]
        sup.replace_with(NavigableString(f"{_MARK}{len(marks)}{_MARK}"))
        marks.append(links)

    def reference(sid: str, number: str) -> Reference:
        data = sources.get(sid, {})
        li = listed.get(sid)
        text = li or _reference_text(data)
        note = data.get("note") or ""
        if note and li:
            text = _clean(text.replace(_clean(note), ""))  # the note is shown in its own column
        extra = [(k, _value(v)) for k, v in data.items()
                 if k not in {"id", "title", "publisher", "authors", "url", "year", "kind", "note"}]
        return Reference(sid, number, text, str(data.get("url", "")), note, extra)

    blocks, seen = [], set()
    for el in article.find_all(string=_MARKER):
        block = el.find_parent(BLOCKS) or el.parent
        if id(block) not in seen:
            seen.add(id(block))
            blocks.append(block)
    n = 0
    for block in blocks:
        section = _section_of(block)
        context = _cell_context(block)
        for sentence in _sentences(_block_text(block)):
            found = [int(k) for k in _MARKER.findall(sentence)]
            if not found:
                continue
            cites = [sid for k in found for sid, _ in marks[k]]
            numbers = {sid: num for k in found for sid, num in marks[k]}
            refs = [reference(sid, numbers[sid]) for sid in dict.fromkeys(cites)]
            shown = _MARKER.sub(lambda m: "[" + ", ".join(num for _, num in marks[int(m.group(1))]) + "]", sentence)
            shown = f"{context}: {shown}" if context else shown
            n += 1
            report.cited.append(CitedSentence(f"{_page_key(url)}-c{n}", section, _clean(shown), cites, refs))

    if url not in NO_CLAIMS:
        for selector in COVERED_ELSEWHERE:
            for el in article.select(selector):
                el.decompose()
        t, listed_once = 0, set()
        for block in article.find_all(["p", "li", "td", "dd", "figcaption"]):
            if block.find_parent("nav") or (block.name in ("li", "td", "dd") and block.find(["p", "td", "dd"])):
                continue  # a list item made of paragraphs: the paragraphs are read instead
            for sentence in _sentences(_block_text(block)):
                if _MARKER.search(sentence) or _clean(sentence) in listed_once:
                    continue
                listed_once.add(_clean(sentence))
                why = _claim(sentence, emergency)
                if why:
                    t += 1
                    report.to_check.append(ToCheck(f"{_page_key(url)}-t{t}", _section_of(block), _clean(sentence), why))
    return report


def _cell_context(block) -> str:
    """For a table cell: its row's first cell and its column's heading, e.g. "Surgery (How sure)"."""
    if block.name not in ("td", "th"):
        return ""
    row = block.find_parent("tr")
    cells = row.find_all(["td", "th"], recursive=False) if row else []
    if not cells or cells[0] is block:
        return ""
    table = block.find_parent("table")
    head = table.select_one("thead tr") if table else None
    column = ""
    if head is not None:
        heads = head.find_all(["th", "td"], recursive=False)
        i = cells.index(block)
        column = _block_text(heads[i]) if i < len(heads) else ""
    name = cells[0].find(["strong", "b", "a"])   # a row's name, without the description beside it
    first = _MARKER.sub("", _block_text(name or cells[0])).strip()
    return f"{first} ({column})" if column else first


def _claim(sentence: str, emergency: str) -> str:
    """Why a sentence without a citation needs checking, or "" if it states no number or effect."""
    text = sentence.replace(emergency, " ") if emergency else sentence
    if _NUMBER.search(text) or _NUMBER_WORDS.search(text):
        return "states a number"
    if _EFFECT.search(text):
        return "states an effect"
    return ""


def _page_key(url: str) -> str:
    return url.strip("/").replace("/", "-") or "home"


def _value(v) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v)
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_value(x)}" for k, x in v.items())
    return str(v)


def _reference_text(s: dict) -> str:
    if not s:
        return "(not in data/sources.yml)"
    authors = f"{s['authors'].rstrip('.')}. " if s.get("authors") else ""
    return f"{authors}{s.get('title', '')}. {s.get('publisher', '')}, {s.get('year', '')}."


# --- Reading data -------------------------------------------------------------------------

def _yaml(path: Path):
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def load_sources(project: Path) -> dict[str, dict]:
    raw = _yaml(project / "data" / "sources.yml") or {}
    return {s["id"]: s for s in raw.get("sources", []) if isinstance(s, dict) and "id" in s}


def _data_refs(ids, sources) -> list[Reference]:
    out = []
    for sid in ids or []:
        s = sources.get(sid, {})
        out.append(Reference(sid, "", _reference_text(s), str(s.get("url", "")), s.get("note") or ""))
    return out


def read_numbers(project: Path, sources) -> list[NumberItem] | None:
    """data/numbers.yml, whatever its exact shape: a list (or mapping) of entries, each with an id and sources."""
    path = project / "data" / "numbers.yml"
    if not path.exists():
        return None
    raw = _yaml(path) or {}
    entries = raw.get("numbers", raw) if isinstance(raw, dict) else raw
    if isinstance(entries, dict):
        entries = [{"id": k, **(v if isinstance(v, dict) else {"value": v})} for k, v in entries.items()]
    items = []
    for i, entry in enumerate(entries or [], 1):
        if not isinstance(entry, dict):
            continue
        ids = entry.get("sources") or ([entry["source"]] if entry.get("source") else [])
        shown = [(k, _value(v)) for k, v in entry.items() if k not in {"id", "sources", "source"}]
        items.append(NumberItem(f"n{i}", str(entry.get("id", i)), shown, _data_refs(ids, sources)))
    return items


def read_scores(project: Path) -> dict | None:
    """data/quality-scores.yml, checked by its model, with the totals worked out from the items."""
    path = project / "data" / "quality-scores.yml"
    if not path.exists():
        return None
    from macros.data import validate
    from macros.quality_scores import LABEL, MODEL, summary
    data = validate(LABEL, _yaml(path), MODEL)
    return {"data": data, "rows": summary(data)}


def _with_numbers(project: Path, value):
    """The raw data with each {n:id} token as readers see it: the words of that data/numbers.yml record."""
    from macros.numbers import TOKEN
    raw = _yaml(project / "data" / "numbers.yml") or {}
    entries = raw.get("numbers", raw) if isinstance(raw, dict) else raw
    said = {e["id"]: e.get("say", "") for e in (entries or []) if isinstance(e, dict) and "id" in e}

    def fill(v):
        if isinstance(v, str):
            return TOKEN.sub(lambda m: said.get(m.group(1), m.group(0)), v)
        if isinstance(v, list):
            return [fill(x) for x in v]
        if isinstance(v, dict):
            return {k: fill(x) for k, x in v.items()}
        return v
    return fill(value)


def read_signs(project: Path, sources) -> list[SignItem]:
    from macros.levels import LABELS, RANK
    raw = _with_numbers(project, _yaml(project / "data" / "red-flags.yml") or {})
    advice = raw.get("advice", {})
    flags = sorted(raw.get("red_flags", []), key=lambda f: RANK.get(f.get("level"), 99))
    items = []
    for i, f in enumerate(flags, 1):
        a = advice.get(f.get("level"), {})
        items.append(SignItem(f"s{i}", f["id"], f.get("level", ""), LABELS.get(f.get("level"), f.get("level", "")),
                              _strip_md(f.get("sign")), f.get("question", ""), f.get("help") or "",
                              a.get("title", ""), a.get("when", ""), [_strip_md(s) for s in a.get("steps", [])],
                              _data_refs(f.get("sources"), sources),
                              [(k, _strip_md(_value(v))) for k, v in f.items()
                               if k not in {"id", "level", "sign", "question", "help", "sources"} and v]))
    return items


def read_paths(site: Path, pages: list[str], limit: int = 2000) -> tuple[list[PathItem], int, list[TreeQuestion]]:
    """Every path through every decision tree, read from the built page (its no-JavaScript form),
    and each question once with the signs it lists."""
    from macros.levels import LABELS
    items, cut, questions = [], 0, []
    for url in pages:
        html = (site / url / "index.html").read_text(encoding="utf-8")
        if "data-fsg-tree" not in html:
            continue
        soup = _soup(site / url / "index.html")
        for tree in soup.select("[data-fsg-tree]"):
            for el in tree.select(".fsg-tree__paper, .fsg-tree__sign-help"):
                el.decompose()
            nodes = {s["id"]: s for s in tree.select("section[id]")}
            start = (tree.get("data-start") or next(iter(nodes), "")).lstrip("#")

            def heading(node) -> str:
                h = node.find(["h2", "h3", "h4"])
                return _clean(h.get_text()) if h else node["id"]

            for node in nodes.values():
                if node.select_one(".fsg-tree__answers"):
                    questions.append(TreeQuestion(tree.get("data-fsg-tree", ""), heading(node),
                                                  [_clean(li.get_text()) for li in node.select(".fsg-tree__signs > li")]))

            stack = [(start, [])]
            while stack:
                nid, steps = stack.pop()
                node = nodes.get(nid)
                if node is None:
                    continue
                answers = [a for a in node.select("a[href^='#']") if a.find_parent(class_="fsg-tree__answers")]
                if not answers:   # an outcome
                    if len(items) >= limit:
                        cut += 1
                        continue
                    level = node.get("data-level", "")
                    items.append(PathItem(f"p{len(items) + 1}", tree.get("data-fsg-tree", ""), "/" + url, steps,
                                          LABELS.get(level, level), heading(node)))
                    continue
                q = heading(node)
                for a in reversed(answers):
                    stack.append((a["href"][1:], steps + [(q, _clean(a.get_text()))]))
    return items, cut, questions


# --- Putting it together ----------------------------------------------------------------

def git_commit(project: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--", "docs", "data", "mkdocs.yml"],
                               capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    commit = head.stdout.strip()
    return commit + (" with uncommitted changes to docs/, data/ or mkdocs.yml" if dirty.stdout.strip() else "")


def emergency_number(project: Path) -> str:
    raw = _yaml(project / "mkdocs.yml") or {}
    return str(((raw.get("extra") or {}).get("emergency") or {}).get("number", ""))


def collect(site: Path, project: Path = ROOT, now: dt.datetime | None = None) -> Pack:
    sources = load_sources(project)
    pages = site_pages(site)
    emergency = emergency_number(project)
    reports = [read_page(site, url, sources, emergency) for url in pages]
    paths, cut, questions = read_paths(site, pages)
    now = now or dt.datetime.now(dt.timezone.utc)
    return Pack(commit=git_commit(project), made=now.strftime("%Y-%m-%d %H:%M UTC"),
                pages=[r for r in reports if r.cited or r.to_check], numbers=read_numbers(project, sources),
                signs=read_signs(project, sources), paths=paths, paths_cut=cut,
                questions=questions, scores=read_scores(project))


def write_html(pack: Pack, out: Path, project: Path = ROOT) -> Path:
    from macros.templates import Renderer
    renderer = Renderer(project / "overrides" / "partials")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "index.html"
    path.write_text(renderer.render("review-pack.html", pack=pack) + "\n", encoding="utf-8")
    return path


def write_pdf(html: Path, pdf: Path, project: Path = ROOT, browser=None) -> Path:
    """Print the pack with Chromium (A4; it fits US Letter margins too), page numbers in the footer."""
    from macros.templates import Renderer
    from scripts.browser import chromium
    renderer = Renderer(project / "overrides" / "partials")
    header, footer = renderer.render("review-pack-header.html"), renderer.render("review-pack-footer.html")

    def _print(b):
        context = b.new_context()
        try:
            page = context.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            pdf.write_bytes(page.pdf(format="A4", print_background=True, tagged=True, outline=True,
                                     display_header_footer=True, header_template=str(header), footer_template=str(footer),
                                     margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}))
        finally:
            context.close()

    with chromium(browser) as running:
        _print(running)
    return pdf


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="the built site folder, e.g. site")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder with data/ (default: this one)")
    parser.add_argument("--out", type=Path, default=Path("review-pack"), help="where to write it (default: review-pack)")
    parser.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"Review pack stopped: {args.site} has no built site; run make build first", file=sys.stderr)
        return 1
    pack = collect(args.site, args.project.resolve())
    html = write_html(pack, args.out, args.project.resolve())
    print(f"{html}: {pack.item_count} items to check, {pack.citation_count} citations on "
          f"{len(pack.pages)} pages, from commit {pack.commit}")
    if not args.no_pdf:
        pdf = write_pdf(html, args.out / "review-pack.pdf", args.project.resolve())
        print(f"{pdf}: printed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
