"""The `casebook` command: exit codes, one line per error, and an export that is all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.cli import main
from conftest import REPO, Project
from conftest import run_cli as run
from test_load_errors import VALID


def test_check_passes_on_the_real_library(capsys: pytest.CaptureFixture[str]) -> None:
    # Notices may come and go with the library (a new case not yet translated); errors and warnings may not.
    code, out, err = run(capsys, "--root", str(REPO), "check")
    assert code == 0
    assert [line for line in out.splitlines() if ": notice: " not in line] == []
    assert err.startswith("ok: ")


def test_check_prints_one_located_line_per_error_and_exits_1(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID.replace("  - ask-why", "  - ask-wy").replace("domain: ict", "domain: ic"))
    code, out, _ = run(capsys, "--root", str(project.root), "check")
    assert code == 1
    assert out.splitlines() == [
        "cases/sample.yml:4:9: error: unknown domain 'ic' (did you mean 'ict'?)",
        "cases/sample.yml:9:5: error: unknown lessons 'ask-wy' (did you mean 'ask-why'?)",
    ]


def test_check_of_named_files_reports_only_those(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID)
    project.write_case("broken.yml", "title: [\n")
    code, out, _ = run(capsys, "--root", str(project.root), "check", str(project.root / "cases" / "sample.yml"))
    assert (code, out) == (0, "")


def test_usage_errors_exit_2(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2
    assert run(capsys, "--root", str(project.root), "check", "no/such/file.yml")[0] == 2


def test_export_writes_the_tree_fed_to_mkdocs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out"
    assert run(capsys, "--root", str(REPO), "export", str(target))[0] == 0
    assert (target / "cases" / "provincial-billing-network-delay.md").is_file()
    # The hand-written pages are copied with the hook's snippets written in, so plain MkDocs builds the tree.
    for home in ("index.md", "en/index.md"):
        exported, written = ((folder / home).read_text(encoding="utf-8") for folder in (target, REPO / "docs"))
        assert "--8<--" in written and "--8<--" not in exported
        assert "issue-types/" in exported and exported.startswith(written.split("--8<--")[0])
    # A second export replaces its own earlier output.
    assert run(capsys, "--root", str(REPO), "export", str(target))[0] == 0


def test_export_refuses_a_folder_it_did_not_create(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "--root", str(REPO), "export", str(target))
    assert code == 2 and "not created by casebook export" in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_failed_export_leaves_nothing_behind(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", "title: [\n")
    target = tmp_path / "out"
    assert run(capsys, "--root", str(project.root), "export", str(target))[0] == 1
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_interrupted_export_leaves_the_previous_export_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    assert run(capsys, "--root", str(REPO), "export", str(target))[0] == 0
    before = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))

    def fail(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copytree", fail)
    code, _, err = run(capsys, "--root", str(REPO), "export", str(target))
    assert (code, err) == (2, "casebook export: cannot write the export: disk full\n")
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
