"""scripts/macros_trim.py and scripts/build.py's compile_modules: what a build leaves out to be
fast (no git processes, requests not imported, our modules compiled once) changes nothing a
reader sees (the byte-for-byte test in test_render_cache.py) and nothing that still uses it."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from support import BUILD_ENV, ROOT, copy_project


def _fake_git(tmp_path: Path) -> tuple[Path, Path]:
    """A `git` first on PATH that notes each call, then runs the real one."""
    bin_dir, log = tmp_path / "bin", tmp_path / "git-calls.txt"
    bin_dir.mkdir()
    real = subprocess.run(["sh", "-c", "command -v git"], capture_output=True, text=True).stdout.strip()
    script = bin_dir / "git"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec {real or "false"} "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir, log


def test_make_build_runs_no_git_and_never_imports_requests(tmp_path):
    """mkdocs-macros runs git twelve times and imports requests on every build; ours does neither."""
    project = copy_project(tmp_path / "project")
    bin_dir, log = _fake_git(tmp_path)
    env = {**BUILD_ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FSG_CACHE_DIR": str(tmp_path / "cache")}
    probe = ("import runpy, sys; sys.argv = [sys.argv[1], *sys.argv[2:]]\n"
             "try:\n    runpy.run_path(sys.argv[0], run_name='__main__')\n"
             "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
             "print('REQUESTS-IMPORTED' if 'requests' in sys.modules else 'REQUESTS-NOT-IMPORTED')\n"
             "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", probe, str(ROOT / "scripts" / "build.py"), str(tmp_path / "site"),
                             "--project", str(project)], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "REQUESTS-NOT-IMPORTED" in result.stdout
    assert not log.exists(), f"the build ran git: {log.read_text()}"
    assert (tmp_path / "site" / "index.html").is_file()


def test_plain_mkdocs_macros_does_run_git_so_the_test_above_can_fail(tmp_path):
    bin_dir, log = _fake_git(tmp_path)
    env = {**BUILD_ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    code = "from mkdocs_macros import context; context.get_git_info()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    assert log.exists() and "rev-parse" in log.read_text()


def test_what_uses_requests_still_gets_it_and_git_reads_as_missing():
    code = ("import sys; sys.path.insert(0, sys.argv[1])\n"
            "from scripts import macros_trim\n"
            "assert macros_trim.install()\n"
            "assert 'requests' not in sys.modules\n"
            "from mkdocs_macros import context, util\n"
            "assert util.requests.exceptions.RequestException.__name__ == 'RequestException'\n"
            "assert 'requests' in sys.modules, 'first use imports it in full'\n"
            "import requests; assert requests.get is util.requests.get\n"
            "assert context.get_git_info() == {'status': False, 'date': None}\n"
            "print('ok')\n")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True)
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr


def test_our_modules_are_compiled_once_even_where_python_would_not(tmp_path):
    project = tmp_path / "project"
    (project / "macros").mkdir(parents=True)
    (project / "macros" / "__init__.py").write_text("", encoding="utf-8")
    (project / "macros" / "probe.py").write_text("VALUE = 1\n", encoding="utf-8")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path\n"
            "from scripts.build import compile_modules; compile_modules(Path(sys.argv[2]))\n")
    for setting, expect in (("", False), ("1", True)):
        env = {**BUILD_ENV, "PYTHONDONTWRITEBYTECODE": setting}
        subprocess.run([sys.executable, "-c", code, str(ROOT), str(project)], env=env, check=True)
        compiled = list((project / "macros" / "__pycache__").glob("probe.*.pyc"))
        # Unset, Python compiles on import by itself and compile_modules leaves it alone.
        assert bool(compiled) == expect, (setting, compiled)
    (project / "macros" / "probe.py").write_text("VALUE = 2  # edited\n", encoding="utf-8")
    env = {**BUILD_ENV, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", code + "sys.path.insert(0, sys.argv[2]); import macros.probe as p; print(p.VALUE)",
                          str(ROOT), str(project)], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2", "an edited module is compiled again, never run from its old compiled copy"
