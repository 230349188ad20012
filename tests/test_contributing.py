"""From "I have a story" to a green pull request: scaffold, checks, schema, lint, and git dates."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from casebook.check.checker import load_library
from casebook.model.schema import SCHEMA_PATH, render_schema
from casebook.source.history import case_histories
from conftest import REPO, Project
from conftest import run_cli as run
from test_load_errors import VALID


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "casebook"
    shutil.copytree(REPO / "cases", root / "cases")
    (root / "mkdocs.yml").write_text("site_name: copy\n", encoding="utf-8")
    return root


def test_new_writes_a_commented_template_that_check_then_asks_to_fill(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(repo_copy), "new", "my-case")[0] == 0
    text = (repo_copy / "cases" / "my-case.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=case.schema.json\n")
    assert "id: my-case" in text and "# 标题" in text
    code, out, _ = run(capsys, "--root", str(repo_copy), "check")
    assert code == 1
    # The rest of the library may have notices of its own (English to update, say): only errors are asked about here.
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert errors and all(line.startswith("cases/my-case.yml:") and "TODO" in line for line in errors)


def test_new_refuses_an_invalid_or_existing_id_and_never_overwrites(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--root", str(repo_copy), "new", "Bad_Id")[0] == 2
    existing = repo_copy / "cases" / "custom-software-before-mobile-fair.yml"
    before = existing.read_bytes()
    code, _, err = run(capsys, "--root", str(repo_copy), "new", "custom-software-before-mobile-fair")
    assert code == 2 and "already exists" in err
    assert existing.read_bytes() == before


def test_new_interactive_takes_the_title_and_numbered_picks(
    repo_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load_library(repo_copy)
    answers = iter(["新加坡的到货延期", "99, late-dlivery", "1,2", "ask-why"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert run(capsys, "--root", str(repo_copy), "new", "sg-late", "--interactive")[0] == 0
    data = yaml.safe_load((repo_copy / "cases" / "sg-late.yml").read_text(encoding="utf-8"))
    assert data["title"] == "新加坡的到货延期"
    assert data["issue_types"] == library.taxonomy.issue_types.ids()[:2]
    assert data["lessons"] == ["ask-why"]


def test_a_lesson_typo_is_reported_at_its_line_with_the_right_suggestion(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID.replace("  - ask-why", "  - ask-whi"))
    (project.root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    code, out, _ = run(capsys, "--root", str(project.root), "check")
    assert (code, out) == (1, "cases/sample.yml:9:5: error: unknown lessons 'ask-whi' (did you mean 'ask-why'?)\n")


def test_github_format_prints_inline_annotations(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID.replace("domain: ict", "domain: ic"))
    code, out, _ = run(capsys, "--root", str(project.root), "check", "--format", "github")
    assert code == 1
    assert out == "::error file=cases/sample.yml,line=4,col=9::unknown domain 'ic' (did you mean 'ict'?)\n"


CONFIDENTIAL = [
    pytest.param("请联系 13812345678。", "13:7", "a phone number", id="mobile"),
    pytest.param("电话 010-87654321。", "13:6", "a phone number", id="landline"),
    pytest.param("发邮件到 li.lei@example.com。", "13:8", "an e-mail address", id="email"),
    pytest.param("身份证 11010519491231002X。", "13:7", "an ID number", id="id-number"),
    pytest.param("合同额 325 万元。", "13:7", "an exact amount of money", id="money-wan"),
    pytest.param("报价 ¥12,000。", "13:6", "an exact amount of money", id="money-yen"),
    pytest.param("客户是中国移动某分公司。", "13:6", "on the deny-list", id="deny-list"),
]


@pytest.mark.parametrize(("text", "where", "what"), CONFIDENTIAL)
def test_confidential_details_warn_locally_and_fail_strict(
    project: Project, capsys: pytest.CaptureFixture[str], text: str, where: str, what: str
) -> None:
    (project.root / "cases" / "taxonomy" / "sensitive-terms.txt").write_text("# names\n中国移动\n", encoding="utf-8")
    project.write_case("sample.yml", VALID.replace("第二段。", text))
    code, out, _ = run(capsys, "--root", str(project.root), "check")
    assert code == 0
    assert out.startswith(f"cases/sample.yml:{where}: warning: in 'story': ") and what in out
    code, out, _ = run(capsys, "--root", str(project.root), "check", "--strict")
    assert code == 1 and out.startswith(f"cases/sample.yml:{where}: error: ")


def test_orders_of_magnitude_and_ordinary_figures_pass_the_lint(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case(
        "sample.yml", VALID.replace("第二段。", "上千万的合同，三十多起事故，延期 3 个月，零下 30 多度，一部几十块钱的电话。")
    )
    assert run(capsys, "--root", str(project.root), "check", "--strict") == (0, "", "ok: 1 cases\n")


def test_a_reviewed_exception_turns_only_its_exact_finding_into_a_notice(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    exceptions = "confidentiality_exceptions:\n  - text: 325 万元\n    reason: 金额已在公开年报中披露\n"
    project.write_case("sample.yml", VALID.replace("第二段。", "合同额 325 万元，电话 13812345678。") + exceptions)
    code, out, _ = run(capsys, "--root", str(project.root), "check", "--strict")
    assert code == 1
    notice, error = out.splitlines()
    assert notice.endswith("notice: in 'story': looks like an exact amount of money ('325 万元') (allowed: 金额已在公开年报中披露)")
    assert "error: in 'story': looks like a phone number ('13812345678')" in error


def test_a_case_not_reviewed_for_two_years_gets_a_notice(project: Project) -> None:
    project.write_case("sample.yml", VALID + "reviewed: 2023-01-10\n")
    result = project.check()
    assert result.library is not None
    [notice] = [str(d) for d in result.diagnostics]
    today = dt.date.today()
    assert (today - dt.date(2023, 1, 10)).days > 730
    assert (
        notice == "cases/sample.yml:15:11: notice: last reviewed 2023-01-10, over two years ago: re-check the facts and update 'reviewed'"
    )


def test_checked_in_schema_is_generated_from_the_current_model_and_taxonomy() -> None:
    library = load_library(REPO)
    assert (REPO / SCHEMA_PATH).read_text(encoding="utf-8") == render_schema(library.taxonomy), "stale: run .venv/bin/casebook schema"
    schema = json.loads(render_schema(library.taxonomy))
    assert schema["properties"]["lessons"]["items"]["enum"] == library.taxonomy.lessons.ids()
    assert schema["additionalProperties"] is False


def test_issue_form_mirrors_the_case_file_and_the_taxonomy() -> None:
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "new-case.yml").read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    from casebook.model.fields import CASE_FIELDS

    # A proposal is written in Chinese; an editor adds the English (`en`) when the case is taken in.
    # A rename record (`moved_from`) is the maintainer's, written when a file is renamed. Whether a story is
    # industry background (`kind`) is the editor's call: a proposal tells what happened and who decided.
    expected = {f.name for f in CASE_FIELDS} - {"id", "reviewed", "confidentiality_exceptions", "en", "moved_from", "kind"}
    assert set(fields) == expected
    taxonomy = load_library(REPO).taxonomy
    assert fields["domain"]["attributes"]["options"] == [t.name for t in taxonomy.domains.terms]
    assert fields["stage"]["attributes"]["options"] == [t.name for t in taxonomy.stages.terms]
    # What the form requires is what the published schema requires (the id is the maintainer's to choose).
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    required = {name for name, item in fields.items() if item.get("validations", {}).get("required")}
    assert required == set(schema["required"]) - {"id"}
    assert set(fields) <= set(schema["properties"])


def _git(root: Path, *args: str, author: str = "甲 <a@example.com>", date: str = "2025-03-01T10:00:00+08:00") -> None:
    name, email = author.split(" <")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email[:-1],
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email[:-1],
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_last_updated_and_contributors_come_from_the_yaml_history(project: Project) -> None:
    root = project.root
    _git(root, "init", "-q")
    project.write_case("sample.yml", VALID)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "add")
    project.write_case("sample.yml", VALID.replace("第二段。", "第二段，补充。"))
    _git(root, "commit", "-qam", "edit", author="乙 <b@example.com>", date="2026-05-20T09:00:00+08:00")
    (root / "unrelated.md").write_text("x", encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "later, but not the case", author="丙 <c@example.com>", date="2026-09-01T09:00:00+08:00")

    history = case_histories(root)["cases/sample.yml"]
    assert history.last_updated == dt.date(2026, 5, 20)
    assert history.authors == ("甲", "乙")


def test_without_git_history_a_page_shows_no_date(project: Project) -> None:
    project.write_case("sample.yml", VALID)
    assert case_histories(project.root) == {}


def test_new_prints_a_check_command_that_runs_as_printed(repo_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--root", str(repo_copy), "new", "my-case")
    assert code == 0
    command = err.rsplit("：", 1)[-1].rsplit(": ", 1)[-1].strip()
    assert command == ".venv/bin/casebook check cases/my-case.yml"
    (repo_copy / ".venv").symlink_to(REPO / ".venv")
    result = subprocess.run(command.split(), cwd=repo_copy, capture_output=True, text=True, check=False, env={**os.environ})
    assert result.returncode == 1
    assert result.stdout.startswith("cases/my-case.yml:10:8: error: ")
