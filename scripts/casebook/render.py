"""Render the library into Markdown pages with Jinja2 templates.

Templates render; they do not decide. Everything a template shows is prepared
here (resolved references, relative links, sorted listings), and every template
is loaded with `StrictUndefined`, so a missing value fails the build loudly.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from .explore import EXPLORE_DATA, EXPLORE_PAGE, STAGES_PAGE, explore_data, stage_columns
from .fields import MARKDOWN_FIELDS
from .graph import lesson_neighbourhood
from .history import FileHistory
from .links import LinkGraph
from .markup import REF_PATTERN
from .model import Case, Library, Term
from .slugs import slugify
from .templating import render_template


@dataclass(frozen=True)
class Page:
    """A generated file: its URI under docs/, its text (Markdown for pages, or data), and the source to edit."""

    uri: str
    content: str
    #: Path of the file a reader should edit, relative to the project root ('' for none).
    edit_path: str = ""


# Page URIs are a contract: other issues, checks and readers' bookmarks rely on them.
def case_uri(case_id: str) -> str:
    """`/cases/<id>/`."""
    return f"cases/{case_id}.md"


def term_uri(kind: str, term_id: str) -> str:
    """`/issue-types/<id>/` or `/lessons/<id>/`."""
    return f"{_SECTION[kind]}/{term_id}.md"


_SECTION = {"issue_types": "issue-types", "lessons": "lessons"}
CASES_INDEX = "cases/index.md"
GLOSSARY = "glossary.md"


@cache
def _relative(uri: str, folder: str) -> str:
    # Pages sit in a handful of folders and link to the same pages over and over;
    # relpath normalises both paths on every call, which showed in the profile.
    return posixpath.relpath(uri, folder)


class Links:
    """Relative links from one page to the others, so the site works under any base URL."""

    def __init__(self, page_uri: str, library: Library) -> None:
        self.page_uri = page_uri
        self.library = library

    def to(self, uri: str, anchor: str = "") -> str:
        """A link from this page to `uri`, optionally to a heading on it."""
        target = _relative(uri, posixpath.dirname(self.page_uri) or ".")
        if target == posixpath.basename(self.page_uri) and anchor:
            target = ""
        return target + (f"#{slugify(anchor)}" if anchor else "")

    def case(self, case_id: str) -> str:
        """A Markdown link to a case, titled with the case's title."""
        return f"[{self.library.case(case_id).title}]({self.to(case_uri(case_id))})"

    def term(self, kind: str, term_id: str) -> str:
        """A Markdown link to an issue type or lesson page."""
        term = getattr(self.library.taxonomy, kind)[term_id]
        return f"[{term.name}]({self.to(term_uri(kind, term_id))})"

    def terms(self, kind: str, term_ids: Iterable[str]) -> str:
        """Several term links, joined the Chinese way."""
        return "、".join(self.term(kind, t) for t in term_ids)

    def anchor(self, uri: str, heading: str, text: str) -> str:
        """A Markdown link to a heading on another page."""
        return f"[{text}]({self.to(uri, heading)})"

    def resolve_refs(self, markdown: str | None) -> str:
        """Replace each `[[case-id]]` with a link titled with that case's title."""
        if markdown is None:
            return ""
        return REF_PATTERN.sub(lambda m: self.case(m.group(1).strip()), markdown)


#: What happened after the decision, in the order a case page (and the handbook) shows it, with its label.
AFTER_DECISION = (("cause", "原因"), ("response", "当时的处理"), ("countermeasure", "防止再发"), ("outcome", "结果"))


def render_case_page(case: Case, library: Library, graph: LinkGraph, history: FileHistory | None = None) -> Page:
    """The page of one case: facts box, story, decision, outcome, related cases, backlinks, source."""
    uri = case_uri(case.id)
    links = Links(uri, library)
    taxonomy = library.taxonomy
    markdown = {field: links.resolve_refs(getattr(case, field)) for field in MARKDOWN_FIELDS}
    text = render_template(
        "case.md.j2",
        case=case,
        md=markdown,
        after=[(label, markdown[name]) for name, label in AFTER_DECISION if markdown[name]],
        domain=taxonomy.domains[case.domain],
        stage=taxonomy.stages[case.stage],
        region=taxonomy.regions[case.region] if case.region else None,
        related=graph.related[case.id],
        backlinks=graph.backlinks[case.id],
        taxonomy=taxonomy,
        links=links,
        cases_index=CASES_INDEX,
        stages_page=STAGES_PAGE,
        history=history,
    )
    return Page(uri, text, case.source_uri)


