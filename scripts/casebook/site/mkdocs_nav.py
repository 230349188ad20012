"""The nav split by edition: each page's sidebar, footer and breadcrumbs stay in its own language."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.nav import Navigation

from casebook.derive.editions import EDITIONS, edition_of
from casebook.derive.sitemap import HOME


def navs_by_edition(nav: Navigation) -> dict[str, Navigation]:
    """Each edition's own part of `nav`, by edition code; previous and next links run within the edition."""
    navs = {}
    for edition in EDITIONS:
        items = [item for item in nav.items if edition_of(first_uri(item)) is edition]
        pages = [page for page in nav.pages if edition_of(page.file.src_uri) is edition]
        # The last Chinese page does not lead into the English.
        for previous, following in zip([None, *pages], [*pages, None], strict=True):
            if previous is not None:
                previous.next_page = following
            if following is not None:
                following.previous_page = previous
        navs[edition.code] = Navigation(items, pages)
        navs[edition.code].homepage = next((p for p in pages if p.file.src_uri == edition.uri(HOME)), nav.homepage)
    return navs


def first_uri(item: Any) -> str:
    """The docs path an item of the nav stands for: a page's, or the first page's of a section."""
    file = getattr(item, "file", None)
    if file is not None:
        return str(file.src_uri)
    children = getattr(item, "children", None) or []
    return first_uri(children[0]) if children else ""
