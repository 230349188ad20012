"""`/stages/`: the deal path as a row, each stage with its cases and the issue types met there."""

from __future__ import annotations

from dataclasses import dataclass

from casebook.derive.links import LinkGraph
from casebook.derive.sitemap import STAGES, Page
from casebook.model import Case, Library, Term
from casebook.render.context import LISTING, Context
from casebook.render.templating import render_template

PATH = STAGES
NAV = STAGES
SEARCH = LISTING


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


def render(context: Context) -> list[Page]:
    """The stage map."""
    columns = stage_columns(context.library, context.graph)
    return [Page(STAGES, render_template("stages.md.j2", search=SEARCH, columns=columns, links=context.links(STAGES), t=context.labels))]
