"""No answer before the decision: what a case tells only after its decision point is not said where a reader meets it first.

A case with a decision folds what followed (`AFTER_DECISION`: the cause, the response, the
countermeasure, the outcome) under the question. Said again in the same case's discussion
questions (shown open, below the fold), or on a page read before the cases (a lesson, an
issue type, the glossary, the newcomer path and the other pages under docs/), it gives the
answer away. This finds each clause of a folded part (between two of 。，；：！？ and their
English kin) of twelve Chinese characters or eight English words or more, written again
there, in either language, and warns where it is written: across the library one set lookup
per clause, so thousands of cases are checked in a blink. A retelling in other words is for
an editor's read. A taxonomy entry may repeat the article's lesson (the countermeasure):
stating it is what a lesson is for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from casebook.model import Case, Library
from casebook.model.fields import AFTER_DECISION
from casebook.source.diagnostics import Diagnostic, Loc, Severity
from casebook.source.markup import REF_PATTERN
from casebook.source.messages import say

#: Shorter clauses are common phrases ("the customer agreed", 「客户的当地合作伙伴」), not an answer:
#: twelve Chinese characters, or eight words of English.
MIN_CHARS = 12
MIN_WORDS = 8
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: The folded field that holds the article's own lesson (防止再发): a taxonomy entry may say it.
LESSON_FIELD = "countermeasure"
_CLAUSE_END = re.compile(r"[。！？；：，、!?;:,\n]|(?<=[.])\s")
_MARKUP = re.compile(r"[*_`>#「」『』“”\"]")


def _plain(text: str) -> str:
    return " ".join(_MARKUP.sub("", REF_PATTERN.sub("", text)).split())


def _clauses(text: str) -> Iterator[str]:
    for part in _CLAUSE_END.split(_plain(text)):
        clause = part.strip()
        if len(clause) >= MIN_CHARS and (len(_HAN.findall(clause)) >= MIN_CHARS or clause.count(" ") >= MIN_WORDS - 1):
            yield clause


def _values(case: Case, names: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(field, text) of each named field of the case, Chinese and English, list items one by one."""
    for name in names:
        for language, value in (("", getattr(case, name)), ("en.", case.en.get(name) if case.en is not None else None)):
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, str) and item:
                    yield language + name, item


def _folded(case: Case) -> dict[str, str]:
    """Each clause of the case's folded part, and the field it is in."""
    return {clause: field for field, text in _values(case, AFTER_DECISION) for clause in _clauses(text)}


def outcome_leaks(library: Library, pages: Mapping[str, str]) -> list[Diagnostic]:
    """A warning wherever a folded sentence of a case is said before its decision (see the module's docstring).

    `pages` are the hand-written pages, by path from the project root (docs/*.md, docs/en/*.md).
    """
    folded = {case.id: _folded(case) for case in library.cases if case.decision}
    # Each folded clause of any case, and whose it is (the first case that folds it).
    anywhere: dict[str, tuple[str, str]] = {}
    for case_id, clauses in folded.items():
        for clause, field in clauses.items():
            anywhere.setdefault(clause, (case_id, field))
    problems: list[Diagnostic] = []
    for case in library.cases:
        own = folded.get(case.id)
        if not own:
            continue
        # Within the case, a folded clause anywhere in a discussion question ("why did the customer …?" repeats it
        # too). Not in the story or the summary: a cause is often the situation itself, which they must set out.
        for field, text in _values(case, ("discussion",)):
            plain = _plain(text)
            for clause in (c for c in own if c in plain):
                loc = case.locs.get(field.removeprefix("en."), Loc(f"cases/{case.id}.yml"))
                problems.append(_leak(loc, field, case.id, own[clause], clause))
    # Across the library, a folded clause written again as a clause: one lookup each, however many cases.
    overview = [*((loc, text, True) for loc, text in _taxonomy_texts(library)), *((Loc(path), text, False) for path, text in pages.items())]
    for loc, text, is_entry in overview:
        for clause in dict.fromkeys(c for c in _clauses(text) if c in anywhere):
            case_id, where = anywhere[clause]
            if is_entry and where.endswith(LESSON_FIELD):
                continue  # a lesson states the lesson an article draws: that is what its entry is for
            problems.append(_leak(_line_of(loc, text, clause), "", case_id, where, clause))
    return problems


def _taxonomy_texts(library: Library) -> Iterator[tuple[Loc, str]]:
    taxonomy = library.taxonomy
    for vocabulary in (taxonomy.domains, taxonomy.stages, taxonomy.regions, taxonomy.issue_types, taxonomy.lessons):
        for term in vocabulary.terms:
            english = term.en.values if term.en is not None else {}
            for text in (term.description, term.situation, *term.checklist, *(str(v) for v in english.values())):
                if text:
                    yield term.loc, text
    for entry in taxonomy.glossary:
        english = entry.en.values if entry.en is not None else {}
        for text in (entry.explanation, *(str(v) for v in english.values())):
            yield Loc("cases/taxonomy/glossary.yml"), text


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
