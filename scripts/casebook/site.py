"""One way in: load, validate, link and render, shared by the CLI and the MkDocs hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import CasebookError, Diagnostic
from .handbook import render_graph_page, render_handbook
from .history import case_histories
from .links import LinkGraph, build_link_graph
from .load import check_library
from .model import Library
from .render import CASES_INDEX, Page, case_uri, render_abbreviations, render_pages, term_uri

#: Up to this many cases, the sidebar lists every case under its domain. Beyond it
#: a list is too long to scan, and Material renders the open section's siblings
#: into every page, so the build grows as N² (1,009 links on each page at 5,000
#: cases); the case index, the explorer and search take over.
MAX_NAV_CASES = 200


@dataclass(frozen=True)
class Site:
    """Everything Casebook contributes to a build."""

    library: Library
    graph: LinkGraph
    pages: tuple[Page, ...]
    #: Abbreviation definitions appended to every page for hover tooltips.
    abbreviations: str
    #: The warnings and notices of the check (a valid library has no errors): every front end reports them.
    diagnostics: tuple[Diagnostic, ...] = ()

    def tag_names(self) -> list[str]:
        """Every allowed tag: the names of the issue types and lessons, from the taxonomy."""
        taxonomy = self.library.taxonomy
        return [t.name for t in taxonomy.issue_types.terms] + [t.name for t in taxonomy.lessons.terms]

    def expand_nav(self, nav: list[Any]) -> list[Any]:
        """Expand the generated sections of a `mkdocs.yml` nav into their pages.

        `mkdocs.yml` names each generated section by its index page
        (`- 案例: cases/index.md`); here that entry becomes the section with its
        pages, so readers can browse every case from the sidebar and the footer.
        A library larger than `MAX_NAV_CASES` keeps only the index page: see there.
        Entries Casebook does not own are kept exactly as written.
        """
        children = self._section_children()
        expanded: list[Any] = []
        for entry in nav:
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, target),) = entry.items()
                if isinstance(target, str) and target in children:
                    expanded.append({title: [target, *children[target]]})
                    continue
            expanded.append(entry)
        return expanded

    def _section_children(self) -> dict[str, list[Any]]:
        taxonomy = self.library.taxonomy
        by_domain = []
        for domain in taxonomy.domains.terms if len(self.library.cases) <= MAX_NAV_CASES else ():
            members = [{c.title: case_uri(c.id)} for c in self.library.cases if c.domain == domain.id]
            if members:
                by_domain.append({domain.name: members})
        return {
            CASES_INDEX: by_domain,
            "issue-types/index.md": [{t.name: term_uri("issue_types", t.id)} for t in taxonomy.issue_types.terms],
            "lessons/index.md": [{t.name: term_uri("lessons", t.id)} for t in taxonomy.lessons.terms],
        }


def build_site(root: Path, *, directory_urls: bool = True) -> Site:
    """Load the library under `root` and render every page; raises `CasebookError` when invalid.

    `directory_urls` is False for the offline build (file:// has no directory index),
    so links written as raw HTML (the SVG graphs) point at `….html` files.
    """
    result = check_library(root)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    library = result.library
    graph = build_link_graph(library)
    pages = render_pages(library, graph, case_histories(root), directory_urls=directory_urls)
    pages += [render_graph_page(library, directory_urls), render_handbook(root, library)]
    pages.sort(key=lambda p: p.uri)
    return Site(library, graph, tuple(pages), render_abbreviations(library), result.diagnostics)
