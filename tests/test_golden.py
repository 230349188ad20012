"""Golden files: input cases in, the exact generated Markdown out.

Each folder under tests/golden/ holds `cases/*.yml` (checked against the fixture
taxonomy) and `expected/`, the page tree Casebook feeds to MkDocs. Run
`pytest tests/test_golden.py --update-golden` after an intended change, and
review the diff of expected/ like any other change.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.site.build import build_site
from conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIOS = sorted(p.name for p in GOLDEN.iterdir() if (p / "cases").is_dir())


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_generated_markdown_matches_golden(scenario: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    source = GOLDEN / scenario
    root = tmp_path / "project"
    shutil.copytree(source / "cases", root / "cases")
    shutil.copytree(FIXTURES / "taxonomy", root / "cases" / "taxonomy")

    actual = {page.uri: page.content for page in build_site(root).pages}

    expected_dir = source / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for uri, text in actual.items():
            (expected_dir / uri).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / uri).write_text(text, encoding="utf-8")
    assert actual == _tree(expected_dir)


def test_same_input_gives_byte_identical_pages(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN / "two-linked-cases" / "cases", root / "cases")
    shutil.copytree(FIXTURES / "taxonomy", root / "cases" / "taxonomy")
    first = [(p.uri, p.content) for p in build_site(root).pages]
    second = [(p.uri, p.content) for p in build_site(root).pages]
    assert first == second
