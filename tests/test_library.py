"""The real case library: which cases exist, and that every part of the taxonomy is taught by one."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from casebook.load import load_library
from casebook.model import Case, Library
from conftest import REPO

#: Case ids are a contract: URLs, the newcomer path and colleagues' bookmarks rely on them.
CASE_IDS = [
    "chip-fab-fire-late-equipment",
    "custom-software-before-mobile-fair",
    "customer-homework-daily",
    "friend-referred-traffic-trial",
    "galaxy-note7-battery",
    "huawei-zte-early-delivery-problems",
    "iphone4-antennagate",
    "lost-test-phone-email",
    "new-operator-no-design-institute",
    "partner-says-hq-wont-approve",
    "provincial-billing-network-delay",
    "roaming-for-visiting-president",
    "site-survey-staffing-shortage",
    "test-platform-outsourcing-rework",
    "wrong-or-missing-parts",
]
SOURCES = {"为什么说合同签订是 KA 营销和客户价值实现的真正开始？", "海外行销有感"}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


def test_the_library_holds_exactly_the_agreed_cases(library: Library) -> None:
    assert [c.id for c in library.cases] == CASE_IDS


def test_every_issue_type_and_lesson_is_taught_by_at_least_two_cases(library: Library) -> None:
    # One case per value teaches nothing a reader could compare: merge it into a broader value.
    issue_types = Counter(t for c in library.cases for t in c.issue_types)
    lessons = Counter(t for c in library.cases for t in c.lessons)
    assert {t: issue_types[t] for t in library.taxonomy.issue_types.ids() if issue_types[t] < 2} == {}
    assert {t: lessons[t] for t in library.taxonomy.lessons.ids() if lessons[t] < 2} == {}


def _case_text(case: Case) -> str:
    parts = [case.title, case.summary, case.role or "", case.story, case.decision or "", case.cause or ""]
    parts += [case.response or "", case.countermeasure or "", case.outcome or "", case.analysis or ""]
    parts += [*case.takeaways, *case.discussion, *(value for _, value in case.context)]
    return "\n".join(parts)


def _unquoted(text: str) -> str:
    return re.sub(r"「[^」]*」|“[^”]*”", "", text)


def test_one_narrator_the_article_author_is_never_us(library: Library) -> None:
    for case in library.cases:
        assert re.findall(r"我司|我方|我们", _unquoted(_case_text(case))) == [], case.id


def test_a_decision_names_the_reader_role_in_the_second_person(library: Library) -> None:
    for case in library.cases:
        if case.decision:
            assert (case.role or "").startswith("你"), case.id


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


def test_every_lesson_has_a_checklist(library: Library) -> None:
    assert all(len(lesson.checklist) >= 2 for lesson in library.taxonomy.lessons.terms)


def test_every_case_cites_a_source_article_and_asks_at_least_two_questions(library: Library) -> None:
    for case in library.cases:
        assert case.source.title in SOURCES, case.id
        assert case.source.section, case.id
        assert len(case.discussion) >= 2, case.id


def test_a_decision_point_ends_with_the_question_and_keeps_an_outcome_to_unfold(library: Library) -> None:
    with_decision = [c for c in library.cases if c.decision]
    assert len(with_decision) >= 10
    for case in with_decision:
        assert "你会怎么做？" in (case.decision or ""), case.id
        assert case.role, case.id
        # What the article says after the moment of choice: its cause, response, countermeasure or outcome.
        assert case.cause or case.response or case.countermeasure or case.outcome, case.id


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
