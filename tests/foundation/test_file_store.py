"""scripts/file_store.py: a file written on every build with the same text is a hard link to the
copy an earlier build made. A reader must always get exactly the text the build meant, however
the stored copy or an old site was touched since."""
from __future__ import annotations

import os

import pytest

from scripts import file_store


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("FSG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(file_store, "_used", set())
    return tmp_path / "cache" / "files"


def _new_build(monkeypatch):
    """What a new build process starts with: nothing placed yet."""
    monkeypatch.setattr(file_store, "_used", set())


def test_the_second_build_links_the_file_the_first_wrote(tmp_path, store, monkeypatch):
    first, second = tmp_path / "one.svg", tmp_path / "two.svg"
    file_store.place(first, "<svg>A</svg>\n")
    _new_build(monkeypatch)
    file_store.place(second, "<svg>A</svg>\n")
    assert second.read_text(encoding="utf-8") == "<svg>A</svg>\n"
    assert os.stat(first).st_ino == os.stat(second).st_ino, "the second build should link, not write"
    assert len(list(store.iterdir())) == 1


def test_a_stored_copy_edited_in_place_is_never_linked(tmp_path, store, monkeypatch):
    old = tmp_path / "old-site.svg"
    file_store.place(old, "right\n")
    old.write_text("edited by hand\n", encoding="utf-8")  # through the old site's link: the stored copy changes too
    _new_build(monkeypatch)
    new = tmp_path / "new-site.svg"
    file_store.place(new, "right\n")
    assert new.read_text(encoding="utf-8") == "right\n"
    assert os.stat(new).st_ino != os.stat(old).st_ino
    _new_build(monkeypatch)
    again = tmp_path / "again.svg"
    file_store.place(again, "right\n")
    assert again.read_text(encoding="utf-8") == "right\n", "the store holds the right text again"


def test_placing_over_a_linked_file_never_writes_through_the_link(tmp_path, store, monkeypatch):
    path = tmp_path / "code.svg"
    file_store.place(path, "first\n")
    kept = next(store.iterdir())
    _new_build(monkeypatch)
    file_store.place(path, "second\n")
    assert path.read_text(encoding="utf-8") == "second\n"
    assert kept.read_text(encoding="utf-8") == "first\n", "the stored copy of the first text is unchanged"


def test_two_files_of_one_build_never_share_one_inode(tmp_path, store):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    file_store.place(a, "same\n")
    file_store.place(b, "same\n")
    assert os.stat(a).st_ino != os.stat(b).st_ino, "editing one file of a site must not change another"
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == "same\n"


def test_where_no_link_can_be_made_the_file_is_written(tmp_path, store, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(os, "link", no_links)
    for name in ("a.svg", "b.svg"):
        _new_build(monkeypatch)
        file_store.place(tmp_path / name, "text\n")
        assert (tmp_path / name).read_text(encoding="utf-8") == "text\n"


def test_prune_drops_only_copies_no_site_links_to(tmp_path, store, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    file_store.place(site / "kept.svg", "kept\n")
    file_store.place(site / "gone.svg", "gone\n")
    (site / "gone.svg").unlink()  # that site file is gone (an old site deleted)
    _new_build(monkeypatch)
    file_store.prune()
    left = [p.read_text(encoding="utf-8") for p in store.iterdir()]
    assert left == ["kept\n"]


def test_a_step_that_changes_a_linked_file_gives_it_a_file_of_its_own(tmp_path, store, monkeypatch):
    """offline.py fixes the short-link pages of its copy in place: that must not reach the site's."""
    site, offline = tmp_path / "site", tmp_path / "offline"
    site.mkdir(), offline.mkdir()
    file_store.place(site / "go.html", "to /self-care/\n")
    _new_build(monkeypatch)
    file_store.place(offline / "go.html", "to /self-care/\n")
    assert os.stat(site / "go.html").st_ino == os.stat(offline / "go.html").st_ino
    file_store.rewrite(offline / "go.html", "to self-care.html\n")
    assert (offline / "go.html").read_text(encoding="utf-8") == "to self-care.html\n"
    assert (site / "go.html").read_text(encoding="utf-8") == "to /self-care/\n"
    assert next(store.iterdir()).read_text(encoding="utf-8") == "to /self-care/\n"
