"""Which pages are due for review: a warning after every build, a failure in the weekly check.

Reads every page's front matter (next_review) in docs/. Lists pages whose review is
overdue or falls due within --within days (30 by default) as warnings, and exits 0:
`make build` runs it (scripts/build.py has scripts/postbuild.py call `report` with the
pages it has read, in its own process), and the everyday build never fails because of a date alone.
With --fail-overdue it exits 1 when any page is overdue; the weekly workflow
(.github/workflows/links.yml) runs it that way, so an overdue page is noticed.

Usage: python scripts/reviews.py [--project DIR] [--within DAYS] [--today YYYY-MM-DD] [--fail-overdue]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    from macros.errors import DataError
    from macros.pages import load_pages
    from macros.reviews import WARN_DAYS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder with docs/ (default: this one)")
    parser.add_argument("--within", type=int, default=WARN_DAYS, help=f"warn this many days ahead (default {WARN_DAYS})")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="pretend today is this date (for tests)")
    parser.add_argument("--fail-overdue", action="store_true", help="exit 1 when any page is overdue for review")
    args = parser.parse_args(argv)
    try:
        pages = load_pages(args.project / "docs")
    except DataError as exc:
        print(f"Review dates: {exc.message}", file=sys.stderr)
        return 1
    return report(pages, args.today, args.within, args.fail_overdue)


def report(pages, today: dt.date | None = None, within: int | None = None, fail_overdue: bool = False) -> int:
    """Warn about the pages (macros.pages.load_pages) due for review; 1 if one is overdue and
    `fail_overdue`. scripts/postbuild.py calls this with the pages it has already read."""
    from macros.reviews import WARN_DAYS, due_reviews
    within = WARN_DAYS if within is None else within
    due = due_reviews(pages, today, within)
    for d in due:
        print(f"WARNING - {d.message()}", file=sys.stderr)
    overdue = [d for d in due if d.overdue]
    if not due:
        print(f"Review dates: no page is due for review in the next {within} days")
    if overdue and fail_overdue:
        print(f"Review dates: {len(overdue)} page{'s are' if len(overdue) != 1 else ' is'} overdue for review. "
              "Review each one, then update reviewed and next_review in its front matter.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
