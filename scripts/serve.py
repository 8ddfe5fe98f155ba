"""`make serve`: mkdocs serve, but a mistake shows in the browser instead of hanging it.

With plain `mkdocs serve`, a rebuild that fails leaves every request waiting ("the
server will appear stuck until build errors are resolved") and prints a traceback.
Here the terminal shows the editor's one-line message only, and every page the
browser asks for shows that message (overrides/partials/serve-build-error.html),
reloading by itself once the mistake is fixed. Pictures, CSS and scripts of the
last good build are still served.

Usage: python scripts/serve.py [mkdocs serve options, e.g. --dev-addr 127.0.0.1:8000]
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.livereload import LiveReloadServer  # noqa: E402


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class ErrorShowingServer(LiveReloadServer):
    """A live-reload server whose failed rebuilds end (showing the error) instead of stalling."""

    site_name = "Facial Spasm Guide"
    # How often the watcher looks for a saved file. MkDocs looks every 0.5 s, which adds a quarter
    # of a second on average (up to half a second) before every rebuild starts; a look is one stat
    # of each watched file (docs/, data/, macros/, overrides/: a few hundred), so ten a second cost
    # next to nothing.
    polling_interval = 0.1

    def __init__(self, builder, *args, **kwargs):
        kwargs.setdefault("polling_interval", self.polling_interval)
        self.build_errors: list[str] = []
        original = builder

        def builder_that_reports(*a, **kw):
            collect = _Collect()
            logging.getLogger("mkdocs").addHandler(collect)
            try:
                original(*a, **kw)
                self.build_errors = []
            except (Exception, SystemExit) as exc:
                messages = [m for m in collect.messages if m.strip()] or [str(exc) or type(exc).__name__]
                self.build_errors = messages
                print("The site does not build; the browser shows why:\n  " + "\n  ".join(messages), file=sys.stderr)
            finally:
                logging.getLogger("mkdocs").removeHandler(collect)

        super().__init__(builder_that_reports, *args, **kwargs)

    def error_page(self) -> bytes:
        from macros.templates import Renderer
        html = Renderer(ROOT / "overrides" / "partials").render(
            "serve-build-error.html", messages=self.build_errors, site_name=self.site_name)
        return self._inject_js_into_html(str(html).encode("utf-8"), self._visible_epoch)

    def _serve_request(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if self.build_errors and not path.startswith("/livereload/") and (path.endswith("/") or path.endswith(".html")):
            body = self.error_page()
            start_response("500 The site does not build", [("Content-Type", "text/html; charset=utf-8"),
                                                           ("Content-Length", str(len(body)))])
            return [body]
        return super()._serve_request(environ, start_response)


def main(argv=None) -> int:
    import mkdocs.commands.serve
    from mkdocs.__main__ import cli
    mkdocs.commands.serve.LiveReloadServer = ErrorShowingServer
    from scripts import macros_trim, render_cache, theme_cache
    from scripts.build import compile_modules
    compile_modules(Path.cwd())  # our modules compiled once, even where PYTHONDONTWRITEBYTECODE is set
    macros_trim.install()  # no git processes on each rebuild, and requests only if used
    theme_cache.install()  # each rebuild reuses the compiled theme templates
    theme_cache.install_theme_files()  # the theme's own CSS and scripts found faster, the same files
    theme_cache.install_pages()  # and each page's compiled template, while its text is the same
    render_cache.install()  # and each page's HTML and search entries, while its inputs are the same
    return cli.main(["serve", *(sys.argv[1:] if argv is None else argv)], prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
