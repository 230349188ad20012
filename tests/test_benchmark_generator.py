"""The benchmark's synthetic library generator: deterministic, and its output is a valid library."""

from __future__ import annotations

import sys
from pathlib import Path

from casebook.check.checker import check_library
from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate_cases, make_project


def test_same_seed_gives_a_byte_identical_library() -> None:
    assert generate_cases(30, seed=7) == generate_cases(30, seed=7)
    assert generate_cases(30, seed=7) != generate_cases(30, seed=8)


def test_a_generated_library_passes_check(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", 30, seed=7)
    result = check_library(root)
    assert result.errors == ()
    assert result.library is not None
    assert len(result.library.cases) == 30
    # related links and [[refs]] were re-pointed at generated cases, and some exist.
    assert any(case.refs for case in result.library.cases)
    assert any(case.related for case in result.library.cases)
