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

import hashlib
import json
import re
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from casebook.derive.editions import EDITIONS, edition_of, localize
from casebook.derive.search.aliases import aliases, names
from casebook.derive.search.fold import fold_pairs
from casebook.derive.search.keys import key_counts, stem
from casebook.derive.search.phonetic import characters_by_syllable, initials_table, phonetic_shard, pinyin_table, syllables
from casebook.model import Library
from casebook.source.markup import HAN_RUN

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
#: The fallback's table of characters by sound (casebook.derive.search.phonetic), fetched only when nothing matched.
SYLLABLE_FILE = "casebook/pinyin.json"


_CASE = re.compile(r"^cases/([a-z0-9]+(?:-[a-z0-9]+)*)(?:/|\.html)$")


_TERM = re.compile(r"^(?:issue-types|lessons)/[a-z0-9-]+(?:/|\.html)$")


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


@dataclass(frozen=True)
class SearchInputs:
    """What the index takes from the library besides the pages: each case's summary per edition, and the thesaurus.

    Small, so that a build can let the library go once every page is rendered.
    """

    #: Edition code → case id → the case's summary in that edition.
    summaries: dict[str, dict[str, str]]
    synonyms: tuple[tuple[str, ...], ...] = ()
    filler: tuple[str, ...] = ()
    #: (English phrase, Chinese name) from the glossary and the taxonomy (casebook.derive.search.aliases).
    aliases: tuple[tuple[str, str], ...] = ()
    #: Chinese names a reader may type by their initials, besides page titles.
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, library: Library) -> SearchInputs:
        """The inputs `library` gives."""
        summaries = {e.code: {case.id: case.summary for case in localize(library, e).cases} for e in EDITIONS}
        thesaurus = library.taxonomy.thesaurus
        return cls(summaries, thesaurus.synonyms, thesaurus.filler, aliases(library.taxonomy), names(library.taxonomy))


def search_page(location: str, title: str, body: str, summaries: dict[str, dict[str, str]]) -> SearchPage:
    """The page at `location` as the index sees it: its edition, its kind, and the snippet its result shows."""
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

    def write(self, put: Callable[[str, str], None], inputs: SearchInputs | None = None) -> dict[str, object]:
        """Hand every file of the index to `put` (name, JSON text), keeping none; return the manifest. Ends the builder.

        Deterministic for the same pages: files come in name order, and the manifest's
        version is a digest of them all.
        """
        inputs = inputs or SearchInputs({})
        encoded = self._postings()
        han = {key: len(flat) // 2 for key, flat in encoded.items() if len(key) == 2 and HAN_RUN.fullmatch(key)}
        shown = [text for record in self._records for text in record[1:]]  # each page's title and snippet
        phonetic = {**pinyin_table(han), **initials_table([*shown, *inputs.names])}
        characters = {char for key in encoded for char in key if HAN_RUN.match(char)}
        size = sum(len(key) + 6 + 4 * len(flat) for key, flat in encoded.items())
        shards = 1
        shards = _shard_count(size)
        grouped: dict[int, dict[str, array[int]]] = {}
        for key in sorted(encoded):
            grouped.setdefault(shard_of(key, shards), {})[key] = encoded.pop(key)
        present = sorted(grouped)
        shard_files = {f"casebook/k{n}.json": n for n in grouped}
        block_files = {f"casebook/d{start // BLOCK}.json": start for start in range(0, len(self._records), BLOCK)}
        phonetic_shards = _shard_count(sum(len(key) + 4 * len(found) + 4 for key, found in phonetic.items()))
        by_sound: dict[str, dict[str, list[str]]] = {}
        for key in sorted(phonetic):
            by_sound.setdefault(f"casebook/p{phonetic_shard(key, phonetic_shards)}.json", {})[key] = phonetic[key]
        by_sound[SYLLABLE_FILE] = characters_by_syllable()  # type: ignore[assignment]
        digest = hashlib.sha256()
        for name in sorted(shard_files | block_files | by_sound.keys()):
            if name in by_sound:
                text = _dump(by_sound.pop(name))
            elif name in shard_files:
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
            "synonyms": [list(dict.fromkeys(stem(w) if w.isascii() and " " not in w else w for w in group)) for group in inputs.synonyms],
            "filler": sorted(inputs.filler, key=lambda w: (-len(w), w)),
            # Sound and script (casebook.derive.search.fold and .phonetic): what the worker folds, how it cuts pinyin.
            "fold": fold_pairs(characters),
            "phonetic": phonetic_shards,
            "syllables": " ".join(syllables()),
            "aliases": [list(pair) for pair in inputs.aliases],
            # Each edition's name in its own language: a result from the other edition says where it leads.
            "editionNames": {edition.code[0]: edition.name for edition in EDITIONS},
            "prefixes": {edition.code[0]: edition.prefix for edition in EDITIONS},
            "near": {edition.code[0]: edition.labels["search_near"] for edition in EDITIONS},
        }


def _shard_count(size: int) -> int:
    """Shards for `size` bytes of JSON: a power of two, each about `SHARD_BYTES`."""
    shards = 1
    while size / shards > SHARD_BYTES and shards < 1024:
        shards *= 2
    return shards


def shard_of(key: str, shards: int) -> int:
    """The shard that holds `key`: its first character's code point modulo the shard count."""
    return ord(key[0]) % shards


@dataclass(frozen=True)
class SearchIndex:
    """The files of the index, relative to the site's `search/` folder, and the manifest."""

    manifest: dict[str, object]
    files: dict[str, str]


def build_search_index(pages: Iterable[SearchPage], inputs: SearchInputs | None = None) -> SearchIndex:
    """Shard the postings of `pages` and block their records, keeping every file; deterministic for the same input."""
    builder = IndexBuilder()
    for page in pages:
        builder.add(page)
    files: dict[str, str] = {}
    manifest = builder.write(files.__setitem__, inputs)
    return SearchIndex(manifest, files)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
