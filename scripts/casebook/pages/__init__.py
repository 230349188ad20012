"""Page types: one module per kind of generated page, and the registry `build_site` iterates.

Each page-type module declares, at module level:

- `PATH`: the path (or path pattern) of its pages under docs/, from `casebook.sitemap`;
- `NAV`: the `mkdocs.yml` nav entry its pages sit under (None: not in the nav);
- `SEARCH`: its `SearchPolicy`, which its template writes into the page's front matter;
- `render(context) -> Iterable[Page]`: its pages (a generator, where there are many: see `render_pages`);
- optionally `nav_children(context) -> dict[str, list]`: the pages it lists under a nav entry.

Adding a page type is one module, one template and one line in `REGISTRY`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from ..editions import ZH, Edition, shown_in_chinese
from ..fields import MARKDOWN_FIELDS
from ..history import FileHistory
from ..links import LinkGraph
from ..model import Case, Library
from ..sitemap import Links, Page


@dataclass(frozen=True)
class SearchPolicy:
    """How Material's search treats a page type: indexed as is, ranked below the pages it lists, or left out."""

    boost: float | None = None
    exclude: bool = False
    #: Why, written as a comment into the front matter.
    why: str = ""


#: The default: the page is what a search should find.
INDEXED = SearchPolicy()
#: A listing repeats the titles of the pages it lists.
LISTING = SearchPolicy(boost=0.3, why="A listing repeats the titles of the pages it lists: rank it below them in search.")


@dataclass(frozen=True)
class Context:
    """Everything a page type may read, collected before any page is rendered."""

    root: Path
    library: Library
    graph: LinkGraph
    histories: Mapping[str, FileHistory] = field(default_factory=dict)
    #: The hand-written newcomer path (docs/newcomers.md), read with the library: '' when there is none.
    newcomer_path: str = ""
    #: As in mkdocs.yml (False for the offline build): only final URLs in raw HTML and data depend on it.
    directory_urls: bool = True
    #: The edition being rendered; `library` is as it reads it (casebook.editions.localize).
    edition: Edition = ZH

    def links(self, page_uri: str) -> Links:
        """Links from the page at `page_uri` (a path as every edition has it: `cases/x.md`)."""
        return Links(page_uri, self.library, self.directory_urls, self.edition)

    @property
    def labels(self) -> Mapping[str, str]:
        """The words the pages say themselves, in the edition's language."""
        return self.edition.labels


def chinese_original(markdown: str, labels: Mapping[str, str]) -> str:
    """A passage an English page shows in its Chinese original (see `editions.shown_in_chinese`), marked and labelled.

    `lang="zh-CN"` tells screen readers, the browser's translator and the page checks
    that this text is Chinese on purpose; the label says why, in English.
    """
    label = f'<p class="cb-zh-original__label" lang="en">{labels["chinese_original"]}</p>'
    return f'<div class="cb-zh-original" lang="zh-CN" markdown="1">\n{label}\n\n{markdown}\n\n</div>'


def edition_markdown(case: Case, edition: Edition, resolve: Callable[[str], str], labels: Mapping[str, str]) -> dict[str, str]:
    """Each Markdown field of `case` (as `edition` reads it) through `resolve`, a Chinese original marked as one."""
    chinese = shown_in_chinese(case) if edition is not ZH else frozenset()
    markdown = {name: resolve(getattr(case, name) or "") for name in MARKDOWN_FIELDS}
    return {name: chinese_original(text, labels) if name in chinese and text else text for name, text in markdown.items()}


def _registry() -> tuple[ModuleType, ...]:
    from . import case, cases_index, explore, glossary, graph, handbook, moved, stages, term, term_index

    return (case, term_index, term, cases_index, explore, stages, glossary, graph, handbook, moved)


#: Every page type, in no particular order: pages are sorted by path.
REGISTRY: tuple[ModuleType, ...] = _registry()


def render_pages(context: Context, registry: tuple[ModuleType, ...] = REGISTRY) -> Iterator[Page]:
    """Every generated page of every registered page type in the context's edition, one at a time, in registry order.

    One at a time, so that a caller can keep each in a smaller form (`casebook.site.PackedPage`):
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
    from .case import render_case_page

    edition = context.edition
    pages = (render_case_page(case, context) for case in context.library.cases if case.id in ids)
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
