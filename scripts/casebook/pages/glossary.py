"""`/glossary/`: every term a newcomer may not know; and the abbreviation tooltips every page carries."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

from ..model import GlossaryEntry, Library
from ..sitemap import GLOSSARY, Page, glossary_anchor, taxonomy_source_uri
from ..templating import render_template
from . import INDEXED, Context

PATH = GLOSSARY
NAV = GLOSSARY
SEARCH = INDEXED


def render(context: Context) -> list[Page]:
    """The glossary page, when the taxonomy has a glossary."""
    glossary = context.library.taxonomy.glossary
    if not glossary:
        return []
    entries = sorted(glossary, key=pinyin_key)
    text = render_template("glossary.md.j2", entries=entries, anchor=glossary_anchor)
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


def render_abbreviations(library: Library) -> str:
    """Markdown abbreviation definitions (`*[KA]: …`) for the hover tooltips on every page."""
    # Python-Markdown matches abbreviations between word boundaries, and there is
    # no boundary between two Chinese characters, so only Latin terms get tooltips.
    # A term is the key of `*[TERM]: …`; `\\`, `[` or `]` in it would end the definition early and
    # leave the line as Markdown on every page, so such a term gets no tooltip.
    entries = [e for e in library.taxonomy.glossary if e.term.isascii() and not any(c in e.term for c in "\\[]")]
    return render_template("abbreviations.md.j2", entries=entries)
