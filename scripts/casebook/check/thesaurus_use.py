"""A synonym group earns its place by reaching the library's own words.

A group maps what a reader may type onto what the pages say (拖期 onto 延期). A group none
of whose words stands anywhere in the cases, the glossary or the taxonomy can find no page
by what the pages say: it can only have been written for particular queries, and it grows
by hand. `casebook check` notes each such group at its line, so that an editor justifies it
(a word the library uses) or removes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casebook.model import Library
from casebook.source.diagnostics import Diagnostic, Severity
from casebook.source.messages import say


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _texts(item)
    elif hasattr(value, "values") and callable(value.values):
        for item in value.values():
            yield from _texts(item)


def library_text(library: Library) -> str:
    """Everything a page of the library says: every case field, glossary entry and taxonomy term, both editions, lower case."""
    parts: list[str] = []
    for case in library.cases:
        parts.extend(_texts([getattr(case, name) for name in case.__dataclass_fields__ if name not in ("locs", "refs")]))
        if case.en is not None:
            parts.extend(_texts(case.en.values))
    taxonomy = library.taxonomy
    for entry in taxonomy.glossary:
        parts.extend([entry.term, entry.explanation, entry.expansion, *entry.aliases, *(_texts(entry.en.values) if entry.en else ())])
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        for term in vocabulary.terms:
            parts.extend([term.name, term.description, term.situation, *term.checklist, *(_texts(term.en.values) if term.en else ())])
    return "\n".join(parts).lower()


def unused_groups(library: Library) -> list[Diagnostic]:
    """A notice at each synonym group that no case, glossary entry or taxonomy term uses any word of."""
    thesaurus = library.taxonomy.thesaurus
    text = library_text(library)
    notices = []
    for group, loc in zip(thesaurus.synonyms, thesaurus.group_locs, strict=False):
        if not any(word.lower() in text for word in group):
            message = say(
                "no word of this synonym group appears in any case, the glossary or the taxonomy: add a word the pages use, or remove it"
            )
            notices.append(Diagnostic(loc, message, Severity.NOTICE))
    return notices
