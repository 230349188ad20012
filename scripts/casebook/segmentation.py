"""How Chinese text is cut into words for search: a jieba user dictionary made from the library.

Why a dictionary, and why this one. Material's search plugin cuts Chinese with
jieba's precise mode at build time, and the browser then matches each query
word as a *prefix* of an indexed word. A compound such as 赔礼道歉 or 合作伙伴
is indexed whole, so a reader who types 道歉 or 伙伴 finds nothing. In the
browser Material also splits a Han query into the longest words the index
knows, so a whole-word query still works when the index holds only its parts
(赔礼道歉 is looked up as 赔礼 + 道歉). So the index should hold the *parts*:

* every compound in the library whose parts jieba knows as words gets
  frequency 0, which makes jieba split it (赔礼道歉 → 赔礼 / 道歉);
* glossary terms and their aliases are domain words (小灵通, 工程勘察, 不可抗力):
  they get a weight that keeps each one whole, whatever jieba's own dictionary
  says, and are never split;
* the names of the taxonomy (issue types, lessons, …) are short phrases made
  of such parts; their compounds are split like the rest.

Why no one-character words. In the browser Material splits a Han query
against the index's words but never tries the whole query, only its shorter
prefixes: if 延 or 为 is an indexed word, 延期 is looked up as 延* and 为什么 as
为*, which matches almost everything. jieba emits many one-character words
(的, 到, 为), so `SearchSegmenter` glues each one to the word before it (or,
at the start of a run, to the word after it). 作者的 still matches 作者 as a
prefix, and no query is cut down to a single character.

The dictionary is generated from the taxonomy, the glossary and the cases on
every build, so a new case or glossary entry is searchable by its parts with
no list kept by hand. This is measured against plain Material + jieba with
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
#: jieba's frequency 0 forbids a word, so precise mode cuts it into its parts.
SPLIT = 0

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# jieba logs its dictionary loading to stderr at INFO; a build should stay quiet.
jieba.setLogLevel(logging.WARNING)
_stock: jieba.Tokenizer | None = None


def _stock_tokenizer() -> jieba.Tokenizer:
    """A tokenizer with jieba's stock dictionary only, loaded once per process.

    The global tokenizer gets our user dictionary after the first build, and
    `mkdocs serve` must make the same dictionary on every rebuild, so we cut
    with a snapshot of the stock words. The snapshot is taken from the global
    tokenizer, which Material's search needs anyway, rather than by loading the
    dictionary a second time (0.8 s): the hook asks for it before the search
    plugin loads the user dictionary.
    """
    global _stock
    if _stock is None:
        jieba.dt.check_initialized()
        stock = jieba.Tokenizer()
        stock.FREQ, stock.total = dict(jieba.dt.FREQ), jieba.dt.total
        stock.initialized = True
        _stock = stock
    return _stock


def user_dictionary(library: Library) -> str:
    """The jieba user dictionary for `library`: one `word frequency` line per entry, sorted.

    Glossary terms and aliases are kept whole; compounds found anywhere in the
    taxonomy, the glossary or the cases are split into their parts. The same
    library always gives the same text.
    """
    keep = set(domain_terms(library))
    split = {word for word in splittable_compounds(library_texts(library)) if word not in keep}
    # A domain term's own parts may look like compounds; never split inside one.
    split = {word for word in split if not any(word in term for term in keep)}
    entries = [(word, KEEP_WHOLE) for word in keep] + [(word, SPLIT) for word in split]
    return "".join(f"{word} {freq}\n" for word, freq in sorted(entries))


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


def library_texts(library: Library) -> Iterator[str]:
    """Every piece of reader-visible text in the library: taxonomy, glossary and cases."""
    taxonomy = library.taxonomy
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        for term in vocabulary.terms:
            yield term.name
            yield term.description
            yield from term.checklist
    for entry in taxonomy.glossary:
        yield from (entry.term, entry.expansion, entry.explanation, *entry.aliases)
    for case in library.cases:
        yield from (case.title, case.summary, case.story)
        yield from (text for text in (case.decision, case.what_we_did, case.outcome) if text)
        yield from (value for _, value in case.context)
        yield from case.takeaways
        yield from case.discussion


def splittable_compounds(texts: Iterable[str]) -> list[str]:
    """Words jieba would index whole although they are made of words a reader may type alone.

    A word counts when jieba's search mode finds words inside it that cover
    it exactly (赔礼道歉 = 赔礼 + 道歉, 合作伙伴 = 合作 + 伙伴); a word with an
    uncovered remainder (小灵通 holds only 灵通) is left alone. Uses jieba's
    own dictionary, as loaded, to find the words inside.
    """
    found: set[str] = set()
    for text in texts:
        for run in _HAN.findall(text):
            # Cut as Material does (precise mode, HMM on) to see the words it would index.
            for word in _stock_tokenizer().cut(run):
                if len(word) >= 3 and _is_tiled(word):
                    found.add(word)
    return sorted(found)


def _is_tiled(word: str) -> bool:
    """Whether the dictionary words inside `word` (2 or 3 characters long) cover it end to end."""
    freq: dict[str, int] = _stock_tokenizer().FREQ
    # Shortest path over positions, using only known inner words of 2-3 characters.
    reachable = {0}
    for start in range(len(word)):
        if start not in reachable:
            continue
        for size in (2, 3):
            part = word[start : start + size]
            if len(part) == size and part != word and freq.get(part):
                reachable.add(start + size)
    return len(word) in reachable


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

    `cut` is jieba's precise mode with one-character words glued on (see the
    module docstring); everything else (`load_userdict`, …) is jieba's own.
    """

    def __init__(self, jieba_module: Any = jieba) -> None:
        self._jieba = jieba_module

    def cut(self, sentence: str | bytes, *args: Any, **kwargs: Any) -> Iterator[str]:
        """The words of `sentence` for the search index."""
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        return iter(glue_single_characters(self._jieba.cut(text, *args, **kwargs)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jieba, name)
