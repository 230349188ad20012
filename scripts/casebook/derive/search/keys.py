"""The keys of the search index: character bigrams of Han text and stemmed Latin words (see `casebook.derive.search.index`).

The worker (`overrides/assets/javascripts/workers/search.*.min.js`) analyses a query with the same rules.
"""

from __future__ import annotations

import functools
import html
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator

from casebook.derive.search.fold import fold
from casebook.source.markup import HAN_RUN

_LATIN = re.compile(r"[a-z]+|[0-9]+")


_TAG = re.compile(r"<[^>]+>")


_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """The visible text of a snippet of Material's index: tags, entities and U+200B removed."""
    text = html.unescape(_TAG.sub(" ", markup)).replace("\u200b", "")
    return _SPACE.sub(" ", text).strip()


def normalise(text: str) -> str:
    """What keys are made from: NFKC (full-width Latin and digits to ASCII), lower case, Han characters folded to simplified."""
    return fold(unicodedata.normalize("NFKC", text).lower())


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
