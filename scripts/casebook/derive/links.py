"""The link graph: which case points where, and which pages should point back.

Everything here is computed once from a `Library` and is pure data, so the
renderer only looks things up and tests can assert on the graph directly.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from casebook.model import Case, Library

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


#: Cases with more taxonomy ids than this are scored by counting, not through the subset index,
#: whose size grows as 2**ids per case.
MAX_INDEXED_TERMS = 6

_Terms = tuple[str, ...]


def _terms(case: Case) -> _Terms:
    # Issue types and lessons are separate vocabularies: tag them so equal ids never collide.
    return tuple(sorted([f"i:{t}" for t in case.issue_types] + [f"l:{t}" for t in case.lessons]))


def _subset_index(cases: tuple[Case, ...]) -> dict[_Terms, list[str]]:
    """Every non-empty subset of a (narrow) case's taxonomy ids -> the ids of the cases holding all of it, sorted."""
    index: dict[_Terms, list[str]] = defaultdict(list)
    for case in cases:
        terms = _terms(case)
        if len(terms) <= MAX_INDEXED_TERMS:
            for size in range(1, len(terms) + 1):
                for subset in combinations(terms, size):
                    index[subset].append(case.id)
    for ids in index.values():
        ids.sort()
    return index


def _related_entry(case: Case, other: Case) -> Related:
    return Related(
        other.id,
        explicit=False,
        shared_issue_types=tuple(t for t in case.issue_types if t in other.issue_types),
        shared_lessons=tuple(t for t in case.lessons if t in other.lessons),
    )


def _scored_related(case: Case, by_subset: Mapping[_Terms, list[str]], wide: tuple[Case, ...], lookup: Mapping[str, Case]) -> list[Related]:
    """The best-scored other cases: most shared issue types + lessons first, then by id.

    Profiling at 5,000 synthetic cases showed the earlier version (count every case
    in the postings of each of this case's ids) was quadratic: with a vocabulary of
    a few dozen ids, each posting holds ~N/15 cases, so link time went 0.18 s -> 3.7 s
    from 1,000 to 5,000 cases. Here the postings are keyed by *subsets* of ids, and
    we walk score levels from the highest down: the sorted postings of all
    size-`level` subsets, merged, are exactly the cases scoring >= level in id order,
    so we stop as soon as MAX_SCORED_RELATED are found, touching only a few ids.
    The ranking, (-score, id), is identical to counting.
    """
    terms = _terms(case)
    skip = {case.id, *case.related}
    chosen: list[str] = []
    if len(terms) <= MAX_INDEXED_TERMS:
        taken: set[str] = set()
        for level in range(len(terms), 0, -1):
            streams = [by_subset.get(subset, ()) for subset in combinations(terms, level)]
            for other_id in heapq.merge(*streams):
                if other_id not in skip and other_id not in taken:
                    taken.add(other_id)
                    chosen.append(other_id)
                    if len(chosen) == MAX_SCORED_RELATED:
                        break
            if len(chosen) == MAX_SCORED_RELATED:
                break
    else:
        chosen = [c.id for c in lookup.values()]  # a wide case is rare: score everyone
    own = set(terms)
    # Wide cases are not in the subset index; rank them together with the narrow top ones.
    pool = set(chosen) | {c.id for c in wide if c.id not in skip}
    scored = [(len(own.intersection(_terms(lookup[other_id]))), other_id) for other_id in pool]
    ranked = sorted((item for item in scored if item[0] > 0 and item[1] not in skip), key=lambda item: (-item[0], item[1]))
    return [_related_entry(case, lookup[other_id]) for _, other_id in ranked[:MAX_SCORED_RELATED]]


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

    by_subset = _subset_index(cases)
    wide = tuple(c for c in cases if len(_terms(c)) > MAX_INDEXED_TERMS)
    related = {}
    for case in cases:
        explicit = [Related(other, explicit=True) for other in case.related]
        related[case.id] = tuple(explicit + _scored_related(case, by_subset, wide, lookup))

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
