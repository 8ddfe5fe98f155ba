"""`make serve` after a mistake: the browser shows the editor's message and reloads once it
is fixed, instead of hanging every request (plain mkdocs serve stalls after a failed rebuild).
No port is opened: the server's request handler is called directly."""
from __future__ import annotations

import io
import logging
import sys
import threading

from scripts.serve import ErrorShowingServer
from support import copy_project


def _get(server, path):
    status = {}
    body = server._serve_request({"PATH_INFO": path, "wsgi.input": io.BytesIO()},
                                 lambda s, headers: status.update(code=s, headers=headers))
    return status.get("code"), b"".join(body) if body is not None else None


def _server(builder, root):
    server = ErrorShowingServer(builder=builder, host="127.0.0.1", port=0, root=str(root))
    server.watch(str(root))  # as mkdocs serve does: pages get the reload script
    return server


def test_a_failed_rebuild_shows_the_message_in_the_browser_then_the_page_again(tmp_path):
    (tmp_path / "index.html").write_text("<html><body>The last good page</body></html>")
    state = {"broken": True}

    def builder():
        if state["broken"]:
            logging.getLogger("mkdocs.plugins").error('Build stopped: docs/symptoms.md, line 9: "{{ 2 * 3 }}" is not a call')
            raise SystemExit("Aborted with a BuildError!")

    server = _server(builder, tmp_path)
    done = threading.Event()
    threading.Thread(target=lambda: (server.builder(), done.set()), daemon=True).start()
    assert done.wait(10), "the rebuild hung"
    code, body = _get(server, "/")
    assert code.startswith("500")
    text = body.decode()
    assert "The site does not build" in text and "docs/symptoms.md, line 9" in text
    assert "&#34;{{ 2 * 3 }}&#34;" in text or "&quot;{{ 2 * 3 }}&quot;" in text  # escaped, as text
    assert "livereload(" in text, "the error page must reload itself once the mistake is fixed"
    state["broken"] = False
    server.builder()
    code, body = _get(server, "/")
    assert code.startswith("200") and b"The last good page" in b"".join([body])


REAL_BUILD = """
import io, json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from mkdocs.commands.build import build
from mkdocs.config import load_config
from scripts.serve import ErrorShowingServer
project, site = Path(sys.argv[1]), Path(sys.argv[2])
def builder():
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
server = ErrorShowingServer(builder=builder, host="127.0.0.1", port=0, root=str(site))
server.builder()
status = {}
body = server._serve_request({"PATH_INFO": "/causes/"}, lambda s, h: status.update(code=s))
print(json.dumps({"errors": server.build_errors, "code": status["code"], "body": b"".join(body).decode()}))
"""


def test_a_real_broken_page_gives_its_message_not_a_traceback(tmp_path):
    # In a separate process: a build in this one would re-import macros.* under the other tests.
    import json
    import subprocess

    from support import BUILD_ENV, ROOT
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "causes.md"
    page.write_text(page.read_text() + "\n{{ 2 * 3 }}\n")
    site = tmp_path / "served"
    site.mkdir()
    result = subprocess.run([sys.executable, "-c", REAL_BUILD, str(project), str(site), str(ROOT)],
                            cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert any("docs/causes.md, line" in m and "{{ 2 * 3 }}" in m for m in out["errors"]), out["errors"]
    assert "Traceback" not in result.stderr
    assert out["code"].startswith("500") and "docs/causes.md, line" in out["body"]


REBUILDS = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site = Path(sys.argv[1]), Path(sys.argv[2])
def rebuild():
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
    return sys.modules["macros.site"]
out = {}
first = rebuild()
page = project / "docs" / "causes.md"
page.write_text(page.read_text() + "\\nAn editor's new line zq1.\\n")
second = rebuild()
out["page edit: same code"] = second is first
out["page edit shown"] = "zq1" in (site / "causes" / "index.html").read_text()
levels = project / "macros" / "levels.py"
levels.write_text(levels.read_text().replace('"now"', '"right now"', 1) if '"now"' in levels.read_text()
                  else levels.read_text() + "\\n# edited\\n")
third = rebuild()
out["code edit: fresh code"] = third is not second
out["code edit: from the edited file"] = (project / "macros" / "levels.py").read_text() == open(third.__file__.replace("site.py", "levels.py")).read()
print(json.dumps(out))
"""


def test_a_rebuild_reuses_the_macros_code_until_a_file_of_it_changes(tmp_path):
    # As `make serve` rebuilds, in one process: after a page edit the macros' modules are kept
    # (importing them was a tenth of a rebuild); after an edit of macros/, they are imported again.
    import json
    import subprocess

    from support import BUILD_ENV, ROOT
    project = copy_project(tmp_path / "project")
    site = tmp_path / "served"
    result = subprocess.run([sys.executable, "-c", REBUILDS, str(project), str(site), str(ROOT)],
                            cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out == {"page edit: same code": True, "page edit shown": True, "code edit: fresh code": True,
                   "code edit: from the edited file": True}, out
