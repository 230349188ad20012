"""Casebook's search index: character bigrams in shards, fetched per query by Material's own search box.

Why not Material's lunr index. Material downloads the whole index and builds
lunr in the browser before the first result: 6.4 s at 5,000 cases. Its word
index also misses what newcomers type: a synonym (备选 for 替代), a question
(怎么跟客户道歉), a phrase that jieba cut differently from the page.

What this builds instead, from the index Material's search plugin has just
written (so every page's rendered text, with the same exclusions):

* **Keys are character bigrams** of Han text (赔礼道歉 → 赔礼 礼道 道歉) and
  lower-case Latin words split at digits (iPhone4 → iphone 4). Any phrase of
  two or more characters that stands in a page is found, however jieba would
  cut it, so parts of compounds and phrases no word list knows are found too.
  A Latin word is keyed by its stem (`stem`: apologies, apologize, apology →
  apolog), which the worker computes the same way for the query, so English
  finds a word in any of its forms.
* **Each page belongs to an edition** (`editions` in the manifest, one letter a
  page): the worker answers the Chinese edition's search box from Chinese
  pages and the English one's from English pages.
* **Postings carry a weight**, BM25's term-frequency part with the title
  counted three times and a case's summary twice, quantised to an integer;
  the browser multiplies by the key's IDF.
* **Shards by the key's first character** (code point mod S), so a query
  fetches only the shards of its own keys, and a one-character query can scan
  the keys that start with it. S grows with the library (~40 KB a shard).
* **Page records in blocks** (title, location, and for a case its one-line
  summary), fetched only for the results shown.
* **The manifest** (page kinds for ranking, the thesaurus' synonym groups and
  filler words) rides in `search_index.json`'s `config`, which Material's page
  script already fetches and hands to the search worker.

The worker (`overrides/assets/javascripts/workers/search.*.min.js`, replacing
Material's under the same name) analyses the query, expands it by the
thesaurus, ranks, and answers Material's search UI in its own message format.
For the offline copy (file://, where a worker cannot fetch) every shard and
block is inlined into the manifest instead; the ranking code is the same.
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import json
import operator
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Protocol

import material.plugins.search.plugin as material_search
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .editions import EDITIONS, edition_of, localize
from .markup import HAN_RUN
from .model import Library

#: Page kinds, as one letter each in the manifest; the worker ranks by them.
CASE, TERM, HOME, OTHER = "c", "t", "h", "p"
#: Rough target size of one shard of postings, in bytes of JSON.
SHARD_BYTES = 40_000
#: Page records per block file.
BLOCK = 64
#: The key weight is BM25's term-frequency part (k1, b) times this, rounded.
K1, B, SCALE = 1.2, 0.75, 100
TITLE_WEIGHT, SUMMARY_WEIGHT = 3, 2
SNIPPET_CHARS = 90

_LATIN = re.compile(r"[a-z]+|[0-9]+")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_CASE = re.compile(r"^cases/([a-z0-9]+(?:-[a-z0-9]+)*)(?:/|\.html)$")
_TERM = re.compile(r"^(?:issue-types|lessons)/[a-z0-9-]+(?:/|\.html)$")


def plain_text(markup: str) -> str:
    """The visible text of a snippet of Material's index: tags, entities and U+200B removed."""
    text = html.unescape(_TAG.sub(" ", markup)).replace("\u200b", "")
    return _SPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """What keys are made from: NFKC (full-width Latin and digits to ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


#: English endings stripped, in order, by `stem`; the worker's `stem` has the same table.
_SUFFIXES = (
    ("ies", ""),
    ("ied", ""),
    ("sses", "ss"),
    ("ss", "ss"),
    ("us", "us"),
    ("is", "is"),
    ("s", ""),
)
_ENDINGS = ("ingly", "edly", "izing", "ising", "ized", "ised", "izes", "ises", "ize", "ise", "ings", "ing", "ed", "ment", "ly", "e", "y")
_MIN_STEM = 3


@functools.cache  # a library repeats a few thousand words a million times
def stem(word: str) -> str:
    """A light English stemmer, the same as the search worker's: plurals, then one verb or noun ending, then a final e or y.

    It only needs to map the forms a reader types onto the forms a page uses (delays,
    delayed, delay → delay; apologies, apologise, apology → apolog), never to be a
    linguist's stem; a stem is never shorter than three letters.
    """
    if not word.isascii() or not word.isalpha() or len(word) <= _MIN_STEM:
        return word
    for ending, replacement in _SUFFIXES:
        if word.endswith(ending):
            if len(word) - len(ending) + len(replacement) >= _MIN_STEM:
                word = word[: len(word) - len(ending)] + replacement
            break
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            word = word[: -len(ending)]
            break
    if word.endswith(("e", "y")) and len(word) - 1 >= _MIN_STEM:
        word = word[:-1]
    return word


def keys(text: str) -> Iterator[str]:
    """The search keys of `text`: Han bigrams (a lone Han character as itself) and stemmed Latin words."""
    text = normalise(text)
    for run in HAN_RUN.findall(text):
        if len(run) == 1:
            yield run
        for i in range(len(run) - 1):
            yield run[i : i + 2]
    for run in HAN_RUN.split(text):
        for word in _LATIN.findall(run):
            yield stem(word)


def key_counts(text: str) -> Counter[str]:
    """`Counter(keys(text))`, made in bulk: what the index counts for every page."""
    text = normalise(text)
    counts: Counter[str] = Counter()
    for run in HAN_RUN.findall(text):
        if len(run) == 1:
            counts[run] += 1
        else:
            counts.update(map(operator.add, run, run[1:]))
    # Han runs become spaces: a Latin word never spans one, as it never spans the split in `keys`.
    counts.update(map(stem, _LATIN.findall(HAN_RUN.sub(" ", text))))
    return counts


@dataclass(frozen=True)
class SearchPage:
    """One page as the search index sees it."""

    location: str
    title: str
    #: Shown under the title in the results: a case's summary, otherwise the opening words.
    snippet: str
    body: str
    kind: str
    #: The page's edition code ('zh', 'en').
    edition: str = "zh"


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


@dataclass(frozen=True)
class SearchInputs:
    """What the index takes from the library besides the pages: each case's summary per edition, and the thesaurus.

    Small, so that a build can let the library go once every page is rendered.
    """

    #: Edition code → case id → the case's summary in that edition.
    summaries: dict[str, dict[str, str]]
    synonyms: tuple[tuple[str, ...], ...] = ()
    filler: tuple[str, ...] = ()

    @classmethod
    def of(cls, library: Library) -> SearchInputs:
        """The inputs `library` gives."""
        summaries = {e.code: {case.id: case.summary for case in localize(library, e).cases} for e in EDITIONS}
        thesaurus = library.taxonomy.thesaurus
        return cls(summaries, thesaurus.synonyms, thesaurus.filler)


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
        yield _search_page(location, title, " ".join(p for p in parts if p), inputs.summaries)


def _search_page(location: str, title: str, body: str, summaries: dict[str, dict[str, str]]) -> SearchPage:
    edition = edition_of(location)
    path = location[len(edition.prefix) :]
    case = _CASE.match(path)
    if case and case.group(1) in summaries[edition.code]:
        kind, snippet = CASE, summaries[edition.code][case.group(1)]
    else:
        kind = HOME if path in ("", "index.html") else TERM if _TERM.match(path) else OTHER
        snippet = body if len(body) <= SNIPPET_CHARS else body[: SNIPPET_CHARS - 1] + "…"
    return SearchPage(location, title or location, snippet, body, kind, edition.code)


class IndexBuilder:
    """The index of pages added one at a time: each page's text is folded into the postings as it comes, then let go.

    At 5,000 cases, keeping every page's text (or a counter per page) until the index was
    made was most of the build's memory; what is kept of a page is its record (location,
    title, snippet), its kind and edition, its length in keys, and its (page, count) pairs
    in compact arrays: page numbers and counts fit in 32 bits ("i"), half of what Python's
    int lists or "l" arrays take.
    """

    def __init__(self) -> None:
        #: key → [page, count, page, count, …], page numbers ascending.
        self._counts: dict[str, array[int]] = {}
        self._lengths = array("i")
        self._records: list[tuple[str, str, str]] = []
        self._kinds: list[str] = []
        self._editions: list[str] = []

    def add(self, page: SearchPage) -> None:
        """Fold `page` in as the next page."""
        number = len(self._records)
        tf = key_counts(page.body)
        for key, count in key_counts(page.title).items():
            tf[key] += TITLE_WEIGHT * count
        if page.kind == CASE:
            for key, count in key_counts(page.snippet).items():
                tf[key] += SUMMARY_WEIGHT * count
        self._lengths.append(sum(tf.values()))
        for key, freq in tf.items():
            pairs = self._counts.get(key)
            if pairs is None:
                pairs = self._counts[key] = array("i")
            pairs.append(number)
            pairs.append(freq)
        self._records.append((page.location, page.title, page.snippet))
        self._kinds.append(page.kind)
        # One letter a page: the first of its edition's code (z, e); the worker keeps its own edition's.
        self._editions.append(page.edition[0])

    def _postings(self) -> dict[str, array[int]]:
        """Postings: key → [gap, weight, gap, weight, …], page numbers ascending, as gaps (which keep the JSON short).

        A weight is the quantised BM25 tf weight of the key in the page. The counts are
        turned into postings in place, so the builder takes no more pages after this.
        """
        lengths = self._lengths
        average = sum(lengths) / max(1, len(lengths))
        norms = [K1 * (1 - B + B * length / max(1.0, average)) for length in lengths]
        postings, self._counts = self._counts, {}
        for pairs in postings.values():
            previous = 0
            for i in range(0, len(pairs), 2):
                number, freq = pairs[i], pairs[i + 1]
                # In place: the gap and the weight take the page number's and the count's slots.
                pairs[i], pairs[i + 1] = number - previous, max(1, round(SCALE * freq * (K1 + 1) / (freq + norms[number])))
                previous = number
        return postings

    def write(
        self, put: Callable[[str, str], None], synonyms: Iterable[Iterable[str]] = (), filler: Iterable[str] = ()
    ) -> dict[str, object]:
        """Hand every file of the index to `put` (name, JSON text), keeping none; return the manifest. Ends the builder.

        Deterministic for the same pages: files come in name order, and the manifest's
        version is a digest of them all.
        """
        encoded = self._postings()
        size = sum(len(key) + 6 + 4 * len(flat) for key, flat in encoded.items())
        shards = 1
        while size / shards > SHARD_BYTES and shards < 1024:
            shards *= 2
        grouped: dict[int, dict[str, array[int]]] = {}
        for key in sorted(encoded):
            grouped.setdefault(shard_of(key, shards), {})[key] = encoded.pop(key)
        present = sorted(grouped)
        shard_files = {f"casebook/k{n}.json": n for n in grouped}
        block_files = {f"casebook/d{start // BLOCK}.json": start for start in range(0, len(self._records), BLOCK)}
        digest = hashlib.sha256()
        for name in sorted(shard_files | block_files):
            if name in shard_files:
                # As lists one shard at a time, each let go once written: all at once would take the memory the arrays save.
                text = _dump({key: flat.tolist() for key, flat in grouped.pop(shard_files[name]).items()})
            else:
                start = block_files[name]
                text = _dump([list(record) for record in self._records[start : start + BLOCK]])
            digest.update(name.encode() + b"\0" + text.encode())
            put(name, text)
        return {
            "version": digest.hexdigest()[:12],
            "pages": len(self._records),
            "kinds": "".join(self._kinds),
            "editions": "".join(self._editions),
            "shards": shards,
            "block": BLOCK,
            "present": present,
            # Latin words as the worker looks them up: stemmed (a phrase of several words is never swapped in).
            "synonyms": [list(dict.fromkeys(stem(w) if w.isascii() and " " not in w else w for w in group)) for group in synonyms],
            "filler": sorted(filler, key=lambda w: (-len(w), w)),
        }


def shard_of(key: str, shards: int) -> int:
    """The shard that holds `key`: its first character's code point modulo the shard count."""
    return ord(key[0]) % shards


