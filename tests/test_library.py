"""The real case library: every part of the taxonomy is taught by cases, the glossary covers what
newcomers meet, and the cases retold from the two source articles keep the editorial rules.

Which cases exist, and which the newcomer path links, are not pinned here: they are
`casebook check` notices (casebook.check.editorial), so a valid new case never fails the tests.
The rules below bind the cases retold from the two articles; a first-hand case may say 我们.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from casebook.check.checker import load_library
from casebook.model import Case, Library
from conftest import REPO

#: The two source articles, by title. Their text never enters the repository.
SOURCES = {"为什么说合同签订是 KA 营销和客户价值实现的真正开始？", "海外行销有感"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


def _retold(library: Library) -> list[Case]:
    """The cases retold from the two source articles."""
    cases = [c for c in library.cases if c.source.title in SOURCES]
    assert len(cases) >= 10
    return cases


def test_every_issue_type_and_lesson_is_taught_by_at_least_two_cases(library: Library) -> None:
    # One case per value teaches nothing a reader could compare: merge it into a broader value.
    issue_types = Counter(t for c in library.cases for t in c.issue_types)
    lessons = Counter(t for c in library.cases for t in c.lessons)
    assert {t: issue_types[t] for t in library.taxonomy.issue_types.ids() if issue_types[t] < 2} == {}
    assert {t: lessons[t] for t in library.taxonomy.lessons.ids() if lessons[t] < 2} == {}


def test_every_lesson_has_a_checklist(library: Library) -> None:
    assert all(len(lesson.checklist) >= 2 for lesson in library.taxonomy.lessons.terms)


def test_the_newcomer_path_has_five_to_seven_steps() -> None:
    text = (REPO / "docs" / "newcomers.md").read_text(encoding="utf-8")
    steps = re.findall(r"^## 第 \d+ 步", text, flags=re.MULTILINE)
    assert 5 <= len(steps) <= 7


def _case_text(case: Case) -> str:
    parts = [case.title, case.summary, case.role or "", case.story, case.decision or "", case.cause or ""]
    parts += [case.response or "", case.countermeasure or "", case.outcome or "", case.analysis or ""]
    parts += [*case.takeaways, *case.discussion, *(value for _, value in case.context)]
    return "\n".join(parts)


def _unquoted(text: str) -> str:
    return re.sub(r"「[^」]*」|“[^”]*”", "", text)


def test_a_retold_case_says_where_in_the_article_and_asks_at_least_two_questions(library: Library) -> None:
    for case in _retold(library):
        assert case.source.section, case.id
        assert len(case.discussion) >= 2, case.id


def test_one_narrator_the_article_author_is_never_us(library: Library) -> None:
    for case in _retold(library):
        assert re.findall(r"我司|我方|我们", _unquoted(_case_text(case))) == [], case.id


def test_a_decision_names_the_reader_role_and_keeps_what_the_article_says_to_unfold(library: Library) -> None:
    for case in _retold(library):
        if case.decision:
            assert (case.role or "").startswith("你"), case.id
            # What the article says after the moment of choice: its cause, response, countermeasure or outcome.
            assert case.cause or case.response or case.countermeasure or case.outcome, case.id


def test_hospitality_always_comes_with_a_compliance_note(library: Library) -> None:
    for case in library.cases:
        text = _case_text(case)
        if re.search(r"请.{0,12}吃饭|公关|送礼|招待", text):
            assert "合规" in text, case.id
    two_roles = library.taxonomy.lessons["two-roles"]
    assert "适当公关" in two_roles.description and "合规" in two_roles.description


def test_force_majeure_is_never_taught_as_the_sellers_excuse_for_a_suppliers_failure(library: Library) -> None:
    glossary = {e.term: e.explanation for e in library.taxonomy.glossary}
    assert "593" in glossary["不可抗力"] and "590" in glossary["不可抗力"]
    for case in library.cases:
        if "不可抗力" in (case.analysis or "") + case.story:
            assert "593" in (case.analysis or "") and "法务" in (case.analysis or ""), case.id
    for term in (*library.taxonomy.issue_types.terms, *library.taxonomy.lessons.terms):
        if "不可抗力" in term.description:
            assert "通常不" in term.description, term.id


def test_cases_that_are_not_the_authors_projects_say_so_in_their_context(library: Library) -> None:
    for case in library.cases:
        if case.domain == "consumer-electronics":
            assert "不是作者团队经手的项目" in dict(case.context).get("性质", ""), case.id


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
