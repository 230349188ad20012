"""Every kind of bad case file gets one precise error at the line and column of the offending value."""

from __future__ import annotations

import pytest

from conftest import Project

VALID = """\
id: sample
title: 样例
summary: 一句话摘要。
domain: ict
stage: delivery
issue_types:
  - late-delivery
lessons:
  - ask-why
story: |
  第一段。

  第二段。
source: {title: 测试文章}
"""


def with_line(line_no: int, new: str) -> str:
    lines = VALID.splitlines()
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


def test_a_valid_case_loads_without_diagnostics(project: Project) -> None:
    project.write_case("sample.yml", VALID)
    result = project.check()
    assert result.diagnostics == ()
    assert result.library is not None
    case = result.library.case("sample")
    assert case.issue_types == ("late-delivery",)
    assert case.story == "第一段。\n\n第二段。"


ERRORS = [
    pytest.param(
        with_line(2, "titel: 样例"),
        "cases/sample.yml:2:1: error: unknown field 'titel' in a case file (did you mean 'title'?)",
        id="unknown-field",
    ),
    pytest.param(
        VALID.replace("lessons:", "lesson:"),
        "cases/sample.yml:8:1: error: unknown field 'lesson' in a case file (did you mean 'lessons'?)",
        id="lesson-for-lessons",
    ),
    pytest.param(
        with_line(9, "  - ask-wy"), "cases/sample.yml:9:5: error: unknown lessons 'ask-wy' (did you mean 'ask-why'?)", id="unknown-lesson"
    ),
    pytest.param(with_line(4, "domain: ic"), "cases/sample.yml:4:9: error: unknown domain 'ic' (did you mean 'ict'?)", id="unknown-domain"),
    pytest.param(
        VALID.replace("issue_types:\n  - late-delivery", "issue_types: late-delivery"),
        "cases/sample.yml:6:14: error: 'issue_types' must be a list (lines starting with '- '), got text",
        id="string-for-list",
    ),
    pytest.param(
        with_line(2, "title: 42"),
        "cases/sample.yml:2:8: error: 'title' must be text, got a number (put it in quotes)",
        id="number-for-string",
    ),
    pytest.param(
        VALID.replace("  - ask-why", "  - id: ask-why"),
        "cases/sample.yml:9:5: error: 'lessons' must be text, got a mapping (key: value)",
        id="mapping-in-id-list",
    ),
    pytest.param(with_line(2, "title: '   '"), "cases/sample.yml:2:8: error: 'title' is empty", id="blank-title"),
    pytest.param(with_line(3, "summary:"), "cases/sample.yml:3:9: error: 'summary' must be text, got nothing", id="missing-summary-value"),
    pytest.param(
        VALID.replace("source: {title: 测试文章}\n", ""), "cases/sample.yml:1:1: error: missing required field 'source'", id="missing-field"
    ),
    pytest.param(with_line(1, "id: other"), "cases/sample.yml:1:5: error: id 'other' differs from the file name", id="id-not-file-name"),
    pytest.param(with_line(1, "id: ../Sample"), "cases/sample.yml:1:5: error: 'id' value '../Sample' is not a valid id", id="id-with-dots"),
    pytest.param(with_line(1, "id: my case"), "cases/sample.yml:1:5: error: 'id' value 'my case' is not a valid id", id="id-with-space"),
    pytest.param(
        VALID + "related:\n  - sample\n", "cases/sample.yml:16:5: error: a case cannot list itself in 'related'", id="self-related"
    ),
    pytest.param(
        VALID + "related:\n  - nowhere\n", "cases/sample.yml:16:5: error: unknown case 'nowhere' in 'related'", id="unknown-related"
    ),
    pytest.param(
        VALID.replace("第二段。", "见 [[nowhere]]。"), "cases/sample.yml:13:5: error: unknown case '[[nowhere]]'", id="unknown-ref"
    ),
    pytest.param(
        VALID + "title: 又一个\n",
        "cases/sample.yml:15:1: error: 'title' appears twice in a case file (first at line 2)",
        id="duplicate-key",
    ),
    pytest.param(
        VALID + "reviewed: 2024-13-01\n", "cases/sample.yml:15:11: error: 'reviewed' must be a date written YYYY-MM-DD", id="bad-date"
    ),
    pytest.param("title: [unclosed\n", "cases/sample.yml:2:1: error: YAML syntax error:", id="yaml-syntax"),
    pytest.param(
        VALID.replace("  - ask-why", "\t- ask-why"),
        "cases/sample.yml:9:1: error: YAML syntax error: a tab is used for indentation; YAML needs spaces",
        id="tab-indent",
    ),
    pytest.param("", "cases/sample.yml:1:1: error: file is empty (or only comments)", id="empty-file"),
    pytest.param("# only a comment\n", "cases/sample.yml:1:1: error: file is empty (or only comments)", id="only-comments"),
    pytest.param(
        "- a\n- b\n", "cases/sample.yml:1:1: error: a case file must be a mapping of 'field: value' lines, got a list", id="top-level-list"
    ),
    pytest.param(
        VALID.replace("title: 样例", "title: &t 样例\nsummary2: *t"),
        "cases/sample.yml:3:11: error: YAML syntax error: YAML aliases (*name) are not allowed",
        id="alias",
    ),
    pytest.param(
        VALID.replace("第二段。", "第二段\x07。"),
        "cases/sample.yml:13:6: error: control character U+0007 is not allowed",
        id="control-char",
    ),
    pytest.param(
        VALID.replace("第二段。", "<script>alert(1)</script>"),
        "cases/sample.yml:13:3: error: in 'story': raw HTML ('<script') is not allowed",
        id="raw-script",
    ),
    pytest.param(
        VALID.replace("第二段。", "[点我](javascript:alert(1))"),
        "cases/sample.yml:13:8: error: in 'story': link target 'javascript:alert(1' is not allowed",
        id="javascript-url",
    ),
    pytest.param(
        with_line(2, 'title: "<img src=x onerror=alert(1)>"'),
        "cases/sample.yml:2:9: error: in 'title': raw HTML ('<img') is not allowed",
        id="html-in-title",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_each_error_is_reported_at_its_value(project: Project, text: str, expected: str) -> None:
    project.write_case("sample.yml", text)
    result = project.check()
    assert result.library is None
    messages = [str(d) for d in result.diagnostics]
    assert any(m.startswith(expected) for m in messages), messages


def test_gbk_file_is_named_with_the_fix(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("第二段。", "第二段：中文编码。").encode("gb18030"))
    [message] = project.messages()
    assert message.startswith("cases/sample.yml:2:")
    assert "GBK/GB18030" in message and "UTF-8" in message


def test_a_utf8_bom_is_accepted(project: Project) -> None:
    project.write_case("sample.yml", b"\xef\xbb\xbf" + VALID.encode("utf-8"))
    assert project.check().library is not None


def test_oversize_file_is_refused_before_parsing(project: Project) -> None:
    project.write_case("sample.yml", VALID + "#" + "x" * 300_000 + "\n")
    [message] = project.messages()
    assert message.startswith("cases/sample.yml:1:1: error: file is") and "limited to 256 KiB" in message


def test_duplicate_id_across_files_names_the_first_file(project: Project) -> None:
    project.write_case("sample.yml", VALID)
    project.write_case("copy.yml", VALID)
    messages = project.messages()
    assert "cases/copy.yml:1:5: error: id 'sample' differs from the file name; rename the file to sample.yml or set id: copy" in messages
    assert "cases/sample.yml:1:5: error: id 'sample' is already used by cases/copy.yml" in messages


def test_every_error_is_collected_before_failing(project: Project) -> None:
    project.write_case("sample.yml", with_line(4, "domain: ic").replace("  - ask-why", "  - ask-wy"))
    project.write_case("broken.yml", "title: [\n")
    paths = sorted(str(d.loc) for d in project.check().errors)
    assert paths == ["cases/broken.yml:2:1", "cases/sample.yml:4:9", "cases/sample.yml:9:5"]


def test_a_reference_inside_a_block_points_at_its_own_line(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("第二段。", "前文 [[a-case]] 与 [[b-case]]。"))
    messages = project.messages()
    assert messages[0].startswith("cases/sample.yml:13:6: error: unknown case '[[a-case]]'")
    assert messages[1].startswith("cases/sample.yml:13:19: error: unknown case '[[b-case]]'")


def test_cross_file_errors_come_in_the_same_round_as_the_file_s_own(project: Project) -> None:
    broken = with_line(4, "domain: ic").replace("第二段。", "见 [[no-such-case]]。") + "related: [sample-too]\n"
    project.write_case("sample.yml", broken)
    assert [str(d.loc) for d in project.check().errors] == ["cases/sample.yml:4:9", "cases/sample.yml:13:5", "cases/sample.yml:15:11"]


def test_a_decision_without_the_reader_s_role_is_an_error_at_the_decision(project: Project) -> None:
    project.write_case("sample.yml", VALID + "decision: |\n  你会怎么做？\n")
    assert project.messages() == [
        "cases/sample.yml:15:11: error: a case with 'decision' needs 'role'"
        " (你的角色：「你是……」，读者在决策点的身份和利害；有 decision 时必填)"
    ]
    project.write_case("sample.yml", VALID + "role: 你是项目经理。\ndecision: |\n  你会怎么做？\n")
    assert project.messages() == []


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("source: 测试文章", "15:9: error: 'source' must be a mapping of 'key: value' lines", id="plain-string"),
        pytest.param("source: {author: 某人}", "15:9: error: 'source' is missing 'title'", id="no-title"),
        pytest.param("source: {title: 文, link: x}", "15:20: error: unknown field 'link' in 'source'", id="unknown-part"),
        pytest.param("source: {title: 文, url: 'ftp://x.org/a'}", "15:25: error: 'source.url' must be a web address", id="ftp"),
        pytest.param("source: {title: 文, url: 'javascript:alert(1)'}", "15:25: error: 'source.url' must be a web address", id="js"),
        pytest.param(
            """source: {title: 文, url: 'https://a.org/x><img src=x onerror=alert(1)>'}""",
            "15:25: error: 'source.url' must be a web address",
            id="markup",
        ),
        pytest.param("source: {title: 文, url: 'https://a.org/a b'}", "15:25: error: 'source.url' must be a web address", id="space"),
    ],
)
def test_source_is_a_record_with_a_title_and_a_plain_http_link(project: Project, source: str, message: str) -> None:
    project.write_case("sample.yml", VALID.replace("source: {title: 测试文章}", "\n" + source))
    [only] = project.messages()
    assert only.startswith(f"cases/sample.yml:{message}")


