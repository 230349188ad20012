"""One way in: load, validate, link and render, shared by the CLI and the MkDocs hook."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from casebook.check.checker import check_library
from casebook.check.editorial import read_newcomer_path
from casebook.derive.editions import EDITIONS, ZH, Edition, counterpart, edition_of, localize
from casebook.derive.links import build_link_graph
from casebook.derive.search.index import SearchInputs
from casebook.derive.sitemap import HOME, Page, page_url
from casebook.model import Library, Taxonomy
from casebook.model.readcache import ReadCache
from casebook.render.context import Context
from casebook.render.pages import REGISTRY, nav_children, render_case_pages, render_pages
from casebook.render.pages.glossary import Abbreviations
from casebook.render.pages.term import render_situations
from casebook.site.packed import pack, unpack
from casebook.source.diagnostics import CasebookError, Diagnostic
from casebook.source.history import case_histories

_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
#: YAML front matter, whose comments also start with '# '.
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def situations_snippet(edition: Edition) -> str:
    """The file name of the snippet each home page includes: the way in by situation.

    The home pages are hand-written, but their 「我现在遇到了…」 list is built from the taxonomy, so a
    new issue type appears with no edit to docs/: docs/index.md includes `situations.md`,
    docs/en/index.md `situations.en.md`.
    """
    return "situations.md" if edition is ZH else f"situations.{edition.code}.md"


@dataclass(frozen=True)
class PackedPage:
    """A generated page as a `Site` holds it until MkDocs reads it: its text compressed (casebook.site.packed)."""

    uri: str
    packed: bytes
    edit_path: str = ""

    @classmethod
    def of(cls, page: Page) -> PackedPage:
        """`page`, packed."""
        return cls(page.uri, pack(page.content), page.edit_path)

    @property
    def content(self) -> str:
        """The page's text (Markdown, or data)."""
        return unpack(self.packed)


@dataclass(frozen=True)
class Site:
    """Everything Casebook contributes to a build, in every edition.

    Not the library itself: a build holds its site to the end, and at 5,000 cases the
    library's model was a fifth of a build's memory. What is read later is kept instead.
    """

    taxonomy: Taxonomy
    #: What the search index takes from the library besides the pages.
    search: SearchInputs
    pages: tuple[PackedPage, ...]
    #: Abbreviation definitions for hover tooltips, per edition code, appended to the pages that use them.
    abbreviations: dict[str, Abbreviations]
    #: The generated pages each nav entry expands into, keyed by the entry's path (with its edition's prefix).
    nav: dict[str, list[Any]]
    #: The home page's 「我现在遇到了…」 list (Markdown) per edition code, which the home pages include as a snippet.
    situations: dict[str, str]
    #: The warnings and notices of the check (a valid library has no errors): every front end reports them.
    diagnostics: tuple[Diagnostic, ...] = ()

    def tag_names(self) -> list[str]:
        """Every allowed tag: the names of the issue types and lessons, from the taxonomy."""
        taxonomy = self.taxonomy
        return [t.name for t in taxonomy.issue_types.terms] + [t.name for t in taxonomy.lessons.terms]

    def snippets(self) -> dict[str, str]:
        """The files the hand-written pages include with pymdownx.snippets, by file name: Casebook writes them."""
        return {situations_snippet(edition): self.situations[edition.code] for edition in EDITIONS}

    def page(self, uri: str) -> PackedPage | None:
        """The generated page at `uri`, if Casebook made it."""
        return self._by_uri.get(uri)

    @cached_property
    def _by_uri(self) -> dict[str, PackedPage]:
        return {page.uri: page for page in self.pages}

    def alternates(self, uri: str, docs_dir: Path, directory_urls: bool = True) -> list[dict[str, str]]:
        """The language selector's entries for the page at `uri`: the same page in every edition, or that edition's home."""
        entries = []
        for edition in EDITIONS:
            target = counterpart(uri, edition)
            if self.page(target) is None and not (docs_dir / target).is_file():
                target = edition.uri(HOME)
            entries.append({"name": edition.name, "lang": edition.html_lang, "link": page_url(target, directory_urls)})
        return entries

    def expand_nav(self, nav: list[Any], docs_dir: Path) -> list[Any]:
        """The nav of `mkdocs.yml` with its generated sections expanded, then the same nav for each other edition.

        `mkdocs.yml` names each generated section by its index page (`- 案例: cases/index.md`);
        here that entry becomes the section with its pages (as each page type's
        `nav_children` lists them), so readers can browse every case from the sidebar
        and the footer. Entries Casebook does not own are kept exactly as written.
        The other editions follow with the same entries, each page in that edition
        where it exists (generated, or hand-written under docs/en/), titled by its own
        heading. The hook shows each page only its own edition's part.
        """
        expanded = self._expand(nav, ZH, docs_dir)
        for edition in EDITIONS[1:]:
            expanded += self._expand(nav, edition, docs_dir)
        return expanded

    def _expand(self, nav: list[Any], edition: Edition, docs_dir: Path) -> list[Any]:
        expanded: list[Any] = []
        pages = {page.uri for page in self.pages}
        for entry in nav:
            title, target = next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (None, entry)
            # An entry expanded by an earlier build of `mkdocs serve` starts with its index page.
            head = target[0] if isinstance(target, list) and target and isinstance(target[0], str) else target
            if not isinstance(head, str) or not head.endswith(".md"):
                # Not a page of ours (a link, a section Casebook does not own): kept as written, once.
                if edition is ZH:
                    expanded.append(entry)
                continue
            if edition_of(head) is not ZH:
                continue  # another edition's copy, made by an earlier build: made again below
            uri = edition.uri(head)
            if edition is not ZH and uri not in pages and not (docs_dir / uri).is_file():
                continue  # no such page in this edition (yet): mkdocs.yml's own entries are kept as written
            if edition is not ZH:
                title = self.title(uri)
            children = self.nav.get(uri)
            if children is not None:
                expanded.append({title or uri: [uri, *children]})
            else:
                expanded.append({title: uri} if title else uri)
        return expanded

    def title(self, uri: str) -> str | None:
        """The heading of a generated page (None for a hand-written one: MkDocs reads its heading)."""
        page = self.page(uri)
        match = _HEADING.search(_FRONT_MATTER.sub("", page.content)) if page is not None else None
        return match.group(1).strip() if match else None


