"""The validated data kept between builds (macros/data.py) and the snapshot the post-build steps
reuse (macros/site.py): a build or `make serve` rebuild never shows data older than the files,
and a mistake is always reported, never hidden behind an earlier good copy."""
from __future__ import annotations

import shutil

import pytest
import yaml

from macros import data, site as site_module
from macros.errors import DataError
from support import ROOT, copy_project


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(data.CACHE_ENV, str(folder))
    return folder / "data"


def _entries(cache):
    return sorted(cache.glob("*.pickle")) if cache.is_dir() else []


def test_every_data_file_is_validated_once_then_read_back_the_same(cache, monkeypatch):
    models = site_module.data_models()
    fresh = {name: data.load_file(ROOT / "data", name, model) for name, model in models.items()}
    assert len(_entries(cache)) == len(models), "each data file that passed should be kept once"
    calls = []
    real_validate = data.validate
    monkeypatch.setattr(data, "validate", lambda *a: calls.append(a[0]) or real_validate(*a))
    for name, model in models.items():
        again = data.load_file(ROOT / "data", name, model)
        assert type(again) is model and again == fresh[name], f"data/{name}: the kept copy differs"
        assert again is not fresh[name], "each load must give its own copy: the checks change it in place"
    assert calls == [], f"validated again although nothing changed: {calls}"


def _glossary(folder):
    shutil.copy(ROOT / "data" / "glossary.yml", folder / "glossary.yml")
    from macros.glossary import FILE, MODEL
    assert FILE == "glossary.yml"
    return folder / "glossary.yml", MODEL


def test_an_edited_file_is_validated_again(cache, tmp_path):
    path, model = _glossary(tmp_path)
    first = data.load_file(tmp_path, path.name, model)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["terms"][0]["definition"] = "A new definition an editor just saved."
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    second = data.load_file(tmp_path, path.name, model)
    assert second.terms[0].definition == "A new definition an editor just saved."
    assert first.terms[0].definition != second.terms[0].definition
    assert len(_entries(cache)) == 2


def test_a_mistake_is_reported_even_after_a_good_version_was_kept(cache, tmp_path):
    path, model = _glossary(tmp_path)
    good = path.read_text(encoding="utf-8")
    data.load_file(tmp_path, path.name, model)
    path.write_text(good.replace("definition:", "defintion:", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:  # DataErrors is one too
        data.load_file(tmp_path, path.name, model)
    assert "data/glossary.yml" in caught.value.message and "defintion" in caught.value.message
    assert len(_entries(cache)) == 1, "a file with a mistake must never be kept"
    path.write_text(good, encoding="utf-8")
    data.load_file(tmp_path, path.name, model)  # the good version again: read back, no error


def test_a_damaged_cache_entry_is_made_again(cache, tmp_path):
    path, model = _glossary(tmp_path)
    fresh = data.load_file(tmp_path, path.name, model)
    [entry] = _entries(cache)
    entry.write_bytes(b"not a pickle")
    assert data.load_file(tmp_path, path.name, model) == fresh
    assert entry.read_bytes() != b"not a pickle", "the damaged entry should be written again"


def test_the_same_text_for_another_model_is_not_read_back_as_this_one(cache, tmp_path):
    path, model = _glossary(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert data._cache_path(text, model) != data._cache_path(text, site_module.data_models()["links.yml"])


def test_front_matter_is_kept_too_and_a_broken_date_is_still_refused(cache, tmp_path):
    from macros.pages import load_pages
    project = copy_project(tmp_path / "project")
    first = load_pages(project / "docs")
    assert len(_entries(cache)) == len(first)
    assert load_pages(project / "docs")["symptoms/"].meta == first["symptoms/"].meta
    page = project / "docs" / "symptoms.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("next_review: ", "next_review: 2026-13-45 #", 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_pages(project / "docs")
    assert "docs/symptoms.md" in caught.value.message and "real date" in caught.value.message


def _load(project, reuse):
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    return site_module.load_site(project, cfg, cfg.get("extra") or {}, project / "docs", reuse=reuse)


def test_the_post_build_steps_reuse_the_snapshot_only_while_nothing_changed(cache, tmp_path):
    project = copy_project(tmp_path / "project")
    built = _load(project, reuse=False)            # as MkDocs' build (define_env) reads it
    assert _load(project, reuse=True) is built     # the post-build steps, in the same process
    links = project / "data" / "links.yml"
    links.write_text(links.read_text(encoding="utf-8") + "\n# an editor saved this file\n", encoding="utf-8")
    after_edit = _load(project, reuse=True)
    assert after_edit is not built, "a data file changed after the build read it: read it again"
    page = project / "docs" / "causes.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    after_page_edit = _load(project, reuse=True)
    assert after_page_edit is not after_edit and after_page_edit.pages["causes/"].markdown.endswith("One more line.\n")
    cfg = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    other = dict(cfg["extra"], emergency={**cfg["extra"]["emergency"], "number": "112"})
    again = site_module.load_site(project, cfg, other, project / "docs", reuse=True)
    assert again is not after_page_edit and again.emergency.number == "112", "other settings: read again"
    assert _load(project, reuse=False) is not _load(project, reuse=False), "without reuse, always read afresh"


# --- Memo: a function's results by text, kept between builds (inline Markdown, post-build scans) ---

def test_a_memo_computes_each_text_once_and_a_new_process_reads_it_back(cache, tmp_path):
    code = tmp_path / "step.py"
    code.write_text("version 1", encoding="utf-8")
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()

    first = data.Memo("probe", [code])
    assert first("call now", upper) == "CALL NOW"
    assert first("call now", upper) == "CALL NOW"
    first.save()
    assert calls == ["call now"]
    second = data.Memo("probe", [code])  # the next build
    assert second("call now", upper) == "CALL NOW" and calls == ["call now"], "read back, not computed again"
    assert second("call 911", upper) == "CALL 911" and calls[-1] == "call 911", "a new text is computed"
    code.write_text("version 2", encoding="utf-8")  # the step's code changed: nothing old is trusted
    third = data.Memo("probe", [code])
    assert third("call now", lambda t: "new " + t) == "new call now"


def test_a_damaged_memo_file_is_computed_again(cache, tmp_path):
    code = tmp_path / "step.py"
    code.write_text("v", encoding="utf-8")
    memo = data.Memo("probe", [code])
    memo("a", str.upper)
    memo.save()
    memo.path().write_bytes(b"not a pickle")
    assert data.Memo("probe", [code])("a", lambda t: "again") == "again"


def test_a_memo_keeps_what_recent_builds_used_and_drops_what_none_does(cache, tmp_path):
    code = tmp_path / "step.py"
    code.write_text("v", encoding="utf-8")
    memo = data.Memo("probe", [code])
    memo("old page", str.upper)
    memo("kept page", str.upper)
    memo.save()
    few = data.Memo("probe", [code])  # a process that uses one text and computes nothing (a test)
    few("kept page", str.upper)
    few.save()
    calls = []
    again = data.Memo("probe", [code])
    again("old page", lambda t: calls.append(t) or t.upper())
    assert calls == [], "a process that used only a few texts must not throw the others away"
    for n in range(data.Memo.KEEP_SAVES):  # builds that use "kept page" and each compute a new text
        later = data.Memo("probe", [code])
        later("kept page", str.upper)
        later(f"new page {n}", str.upper)
        later.save()
    last = data.Memo("probe", [code])
    last("old page", lambda t: calls.append(t) or t)
    last("kept page", lambda t: calls.append(t) or t)
    assert calls == ["old page"], "a text no recent build used is dropped, so the file does not grow forever"