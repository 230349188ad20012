"""One mistake, one message: a file that cannot be read is reported once, first, saying what waits on it.

A YAML syntax error in a case file hides the case's id from every case that links to it, and
one in a vocabulary hides every id the cases name from it. Those references are not errors of
their own: the file's error says how many wait on it, and nothing else is reported for them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casebook.check.checker import check_library
from conftest import FIXTURES, TWO_CASES, copy_project, mkdocs_build
from conftest import run_cli as run


@pytest.fixture
def two_cases(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(TWO_CASES, root / "cases")
    shutil.copytree(FIXTURES / "taxonomy", root / "cases" / "taxonomy")
    return root


def break_yaml(path: Path) -> None:
    """An unclosed flow sequence: the file no longer parses."""
    with path.open("a", encoding="utf-8") as file:
        file.write("- [unclosed\n")


def test_a_case_file_that_cannot_be_read_is_one_error_that_says_what_waits_on_it(
    two_cases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # late-kit links to missed-fair (in its story and in 'related'); missed-fair breaks.
    case = two_cases / "cases" / "missed-fair.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
    code, out, err = run(capsys, "--root", str(two_cases), "check", "--strict")
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith("cases/missed-fair.yml:") and ": error: YAML syntax error" in line
    assert re.search(r"\([2-9] reference\(s\) to 'missed-fair' in other cases wait on it\)$", line), line
    assert err.strip() == "1 error"


@pytest.mark.parametrize(
    ("file", "fields"),
    [
        ("domains.yml", "'domain'"),
        ("stages.yml", "'stage'"),
        ("regions.yml", "'region'"),
        ("issue-types.yml", "'issue_types'"),
        ("lessons.yml", "'lessons'"),
        ("glossary.yml", None),
    ],
)
def test_a_taxonomy_file_that_cannot_be_read_is_one_error(
    two_cases: Path, capsys: pytest.CaptureFixture[str], file: str, fields: str | None
) -> None:
    path = two_cases / "cases" / "taxonomy" / file
    if not path.is_file():
        pytest.skip(f"the fixture taxonomy has no {file}")
    break_yaml(path)
    code, out, _ = run(capsys, "--root", str(two_cases), "check", "--strict")
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"cases/taxonomy/{file}:") and ": error: YAML syntax error" in line
    if fields:
        assert line.endswith(f"(every case's {fields} waits on it)")


def test_a_broken_case_is_one_error_in_the_strict_build_too(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    case = root / "cases" / "lost-test-phone-email.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: [unclosed ", 1), encoding="utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "casebook: " in line and ": error: " in line]
    assert len(errors) == 1, errors
    assert "cases/lost-test-phone-email.yml:" in errors[0] and "wait on it" in errors[0]
    assert check_library(root).library is None
