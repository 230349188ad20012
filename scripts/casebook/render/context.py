"""What every page type reads: the context of one edition's render, search policies, and a case's Markdown per edition."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from casebook.derive.editions import ZH, Edition, shown_in_chinese
from casebook.derive.links import LinkGraph
from casebook.derive.sitemap import Links
from casebook.model import Case, Library
from casebook.model.fields import MARKDOWN_FIELDS
from casebook.source.history import FileHistory


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
    #: The edition being rendered; `library` is as it reads it (casebook.derive.editions.localize).
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
