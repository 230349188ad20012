"""`/graph/`: how cases connect to issue types and lessons, as SVG (drawn by `casebook.derive.graph`)."""

from __future__ import annotations

from casebook.derive.graph import library_diagrams
from casebook.derive.sitemap import GRAPH, Page
from casebook.render.context import Context, SearchPolicy
from casebook.render.templating import render_template

PATH = GRAPH
NAV = GRAPH
SEARCH = SearchPolicy(exclude=True, why="The case pages themselves are what search should find; this page only repeats their titles.")


def render(context: Context) -> list[Page]:
    """The graph page."""
    library = context.library
    diagrams = library_diagrams(library, context.links(GRAPH))
    text = render_template(
        "graph.md.j2", search=SEARCH, diagrams=diagrams, single=len(diagrams) == 1, total=len(library.cases), t=context.labels
    )
    return [Page(GRAPH, text)]