def render_term_page(kind: str, term: Term, library: Library, graph: LinkGraph, directory_urls: bool = True) -> Page:
    """The page of an issue type or a lesson: description, checklist, its cases, what co-occurs.

    A lesson page also draws its neighbourhood (its cases and their issue types) as
    SVG, whose raw-HTML links depend on the URL style: see `casebook.graph`.
    """
    uri = term_uri(kind, term.id)
    is_lesson = kind == "lessons"
    case_ids = (graph.cases_by_lesson if is_lesson else graph.cases_by_issue_type).get(term.id, ())
    co_kind = "issue_types" if is_lesson else "lessons"
    co = (graph.issue_types_for_lesson if is_lesson else graph.lessons_for_issue_type).get(term.id, ())
    text = render_template(
        "term.md.j2",
        term=term,
        kind=kind,
        is_lesson=is_lesson,
        cases=[library.case(c) for c in case_ids],
        co_kind=co_kind,
        co_occurring=co,
        related_terms=term.related,
        links=Links(uri, library),
        neighbourhood=lesson_neighbourhood(library, term.id, uri, directory_urls) if is_lesson else "",
    )
    return Page(uri, text, f"cases/taxonomy/{'lessons' if is_lesson else 'issue-types'}.yml")


def render_term_index(kind: str, library: Library, graph: LinkGraph) -> Page:
    """`/issue-types/` or `/lessons/`: every term with its description and case count."""
    uri = f"{_SECTION[kind]}/index.md"
    counts = graph.cases_by_lesson if kind == "lessons" else graph.cases_by_issue_type
    text = render_template(
        "term_index.md.j2",
        kind=kind,
        terms=getattr(library.taxonomy, kind).terms,
        counts={t: len(ids) for t, ids in counts.items()},
        links=Links(uri, library),
    )
    return Page(uri, text)


def render_cases_index(library: Library, graph: LinkGraph) -> Page:
    """`/cases/`: every case grouped by domain, stage and region, and the issue type × lesson matrix."""
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
        by_domain=group("domain", "domains"),
        by_stage=group("stage", "stages"),
        by_region=group("region", "regions"),
        rows=rows,
        columns=columns,
        matrix=graph.matrix,
        cell_heading=cell_heading,
        library=library,
        links=Links(CASES_INDEX, library),
        total=len(library.cases),
    )
    return Page(CASES_INDEX, text)


def render_explorer(library: Library) -> list[Page]:
    """`/explore/`: every case listed for readers without JavaScript, plus the JSON the filters run on."""
    page = render_template("explore.md.j2", cases=library.cases, links=Links(EXPLORE_PAGE, library))
    return [Page(EXPLORE_PAGE, page), Page(EXPLORE_DATA, explore_data(library))]


def render_stage_map(library: Library, graph: LinkGraph) -> Page:
    """`/stages/`: the deal path as a row, each stage with its cases and the issue types met there."""
    columns = stage_columns(library, graph)
    return Page(STAGES_PAGE, render_template("stages.md.j2", columns=columns, links=Links(STAGES_PAGE, library)))


def cell_heading(issue_type: Term, lesson: Term) -> str:
    """The heading under which the cases of one matrix cell are listed."""
    return f"{issue_type.name} × {lesson.name}"


def render_glossary(library: Library) -> Page:
    """`/glossary/`: every term a newcomer may not know."""
    entries = sorted(library.taxonomy.glossary, key=lambda e: e.term.lower())
    return Page(GLOSSARY, render_template("glossary.md.j2", entries=entries), "cases/taxonomy/glossary.yml")


def render_abbreviations(library: Library) -> str:
    """Markdown abbreviation definitions (`*[KA]: …`) for the hover tooltips on every page."""
    # Python-Markdown matches abbreviations between word boundaries, and there is
    # no boundary between two Chinese characters, so only Latin terms get tooltips.
    entries = [e for e in library.taxonomy.glossary if e.term.isascii()]
    return render_template("abbreviations.md.j2", entries=entries)


def render_pages(
    library: Library, graph: LinkGraph, histories: Mapping[str, FileHistory] | None = None, *, directory_urls: bool = True
) -> list[Page]:
    """Every generated page, sorted by URI so output is deterministic; `directory_urls` as in mkdocs.yml."""
    histories = histories or {}
    pages = [render_case_page(c, library, graph, histories.get(c.source_uri)) for c in library.cases]
    for kind in ("issue_types", "lessons"):
        pages.append(render_term_index(kind, library, graph))
        pages.extend(render_term_page(kind, t, library, graph, directory_urls) for t in getattr(library.taxonomy, kind).terms)
    pages.append(render_cases_index(library, graph))
    pages.extend(render_explorer(library))
    pages.append(render_stage_map(library, graph))
    if library.taxonomy.glossary:
        pages.append(render_glossary(library))
    return sorted(pages, key=lambda p: p.uri)
