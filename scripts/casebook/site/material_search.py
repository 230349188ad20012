"""The one adapter that knows Material's search plugin: its entries in, Casebook's index out.

Material's search plugin collects each page's sections (`MaterialSections`, its own code fed by
Lexbor's parse), and its page script fetches `search/search_index.json`. This module turns those
entries into `casebook.derive.search.index` pages and writes the index where Material's page script
looks for it (`IndexWriter`); `tests/test_material_canaries.py` watches the internals it relies on.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol

import material.plugins.search.plugin as material_search
from selectolax.lexbor import LexborHTMLParser, LexborNode

from casebook.derive.search.index import IndexBuilder, SearchIndex, SearchInputs, SearchPage, search_page
from casebook.derive.search.keys import plain_text


class ParseHandler(Protocol):
    """What `replay_parse` drives: the three handlers of an `html.parser.HTMLParser`."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None: ...  # noqa: D102
    def handle_endtag(self, tag: str) -> None: ...  # noqa: D102
    def handle_data(self, data: str) -> None: ...  # noqa: D102


#: Elements that have no end tag, so `html.parser` reports only their start.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})


def replay_parse(content: str, handler: ParseHandler) -> None:
    """Drive `handler`'s start-tag, data and end-tag handlers with Lexbor's parse of `content`, in document order.

    Material's search plugin divides each page into sections with a subclass of Python's
    `html.parser.HTMLParser`, whose tokenizer is most of the plugin's cost. Its handlers,
    fed from Lexbor (an HTML5 parser in C) instead, make the same sections in a fraction
    of the time; the output guard parses every page with Lexbor already.
    """
    tree = LexborHTMLParser(content)
    for part in (tree.head, tree.body):
        if part is not None:
            _replay_children(part, handler)


def _replay_children(node: LexborNode, handler: ParseHandler) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            handler.handle_data(child.text_content or "")
        elif not tag.startswith("-"):  # not a comment
            name = tag.lower()
            handler.handle_starttag(name, [(key.lower(), value) for key, value in child.attributes.items()])
            if name not in _VOID:
                _replay_children(child, handler)
                handler.handle_endtag(name)


def pages_from_material(docs: Iterable[dict[str, Any]], inputs: SearchInputs) -> Iterator[SearchPage]:
    """Group Material's index entries (each page's own, then its sections') into pages, in order."""
    for location, entries in itertools.groupby(docs, key=lambda doc: str(doc["location"]).partition("#")[0]):
        title, parts = "", []
        for number, doc in enumerate(entries):
            anchor = str(doc["location"]).partition("#")[2]
            if anchor:
                parts.append(plain_text(str(doc["title"])))
            elif number == 0:
                title = plain_text(str(doc["title"]))
            parts.append(plain_text(str(doc.get("text", ""))))
        yield search_page(location, title, " ".join(p for p in parts if p), inputs.summaries)


def material_index(config: dict[str, object], manifest: dict[str, object], inline: dict[str, str] | None = None) -> str:
    """`search_index.json` for Material's page script: its config plus the manifest, no lunr docs.

    `inline` is for the offline copy, which cannot fetch: every shard and block rides in the manifest.
    """
    if inline is not None:
        manifest = {**manifest, "inline": {name: json.loads(text) for name, text in inline.items()}}
    data = {"config": {**config, "casebook": manifest}, "docs": []}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class IndexedPages:
    """Material's search entries of every page, kept across the builds of one `mkdocs serve --dirty`.

    A dirty build indexes only the pages it rebuilt; each page's new entries replace its
    old ones, and every other page keeps the entries it had.
    """

    def __init__(self) -> None:
        self._entries: dict[str, list[dict[str, str]]] = {}

    def update(self, docs: list[dict[str, str]]) -> list[dict[str, str]]:
        """Record this build's entries (a page's first entry is the page, the rest its sections); return every page's."""
        rebuilt: dict[str, list[dict[str, str]]] = {}
        for doc in docs:
            rebuilt.setdefault(str(doc["location"]).partition("#")[0], []).append(doc)
        self._entries.update(rebuilt)
        return [doc for entries in self._entries.values() for doc in entries]


class IndexWriter:
    """Casebook's search index from the entries `casebook.site.pagework` collects, page by page, where it collects them.

    It replaces Material's `search/search_index.json` under `search_dir` (whose config it
    keeps) by Casebook's index, and writes the index's files beside it; it does nothing
    when Material wrote no index (search turned off). `inline` is for the offline copy:
    every file rides inside `search_index.json`, which Material's offline plugin then turns
    into a script that file:// can load.

    Under `make serve`, `indexed` holds the entries of the pages a build did not rebuild,
    so this build's entries are kept until the end; `keep` is an index already written
    whose files stay as they are (only `search_index.json` is written again). Otherwise
    each page is folded into the index as it comes (`IndexBuilder`), and each file is
    written as it is made.

    A class, not a closure, so that it can be sent to the second process.
    """

    def __init__(
        self,
        search_dir: Path,
        inputs: SearchInputs,
        *,
        inline: bool,
        indexed: IndexedPages | None = None,
        keep: SearchIndex | None = None,
    ) -> None:
        self.search_dir, self.inputs, self.inline, self.indexed, self.keep = search_dir, inputs, inline, indexed, keep
        self._builder = IndexBuilder()
        self._entries: list[dict[str, str]] = []

    def add(self, entries: list[dict[str, str]]) -> None:
        """One page's entries: the page's own, then its sections'."""
        if self.indexed is not None:
            self._entries += entries
        else:
            for page in pages_from_material(entries, self.inputs):
                self._builder.add(page)

    def finish(self) -> SearchIndex | None:
        """Write the index; return it only under `make serve` (`indexed`), whose next build reads it.

        Otherwise it stays in the process that wrote it: sent back, it would cost as much again.
        """
        material = self.search_dir / "search_index.json"
        if not material.is_file():
            return None
        config = json.loads(material.read_text(encoding="utf-8"))["config"]
        if self.indexed is not None:
            docs = self.indexed.update(self._entries)
            if self.keep is not None:
                material.write_text(material_index(config, self.keep.manifest, self.keep.files if self.inline else None), encoding="utf-8")
                return self.keep
            for page in pages_from_material(docs, self.inputs):
                self._builder.add(page)
        # The offline copy inlines every file; under `make serve`, a later build may keep them (`keep`).
        kept: dict[str, str] = {}
        keep_files = self.inline or self.indexed is not None

        def put(name: str, text: str) -> None:
            if not self.inline:
                target = self.search_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            if keep_files:
                kept[name] = text

        manifest = self._builder.write(put, self.inputs)
        material.write_text(material_index(config, manifest, kept if self.inline else None), encoding="utf-8")
        return SearchIndex(manifest, kept) if self.indexed is not None else None


class MaterialSections:
    """A page's search entries, as Material's search plugin makes them, from Lexbor's parse of the page (`replay_parse`).

    A class, not a closure, so that it can be sent to the second process (`casebook.site.pagework`).
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    def __call__(self, content: str, url: str, title: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
        """The entries of the page at `url`: the page, then each section that is not excluded."""
        index = material_search.SearchIndex(**self._config)
        parser = material_search.Parser()
        replay_parse(content, parser)
        # Material looks each section up in the page's table of contents only for its "#id".
        page = SimpleNamespace(meta=meta, title=title)
        for section in parser.data:
            if not section.is_excluded():
                index.create_entry_for_section(section, [], url, page)
        return list(index.entries)
