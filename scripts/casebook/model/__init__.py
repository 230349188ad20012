"""The model: frozen value objects that every later stage reads and none mutates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from casebook.model.thesaurus import Thesaurus
from casebook.model.translation import Translation
from casebook.source.diagnostics import Loc

#: `kind: background`: an industry example the author mentions in passing, with no decision point. Lists and the
#: newcomer path show it as background, apart from the cases a reader decides (`Case.is_background`).
BACKGROUND = "background"


@dataclass(frozen=True)
class Term:
    """An entry of the controlled vocabulary: a domain, stage, region, issue type or lesson."""

    id: str
    name: str
    description: str
    related: tuple[str, ...] = ()
    #: Lessons carry a "what to do" checklist; other vocabularies leave it empty.
    checklist: tuple[str, ...] = ()
    #: Issue types carry the situation a reader is in, as the home page offers it (「我现在遇到了…」).
    situation: str = ""
    #: The English (name, description, and situation or checklist; a lesson may add `how_to_say`).
    en: Translation | None = None
    loc: Loc = field(default=Loc(""), compare=False, repr=False)


@dataclass(frozen=True)
class GlossaryEntry:
    """A word a newcomer may not know, with its expansion and a short explanation."""

    term: str
    explanation: str
    expansion: str = ""
    aliases: tuple[str, ...] = ()
    #: The English equivalent (`term`) and a one-line English `definition`.
    en: Translation | None = None
    #: A term the editors added (contract and delivery words the articles assume), not one from the articles.
    editor_added: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """One controlled vocabulary, in the order its file lists it."""

    kind: str
    terms: tuple[Term, ...]
    #: The file, when it could not be read (a YAML syntax error): its ids are unknown, not absent.
    unread: str = ""

    def ids(self) -> list[str]:
        """The ids, in file order."""
        return [t.id for t in self.terms]

    def __getitem__(self, term_id: str) -> Term:
        return self._by_id[term_id]

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    @cached_property
    def _by_id(self) -> Mapping[str, Term]:
        return MappingProxyType({t.id: t for t in self.terms})


@dataclass(frozen=True)
class Taxonomy:
    """Every controlled vocabulary plus the glossary."""

    domains: Vocabulary
    stages: Vocabulary
    regions: Vocabulary
    issue_types: Vocabulary
    lessons: Vocabulary
    glossary: tuple[GlossaryEntry, ...] = ()
    #: Customer and people names that must not appear in case text.
    sensitive_terms: tuple[str, ...] = ()
    #: Search synonyms and filler words (cases/taxonomy/thesaurus.yml).
    thesaurus: Thesaurus = field(default_factory=Thesaurus)


@dataclass(frozen=True)
class Ref:
    """A `[[case-id]]` reference written inside a Markdown field."""

    target: str
    #: The Markdown field the reference was written in.
    in_field: str
    loc: Loc = field(compare=False)


@dataclass(frozen=True)
class Source:
    """Where a case comes from: the article, and where in it. Only what the article states."""

    title: str
    author: str | None = None
    platform: str | None = None
    url: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Case:
    """One validated case file; one attribute per row of `casebook.model.fields.CASE_FIELDS` (a test holds them equal)."""

    id: str
    title: str
    summary: str
    domain: str
    stage: str
    issue_types: tuple[str, ...]
    lessons: tuple[str, ...]
    story: str
    source: Source
    region: str | None = None
    #: None for a case a reader decides; "background" for an industry event the author mentions in passing.
    kind: str | None = None
    context: tuple[tuple[str, str], ...] = ()
    role: str | None = None
    decision: str | None = None
    cause: str | None = None
    response: str | None = None
    countermeasure: str | None = None
    outcome: str | None = None
    analysis: str | None = None
    takeaways: tuple[str, ...] = ()
    discussion: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    #: The ids this case had before it was renamed: their URLs redirect here, and `[[old-id]]` still links here.
    moved_from: tuple[str, ...] = ()
    reviewed: dt.date | None = None
    #: The people who wrote the case, as they want to be named: the page shows these, never git author names.
    contributors: tuple[str, ...] = ()
    #: (exact finding text, reviewer's reason) pairs: each silences only that finding.
    confidentiality_exceptions: tuple[tuple[str, str], ...] = ()
    #: The English of the case's text fields (casebook.model.translation), or None: Chinese only.
    en: Translation | None = None
    #: Where each field's value starts, keyed by field name, and `related[i]` per item.
    locs: Mapping[str, Loc] = field(default_factory=dict, compare=False, repr=False)
    refs: tuple[Ref, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_background(self) -> bool:
        """Whether this is industry background (`kind: background`), shown apart from the cases a reader decides."""
        return self.kind == BACKGROUND


@dataclass(frozen=True)
class Library:
    """A validated set of cases with the taxonomy they were checked against."""

    taxonomy: Taxonomy
    cases: tuple[Case, ...]

    def case(self, case_id: str) -> Case:
        """The case with this id, or the case that was renamed from it (`moved_from`)."""
        return self._by_id[self.renamed.get(case_id, case_id)]

    @cached_property
    def _by_id(self) -> Mapping[str, Case]:
        return MappingProxyType({c.id: c for c in self.cases})

    @cached_property
    def renamed(self) -> Mapping[str, str]:
        """Each old case id (`moved_from`) and the id of the case it became."""
        return MappingProxyType({old: c.id for c in self.cases for old in c.moved_from})
