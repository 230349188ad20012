"""The link graph: explicit related cases first, then scored ones with a reason; backlinks; co-occurrence."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.check.checker import load_library
from casebook.derive.links import LinkGraph, Related, build_link_graph
from conftest import two_case_project


@pytest.fixture
def graph(tmp_path: Path) -> LinkGraph:
    root = two_case_project(tmp_path)
    (root / "cases" / "third.yml").write_text(
        "id: third\ntitle: 第三个\nsummary: 只和晚到有关。\ndomain: ict\nstage: delivery\n"
        "issue_types: [late-delivery, wrong-parts]\nlessons: [take-notes]\nstory: 讲完了。\nsource: {title: 测试文章甲}\n",
        encoding="utf-8",
    )
    return build_link_graph(load_library(root))


def test_explicit_related_cases_come_first_then_scored_ones_with_their_reason(graph: LinkGraph) -> None:
    assert graph.related["late-kit"] == (
        Related("missed-fair", explicit=True),
        Related("third", explicit=False, shared_issue_types=("late-delivery", "wrong-parts"), shared_lessons=("take-notes",)),
    )


def test_scored_related_cases_rank_by_shared_terms(graph: LinkGraph) -> None:
    # missed-fair shares late-delivery + say-it-early with late-kit (2) and only late-delivery with third (1).
    assert [r.case_id for r in graph.related["missed-fair"]] == ["late-kit", "third"]


def test_backlinks_come_from_references_and_related(graph: LinkGraph) -> None:
    assert graph.backlinks["missed-fair"] == ("late-kit",)
    assert graph.backlinks["late-kit"] == ()


def test_taxonomy_pages_list_their_cases_and_what_co_occurs(graph: LinkGraph) -> None:
    assert graph.cases_by_issue_type["late-delivery"] == ("late-kit", "missed-fair", "third")
    assert graph.lessons_for_issue_type["late-delivery"][0] == ("say-it-early", 2)
    assert graph.issue_types_for_lesson["take-notes"] == (("late-delivery", 2), ("wrong-parts", 2))


def test_matrix_cells_hold_the_cases_carrying_both_terms(graph: LinkGraph) -> None:
    assert graph.matrix[("late-delivery", "say-it-early")] == ("late-kit", "missed-fair")
    assert ("expectation-gap", "take-notes") not in graph.matrix
