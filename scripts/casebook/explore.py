"""Data for the case explorer (`/explore/`) and the deal-stage map (`/stages/`).

The explorer filters in the reader's browser from one JSON file that the build
writes beside the page; the page itself lists every case, so it still works
without JavaScript. Facets are the vocabularies, in taxonomy order, so adding a
lesson to the taxonomy adds it to the explorer with no code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .links import LinkGraph
from .model import Case, Library, Term

EXPLORE_PAGE = "explore.md"
EXPLORE_DATA = "explore/cases.json"
STAGES_PAGE = "stages.md"

#: (case attribute, vocabulary, facet label). One list, read by the JSON and by the page.
FACETS: tuple[tuple[str, str, str], ...] = (
    ("domain", "domains", "业务领域"),
    ("stage", "stages", "阶段"),
    ("region", "regions", "地区"),
    ("issue_types", "issue_types", "问题类型"),
    ("lessons", "lessons", "经验教训"),
)


def _values(case: Case, attribute: str) -> list[str]:
    value = getattr(case, attribute)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def explore_data(library: Library) -> str:
    """The explorer's JSON: facets with their values, and each case with its facet values.

    URLs are relative to the explorer page (`/explore/`), so the site works under any base path.
    """
    taxonomy = library.taxonomy
    data: dict[str, Any] = {
        "facets": [
            {"key": attribute, "label": label, "values": [{"id": t.id, "name": t.name} for t in getattr(taxonomy, vocabulary).terms]}
            for attribute, vocabulary, label in FACETS
        ],
        "cases": [
            {
                "id": case.id,
                "title": case.title,
                "summary": case.summary,
                "url": f"../cases/{case.id}/",
                **{attribute: _values(case, attribute) for attribute, _, _ in FACETS},
            }
            for case in library.cases
        ],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class StageColumn:
    """One step of the deal path: its cases and the issue types met there, most frequent first."""

    stage: Term
    cases: tuple[Case, ...]
    issue_types: tuple[tuple[str, int], ...]


def stage_columns(library: Library, graph: LinkGraph) -> list[StageColumn]:
    """Every stage in deal-path order, including stages with no case yet (a newcomer should see the whole path)."""
    columns = []
    for stage in library.taxonomy.stages.terms:
        cases = tuple(c for c in library.cases if c.stage == stage.id)
        counts: dict[str, int] = {}
        for case in cases:
            for issue_type in case.issue_types:
                counts[issue_type] = counts.get(issue_type, 0) + 1
        ranked = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        columns.append(StageColumn(stage, cases, ranked))
    return columns
