"""Text from data reaches the page escaped: inline Markdown yes, raw HTML never."""
from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from macros.templates import relative_url
from macros.text import InlineMarkdown, PlainText, render_inline


def test_inline_markdown_renders_but_special_characters_stay_text():
    out = str(render_inline("Less than 1 in 1,000 & **rarely** <3 weeks"))
    assert "<strong>rarely</strong>" in out
    assert "&amp;" in out and "&lt;3 weeks" in out
    assert not out.startswith("<p>")


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "Click <a href='x'>here</a>", "<img src=x onerror=y>", "<!-- hidden -->"])
def test_html_is_refused(text):
    for kind in (PlainText, InlineMarkdown):
        with pytest.raises(ValidationError, match="contains HTML"):
            TypeAdapter(kind).validate_python(text)


def test_markdown_links_must_use_the_checked_link_field():
    with pytest.raises(ValidationError, match="link"):
        TypeAdapter(InlineMarkdown).validate_python("See [self-care](../self-care/)")


@pytest.mark.parametrize("target, here, expected", [
    ("/self-care/#sleep", "treatments/surgery/", "../../self-care/#sleep"),
    ("/", "self-care/", "../"),
    ("/self-care/", "", "self-care/"),
    ("/#emergency", "", "#emergency"),
    ("/treatments/surgery/", "treatments/", "surgery/"),
])
def test_links_from_data_are_relative_to_the_page(target, here, expected):
    assert relative_url(target, here) == expected
