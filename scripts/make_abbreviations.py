"""Write docs/includes/abbreviations.md from data/glossary.yml.

Material for MkDocs shows a tooltip wherever a word defined in that file appears
(the `abbr` extension), and pymdownx.snippets appends the file to every page
(`auto_append` in mkdocs.yml). So glossary words get their plain definition on
hover or focus, on every page, from the one list in data/glossary.yml.

Terms with `tooltip: false` are left out (common words would clutter every page).
A tooltip shows the first sentence of the definition only, to keep pages light.

Usage: python scripts/make_abbreviations.py [--check] [--data data/glossary.yml] [--output FILE]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT / "data" / "glossary.yml"
DEFAULT_OUTPUT = ROOT / "docs" / "includes" / "abbreviations.md"

# No header comment in the file: it is appended to every page, and a comment would
# end up in every page's HTML. tests/glossary checks the file is up to date instead.


def plain(text: str) -> str:
    """Definition text for a tooltip: no Markdown emphasis, no brackets that end the definition."""
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return " ".join(text.split())


def first_sentence(text: str) -> str:
    """Tooltips repeat on every use of a word, so they keep to the first sentence;
    the glossary page has the whole definition."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


def forms(term) -> list[str]:
    """Every spelling that should get the tooltip: the term, its capitalized and
    lower-case forms, its abbreviation and its other names."""
    out: list[str] = []
    for word in [term.term, *term.also, *term.variants]:
        for w in (word, word[:1].upper() + word[1:], word[:1].lower() + word[1:]):
            if w not in out:
                out.append(w)
    if term.abbreviation and term.abbreviation not in out:
        out.append(term.abbreviation)
    return out


def render(terms) -> str:
    """The abbreviations file for these glossary terms (pydantic models), A to Z."""
    lines: list[str] = []
    seen: set[str] = set()
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        if not term.tooltip:
            continue
        name = f"{term.term} ({term.abbreviation})" if term.abbreviation else term.term
        title = f"{name}: {first_sentence(plain(term.definition))}"
        for form in forms(term):
            if form in seen:
                continue
            seen.add(form)
            lines.append(f"*[{form}]: {title}\n")
    # One blank line between definitions, so Python-Markdown reads each as its own block.
    # Written as one block, the abbr extension takes one definition off the top and puts
    # the rest back, and every block processor searches that rest again: time grew with
    # the square of the glossary (1,000 terms: 147 s; 5,000: over 50 minutes).
    return "\n".join(lines)


def load_terms(data_file: Path):
    from macros.data import load_path
    from macros.glossary import MODEL
    label = str(data_file.relative_to(ROOT)) if data_file.is_relative_to(ROOT) else str(data_file)
    return load_path(data_file, label, MODEL).terms  # validated once per text (macros/data.py), a fresh copy


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the committed file differs from what would be made")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the glossary data file (default: %(default)s)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the file to write (default: %(default)s)")
    args = parser.parse_args(argv)
    from macros.errors import DataError
    try:
        text = render(load_terms(args.data.resolve()))
    except DataError as exc:
        print(f"make_abbreviations: {exc.message}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date; run: python scripts/make_abbreviations.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date.")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
