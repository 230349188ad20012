"""The real case library: every part of the taxonomy is taught by a case, and the glossary covers what newcomers meet.

Which cases exist, and which the newcomer path links, are not pinned here: they are
`casebook check` notices (casebook.editorial), so a valid new case never fails the tests.
"""

from __future__ import annotations

import re

import pytest

from casebook.load import load_library
from casebook.model import Library
from conftest import REPO


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


def test_every_issue_type_and_lesson_is_carried_by_a_case(library: Library) -> None:
    used_issue_types = {t for c in library.cases for t in c.issue_types}
    used_lessons = {t for c in library.cases for t in c.lessons}
    assert set(library.taxonomy.issue_types.ids()) - used_issue_types == set()
    assert set(library.taxonomy.lessons.ids()) - used_lessons == set()


def test_every_lesson_has_a_checklist(library: Library) -> None:
    assert all(len(lesson.checklist) >= 2 for lesson in library.taxonomy.lessons.terms)


def test_the_newcomer_path_has_five_to_seven_steps() -> None:
    text = (REPO / "docs" / "newcomers.md").read_text(encoding="utf-8")
    steps = re.findall(r"^## 第 \d+ 步", text, flags=re.MULTILINE)
    assert 5 <= len(steps) <= 7


def test_glossary_explains_the_terms_a_newcomer_meets(library: Library) -> None:
    terms = {e.term for e in library.taxonomy.glossary} | {a for e in library.taxonomy.glossary for a in e.aliases}
    required = {
        "KA",
        "ICT",
        "SaaS",
        "2B",
        "ASO",
        "SEO",
        "SEM",
        "CPA",
        "CPD",
        "CPC",
        "CTO",
        "PHS",
        "小灵通",
        "BOQ",
        "工程勘察",
        "不可抗力",
        "设计院",
    }
    assert required - terms == set()
