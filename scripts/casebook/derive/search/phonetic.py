"""Pinyin for the search index: what a reader types with the input method off (qingguan, qg) finds 清关.

Three tables, all made at build time with `pypinyin` (toneless, every reading of a
character, so 重 is zhong, chong and tong), fetched by the worker only when a query needs them:

* **Full pinyin → Han bigrams** of the index (`qingguan` → 清关): every Han bigram key the
  index has, by the pinyin of its two characters. A query in pinyin is cut into syllables
  (`SYLLABLES`), and each pair of syllables stands for the bigrams it may spell.
* **Initials → words** (`^qg` → 清关): every run of two to six Han characters in a page's
  title and summary, and every glossary and taxonomy name, by the first letters of their
  syllables; and each Han bigram by its two initials (`~qg`), which the worker chains like
  pinyin for initials of a word no title holds (jkxkz → 进口许可证).
* **Characters by syllable** (`pinyin.json`), for the fallback: a query whose characters
  match nothing (a near-homophone, 清馆 for 清关) is tried again by its sound.

The first two are sharded by `phonetic_shard`, which the worker computes the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from pypinyin import Style, pinyin
from pypinyin.constants import PINYIN_DICT

from casebook.source.markup import HAN_RUN

#: A pinyin run is cut into at most this many syllables (a longer Latin run is a word, not pinyin).
MAX_SYLLABLES = 8
#: Readings of one bigram kept (a bigram of two heteronyms has up to nine).
MAX_READINGS = 4
#: Initials keys start with these, so that `an` the initials never meets `an` the syllable pair:
#: a whole word's initials (`^qg`), and a bigram's (`~qg`), which the worker chains for longer initials.
INITIALS = "^"
BIGRAM_INITIALS = "~"
_INITIAL_WORD = range(2, 7)


@cache
def readings(char: str) -> tuple[str, ...]:
    """Every toneless reading of one Han character (ü written v, as an input method takes it), most common first."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
    return tuple(dict.fromkeys(r.replace("ü", "v") for r in found[0])) if found else ()


def spellings(text: str) -> list[str]:
    """The toneless pinyin spellings of a Han string, syllables joined, at most `MAX_READINGS`."""
    options = [readings(char) for char in text]
    if not all(options):
        return []
    return ["".join(parts) for parts in itertools.islice(itertools.product(*options), MAX_READINGS)]


def initials(text: str) -> list[str]:
    """The initials spellings of a Han string (清关 → qg), one letter a syllable."""
    options = [tuple(dict.fromkeys(r[0] for r in readings(char))) for char in text]
    if not all(options):
        return []
    return ["".join(parts) for parts in itertools.islice(itertools.product(*options), MAX_READINGS)]


def pinyin_table(bigrams: Mapping[str, int]) -> dict[str, list[str]]:
    """Full pinyin (`qingguan`) and initials (`~qg`) → the Han bigrams it spells, the most widespread first.

    `bigrams` gives each bigram the number of pages it is on: a reader's word is more likely
    one the library uses often, and the worker keeps only the first few of a long list.
    """
    table: dict[str, set[str]] = {}
    for bigram in bigrams:
        for spelling in spellings(bigram):
            table.setdefault(spelling, set()).add(bigram)
        for spelling in initials(bigram):
            table.setdefault(BIGRAM_INITIALS + spelling, set()).add(bigram)
    return {key: sorted(found, key=lambda b: (-bigrams[b], b)) for key, found in table.items()}


def words(names: Iterable[str]) -> Iterator[str]:
    """Every run of two to six Han characters inside `names` (titles, glossary and taxonomy names)."""
    for name in names:
        for run in HAN_RUN.findall(name):
            for size in _INITIAL_WORD:
                for start in range(len(run) - size + 1):
                    yield run[start : start + size]


def initials_table(names: Iterable[str]) -> dict[str, list[str]]:
    """`^` + initials → the words of `names` they spell, sorted."""
    table: dict[str, set[str]] = {}
    for word in words(names):
        for spelling in initials(word):
            table.setdefault(INITIALS + spelling, set()).add(word)
    return {key: sorted(found) for key, found in table.items()}


def phonetic_shard(key: str, shards: int) -> int:
    """The shard of a pinyin or initials key: the sum of its code points modulo the shard count (the worker's too)."""
    return sum(map(ord, key)) % shards


@cache
def characters_by_syllable() -> dict[str, str]:
    """Each toneless syllable → the common characters (GB 2312's 6,763) read that way, by code point.

    Not only the library's characters: the character a reader mistypes is the one the library
    lacks. An input method offers common characters first, so those are the likely slips.
    """
    table: dict[str, list[str]] = {}
    for code in range(0x4E00, 0xA000):
        if code in PINYIN_DICT and _common(chr(code)):
            for reading in readings(chr(code)):
                table.setdefault(reading, []).append(chr(code))
    return {syllable: "".join(chars) for syllable, chars in sorted(table.items())}


def _common(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def syllables() -> list[str]:
    """Every toneless syllable pypinyin knows, for the worker's cut of a pinyin run (longest first)."""
    return sorted(characters_by_syllable(), key=lambda s: (-len(s), s))