class Cancelled(Exception):
    """`build_site` stopped early because its `cancelled` said so (under `make serve`, a save is waiting)."""


def build_site(
    root: Path,
    *,
    directory_urls: bool = True,
    registry: tuple[ModuleType, ...] = REGISTRY,
    cache: ReadCache | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Site:
    """Load the library under `root` and render every page of every edition; raises `CasebookError` when invalid.

    Everything is read first (the library, git history), then every registered page
    type renders, once per edition. `directory_urls` is False for the offline build
    (file:// has no directory index), so final URLs in raw HTML and data point at `….html` files.
    `cache` keeps case reads between the builds of one `mkdocs serve`; `cancelled`, asked
    before each page, stops the rendering with `Cancelled` once it answers True.
    """
    library, diagnostics, contexts = _contexts(root, directory_urls, cache)
    pages: list[PackedPage] = []
    nav: dict[str, list[Any]] = {}
    situations: dict[str, str] = {}
    abbreviations: dict[str, Abbreviations] = {}
    for context in contexts:
        edition, view = context.edition, context.library
        for page in render_pages(context, registry):
            if cancelled is not None and cancelled():
                raise Cancelled
            pages.append(PackedPage.of(page))
        nav.update(nav_children(context, registry))
        situations[edition.code] = render_situations(view, HOME, directory_urls, edition)
        abbreviations[edition.code] = Abbreviations(view, edition)
    pages.sort(key=lambda p: p.uri)
    return Site(library.taxonomy, SearchInputs.of(library), tuple(pages), abbreviations, nav, situations, diagnostics)


def refresh_cases(previous: Site, root: Path, ids: frozenset[str], *, directory_urls: bool = True, cache: ReadCache | None = None) -> Site:
    """`previous`, with the pages of the cases `ids` rendered again from the library as it is now.

    The preview's first answer to a save: the whole library is checked (from `cache`, so
    only the saved files are read), but only the saved cases' own pages are rendered. Every
    other page, including the listings that show these cases, stays as `previous` had it
    until the next `build_site`. Raises `CasebookError` when the library is invalid.
    """
    library, diagnostics, contexts = _contexts(root, directory_urls, cache)
    fresh = {page.uri: PackedPage.of(page) for context in contexts for page in render_case_pages(context, ids)}
    pages = tuple(fresh.get(page.uri, page) for page in previous.pages)
    return replace(previous, taxonomy=library.taxonomy, search=SearchInputs.of(library), pages=pages, diagnostics=diagnostics)


def _contexts(root: Path, directory_urls: bool, cache: ReadCache | None) -> tuple[Library, tuple[Diagnostic, ...], list[Context]]:
    """Check the library under `root` and read everything pages need, once; one `Context` per edition.

    Raises `CasebookError` when the library is invalid.
    """
    result = check_library(root, cache=cache)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    library = result.library
    graph = build_link_graph(library)
    histories = case_histories(root)
    contexts = []
    for edition in EDITIONS:
        # The check has decoded the Chinese newcomer path once already; each edition reads its own.
        newcomer_path, _ = read_newcomer_path(root, edition)
        contexts.append(Context(root, localize(library, edition), graph, histories, newcomer_path, directory_urls, edition))
    return library, result.diagnostics, contexts
