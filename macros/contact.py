"""How readers reach the editors to report a mistake: set once in mkdocs.yml
`extra.contact`, shown wherever a page calls `{{ report_error() }}`.

There is no repo_url on purpose (Material would call api.github.com from every
reader's browser), so the address lives here instead.
"""
from __future__ import annotations

from pydantic import ConfigDict, Field

from .text import Model, PlainText


class ContactConfig(Model):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,}$", description="Where readers send corrections.")
    reply_within: PlainText = Field(description="How soon we answer, in words, e.g. 'within 5 working days'.")


def load(extra: dict) -> ContactConfig:
    from .data import load_extra
    return load_extra(extra, "contact", ContactConfig, "readers need a way to report a mistake")


def macros(site, env):
    contact = load(dict(env.conf.get("extra") or {}))

    def report_error():
        return site.renderer.render("report-error.html", contact=contact, page_title=env.page.title)

    return {"report_error": report_error}
