"""One error type for every mistake an editor can make in data or pages.

The message is what the editor reads in the terminal, so it always names the
file, the entry and the field, says what is wrong and, where it can, what
would be valid. No traceback is ever shown for it (see `site.register`).
"""
from __future__ import annotations

import difflib


class DataError(Exception):
    def __init__(self, file: str, problem: str, entry: str | None = None,
                 field: str | None = None, valid: list[str] | None = None, found: str | None = None):
        self.file, self.entry, self.field, self.problem = file, entry, field, problem
        self.valid, self.found = valid, found
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = [self.file]
        if self.entry:
            where.append(f'entry "{self.entry}"')
        if self.field:
            where.append(f'field "{self.field}"')
        text = f"{', '.join(where)}: {self.problem}"
        if self.valid is not None and self.found is not None:
            close = difflib.get_close_matches(self.found, self.valid, n=3, cutoff=0.6)
            if close:
                text += ". Did you mean " + " or ".join(f'"{c}"' for c in close) + "?"
        if self.valid is not None:
            shown = ", ".join(self.valid[:60]) + (" …" if len(self.valid) > 60 else "")
            text += f". Valid values: {shown}"
        return text


class DataErrors(DataError):
    """Several independent mistakes found in one pass, reported together."""

    def __init__(self, errors: list[DataError]):
        self.errors = errors
        Exception.__init__(self, self.message)

    @property
    def message(self) -> str:
        if len(self.errors) == 1:
            return self.errors[0].message
        return f"{len(self.errors)} problems in the site data:\n" + "\n".join(
            f"  - {e.message}" for e in self.errors)
