"""Messages speak the contributor's language: Chinese by default, English on request."""

from __future__ import annotations

import string

import pytest

from casebook.source.messages import _ZH, LANG_ENV
from conftest import Project
from conftest import run_cli as run
from test_load_errors import VALID


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("english", sorted(_ZH))
def test_each_translation_fills_in_only_what_the_english_gives(english: str) -> None:
    assert _fields(_ZH[english]) <= _fields(english)


def test_messages_are_chinese_by_default(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(LANG_ENV)
    project.write_case("sample.yml", VALID.replace("domain: ict", "domain: ic").replace("第二段。", "请致电 13812345678。"))
    (project.root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    code, out, err = run(capsys, "--root", str(project.root), "check")
    assert code == 1
    assert out.splitlines() == [
        "cases/sample.yml:4:9: error: 未知的 domain 'ic'（是不是 'ict'？）",
        "cases/sample.yml:13:7: warning: 'story' 中：看起来像电话号码（'13812345678'）；请删除，或经审阅后在 'confidentiality_exceptions' 里放行",
    ]
    assert err == "1 个错误\n"


def test_lang_en_keeps_english(project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(LANG_ENV)
    project.write_case("sample.yml", VALID.replace("domain: ict", "domain: ic"))
    (project.root / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", "--root", str(project.root), "check")
    assert (code, out) == (1, "cases/sample.yml:4:9: error: unknown domain 'ic' (did you mean 'ict'?)\n")
