"""`/glossary/`: every term a newcomer may not know, in both languages; and the abbreviation tooltips of each page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from pypinyin import Style, lazy_pinyin

from casebook.derive.editions import EN, Edition, glossary_term
from casebook.derive.sitemap import GLOSSARY, Page, glossary_anchor, taxonomy_source_uri
from casebook.model import GlossaryEntry, Library
from casebook.render.context import INDEXED, Context
from casebook.render.templating import render_template

PATH = GLOSSARY
NAV = GLOSSARY
SEARCH = INDEXED


def render(context: Context) -> list[Page]:
    """The glossary page, when the taxonomy has a glossary (in English: the terms that have an English)."""
    glossary = context.library.taxonomy.glossary
    if not glossary:
        return []
    english = context.edition is EN
    entries = sorted(glossary, key=(lambda e: glossary_term(e, EN).casefold()) if english else pinyin_key)
    text = render_template(
        "glossary.md.j2",
        entries=entries,
        anchor=glossary_anchor,
        t=context.labels,
        english=english,
        headword_of=partial(glossary_term, edition=context.edition),
    )
    return [Page(GLOSSARY, text, taxonomy_source_uri("glossary"))]


def pinyin_key(entry: GlossaryEntry) -> tuple[tuple[str, ...], str]:
    """Sort by pinyin, as a Chinese dictionary does: 不可抗力 as bu4 ke3 kang4 li4, KA as k a.

    Each Chinese character becomes its syllable with the tone as a digit (TONE3), and
    every other run of characters stands for itself, lower-cased, so a term starting with Latin
    letters sorts by its letters among the syllables (KA before 开 kai1), and digits first.
    The term itself breaks ties, so the order never depends on the file's.
    """
    syllables = lazy_pinyin(entry.term, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return tuple(s.lower() for s in syllables), entry.term


class Abbreviations:
    r"""The abbreviation definitions (`*[KA]: …`) for hover tooltips, per edition, given only to the pages that use them.

    Python-Markdown matches abbreviations between word boundaries, and there is no
    boundary between two Chinese characters, so only Latin terms get tooltips. A term is
    the key of `*[TERM]: …`; `\\`, `[` or `]` in it would end the definition early and
    leave the line as Markdown, so such a term gets no tooltip. Appending every
    definition to every page made Python-Markdown try each one on each page; a page
    gets only the terms that occur in it.
    """

    def __init__(self, library: Library, edition: Edition) -> None:
        entries = [e for e in library.taxonomy.glossary if e.term.isascii() and not any(c in e.term for c in "\\[]")]
        if edition is EN:
            entries = [e for e in entries if e.en is not None]
        self.definitions = {
            entry.term: render_template("abbreviations.md.j2", entries=[entry], english=edition is EN, t=edition.labels)
            for entry in entries
        }
        terms = sorted(self.definitions, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![A-Za-z0-9])") if terms else None

    def for_page(self, markdown: str) -> str:
        """The definitions of the terms `markdown` uses, to append to it."""
        if self.pattern is None:
            return ""
        used: Iterable[str] = dict.fromkeys(self.pattern.findall(markdown))
        return "".join(self.definitions[term] for term in used)
