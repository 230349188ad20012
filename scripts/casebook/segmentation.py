"""How Chinese text is cut into words for search: a jieba user dictionary made from the library.

Why a dictionary, and why this one. Material's search plugin cuts Chinese with
jieba's precise mode at build time, and the browser then matches each query
word as a *prefix* of an indexed word. A compound such as 赔礼道歉 or 合作伙伴
is indexed whole, so a reader who types 道歉 or 伙伴 finds nothing. In the
browser Material also splits a Han query into the longest words the index
knows, so a whole-word query still works when the index holds only its parts
(赔礼道歉 is looked up as 赔礼 + 道歉). So the index should hold the *parts*:

* a word that jieba returns whole but that known words of two or three
  characters cover end to end is indexed as those parts (赔礼道歉 → 赔礼 / 道歉).
  The split happens inside the cut Material already makes, so it costs no
  second pass over the text and follows new cases with no list to keep;
* glossary terms and their aliases are domain words (小灵通, 工程勘察, 不可抗力):
  a generated jieba user dictionary gives them a weight that keeps each one
  whole, whatever jieba's own dictionary says, and they are never split.

Why no one-character words. In the browser Material splits a Han query
against the index's words but never tries the whole query, only its shorter
prefixes: if 延 or 为 is an indexed word, 延期 is looked up as 延* and 为什么 as
为*, which matches almost everything. jieba emits many one-character words
(的, 到, 为), so `SearchSegmenter` glues each one to the word before it (or,
at the start of a run, to the word after it). 作者的 still matches 作者 as a
prefix, and no query is cut down to a single character.

The dictionary is generated from the glossary on every build, so a new term
is kept whole with no list kept by hand. This is measured against plain Material + jieba with
`tests/search/queries.tsv` in `tests/search/test_search_recall.py`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

import jieba

from .model import Library

#: jieba's frequency for a word that must stay whole: above any ordinary word
#: it could be confused with, so the domain term wins every segmentation.
KEEP_WHOLE = 100_000

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# jieba logs its dictionary loading to stderr at INFO; a build should stay quiet.
jieba.setLogLevel(logging.WARNING)


def user_dictionary(library: Library) -> str:
    """The jieba user dictionary for `library`: the domain terms, kept whole, one `word frequency` line each."""
    return "".join(f"{word} {KEEP_WHOLE}\n" for word in domain_terms(library))


def domain_terms(library: Library) -> list[str]:
    """Glossary terms and aliases that contain Chinese, one per name (`打榜/维榜` gives two)."""
    names: set[str] = set()
    for entry in library.taxonomy.glossary:
        for name in (entry.term, *entry.aliases):
            for part in name.split("/"):
                part = part.strip()
                # jieba only cuts Han runs; Latin terms (ASO, CTO) never reach it.
                if _HAN.search(part) and " " not in part:
                    names.add(part)
    return sorted(names)


def compound_parts(word: str, freq: dict[str, int]) -> list[str] | None:
    """The known words of 2-3 characters that cover `word` end to end, or None.

    赔礼道歉 gives [赔礼, 道歉]; 小灵通 (only 灵通 inside) gives None. A word of
    fewer than three characters is never split. `freq` is jieba's dictionary,
    where a prefix of a longer word is present with frequency 0 and does not count.
    """
    if len(word) < 3:
        return None
    # Fewest parts wins; ties go to the path found first (longer parts first).
    best: dict[int, list[str]] = {0: []}
    for start in range(len(word)):
        path = best.get(start)
        if path is None:
            continue
        for size in (3, 2):
            part = word[start : start + size]
            end = start + size
            if len(part) == size and part != word and freq.get(part) and (end not in best or len(best[end]) > len(path) + 1):
                best[end] = [*path, part]
    return best.get(len(word))


def glue_single_characters(words: Iterable[str]) -> list[str]:
    """Join every one-character word to the word before it, or at the start to the word after it.

    `["作者", "的", "教训"]` gives `["作者的", "教训"]`; a run that is one
    character long stays as it is.
    """
    glued: list[str] = []
    pending = ""
    for word in words:
        if len(word) == 1 and glued:
            glued[-1] += word
        elif len(word) == 1:
            pending += word
        else:
            glued.append(pending + word)
            pending = ""
    if pending:
        glued.append(pending)
    return glued


class SearchSegmenter:
    """Stands in for the `jieba` module where Material's search plugin cuts Han text.

    `cut` is jieba's precise mode with compounds split into their parts and
    one-character words glued on (see the module docstring); everything else
    (`load_userdict`, …) is jieba's own.
    """

    def __init__(self, jieba_module: Any = jieba, keep: Iterable[str] = ()) -> None:
        self.wrapped = jieba_module
        self._keep = frozenset(keep)
        # The same words recur on every page; decide each one once.
        self._parts: dict[str, list[str]] = {}

    def _split(self, word: str) -> list[str]:
        parts = self._parts.get(word)
        if parts is None:
            found = None if word in self._keep else compound_parts(word, self.wrapped.dt.FREQ)
            parts = self._parts[word] = found or [word]
        return parts

    def cut(self, sentence: str | bytes, *args: Any, **kwargs: Any) -> Iterator[str]:
        """The words of `sentence` for the search index."""
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        words = (part for word in self.wrapped.cut(text, *args, **kwargs) for part in self._split(word))
        return iter(glue_single_characters(words))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)
