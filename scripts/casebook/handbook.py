"""Two pages that look at the whole library at once: the relation graph and the printable handbook.

The graph page places the SVG diagrams of `casebook.graph`. The handbook is the
newcomer path (docs/newcomers.md, read as written) followed by each of its cases in the
order the path first mentions it, on one long page that prints to a clean A4
document with docs/stylesheets/print.css.
"""

from __future__ import annotations

import re
from pathlib import Path

from .fields import MARKDOWN_FIELDS
from .graph import library_diagrams
from .markup import REF_PATTERN
from .model import Case, Library
from .render import AFTER_DECISION, Links, Page, case_uri
from .templating import render_template

GRAPH = "graph.md"
HANDBOOK = "handbook.md"
#: The hand-written newcomer path, relative to the project root.
NEWCOMERS = "docs/newcomers.md"

_CASE_LINK = re.compile(r"\]\((?:\./)?cases/([a-z0-9-]+)\.md(?:#[^)]*)?\)")
_HEADING = re.compile(r"^(#{1,5})(?=\s)", re.MULTILINE)
_FENCE = re.compile(r"^(```|~~~)", re.MULTILINE)
# The reading-progress widget belongs to the newcomer page; on paper it has nothing to track.
_WIDGET = re.compile(r"^<div\b[^>\n]*\bdata-cb-progress\b[^\n]*</div>[ \t]*\n", re.MULTILINE)


def render_graph_page(library: Library, directory_urls: bool = True) -> Page:
    """`/graph/`: how cases connect to issue types and lessons, as SVG."""
    diagrams = library_diagrams(library, GRAPH, directory_urls)
    text = render_template("graph.md.j2", diagrams=diagrams, single=len(diagrams) == 1, total=len(library.cases))
    return Page(GRAPH, text)


def reading_order(library: Library, path_text: str) -> list[Case]:
    """The cases the newcomer path links to, in order of first mention.

    The handbook is the path and its cases, what a newcomer carries abroad; a
    library of thousands of cases on one printed page would serve nobody.
    """
    known = {c.id for c in library.cases}
    ordered = dict.fromkeys(case_id for case_id in _CASE_LINK.findall(path_text) if case_id in known)
    return [library.case(case_id) for case_id in ordered]


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


def render_handbook(root: Path, library: Library) -> Page:
    """`/handbook/`: the newcomer path and its cases, unfolded, in reading order, for print and PDF."""
    path_file = root / NEWCOMERS
    path_text = path_file.read_text(encoding="utf-8") if path_file.is_file() else ""
    links = Links(HANDBOOK, library)
    taxonomy = library.taxonomy

    def in_page(markdown: str | None) -> str:
        # In the handbook a `[[case-id]]` jumps to that case further down the same document.
        if markdown is None:
            return ""
        return REF_PATTERN.sub(lambda m: f"[{library.case(m.group(1).strip()).title}](#case-{m.group(1).strip()})", markdown)

    cases = []
    for case in reading_order(library, path_text):
        markdown = {field: in_page(getattr(case, field)) for field in MARKDOWN_FIELDS}
        cases.append(
            {
                "case": case,
                "md": markdown,
                "after": [(label, markdown[name]) for name, label in AFTER_DECISION if markdown[name]],
                "domain": taxonomy.domains[case.domain],
                "stage": taxonomy.stages[case.stage],
                "region": taxonomy.regions[case.region] if case.region else None,
                "online": links.to(case_uri(case.id)),
            }
        )
    text = render_template(
        "handbook.md.j2",
        path=shift_headings(_WIDGET.sub("", path_text)).strip(),
        has_path=bool(path_text),
        cases=cases,
        links=links,
    )
    return Page(HANDBOOK, text, NEWCOMERS if path_text else "")
