"""The link graph: which case points where, and which pages should point back.

Everything here is computed once from a `Library` and is pure data, so the
renderer only looks things up and tests can assert on the graph directly.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Case, Library

#: How many scored (not explicitly related) cases a case page suggests.
MAX_SCORED_RELATED = 5
#: How many co-occurring lessons or issue types a taxonomy page shows.
MAX_CO_OCCURRING = 5


@dataclass(frozen=True)
class Related:
    """A case suggested on another case's page, with the reason it is suggested."""

    case_id: str
    explicit: bool
    shared_issue_types: tuple[str, ...] = ()
    shared_lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkGraph:
    """Every cross-link of the site, keyed by id."""

    related: Mapping[str, tuple[Related, ...]]
    backlinks: Mapping[str, tuple[str, ...]]
    cases_by_issue_type: Mapping[str, tuple[str, ...]]
    cases_by_lesson: Mapping[str, tuple[str, ...]]
    #: For an issue type, the lessons its cases teach most, as (lesson id, count).
    lessons_for_issue_type: Mapping[str, tuple[tuple[str, int], ...]]
    #: For a lesson, the issue types its cases show most, as (issue type id, count).
    issue_types_for_lesson: Mapping[str, tuple[tuple[str, int], ...]]
    #: (issue type id, lesson id) -> cases carrying both.
    matrix: Mapping[tuple[str, str], tuple[str, ...]]


def _postings(cases: tuple[Case, ...], attribute: str) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        for term_id in getattr(case, attribute):
            index[term_id].append(case.id)
    return {term_id: tuple(ids) for term_id, ids in index.items()}


def _scored_related(
    case: Case, by_issue_type: Mapping[str, tuple[str, ...]], by_lesson: Mapping[str, tuple[str, ...]], lookup: Mapping[str, Case]
) -> list[Related]:
    # Walk the inverted index from this case's own taxonomy ids, so the cost is the
    # size of the postings it touches, never all pairs of cases.
    scores: Counter[str] = Counter()
    for term_id in case.issue_types:
        scores.update(by_issue_type[term_id])
    for term_id in case.lessons:
        scores.update(by_lesson[term_id])
    skip = {case.id, *case.related}
    ranked = sorted((other for other in scores if other not in skip), key=lambda other: (-scores[other], other))
    suggestions = []
    for other_id in ranked[:MAX_SCORED_RELATED]:
        other = lookup[other_id]
        suggestions.append(
            Related(
                other_id,
                explicit=False,
                shared_issue_types=tuple(t for t in case.issue_types if t in other.issue_types),
                shared_lessons=tuple(t for t in case.lessons if t in other.lessons),
            )
        )
    return suggestions


def _co_occurring(
    postings: Mapping[str, tuple[str, ...]], lookup: Mapping[str, Case], attribute: str
) -> dict[str, tuple[tuple[str, int], ...]]:
    result = {}
    for term_id, case_ids in postings.items():
        counts: Counter[str] = Counter()
        for case_id in case_ids:
            counts.update(getattr(lookup[case_id], attribute))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        result[term_id] = tuple(ranked[:MAX_CO_OCCURRING])
    return result


def build_link_graph(library: Library) -> LinkGraph:
    """Compute related cases, backlinks, term listings, co-occurrence and the issue type × lesson matrix."""
    cases = library.cases
    lookup = {c.id: c for c in cases}
    by_issue_type = _postings(cases, "issue_types")
    by_lesson = _postings(cases, "lessons")

    related = {}
    for case in cases:
        explicit = [Related(other, explicit=True) for other in case.related]
        related[case.id] = tuple(explicit + _scored_related(case, by_issue_type, by_lesson, lookup))

    pointing: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        for target in {*case.related, *(ref.target for ref in case.refs)}:
            if target != case.id:
                pointing[target].add(case.id)

    matrix: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in cases:
        for issue_type in case.issue_types:
            for lesson in case.lessons:
                matrix[(issue_type, lesson)].append(case.id)

    return LinkGraph(
        related=related,
        backlinks={case.id: tuple(sorted(pointing.get(case.id, ()))) for case in cases},
        cases_by_issue_type=by_issue_type,
        cases_by_lesson=by_lesson,
        lessons_for_issue_type=_co_occurring(by_issue_type, lookup, "lessons"),
        issue_types_for_lesson=_co_occurring(by_lesson, lookup, "issue_types"),
        matrix={key: tuple(ids) for key, ids in matrix.items()},
    )
