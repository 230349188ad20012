"""One way in: load, validate, link and render, shared by the CLI and the MkDocs hook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .diagnostics import CasebookError, Diagnostic
from .editorial import read_newcomer_path
from .history import case_histories
from .links import build_link_graph
from .load import check_library
from .model import Library
from .pages import REGISTRY, Context, nav_children, render_pages
from .pages.glossary import render_abbreviations
from .pages.term import render_situations
from .sitemap import HOME, Page


@dataclass(frozen=True)
class Site:
    """Everything Casebook contributes to a build."""

    library: Library
    pages: tuple[Page, ...]
    #: Abbreviation definitions appended to every page for hover tooltips.
    abbreviations: str
    #: The generated pages each nav entry of mkdocs.yml expands into, keyed by the entry's path.
    nav: dict[str, list[Any]]
    #: The home page's 「我现在遇到了…」 list (Markdown), which docs/index.md includes as a snippet.
    situations: str = ""
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
        pages (as each page type's `nav_children` lists them), so readers can browse
        every case from the sidebar and the footer. Entries Casebook does not own are
        kept exactly as written.
        """
        expanded: list[Any] = []
        for entry in nav:
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, target),) = entry.items()
                if isinstance(target, str) and target in self.nav:
                    expanded.append({title: [target, *self.nav[target]]})
                    continue
            expanded.append(entry)
        return expanded


def build_site(root: Path, *, directory_urls: bool = True, registry: tuple[ModuleType, ...] = REGISTRY) -> Site:
    """Load the library under `root` and render every page; raises `CasebookError` when invalid.

    Everything is read first (the library, git history), then every registered page
    type renders. `directory_urls` is False for the offline build (file:// has no
    directory index), so final URLs in raw HTML and data point at `….html` files.
    """
    result = check_library(root)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    library = result.library
    # Collect everything first (the check has decoded the newcomer path once already), then render.
    newcomer_path, _ = read_newcomer_path(root)
    context = Context(root, library, build_link_graph(library), case_histories(root), newcomer_path, directory_urls)
    pages = render_pages(context, registry)
    return Site(
        library,
        tuple(pages),
        render_abbreviations(library),
        nav_children(context, registry),
        render_situations(library, HOME, directory_urls),
        result.diagnostics,
    )
