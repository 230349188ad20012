"""`casebook check --sources DIR`: a case says what an article says in its own words.

A run of 12 or more Chinese characters shared with an article is reported at its
line and column, unless it is quoted (「」, 『』, “”) or sits in the `source` record.
The fixtures are small invented texts; the real articles never enter the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.source.provenance import RUN, shared_runs, shingles
from conftest import REPO, Project
from conftest import run_cli as run
from test_load_errors import VALID

#: An invented "article": 22 Han characters in two clauses.
ARTICLE = "海边的灯塔每天晚上准时亮起，照亮归航的渔船。"
ARTICLES = shingles([ARTICLE])
COPIED = "灯塔每天晚上准时亮起照亮归航"  # 14 characters of the article


def messages(text: str, *, yaml: bool = True) -> list[str]:
    return [str(d) for d in shared_runs("cases/x.yml", text, ARTICLES, yaml=yaml)]


def test_a_copied_run_is_reported_once_at_its_line_and_column_with_its_full_length() -> None:
    text = f"id: x\nstory: |\n  开头。{COPIED}，结尾。\n"
    assert messages(text) == [
        f"cases/x.yml:3:6: error: 14 Chinese characters copied from a source article: '{COPIED}'; "
        "say it in your own words, or quote a short phrase in 「」"
    ]


def test_eleven_shared_characters_are_allowed_and_twelve_are_not() -> None:
    assert RUN == 12
    assert messages("title: 灯塔每天晚上准时亮起照\n") == []  # 11
    assert len(messages("title: 灯塔每天晚上准时亮起照亮\n")) == 1  # 12


def test_punctuation_spaces_and_latin_text_between_the_characters_do_not_hide_a_copy() -> None:
    assert len(messages("title: 灯塔每天 晚上，准时 2 亮起、照亮 OK 归航\n")) == 1


def test_a_quotation_in_corner_brackets_or_curly_quotes_is_allowed() -> None:
    assert messages(f"story: 作者说「{COPIED}」。\n") == []
    assert messages(f"story: 作者说“{COPIED}”。\n") == []
    assert messages(f"story: 作者说「外层『{COPIED}』」。\n") == []


def test_text_before_and_after_a_quotation_is_not_joined_into_one_run() -> None:
    assert messages("story: 灯塔每天晚上「引」准时亮起照亮\n") == []


def test_an_unclosed_quotation_ends_at_the_end_of_its_line() -> None:
    assert len(messages(f"story: |\n  「没有闭合\n  {COPIED}\n")) == 1


def test_the_source_record_may_name_the_article_but_the_next_field_is_checked_again() -> None:
    text = f"source:\n  title: {COPIED}\n  section: 开头\nreviewed: 2026-01-01\ntitle: {COPIED}\n"
    assert [m.split(":")[1] for m in messages(text)] == ["5"]


def test_in_markdown_pages_a_line_that_looks_like_a_source_key_is_still_checked() -> None:
    assert len(messages(f"source: {COPIED}\n", yaml=False)) == 1


def test_own_words_pass() -> None:
    assert messages("story: 作者说，港口那座灯塔天一黑就亮，为回港的渔船引路。\n") == []


def test_check_with_sources_rejects_copied_text_at_its_line_and_passes_without_it(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    copied = VALID.replace("  第一段。", f"  第一段：{COPIED}。")
    line = copied.splitlines().index(f"  第一段：{COPIED}。") + 1
    project.write_case("sample.yml", copied)

    code, out, _ = run(capsys, "--root", str(project.root), "check", "--sources", str(articles))
    assert code == 1
    assert [o for o in out.splitlines() if "copied" in o] == [
        f"cases/sample.yml:{line}:7: error: 14 Chinese characters copied from a source article: '{COPIED}'; "
        "say it in your own words, or quote a short phrase in 「」"
    ]

    _, out, _ = run(capsys, "--root", str(project.root), "check")
    assert "copied" not in out

    project.write_case("sample.yml", VALID.replace("  第一段。", f"  第一段：「{COPIED}」。"))
    _, out, _ = run(capsys, "--root", str(project.root), "check", "--sources", str(articles))
    assert "copied" not in out


def test_the_message_is_chinese_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASEBOOK_LANG")
    assert messages(f"title: {COPIED}\n") == [
        f"cases/x.yml:1:8: error: 与出处文章连续相同的 14 个汉字：'{COPIED}'；请用自己的话写，或只引用短语并放进「」"
    ]


def test_check_with_sources_needs_a_folder_of_articles(project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID)
    code, _, err = run(capsys, "--root", str(project.root), "check", "--sources", str(tmp_path / "missing"))
    assert code == 2 and "--sources" in err


SEEDS = REPO.parent / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles live beside the repository, never in it")
def test_the_library_copies_no_run_from_the_source_articles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--root", str(REPO), "check", "--sources", str(SEEDS))
    assert [o for o in out.splitlines() if "copied" in o] == []
    assert code == 0
