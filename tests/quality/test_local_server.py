"""The local server serves what a static host would: the benchmark's Lighthouse scores
depend on it sending text gzip-compressed, and the tests on it sending files unchanged."""
from __future__ import annotations

import gzip
import urllib.request

from scripts.local_server import Server


def fetch(url: str, accept_gzip: bool) -> tuple[dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if accept_gzip else {})
    with urllib.request.urlopen(request) as response:
        return dict(response.headers), response.read()


def test_compressing_server_sends_text_gzipped_and_the_same_bytes_inside(tmp_path):
    page = ("<!doctype html><title>x</title>" + "<p>twitch</p>" * 500).encode()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(page)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 100)
    with Server(tmp_path, compress=True) as server:
        headers, body = fetch(server.url + "a/", accept_gzip=True)
        assert headers["Content-Encoding"] == "gzip"
        assert len(body) < len(page) / 10 and gzip.decompress(body) == page
        # A client that does not ask for gzip, and a file that is not text, come as they are.
        headers, body = fetch(server.url + "a/", accept_gzip=False)
        assert "Content-Encoding" not in headers and body == page
        headers, body = fetch(server.url + "logo.png", accept_gzip=True)
        assert "Content-Encoding" not in headers and body.startswith(b"\x89PNG")


def test_plain_server_never_compresses(tmp_path):
    (tmp_path / "index.html").write_text("<p>hello</p>" * 100)
    with Server(tmp_path) as server:
        headers, body = fetch(server.url, accept_gzip=True)
    assert "Content-Encoding" not in headers and body == (tmp_path / "index.html").read_bytes()
