"""`/glossary/`: every term a newcomer may not know; and the abbreviation tooltips every page carries."""

from __future__ import annotations

from ..model import Library
from ..sitemap import GLOSSARY, Page, taxonomy_source_uri
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
    entries = sorted(glossary, key=lambda e: e.term.lower())
    return [Page(GLOSSARY, render_template("glossary.md.j2", entries=entries), taxonomy_source_uri("glossary"))]


def render_abbreviations(library: Library) -> str:
    """Markdown abbreviation definitions (`*[KA]: …`) for the hover tooltips on every page."""
    # Python-Markdown matches abbreviations between word boundaries, and there is
    # no boundary between two Chinese characters, so only Latin terms get tooltips.
    entries = [e for e in library.taxonomy.glossary if e.term.isascii()]
    return render_template("abbreviations.md.j2", entries=entries)
