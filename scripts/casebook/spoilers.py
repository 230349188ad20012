"""No answer before the decision: what a case tells only after its decision point is not said where a reader meets it first.

A case with a decision folds what followed (`AFTER_DECISION`: the cause, the response, the
countermeasure, the outcome) under the question. Said again in the open part of the same
case (its title, summary, role, story, decision or discussion), or on a page read before
the cases (a lesson, an issue type, the glossary, the newcomer path and the other pages
under docs/), it gives the answer away. This finds each sentence of a folded part, twelve
characters or more, written again in one of those places, in either language, and warns
there. A retelling in other words is for an editor's read; a sentence repeated is found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from .diagnostics import Diagnostic, Loc, Severity
from .fields import AFTER_DECISION, BEFORE_DECISION
from .markup import REF_PATTERN
from .messages import say
from .model import Case, Library

#: Shorter sentences are common phrases ("the customer agreed"), not an answer.
MIN_CHARS = 12
_SENTENCE_END = re.compile(r"[。！？；!?;\n]|(?<=[.])\s")
_MARKUP = re.compile(r"[*_`>#「」『』“”\"]")


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub("", REF_PATTERN.sub("", text)).split())


def _sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE_END.split(text):
        sentence = _plain(part)
        if len(sentence.replace(" ", "")) >= MIN_CHARS:
            yield sentence


def _values(case: Case, names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(field, text) of each named field of the case, Chinese and English, list items one by one."""
    for name in names:
        for language, value in (("", getattr(case, name)), ("en.", case.en.get(name) if case.en is not None else None)):
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str) and item:
                    yield language + name, item


def _folded(case: Case) -> dict[str, str]:
    """Each sentence of the case's folded part, and the field it is in."""
    return {sentence: field for field, text in _values(case, AFTER_DECISION) for sentence in _sentences(text)}


def outcome_leaks(library: Library, pages: Mapping[str, str]) -> list[Diagnostic]:
    """A warning wherever a folded sentence of a case is said before its decision (see the module's docstring).

    `pages` are the hand-written pages, by path from the project root (docs/*.md, docs/en/*.md).
    """
    folded = {case.id: _folded(case) for case in library.cases if case.decision}
    problems: list[Diagnostic] = []
    for case in library.cases:
        for field, text in _values(case, BEFORE_DECISION):
            plain = _plain(text)
            for sentence, where in folded.get(case.id, {}).items():
                if sentence in plain:
                    problems.append(
                        _leak(case.locs.get(field.removeprefix("en."), Loc(f"cases/{case.id}.yml")), field, case.id, where, sentence)
                    )
    overview = [*_taxonomy_texts(library), *((Loc(path), "", text) for path, text in pages.items())]
    for loc, field, text in overview:
        plain = _plain(text)
        for case_id, sentences in folded.items():
            for sentence, where in sentences.items():
                if sentence in plain:
                    problems.append(_leak(_line_of(loc, text, sentence), field, case_id, where, sentence))
    return problems


def _taxonomy_texts(library: Library) -> Iterator[tuple[Loc, str, str]]:
    taxonomy = library.taxonomy
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        for term in vocabulary.terms:
            english = term.en.values if term.en is not None else {}
            for text in (term.description, term.situation, *term.checklist, *(str(v) for v in english.values())):
                if text:
                    yield term.loc, "", text
    for entry in taxonomy.glossary:
        english = entry.en.values if entry.en is not None else {}
        for text in (entry.explanation, *(str(v) for v in english.values())):
            yield Loc("cases/taxonomy/glossary.yml"), "", text


def _line_of(loc: Loc, text: str, sentence: str) -> Loc:
    """The line of a hand-written page where the sentence starts (its first words, as written), or the entry's place."""
    if loc.line != 1 or not text:
        return loc
    start = text.find(sentence[:MIN_CHARS])
    return Loc(loc.path, text.count("\n", 0, start) + 1, 1) if start >= 0 else loc


def _leak(loc: Loc, field: str, case_id: str, where: str, sentence: str) -> Diagnostic:
    shown = sentence if len(sentence) <= 40 else sentence[:40] + "…"
    message = say(
        "{place}says what '{case}' tells only after its decision ('{where}': '{sentence}'): a reader meets it first here;"
        " say it after the decision, or not at all",
        place=say("in '{field}': ", field=field) if field else "",
        case=case_id,
        where=where,
        sentence=shown,
    )
    return Diagnostic(loc, message, Severity.WARNING)
