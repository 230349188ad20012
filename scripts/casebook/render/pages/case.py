"""Case pages (`cases/<id>/`): facts, story, role and decision; then, folded, what followed; then the lessons."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from casebook.derive.editions import ZH, in_chinese_only
from casebook.derive.sitemap import CASES_INDEX, STAGES, Page, case_source_uri, case_uri
from casebook.model import Case
from casebook.model.fields import AFTER_DECISION
from casebook.render.context import INDEXED, Context, edition_markdown
from casebook.render.templating import render_template

PATH = case_uri("<id>")
NAV = CASES_INDEX
SEARCH = INDEXED

#: Up to this many cases, the sidebar lists every case under its domain. Beyond it
#: a list is too long to scan, and Material renders the open section's siblings
#: into every page, so the build grows as N² (1,009 links on each page at 5,000
#: cases); the case index, the explorer and search take over.
MAX_NAV_CASES = 200


def after_decision(markdown: dict[str, str], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """(label, text) of each part after the decision that the case has."""
    return [(labels[name], markdown[name]) for name in AFTER_DECISION if markdown[name]]


def render_case_page(case: Case, context: Context) -> Page:
    """The page of one case: facts box, story, decision, what followed, lessons, related cases, backlinks, source."""
    uri = case_uri(case.id)
    links = context.links(uri)
    taxonomy = context.library.taxonomy
    markdown = edition_markdown(case, context.edition, links.resolve_refs, context.labels)
    source = case_source_uri(case.id)
    related = context.graph.related[case.id]
    # A case that both cites this one and is related to it is listed once, under 相关案例.
    listed = {item.case_id for item in related}
    backlinks = [other for other in context.graph.backlinks[case.id] if other not in listed]
    text = render_template(
        "case.md.j2",
        case=case,
        md=markdown,
        after=after_decision(markdown, context.labels),
        t=context.labels,
        untranslated=in_chinese_only(case, context.edition),
        stale=context.edition is not ZH and case.en is not None and bool(case.en.stale),
        chinese_page=links.other_edition(uri, ZH),
        domain=taxonomy.domains[case.domain],
        stage=taxonomy.stages[case.stage],
        region=taxonomy.regions[case.region] if case.region else None,
        related=related,
        backlinks=backlinks,
        taxonomy=taxonomy,
        links=links,
        cases_index=CASES_INDEX,
        stages_page=STAGES,
        history=context.histories.get(source),
    )
    return Page(uri, text, source)


def render(context: Context) -> Iterator[Page]:
    """One page per case, each rendered when it is asked for (see `render_pages`)."""
    return (render_case_page(case, context) for case in context.library.cases)


def nav_children(context: Context) -> dict[str, list[Any]]:
    """Every case under its domain in the case section; none beyond `MAX_NAV_CASES`."""
    library = context.library
    by_domain: list[Any] = []
    for domain in library.taxonomy.domains.terms if len(library.cases) <= MAX_NAV_CASES else ():
        members = [{c.title: case_uri(c.id)} for c in library.cases if c.domain == domain.id]
        if members:
            by_domain.append({domain.name: members})
    return {CASES_INDEX: by_domain}
