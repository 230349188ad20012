"""Issue type and lesson pages (`issue-types/<id>/`, `lessons/<id>/`): description, checklist, cases, what co-occurs."""

from __future__ import annotations

from typing import Any

from ..graph import lesson_neighbourhood
from ..model import Term
from ..sitemap import GRAPH, Page, taxonomy_source_uri, term_index_uri, term_uri
from ..templating import render_template
from . import INDEXED, Context

PATH = term_uri("issue_types", "<id>") + ", " + term_uri("lessons", "<id>")
NAV = term_index_uri("issue_types") + ", " + term_index_uri("lessons")
SEARCH = INDEXED
KINDS = ("issue_types", "lessons")


def render_term_page(kind: str, term: Term, context: Context) -> Page:
    """The page of an issue type or a lesson.

    A lesson page also draws its neighbourhood (its cases and their issue types) as
    SVG, whose raw-HTML links depend on the URL style: see `casebook.graph`.
    """
    library, graph = context.library, context.graph
    uri = term_uri(kind, term.id)
    is_lesson = kind == "lessons"
    case_ids = (graph.cases_by_lesson if is_lesson else graph.cases_by_issue_type).get(term.id, ())
    co = (graph.issue_types_for_lesson if is_lesson else graph.lessons_for_issue_type).get(term.id, ())
    links = context.links(uri)
    text = render_template(
        "term.md.j2",
        term=term,
        kind=kind,
        is_lesson=is_lesson,
        cases=[library.case(c) for c in case_ids],
        co_kind="issue_types" if is_lesson else "lessons",
        co_occurring=co,
        related_terms=term.related,
        links=links,
        graph_page=GRAPH,
        neighbourhood=lesson_neighbourhood(library, term.id, links) if is_lesson else "",
    )
    return Page(uri, text, taxonomy_source_uri(kind))


def render(context: Context) -> list[Page]:
    """One page per issue type and per lesson."""
    return [render_term_page(kind, term, context) for kind in KINDS for term in getattr(context.library.taxonomy, kind).terms]


def nav_children(context: Context) -> dict[str, list[Any]]:
    """Every term under its section's index page."""
    taxonomy = context.library.taxonomy
    return {term_index_uri(kind): [{t.name: term_uri(kind, t.id)} for t in getattr(taxonomy, kind).terms] for kind in KINDS}
