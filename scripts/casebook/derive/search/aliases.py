"""English names of the library's own terms, for a query that mixes scripts (LC 被拒, CIO 换人, letter of credit).

Every glossary entry and every taxonomy term that has an English name gives pairs of
(English, Chinese): its English name and any abbreviation in it, to each of its Chinese
names. A Latin phrase of a query that spells one (word by word, as the worker stems them)
also searches for the Chinese, in both editions' boxes. Nothing here comes from queries:
only what the glossary and the taxonomy say.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from casebook.derive.search.keys import normalise, stem
from casebook.model import GlossaryEntry, Taxonomy, Term
from casebook.source.markup import HAN_RUN

_PARENTHESISED = re.compile(r"[（(]([^（）()]*)[）)]")
_LATIN_WORD = re.compile(r"[a-z]+|[0-9]+")
#: An abbreviation: two to six capitals or digits (KA, ICT, 2B, CIO), as the glossary writes them.
_ABBREVIATION = re.compile(r"^[A-Z0-9][A-Z0-9&/]{1,5}$")


def phrase(text: str) -> str:
    """A Latin name as the worker matches it: folded, lower case, each word stemmed, one space between.

    Letters written apart (L/C, 2B) are one word, as a reader types them (lc, 2b).
    """
    words = _LATIN_WORD.findall(normalise(text))
    if len(words) > 1 and all(len(word) == 1 or word.isdigit() for word in words):
        return "".join(words)
    return " ".join(stem(word) for word in words)


def _chinese(text: str) -> list[str]:
    return [run for run in HAN_RUN.findall(text) if len(run) > 1]


def _latin_names(text: str) -> Iterator[str]:
    """A name and what its parentheses hold, each on its own (Key account (KA) → key account, KA)."""
    inside = _PARENTHESISED.findall(text)
    outside = _PARENTHESISED.sub(" ", text)
    for name in (outside, *inside):
        if re.search(r"[A-Za-z]", name) and not HAN_RUN.search(name):
            yield name.strip(' ,;:“”"')


#: Pairs one entry may give: every page downloads them (a crafted entry with many names must not bloat that).
MAX_PAIRS = 16


def _glossary_pairs(entry: GlossaryEntry) -> Iterator[tuple[str, str]]:
    chinese = [*_chinese(entry.term), *_chinese(entry.expansion), *(a for alias in entry.aliases for a in _chinese(alias))]
    latin = [*_latin_names(entry.expansion), *(_latin_names(entry.en["term"]) if entry.en and entry.en.get("term") else ())]
    if _ABBREVIATION.match(entry.term):
        latin.append(entry.term)
    for name in latin:
        for word in chinese:
            yield phrase(name), word


def _term_pairs(term: Term) -> Iterator[tuple[str, str]]:
    name = term.en.get("name") if term.en else None
    if name:
        for latin in _latin_names(name):
            for word in _chinese(term.name):
                yield phrase(latin), word


def aliases(taxonomy: Taxonomy) -> tuple[tuple[str, str], ...]:
    """Every (English phrase, Chinese name) pair the glossary and the taxonomy give, sorted, without repeats."""
    pairs = {pair for entry in taxonomy.glossary for pair in itertools.islice(_glossary_pairs(entry), MAX_PAIRS)}
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        pairs.update(pair for term in vocabulary.terms for pair in itertools.islice(_term_pairs(term), MAX_PAIRS))
    return tuple(sorted((latin, chinese) for latin, chinese in pairs if latin))


def names(taxonomy: Taxonomy) -> tuple[str, ...]:
    """The Chinese names a reader may type by their initials: glossary terms and their aliases, taxonomy names."""
    found = [entry.term for entry in taxonomy.glossary] + [alias for entry in taxonomy.glossary for alias in entry.aliases]
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        found += [term.name for term in vocabulary.terms]
    return tuple(dict.fromkeys(found))