def test_a_deny_list_saved_as_gbk_gets_the_located_decoding_error(project: Project) -> None:
    (project.root / "cases" / "taxonomy" / "sensitive-terms.txt").write_bytes("# 名单\n中国移动\n".encode("gbk"))
    project.write_case("sample.yml", VALID)
    [message] = project.messages()
    assert message.startswith("cases/taxonomy/sensitive-terms.txt:1:3: error: the file is not UTF-8; it looks like GBK/GB18030")


def test_a_newcomer_path_saved_as_gbk_gets_the_located_decoding_error(project: Project) -> None:
    (project.root / "docs").mkdir()
    (project.root / "docs" / "newcomers.md").write_bytes("# 新人学习路径\n".encode("gbk"))
    project.write_case("sample.yml", VALID)
    [message] = project.messages()
    assert message.startswith("docs/newcomers.md:1:3: error: the file is not UTF-8; it looks like GBK/GB18030")


def test_a_source_link_may_hold_chinese_a_query_and_an_anchor(project: Project) -> None:
    url = "https://mp.weixin.qq.com/s/文章?id=1&x=2#第二节"
    project.write_case("sample.yml", VALID.replace("source: {title: 测试文章}", f"source: {{title: 文, url: '{url}'}}"))
    result = project.check()
    assert result.diagnostics == ()
    assert result.library is not None and result.library.case("sample").source.url == url
