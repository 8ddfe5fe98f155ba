"""Files a post-build step writes that are the same on every build, placed as hard links (issue 17).

Making a file costs about half a millisecond on this project's disks, a hard link a fortieth
of that, and the QR code files (scripts/qr_files.py, some 200) are the same on every build.
`place(path, text)` gives `path` that text:
- as a hard link to `.cache/files/<sha256 of the text>` (FSG_CACHE_DIR) when an earlier build
  wrote the same text;
- otherwise as a new file, which the store then links to, so the next build finds it.

Why it is safe:
- a stored file is linked only if what it holds still hashes to its name; one changed by an
  editor, through any of its links, is made again;
- `path` is removed first, so this never writes through a link;
- one text is linked once in a process, so two files of one site never share one inode;
- where a link cannot be made (another disk, a file system without links), the file is written.
The post-build steps that change a built file in place write it with `rewrite()`, which never
writes through a link either. The short-link pages (scripts/postbuild.py) are placed as they are
published, so those steps find nothing to change in them.

`prune()` drops the stored files no site links to any more (no other link to them) and this
process did not use.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

_used: set[str] = set()


def store() -> Path:
    from macros.data import cache_root
    return cache_root() / "files"


def _holds(path: Path, digest: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def place(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, as a link to the same text kept from an earlier build if there is one."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    kept = store() / digest
    if path.exists() or path.is_symlink():
        path.unlink()
    if digest not in _used:
        _used.add(digest)
        if _holds(kept, digest):
            try:
                os.link(kept, path)
                return
            except OSError:
                pass
        path.write_bytes(data)
        try:  # keep it for the next build: a link to this file, put in place whole
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_name(f"{digest}.{os.getpid()}.tmp")
            os.link(path, tmp)
            os.replace(tmp, kept)
        except OSError:
            pass
        return
    path.write_bytes(data)


def rewrite(path: Path, text: str) -> None:
    """Write `text` over a built file that a step changes in place. If the file is a link (to the
    store, and so to other sites' files), it is replaced by a file of its own, so what one site's
    step writes never reaches another file."""
    try:
        linked = path.stat().st_nlink > 1
    except OSError:
        linked = False
    if linked:
        path.unlink()
    path.write_text(text, encoding="utf-8")


class Pages:
    """The built site's HTML files for the steps that change them one after the other (theme
    stylesheet links, white space, CSP): each is read once, changed in memory, and written once
    by `flush()`, not once per step (each write was a few hundredths of a build, bench/profile.md).
    A step given no Pages makes its own and flushes it, so it works alone as before."""

    def __init__(self, site: Path):
        self.site = site
        self._paths: list[Path] | None = None
        self._text: dict[Path, str] = {}
        self._changed: set[Path] = set()

    def paths(self) -> list[Path]:
        if self._paths is None:
            self._paths = sorted(self.site.rglob("*.html"))
        return self._paths

    def read(self, path: Path) -> str:
        if path not in self._text:
            self._text[path] = path.read_text(encoding="utf-8")
        return self._text[path]

    def write(self, path: Path, text: str) -> None:
        if text != self.read(path):
            self._text[path] = text
            self._changed.add(path)

    def flush(self) -> int:
        """Write every changed file (never through a link: rewrite). Returns how many."""
        for path in sorted(self._changed):
            rewrite(path, self._text[path])
        count, self._changed = len(self._changed), set()
        return count


def prune() -> None:
    """Drop stored files that nothing else links to (their sites are gone) and this process did not use."""
    try:
        entries = list(os.scandir(store()))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.name not in _used and entry.stat().st_nlink <= 1:
                os.unlink(entry.path)
        except OSError:
            pass
