"""Serve a built site on 127.0.0.1 (a free port), the way a static host would.

Used by the link check, the handouts, the benchmark and the tests, so all of them
see the site over HTTP exactly alike.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import threading
from pathlib import Path

# Text files a static host sends gzip-compressed (GitHub Pages, Netlify and most CDNs do).
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=9, mtime=0)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # linkchecker spaces its requests to one host (about 3 a second) unless the
        # server sends this header; this local server is ours, so let it go full speed.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class _GzipHandler(_Handler):
    """Sends text files gzip-compressed to clients that accept it, as a real static host
    would. Without it a page loads several times more bytes than readers ever fetch, and
    a Lighthouse score measures this server rather than the site."""

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or not os.path.isfile(path) or not self.guess_type(path).startswith(_COMPRESSIBLE):
            return super().send_head()
        body = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Threading(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # browsers and linkchecker drop connections early on purpose


class Server:
    """`with Server(folder) as s:` serves `folder` at `s.url` until the block ends.

    `compress=True` sends text files gzip-compressed, as a static host does (the benchmark).
    """

    def __init__(self, folder: Path, compress: bool = False):
        handler = functools.partial(_GzipHandler if compress else _Handler, directory=str(folder))
        self.httpd = _Threading(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