@dataclass(frozen=True)
class SearchIndex:
    """The files of the index, relative to the site's `search/` folder, and the manifest."""

    manifest: dict[str, object]
    files: dict[str, str]

    def material_index(self, config: dict[str, object], *, inline: bool) -> str:
        """`search_index.json` for Material's page script (`material_index`); with `inline`, every file rides along."""
        return material_index(config, self.manifest, self.files if inline else None)


def material_index(config: dict[str, object], manifest: dict[str, object], inline: dict[str, str] | None = None) -> str:
    """`search_index.json` for Material's page script: its config plus the manifest, no lunr docs.

    `inline` is for the offline copy, which cannot fetch: every shard and block rides in the manifest.
    """
    if inline is not None:
        manifest = {**manifest, "inline": {name: json.loads(text) for name, text in inline.items()}}
    data = {"config": {**config, "casebook": manifest}, "docs": []}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build_search_index(pages: Iterable[SearchPage], synonyms: Iterable[Iterable[str]] = (), filler: Iterable[str] = ()) -> SearchIndex:
    """Shard the postings of `pages` and block their records, keeping every file; deterministic for the same input."""
    builder = IndexBuilder()
    for page in pages:
        builder.add(page)
    files: dict[str, str] = {}
    manifest = builder.write(files.__setitem__, synonyms, filler)
    return SearchIndex(manifest, files)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
    """Casebook's search index from the entries `casebook.pagework` collects, page by page, where it collects them.

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
                material.write_text(self.keep.material_index(config, inline=self.inline), encoding="utf-8")
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

        manifest = self._builder.write(put, self.inputs.synonyms, self.inputs.filler)
        material.write_text(material_index(config, manifest, kept if self.inline else None), encoding="utf-8")
        return SearchIndex(manifest, kept) if self.indexed is not None else None


class MaterialSections:
    """A page's search entries, as Material's search plugin makes them, from Lexbor's parse of the page (`replay_parse`).

    A class, not a closure, so that it can be sent to the second process (`casebook.pagework`).
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
