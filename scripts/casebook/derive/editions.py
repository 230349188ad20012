"""The site's editions: Chinese at the site's root, English under `en/`, the same pages in both.

An edition is a path prefix, a language tag and the words the pages say themselves
(`templates/labels.yml`). Every page type renders once per edition, from the library
as that edition reads it (`localize`): the English edition reads each case's and each
term's `en:` block. Because every page of an edition moves by the same prefix, the
relative links between them stay right, and the two trees mirror each other page for
page, which is what the language selector relies on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

import yaml

from casebook.model import Case, GlossaryEntry, Library, Term, Vocabulary
from casebook.model.fields import FIELDS_BY_NAME, MARKDOWN_FIELDS, TRANSLATED


@dataclass(frozen=True)
class Edition:
    """One language of the site."""

    code: str
    #: Where the edition's pages live under docs/ and the site: '' or 'en/'.
    prefix: str
    #: The page's `lang` attribute.
    html_lang: str
    #: The edition's name in its own language, as the language selector shows it.
    name: str

    @property
    def labels(self) -> Mapping[str, str]:
        """The words the generated pages say themselves, in this edition's language."""
        return _labels(self.code)

    def uri(self, uri: str) -> str:
        """The path of a page of this edition: `cases/x.md` becomes `en/cases/x.md`."""
        return self.prefix + uri

    def owns(self, uri: str) -> bool:
        """Whether a path under docs/ is a page of this edition."""
        return edition_of(uri) is self


ZH = Edition("zh", "", "zh-CN", "中文")
EN = Edition("en", "en/", "en", "English")
#: The default edition first.
EDITIONS: tuple[Edition, ...] = (ZH, EN)


def edition_of(uri: str) -> Edition:
    """The edition a path under docs/ (or a site URL) belongs to."""
    return next((e for e in EDITIONS[1:] if uri.startswith(e.prefix)), ZH)


def counterpart(uri: str, edition: Edition) -> str:
    """The same page in `edition`: `en/cases/x.md` for `cases/x.md`, and back."""
    return edition.uri(uri[len(edition_of(uri).prefix) :])


@cache
def _labels(code: str) -> Mapping[str, str]:
    data = yaml.safe_load(files("casebook.derive").joinpath("labels.yml").read_text(encoding="utf-8"))
    return MappingProxyType({key: str(value[code]) for key, value in data.items()})


def humanize(identifier: str) -> str:
    """An English name for an id that has no English yet: `late-delivery` reads 'Late delivery'."""
    words = identifier.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def localize(library: Library, edition: Edition) -> Library:
    """The library as `edition` reads it: for English, every case and term in its English.

    A case without English keeps its place (links and listings stay whole) under its id
    as a title, with a notice instead of its story; the page links to the Chinese.
    """
    if edition is ZH:
        return library
    taxonomy = library.taxonomy
    english = dataclasses.replace(
        taxonomy,
        domains=_vocabulary(taxonomy.domains),
        stages=_vocabulary(taxonomy.stages),
        regions=_vocabulary(taxonomy.regions),
        issue_types=_vocabulary(taxonomy.issue_types),
        lessons=_vocabulary(taxonomy.lessons),
        glossary=tuple(e for e in taxonomy.glossary if e.en is not None),
    )
    return Library(english, tuple(_case(case, edition) for case in library.cases))


def _vocabulary(vocabulary: Vocabulary) -> Vocabulary:
    return Vocabulary(vocabulary.kind, tuple(_term(t) for t in vocabulary.terms))


def _term(term: Term) -> Term:
    en = term.en
    if en is None:
        return dataclasses.replace(term, name=humanize(term.id), description="", checklist=(), situation="")
    return dataclasses.replace(
        term,
        name=en["name"],
        description=en.get("description", ""),
        checklist=tuple(en.get("checklist", ())),
        situation=en.get("situation", ""),
    )


def _case(case: Case, edition: Edition) -> Case:
    if case.en is None:
        # Every field that has an English is blanked (its empty value, from the field table), then the
        # three a page cannot do without say what the reader gets instead.
        blank: dict[str, Any] = {name: FIELDS_BY_NAME[name].kind.empty() for name in TRANSLATED if not FIELDS_BY_NAME[name].required}
        labels = edition.labels
        return dataclasses.replace(
            case,
            **blank,
            title=labels["untranslated_title"].format(title=humanize(case.id)),
            summary=labels["untranslated_summary"],
            story="",
        )
    kept = shown_in_chinese(case)
    return dataclasses.replace(case, **{name: value for name, value in case.en.values.items() if name not in kept})


def in_chinese_only(case: Case, edition: Edition) -> bool:
    """Whether `edition` has `case` only in Chinese: its page says so and links to the Chinese edition."""
    return edition is not ZH and case.en is None


def shown_in_chinese(case: Case) -> frozenset[str]:
    """The fields whose English is older than their Chinese and which the English page shows in Chinese.

    A passage of the story that changed must not read as if the English still said it, so
    the English page shows the current Chinese, marked as such (`lang="zh-CN"`), until it is
    retranslated. A title, a summary or a list item stays in its earlier English, which the
    page's notice says: listings and links in an English edition need English names.
    """
    if case.en is None:
        return frozenset()
    return frozenset(name for name in case.en.stale if name in MARKDOWN_FIELDS)


def glossary_term(entry: GlossaryEntry, edition: Edition) -> str:
    """The entry's headword in `edition`: the English equivalent for English."""
    return entry.en["term"] if edition is EN and entry.en is not None else entry.term
