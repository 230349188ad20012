"""`/issue-types/` and `/lessons/`: every term with its description and case count."""

from __future__ import annotations

from casebook.derive.sitemap import Page, term_index_uri
from casebook.render.context import LISTING, Context
from casebook.render.templating import render_template

PATH = term_index_uri("issue_types") + ", " + term_index_uri("lessons")
NAV = PATH
SEARCH = LISTING


def render(context: Context) -> list[Page]:
    """The two index pages."""
    pages = []
    for kind in ("issue_types", "lessons"):
        uri = term_index_uri(kind)
        graph = context.graph
        counts = graph.cases_by_lesson if kind == "lessons" else graph.cases_by_issue_type
        text = render_template(
            "term_index.md.j2",
            search=SEARCH,
            kind=kind,
            terms=getattr(context.library.taxonomy, kind).terms,
            counts={t: len(ids) for t, ids in counts.items()},
            links=context.links(uri),
            t=context.labels,
        )
        pages.append(Page(uri, text))
    return pages
