"""Editorial rules are `casebook check` notices: a valid new case passes the check and the library tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import test_library
from casebook.check.checker import check_library
from conftest import REPO, Project
from conftest import run_cli as run
from test_load_errors import VALID

NEW_CASE = """\
id: visa-delay-before-kickoff
title: 开工前一周，工程师的签证还没下来
summary: 项目开工在即，派驻工程师的工作签证迟迟未批。
domain: {domain}
stage: {stage}
issue_types: [{issue_type}]
lessons: [{lesson}]
role: 你是这个项目的交付经理。
story: |
  客户定好了开工日期，工程师的签证却还在审批中。
decision: |
  离开工只剩一周。你会怎么做？
source:
  title: 一篇尚未收录的文章
"""


@pytest.fixture
def copy_with_a_new_case(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "cases", root / "cases")
    shutil.copytree(REPO / "docs", root / "docs")
    (root / "mkdocs.yml").write_text("site_name: copy\n", encoding="utf-8")
    taxonomy = check_library(root).library
    assert taxonomy is not None
    t = taxonomy.taxonomy
    text = NEW_CASE.format(domain=t.domains.ids()[0], stage=t.stages.ids()[0], issue_type=t.issue_types.ids()[0], lesson=t.lessons.ids()[0])
    (root / "cases" / "visa-delay-before-kickoff.yml").write_text(text, encoding="utf-8")
    return root


def test_a_valid_new_case_passes_strict_check_with_notices_about_english_and_the_newcomer_path(
    copy_with_a_new_case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--root", str(copy_with_a_new_case), "check", "--strict")
    assert code == 0, out
    # Notices only: an editor links it from the newcomer path and adds its English when they choose to.
    # (Only the new case's lines: what the rest of the library lacks is not this case's business.)
    mine = [line for line in out.splitlines() if line.startswith("cases/visa-delay-before-kickoff.yml:") and not _teaching(line)]
    assert mine == [
        "cases/visa-delay-before-kickoff.yml:1:5: notice: no English yet ('en'): the English edition shows this case as in Chinese only;"
        " to translate it, add an 'en:' block, then run casebook translated cases/visa-delay-before-kickoff.yml",
        "cases/visa-delay-before-kickoff.yml:1:5: notice: not on the newcomer path (docs/newcomers.md):"
        " link it from a step if every newcomer should read it",
    ]
    assert err.startswith("ok: ")


def test_missing_english_fails_only_the_release_gate(copy_with_a_new_case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--root", str(copy_with_a_new_case), "check", "--strict", "--translations")
    assert code == 1
    assert "cases/visa-delay-before-kickoff.yml:1:5: error: no English yet ('en')" in out
    # The newcomer path is an editor's choice, not a translation: it stays a notice.
    assert "cases/visa-delay-before-kickoff.yml:1:5: notice: not on the newcomer path" in out


def test_a_valid_new_case_passes_the_library_tests(copy_with_a_new_case: Path) -> None:
    result = check_library(copy_with_a_new_case)
    assert result.library is not None
    for name in dir(test_library):
        test = getattr(test_library, name)
        if not name.startswith("test_") or not hasattr(test, "__code__"):
            continue
        parameters = test.__code__.co_varnames[: test.__code__.co_argcount]
        # The tests of the library itself; those of the check rules bring their own fixture project.
        if "project" not in parameters:
            test(**({"library": result.library} if "library" in parameters else {}))


def test_a_decision_that_asks_nothing_gets_a_notice(project: Project) -> None:
    project.write_case("sample.yml", VALID + "role: 你是项目经理。\ndecision: 客户下周要开会。\n")
    assert project.messages() == ["cases/sample.yml:16:11: notice: 'decision' should end in the question the reader answers (？)"]


def test_a_folded_sentence_said_again_before_the_decision_is_a_warning_where_it_is_said(project: Project) -> None:
    outcome = "客户最后把合同转给了另一家供应商。"
    case = VALID + f"role: 你是项目经理。\ndecision: 客户下周要开会，你会怎么做？\noutcome: {outcome}\n"
    project.write_case("sample.yml", case + "discussion:\n  - 为什么客户最后把合同转给了另一家供应商？\n  - 你会先做什么？\n")
    messages = project.messages()
    assert messages == [
        "cases/sample.yml:19:3: warning: in 'discussion': says what 'sample' tells only after its decision"
        " ('outcome': '客户最后把合同转给了另一家供应商'): a reader meets it first here; say it after the decision, or not at all"
    ]
    # Said only after the decision, it is where it belongs.
    project.write_case("sample.yml", case + "discussion:\n  - 你会先做什么？\n  - 你会怎样写这封邮件？\n")
    assert project.messages() == []


def test_a_folded_sentence_on_a_page_read_before_the_cases_is_a_warning_on_that_page(project: Project) -> None:
    project.write_case(
        "sample.yml", VALID + "role: 你是项目经理。\ndecision: 客户下周要开会，你会怎么做？\noutcome: 客户最后把合同转给了另一家供应商。\n"
    )
    (project.root / "docs").mkdir()
    (project.root / "docs" / "guide.md").write_text("# 指南\n\n读这个案例前先知道：客户最后把合同转给了另一家供应商。\n", encoding="utf-8")
    [message] = project.messages()
    assert message.startswith("docs/guide.md:3:1: warning: says what 'sample' tells only after its decision")


#: Words of the editor's teaching notices (casebook.check.editorial.teaching_notices, tested in tests/test_library.py).
_TEACHING_PARTS = ("discussion questions", "('section')", "narrator is", "compliance rules", "legal team", "'role' puts", "unfolds into")


def _teaching(line: str) -> bool:
    """Whether a printed line is one of the editor's teaching notices."""
    return any(part in line for part in _TEACHING_PARTS)
