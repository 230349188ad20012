"""Page types: one module per kind of generated page, and the registry `build_site` iterates.

Each page-type module declares, at module level:

- `PATH`: the path (or path pattern) of its pages under docs/, from `casebook.derive.sitemap`;
- `NAV`: the `mkdocs.yml` nav entry its pages sit under (None: not in the nav);
- `SEARCH`: its `SearchPolicy`, which its template writes into the page's front matter;
- `render(context) -> Iterable[Page]`: its pages (a generator, where there are many: see `render_pages`);
- optionally `nav_children(context) -> dict[str, list]`: the pages it lists under a nav entry.

Adding a page type is one module, one template and one line in `REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from types import ModuleType
from typing import Any

from casebook.derive.editions import Edition
from casebook.derive.sitemap import Page
from casebook.render.context import Context
from casebook.render.pages import case, cases_index, explore, glossary, graph, handbook, moved, stages, term, term_index

#: Every page type, in no particular order: pages are sorted by path.
REGISTRY: tuple[ModuleType, ...] = (case, term_index, term, cases_index, explore, stages, glossary, graph, handbook, moved)


def render_pages(context: Context, registry: tuple[ModuleType, ...] = REGISTRY) -> Iterator[Page]:
    """Every generated page of every registered page type in the context's edition, one at a time, in registry order.

    One at a time, so that a caller can keep each in a smaller form (`casebook.site.build.PackedPage`):
    the text of every case page at once was most of a large library's build memory.
    Page types write paths as every edition has them (`cases/x.md`); the edition's prefix is
    added here, once, so that relative links between its pages need no change.
    """
    edition = context.edition
    for module in registry:
        for page in module.render(context):
            yield replace(page, uri=edition.uri(page.uri))


def render_case_pages(context: Context, ids: frozenset[str]) -> list[Page]:
    """Only the pages of the cases `ids`, in the context's edition: the preview's first answer to a save."""
    edition = context.edition
    pages = (case.render_case_page(c, context) for c in context.library.cases if c.id in ids)
    return [replace(page, uri=edition.uri(page.uri)) for page in pages]


def nav_children(context: Context, registry: tuple[ModuleType, ...] = REGISTRY) -> dict[str, list[Any]]:
    """The pages each page type lists under its nav entry, keyed by that entry's path."""
    children: dict[str, list[Any]] = {}
    for module in registry:
        if hasattr(module, "nav_children"):
            children.update(module.nav_children(context))
    edition = context.edition
    return {edition.uri(entry): _prefixed(pages, edition) for entry, pages in children.items()}


def _prefixed(entries: list[Any], edition: Edition) -> list[Any]:
    """Nav entries (`{title: path}` or `{title: [entries]}`) with the edition's prefix on every path."""
    result: list[Any] = []
    for entry in entries:
        ((title, target),) = entry.items()
        result.append({title: _prefixed(target, edition) if isinstance(target, list) else edition.uri(target)})
    return result
