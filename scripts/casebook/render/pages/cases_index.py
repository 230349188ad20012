"""`/cases/`: every case grouped by domain, stage and region, and the issue type × lesson matrix."""

from __future__ import annotations

from casebook.derive.sitemap import CASES_INDEX, Page, pair_target
from casebook.model import Case, Term
from casebook.render.context import LISTING, Context
from casebook.render.templating import render_template

PATH = CASES_INDEX
NAV = CASES_INDEX
SEARCH = LISTING


def render(context: Context) -> list[Page]:
    """The case index."""
    library, graph = context.library, context.graph
    taxonomy = library.taxonomy

    def group(attribute: str, vocabulary: str) -> list[tuple[Term, list[Case]]]:
        groups = []
        for term in getattr(taxonomy, vocabulary).terms:
            members = [c for c in library.cases if getattr(c, attribute) == term.id]
            if members:
                groups.append((term, members))
        return groups

    rows = [t for t in taxonomy.issue_types.terms if any((t.id, lesson.id) in graph.matrix for lesson in taxonomy.lessons.terms)]
    columns = [lesson for lesson in taxonomy.lessons.terms if any((t.id, lesson.id) in graph.matrix for t in taxonomy.issue_types.terms)]
    text = render_template(
        "cases_index.md.j2",
        search=SEARCH,
        by_domain=group("domain", "domains"),
        by_stage=group("stage", "stages"),
        by_region=group("region", "regions"),
        rows=rows,
        columns=columns,
        matrix=graph.matrix,
        pair_target=pair_target,
        library=library,
        links=context.links(CASES_INDEX),
        t=context.labels,
        total=len(library.cases),
    )
    return [Page(CASES_INDEX, text)]
