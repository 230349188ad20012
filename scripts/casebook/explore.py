"""Data for the case explorer (`/explore/`) and the deal-stage map (`/stages/`).

The explorer filters in the reader's browser from the page itself: the list of
every case, which readers without JavaScript see as it is, carries each case's
facet values, so the explorer needs no request and works from file://. Facets are the vocabularies, in taxonomy order, so adding a
lesson to the taxonomy adds it to the explorer with no code change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .links import LinkGraph
from .model import Case, Library, Term

EXPLORE_PAGE = "explore.md"
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


def explore_facets(library: Library) -> str:
    """The explorer's facets as JSON: each facet's key, label and values (id and name), in taxonomy order.

    The cases themselves are not repeated here: the page's own list carries each
    case's facet values (see `facet_values`), so nothing is fetched and the
    explorer works from file://.
    """
    taxonomy = library.taxonomy
    facets = [
        {"key": attribute, "label": label, "values": [{"id": t.id, "name": t.name} for t in getattr(taxonomy, vocabulary).terms]}
        for attribute, vocabulary, label in FACETS
    ]
    return json.dumps(facets, ensure_ascii=False, separators=(",", ":"))


def facet_values(case: Case) -> list[tuple[str, str]]:
    """(facet key, space-separated ids) for one case, as the explorer reads them from its list item.

    Only ids go into these attributes: they are checked against `[a-z0-9-]`,
    so no contributor text ever lands inside an HTML attribute.
    """
    return [(attribute, " ".join(_values(case, attribute))) for attribute, _, _ in FACETS]


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
