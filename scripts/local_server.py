"""Serve a built site on 127.0.0.1 (a free port), the way a static host would.

Used by the link check, the handouts, the benchmark and the tests, so all of them
see the site over HTTP exactly alike.
"""
from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # linkchecker spaces its requests to one host (about 3 a second) unless the
        # server sends this header; this local server is ours, so let it go full speed.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


class _Threading(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # browsers and linkchecker drop connections early on purpose


class Server:
    """`with Server(folder) as s:` serves `folder` at `s.url` until the block ends."""

    def __init__(self, folder: Path):
        handler = functools.partial(_Handler, directory=str(folder))
        self.httpd = _Threading(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
