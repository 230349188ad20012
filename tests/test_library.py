"""The real case library: which cases exist, and that every part of the taxonomy is taught by one."""

from __future__ import annotations

import re

import pytest

from casebook.load import load_library
from casebook.model import Library
from conftest import REPO

#: Case ids are a contract: URLs, the newcomer path and colleagues' bookmarks rely on them.
CASE_IDS = [
    "ask-why-take-notes",
    "aso-traffic-trial-abandoned",
    "chip-fab-fire-force-majeure",
    "galaxy-note7-battery",
    "iphone4-antennagate",
    "lost-test-phone-apology",
    "mobile-fair-yes-man",
    "new-operator-solution-manager",
    "provincial-billing-network-delay",
    "roaming-over-internet-alternative",
    "site-survey-staffing-shortage",
    "test-platform-outsourcing-rework",
    "wrong-missing-parts-airfreight",
]
SOURCES = {"为什么说合同签订是 KA 营销和客户价值实现的真正开始？", "海外行销有感"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


def test_the_library_holds_exactly_the_agreed_cases(library: Library) -> None:
    assert [c.id for c in library.cases] == CASE_IDS


def test_every_issue_type_and_lesson_is_carried_by_a_case(library: Library) -> None:
    used_issue_types = {t for c in library.cases for t in c.issue_types}
    used_lessons = {t for c in library.cases for t in c.lessons}
    assert set(library.taxonomy.issue_types.ids()) - used_issue_types == set()
    assert set(library.taxonomy.lessons.ids()) - used_lessons == set()


def test_every_lesson_has_a_checklist(library: Library) -> None:
    assert all(len(lesson.checklist) >= 2 for lesson in library.taxonomy.lessons.terms)


def test_every_case_cites_a_source_article_and_asks_at_least_two_questions(library: Library) -> None:
    for case in library.cases:
        assert case.source.title in SOURCES, case.id
        assert len(case.discussion) >= 2, case.id


def test_a_decision_point_ends_with_the_question_and_keeps_an_outcome_to_unfold(library: Library) -> None:
    with_decision = [c for c in library.cases if c.decision]
    assert len(with_decision) >= 10
    for case in with_decision:
        assert "你会怎么做？" in (case.decision or ""), case.id
        assert case.role, case.id
        assert case.response or case.outcome, case.id


def test_newcomer_path_links_every_case(library: Library) -> None:
    text = (REPO / "docs" / "newcomers.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\(cases/([a-z0-9-]+)\.md\)", text))
    assert linked == {c.id for c in library.cases}
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
