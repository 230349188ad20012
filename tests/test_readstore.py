"""The reads `casebook check` keeps between runs, and the processes a first check reads with.

Whatever is kept or parallel, a check says exactly what a fresh, sequential check says; a
kept read is used only for the same bytes under the same taxonomy, day, language and code;
and a store that was tampered with is ignored, never run.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from casebook.check.checker import check_library
from casebook.model import readstore
from casebook.model.readcache import ReadCache
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import make_project


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CASEBOOK_CACHE", str(folder))
    return folder


@pytest.fixture(scope="module")
def library_of_80(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # More files than the parallel read starts at, with a broken reference and a stale English to report.
    root = make_project(tmp_path_factory.mktemp("lib") / "project", 80, seed=3)
    first = sorted((root / "cases").glob("*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("story: |\n", "story: |\n  见 [[no-such-case]]。\n", 1), encoding="utf-8")
    return root


def test_a_parallel_first_check_says_what_a_sequential_one_says(library_of_80: Path) -> None:
    sequential = check_library(library_of_80)
    parallel = check_library(library_of_80, cache=ReadCache(), workers=2)
    assert [str(d) for d in parallel.diagnostics] == [str(d) for d in sequential.diagnostics]
    assert any("no-such-case" in str(d) for d in sequential.diagnostics)


def test_a_stored_read_gives_the_same_check_and_a_changed_file_is_read_again(library_of_80: Path, store: Path) -> None:
    fresh = [str(d) for d in check_library(library_of_80).diagnostics]
    reads = readstore.load_cache(library_of_80)
    check_library(library_of_80, cache=reads)
    readstore.save_cache(library_of_80, reads)
    assert readstore.store_path(library_of_80).is_file()

    kept = readstore.load_cache(library_of_80)
    assert [str(d) for d in check_library(library_of_80, cache=kept).diagnostics] == fresh
    assert not kept.changed, "every file was answered from the store"

    case = sorted((library_of_80 / "cases").glob("*.yml"))[1]
    original = case.read_text(encoding="utf-8")
    try:
        case.write_text(original.replace("domain: ", "domain: x", 1), encoding="utf-8")
        again = readstore.load_cache(library_of_80)
        result = check_library(library_of_80, cache=again)
        assert again.changed
        assert [str(d) for d in result.diagnostics] == [str(d) for d in check_library(library_of_80).diagnostics]
        assert any(d.loc.path == f"cases/{case.name}" and "unknown domain" in d.message for d in result.diagnostics)
    finally:
        case.write_text(original, encoding="utf-8")


def test_a_store_made_by_other_code_or_for_another_language_is_not_used(
    library_of_80: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = ReadCache()
    check_library(library_of_80, cache=reads)
    readstore.save_cache(library_of_80, reads)
    assert len(readstore.load_cache(library_of_80)) == 80
    with monkeypatch.context() as patch:
        patch.setattr(readstore, "code_version", lambda: b"other code")
        assert len(readstore.load_cache(library_of_80)) == 0
    english = readstore.store_path(library_of_80)
    monkeypatch.setenv("CASEBOOK_LANG", "zh")
    assert readstore.store_path(library_of_80) != english
    assert len(readstore.load_cache(library_of_80)) == 0, "the messages of a read are in the language it was made in"


class _Boom:
    def __reduce__(self) -> tuple[object, ...]:
        import os

        return (os.system, ("echo owned > /dev/null",))


def test_a_tampered_store_is_ignored_not_run(library_of_80: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = readstore.store_path(library_of_80)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((readstore.code_version(), {"cases/x.yml": _Boom()})))
    ran: list[str] = []
    monkeypatch.setattr("os.system", lambda command: ran.append(command) or 0)
    assert len(readstore.load_cache(library_of_80)) == 0
    assert ran == []
    path.write_bytes(b"not a pickle")
    assert len(readstore.load_cache(library_of_80)) == 0


def test_the_store_lives_outside_the_project(store: Path) -> None:
    assert not readstore.store_path(REPO).is_relative_to(REPO)
