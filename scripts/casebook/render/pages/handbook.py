"""`/handbook/`: the newcomer path and its cases, unfolded, in reading order, for print and PDF.

The newcomer path (docs/newcomers.md, read as written) is followed by each of its cases
in the order the path first mentions it, on one long page that prints to a clean A4
document with docs/stylesheets/print.css.
"""

from __future__ import annotations

import re

from casebook.check.editorial import linked_cases, newcomers_source
from casebook.derive.editions import in_chinese_only
from casebook.derive.sitemap import HANDBOOK, Page, case_uri
from casebook.model import Case, Library
from casebook.render.context import Context, SearchPolicy, edition_markdown
from casebook.render.pages.case import after_decision
from casebook.render.templating import render_template
from casebook.source.markup import REF_PATTERN

PATH = HANDBOOK
NAV = HANDBOOK
SEARCH = SearchPolicy(exclude=True, why="The case pages themselves are what search should find; this page only repeats them.")

_HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)
# The reading-progress widget belongs to the newcomer page; on paper it has nothing to track.
_WIDGET = re.compile(r"^<div\b[^>\n]*\bdata-cb-progress\b[^\n]*</div>[ \t]*\n", re.MULTILINE)


def reading_order(library: Library, path_text: str) -> list[Case]:
    """The cases the newcomer path links to, in order of first mention.

    The handbook is the path and its cases, what a newcomer carries abroad; a
    library of thousands of cases on one printed page would serve nobody.
    """
    known = {c.id for c in library.cases} | set(library.renamed)
    ids = dict.fromkeys(library.case(case_id).id for case_id in linked_cases(path_text) if case_id in known)
    return [library.case(case_id) for case_id in ids]


def shift_headings(markdown: str) -> str:
    """Every ATX heading one level down (`#` -> `##`), leaving fenced code alone."""
    parts = _FENCE.split(markdown)
    # split() with one group alternates text, fence marker, text...; inside a fence after an odd number of markers.
    out: list[str] = []
    inside = False
    for index, part in enumerate(parts):
        if index % 2 == 1:
            inside = not inside
            out.append(part)
        else:
            out.append(part if inside else _HEADING.sub(r"#\1", part))
    return "".join(out)


def render(context: Context) -> list[Page]:
    """The handbook page."""
    library = context.library
    path_text = context.newcomer_path
    links = context.links(HANDBOOK)
    taxonomy = library.taxonomy

    def in_page(markdown: str) -> str:
        # In the handbook a `[[case-id]]` jumps to that case further down the same document.
        def jump(match: re.Match[str]) -> str:
            case = library.case(match.group(1).strip())
            return f"[{case.title}](#case-{case.id})"

        return REF_PATTERN.sub(jump, markdown)

    cases = []
    for case in reading_order(library, path_text):
        markdown = edition_markdown(case, context.edition, in_page, context.labels)
        cases.append(
            {
                "case": case,
                "md": markdown,
                "after": after_decision(markdown, context.labels),
                "domain": taxonomy.domains[case.domain],
                "stage": taxonomy.stages[case.stage],
                "region": taxonomy.regions[case.region] if case.region else None,
                "online": links.to(case_uri(case.id)),
                "untranslated": in_chinese_only(case, context.edition),
            }
        )
    text = render_template(
        "handbook.md.j2",
        search=SEARCH,
        path=shift_headings(_WIDGET.sub("", path_text)).strip(),
        has_path=bool(path_text),
        cases=cases,
        links=links,
        t=context.labels,
    )
    return [Page(HANDBOOK, text, newcomers_source(context.edition) if path_text else "")]
