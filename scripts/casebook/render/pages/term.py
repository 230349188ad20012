"""Issue type and lesson pages (`issue-types/<id>/`, `lessons/<id>/`), and the home page's way in by situation.

An issue-type page is where a reader with a problem in hand lands from the home page
(「我现在遇到了…」): it opens with what to do in the first 48 hours, drawn from the
checklists of the lessons its cases teach, then lists its cases grouped by lesson. A
lesson page lists its cases grouped by issue type. Those groups are the pair details
the matrix on `/cases/` links to (`sitemap.pair_heading`).
"""

from __future__ import annotations

from typing import Any

from casebook.derive.editions import ZH, Edition
from casebook.derive.graph import lesson_neighbourhood
from casebook.derive.sitemap import GRAPH, Links, Page, pair_heading, taxonomy_source_uri, term_index_uri, term_uri
from casebook.model import Case, Library, Term
from casebook.render.context import INDEXED, Context
from casebook.render.templating import render_template

PATH = term_uri("issue_types", "<id>") + ", " + term_uri("lessons", "<id>")
NAV = term_index_uri("issue_types") + ", " + term_index_uri("lessons")
SEARCH = INDEXED
KINDS = ("issue_types", "lessons")
#: How many lessons the first-48-hours advice draws on, and how many checklist items from each.
FIRST_STEPS_LESSONS = 4
FIRST_STEPS_PER_LESSON = 2


def first_steps(library: Library, co_occurring: tuple[tuple[str, int], ...]) -> list[tuple[str, str]]:
    """(checklist item, lesson id): the opening items of the checklists of the lessons an issue type's cases teach, most frequent first."""
    lessons = library.taxonomy.lessons
    return [
        (item, lesson_id)
        for lesson_id, _ in co_occurring[:FIRST_STEPS_LESSONS]
        for item in lessons[lesson_id].checklist[:FIRST_STEPS_PER_LESSON]
    ]


def grouped(cases: list[Case], other_kind: str, library: Library) -> list[tuple[Term, str, list[Case]]]:
    """The cases under each term of the other vocabulary they carry, in taxonomy order: (term, heading, cases)."""
    groups = []
    for other in getattr(library.taxonomy, other_kind).terms:
        members = [c for c in cases if other.id in getattr(c, other_kind)]
        if members:
            groups.append((other, pair_heading(other.name), members))
    return groups


def render_term_page(kind: str, term: Term, context: Context) -> Page:
    """The page of an issue type or a lesson.

    A lesson page also draws its neighbourhood (its cases and their issue types) as
    SVG, whose raw-HTML links depend on the URL style: see `casebook.derive.graph`.
    """
    library, graph = context.library, context.graph
    uri = term_uri(kind, term.id)
    is_lesson = kind == "lessons"
    case_ids = (graph.cases_by_lesson if is_lesson else graph.cases_by_issue_type).get(term.id, ())
    co = (graph.issue_types_for_lesson if is_lesson else graph.lessons_for_issue_type).get(term.id, ())
    links = context.links(uri)
    co_kind = "issue_types" if is_lesson else "lessons"
    cases = [library.case(c) for c in case_ids]
    text = render_template(
        "term.md.j2",
        term=term,
        kind=kind,
        is_lesson=is_lesson,
        cases=cases,
        groups=grouped(cases, co_kind, library),
        first_steps=[] if is_lesson else first_steps(library, co),
        related_terms=term.related,
        links=links,
        graph_page=GRAPH,
        neighbourhood=lesson_neighbourhood(library, term.id, links) if is_lesson else "",
        model_messages=term.en.get("how_to_say", ()) if term.en is not None else (),
        t=context.labels,
    )
    return Page(uri, text, taxonomy_source_uri(kind))


def render_situations(library: Library, page_uri: str, directory_urls: bool = True, edition: Edition = ZH) -> str:
    """The home page's 「我现在遇到了…」 list: one entry per issue type with cases, its situation linking to its page.

    The hand-written home page includes it as a snippet (see scripts/hooks.py), so a new
    issue type in the taxonomy appears there with no change to code or docs/.
    """
    links = Links(page_uri, library, directory_urls, edition)
    counts = {t.id: sum(t.id in c.issue_types for c in library.cases) for t in library.taxonomy.issue_types.terms}
    entries = [(t, counts[t.id]) for t in library.taxonomy.issue_types.terms if counts[t.id] and t.situation]
    return render_template("situations.md.j2", entries=entries, links=links, term_uri=term_uri, t=edition.labels)


def render(context: Context) -> list[Page]:
    """One page per issue type and per lesson."""
    return [render_term_page(kind, term, context) for kind in KINDS for term in getattr(context.library.taxonomy, kind).terms]


def nav_children(context: Context) -> dict[str, list[Any]]:
    """Every term under its section's index page."""
    taxonomy = context.library.taxonomy
    return {term_index_uri(kind): [{t.name: term_uri(kind, t.id)} for t in getattr(taxonomy, kind).terms] for kind in KINDS}
