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
from conftest import REPO, Project
from test_load_errors import VALID

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


def test_a_teaching_case_names_its_place_in_the_article_and_asks_two_questions_or_gets_notices(project: Project) -> None:
    # Editorial policy as `casebook check` notices at their place: a valid new case is never a failing test for it.
    decided = VALID + "role: 你是 KA。\ndecision: 你怎么办？\noutcome: 客户同意了。\n"
    project.write_case("sample.yml", decided)
    assert project.messages(teaching=True) == [
        "cases/sample.yml:1:5: notice: ask at least 2 discussion questions ('discussion'), one of them on the real trade-off",
        "cases/sample.yml:14:9: notice: 'source' does not say where in the article this is ('section'): a reader who checks the article finds it",
    ]
    told = decided.replace("source: {title: 测试文章}", "source: {title: 测试文章, section: 开头}") + "discussion: [一？, 二？]\n"
    project.write_case("sample.yml", told)
    assert project.messages(teaching=True) == []


def test_one_narrator_a_role_a_decision_that_unfolds_and_notes_beside_hospitality_and_force_majeure(project: Project) -> None:
    text = VALID.replace("第一段。", "我们请客户吃饭，对方说这是不可抗力。") + "role: 作为 KA\ndecision: 你怎么办？\n"
    project.write_case(
        "sample.yml", text.replace("source: {title: 测试文章}", "source: {title: 测试文章, section: 开头}") + "discussion: [一？, 二？]\n"
    )
    assert project.messages(teaching=True) == [
        "cases/sample.yml:1:5: notice: a case that mentions force majeure sends the reader to their contract and legal team (法务) in 'analysis'",
        "cases/sample.yml:1:5: notice: a case that mentions hospitality or gifts says to follow the company's compliance rules (合规)",
        "cases/sample.yml:1:5: notice: the narrator is the article's author (「作者」「作者的团队」), never 我们, 我司 or 我方",
        "cases/sample.yml:15:7: notice: 'role' puts the reader in the story: start it with 你",
        "cases/sample.yml:16:11: notice: a decision point unfolds into what the article says followed: add 'cause', 'response', 'countermeasure' or 'outcome'",
    ]


def test_industry_background_says_what_it_is_or_gets_a_notice(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("title: 样例\n", "title: 样例\nkind: background\n"))
    assert project.messages(teaching=True) == [
        "cases/sample.yml:3:7: notice: industry background says what it is in 'context' (性质: not a project of the author's team)"
    ]


def test_force_majeure_is_never_taught_as_the_sellers_excuse_for_a_suppliers_failure(library: Library) -> None:
    glossary = {e.term: e.explanation for e in library.taxonomy.glossary}
    assert "593" in glossary["不可抗力"] and "590" in glossary["不可抗力"]
    for term in (*library.taxonomy.issue_types.terms, *library.taxonomy.lessons.terms):
        if "不可抗力" in term.description:
            assert "通常不" in term.description, term.id


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
