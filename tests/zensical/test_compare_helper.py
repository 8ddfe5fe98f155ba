"""The comparison behind `make zensical-test` sees what a reader would: no Zensical needed.

Small hand-written sites: a changed word in the article, a missing page and text hidden in a
script must each come out as a reader would judge them, or the Zensical test proves nothing.
"""
from __future__ import annotations

from scripts.zensical_compare import article_text, compare

PAGE = """<!doctype html><html><head><title>x</title><script>var inHead = 1;</script></head><body>
<nav>Menu Home Symptoms</nav>
<article class="md-content__inner md-typeset">
  <h1 id="t">Symptoms<a class="headerlink" href="#t">¶</a></h1>
  <p>An eyelid   twitch
  is common.<br>It passes.</p>
  <script>document.write("not read")</script><style>p{color:red}</style>
  <p>See <a href="/help/">when to get help</a>.</p>
</article>
<footer>Footer text</footer></body></html>"""


def _site(root, pages: dict[str, str]):
    for url, html in pages.items():
        target = root / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return root


def test_article_text_is_what_a_reader_reads():
    text = article_text(PAGE)
    assert text == "Symptoms ¶ An eyelid twitch is common. It passes. See when to get help ."
    assert "Menu" not in text and "Footer" not in text and "not read" not in text and "color" not in text


def test_a_page_without_article_is_told_apart():
    assert article_text("<html><body><p>No article here</p></body></html>") is None


def test_whitespace_and_markup_do_not_count_but_words_do(tmp_path):
    spaced = PAGE.replace("An eyelid   twitch\n  is common.", "An <em>eyelid</em> twitch is\n\n common.")
    changed = PAGE.replace("is common", "is rare")
    a = _site(tmp_path / "a", {"symptoms": PAGE, "causes": PAGE, "types": PAGE})
    b = _site(tmp_path / "b", {"symptoms": spaced, "causes": changed, "go/x": PAGE})
    results = {r.page: r for r in compare(a, b)}
    assert results["/symptoms/"].status == "match"
    assert results["/causes/"].status == "differs"
    assert "common" in results["/causes/"].detail and "rare" in results["/causes/"].detail
    assert results["/types/"].status == "missing in zensical"
    assert "/go/x/" not in results  # short links are post-build files, not pages
