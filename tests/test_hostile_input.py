"""Hostile input: every markup trick is refused at its line, and no command touches the sources.

`test_load_errors.py` covers the plain mistakes; this file covers what an attacker,
or a copy-paste from a web page, would try, and the promises around builds:
a broken case stops `mkdocs build` with the located list and no traceback, and
`mkdocs serve` leaves `cases/` and `docs/` byte for byte as they were.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, Project, copy_project, hash_tree, mkdocs_build, stop_server
from test_load_errors import VALID

# Each vector sits on line 13 of VALID (the second paragraph of `story`, indented by 2).
STORY_VECTORS = [
    pytest.param("<script>alert(1)</script>", "13:3", "raw HTML ('<script')", id="script"),
    pytest.param("看图 <img src=x onerror=alert(1)>", "13:6", "raw HTML ('<img')", id="img-onerror"),
    pytest.param("<iframe src=https://evil.example></iframe>", "13:3", "raw HTML ('<iframe')", id="iframe"),
    pytest.param("<style>body{display:none}</style>", "13:3", "raw HTML ('<style')", id="style"),
    pytest.param("<svg onload=alert(1)>", "13:3", "raw HTML ('<svg')", id="svg-onload"),
    pytest.param("注释 <!-- hidden -->", "13:6", "raw HTML ('<!')", id="html-comment"),
    pytest.param("< script>alert(1)</script>", "13:3", "raw HTML ('< script')", id="spaced-tag"),
    pytest.param("`<script>` 也不行", "13:4", "raw HTML ('<script')", id="tag-in-code-span"),
    pytest.param("[点我](javascript:alert(1))", "13:8", "link target 'javascript:alert(1'", id="javascript-link"),
    pytest.param("[点我](JavaScript:alert(1))", "13:8", "link target 'JavaScript:alert(1'", id="javascript-upper-case"),
    pytest.param("[点我]( javascript:alert(1))", "13:9", "link target 'javascript:alert(1'", id="javascript-after-space"),
    pytest.param("[点我](<javascript:alert(1)>)", "13:9", "link target 'javascript:alert(1'", id="javascript-in-angles"),
    pytest.param("![图](javascript:alert(1))", "13:8", "link target 'javascript:alert(1'", id="javascript-image"),
    pytest.param("[点我](data:text/html,hi)", "13:8", "link target 'data:text/html,hi'", id="data-link"),
    pytest.param("[点我](vbscript:msgbox(1))", "13:8", "link target 'vbscript:msgbox(1'", id="vbscript-link"),
    pytest.param("[点我](jav&#x61;script:alert(1))", "13:8", "link target 'jav&#x61;script:alert(1'", id="entity-in-scheme"),
    pytest.param("[点我](&#106;avascript:alert(1))", "13:8", "link target '&#106;avascript:alert(1'", id="entity-first-letter"),
    pytest.param("[点我](javascript%3Aalert(1))", "13:8", "link target 'javascript%3Aalert(1'", id="percent-encoded-colon"),
    pytest.param("[点我](java\\script:alert(1))", "13:8", "link target 'java\\script:alert(1'", id="backslash-in-scheme"),
    pytest.param("[点我][x]\n\n  [x]: javascript:alert(1)", "15:8", "link target 'javascript:alert(1'", id="reference-definition"),
    pytest.param("[点我][x]\n\n  - [x]: javascript:alert(1)", "15:10", "link target 'javascript:alert(1'", id="reference-in-list-item"),
    pytest.param("[点我][x]\n\n  > [x]: javascript:alert(1)", "15:10", "link target 'javascript:alert(1'", id="reference-in-quote"),
    pytest.param(
        "[点我][x]\n\n  - 列表\n\n        [x]: javascript:alert(1)", "17:14", "link target 'javascript:alert(1'", id="reference-indented"
    ),
    pytest.param("[点我][]\n\n  []: javascript:alert(1)", "15:7", "link target 'javascript:alert(1'", id="reference-empty-label"),
    pytest.param("[点我](java\n  script:alert(1))", "13:8", "link target 'javascript:alert(1'", id="newline-in-scheme"),
    pytest.param("<javascript:alert(1)>", "13:4", "link target 'javascript:alert(1)'", id="autolink-javascript"),
    pytest.param("见 <data:text/html,hi>", "13:6", "link target 'data:text/html,hi'", id="autolink-data"),
    pytest.param('## 标题 { onclick="alert(1)" }', "13:9", "attribute list ('{ onclick=", id="attr-list-heading"),
    pytest.param("段落{: onmouseover=alert(1) }", "13:5", "attribute list ('{: onmouseover=", id="attr-list-paragraph"),
    pytest.param('[a](https://x.example){ href="javascript:alert(1)" }', "13:25", "attribute list ('{ href=", id="attr-list-href"),
    pytest.param("![i](https://x.example/y.png){onerror=alert(1)}", "13:32", "attribute list ('{onerror=", id="attr-list-img"),
    pytest.param("段落 { onclick }", "13:6", "attribute list ('{ onclick }')", id="attr-list-bare-handler"),
    pytest.param("段落\n  {: #__config }", "14:3", "attribute list ('{: #__config }')", id="attr-list-theme-id"),
    pytest.param("段落 { hidden }", "13:6", "attribute list ('{ hidden }')", id="attr-list-bare-attribute"),
    pytest.param("`x`{: download }", "13:6", "attribute list ('{: download }')", id="attr-list-download"),
    pytest.param("--8<-- '/etc/passwd'", "13:3", "the include marker '--8<--'", id="snippet-include"),
    pytest.param(";--8<-- 'x'", "13:4", "the include marker '--8<--'", id="snippet-escaped"),
]


@pytest.mark.parametrize(("vector", "where", "message"), STORY_VECTORS)
def test_unsafe_markup_in_story_is_refused_at_its_position(project: Project, vector: str, where: str, message: str) -> None:
    project.write_case("sample.yml", VALID.replace("第二段。", vector))
    result = project.check()
    assert result.library is None
    messages = [str(d) for d in result.errors]
    assert any(m.startswith(f"cases/sample.yml:{where}: error: in 'story': {message}") for m in messages), messages


# The same trick in each kind of field: one-line text, a list of lines, a mapping value and key, other Markdown.
FIELD_VECTORS = [
    pytest.param('title: "<script>alert(1)</script>"', "2:9", "title", id="title"),
    pytest.param("summary: 摘要 <svg onload=alert(1)>", "3:13", "summary", id="summary"),
    pytest.param("source: {title: '[文章](javascript:alert(1))'}", "14:23", "source.title", id="source"),
    pytest.param("takeaways:\n  - 第一条\n  - <iframe src=x>", "17:5", "takeaways", id="takeaways"),
    pytest.param("discussion:\n  - '[问题](data:text/html,x)'", "16:11", "discussion", id="discussion"),
    pytest.param("context:\n  客户: <img src=x onerror=alert(1)>", "16:7", "context.客户", id="context-value"),
    pytest.param("context:\n  <b>客户</b>: 运营商", "16:3", "context", id="context-key"),
    pytest.param("decision: |\n  你会怎么做？<style>*{}</style>", "16:9", "decision", id="decision"),
    pytest.param("outcome: '--8<-- \"x\"'", "15:11", "outcome", id="outcome"),
]


@pytest.mark.parametrize(("field", "where", "name"), FIELD_VECTORS)
def test_unsafe_markup_is_refused_in_every_text_field(project: Project, field: str, where: str, name: str) -> None:
    key = field.split(":", 1)[0]
    lines = [line for line in VALID.splitlines() if not line.startswith(f"{key}:")]
    if key in ("title", "summary"):
        lines.insert(1 if key == "title" else 2, field)
    else:
        lines.append(field)
    project.write_case("sample.yml", "\n".join(lines) + "\n")
    messages = [str(d) for d in project.check().errors]
    assert any(m.startswith(f"cases/sample.yml:{where}: error: in '{name}':") for m in messages), messages


SAFE_LOOKING = [
    "写 &lt;script&gt;alert(1)&lt;/script&gt; 只是文字",
    "全角 ＜script＞ 也只是文字",
    "类名与锚点 { .note #top } 无害，全角 ｛ onclick=alert(1) ｝ 只是文字",
    "引号 \"><' > < 和 '\"> 都不成标签",
    "[正常链接](https://example.com) [邮件](mailto:a@example.com) [站内](../x/) [锚点](#y)",
    "时间 10:30，比例 3:1，[注]：见下文",
]


@pytest.mark.parametrize("text", SAFE_LOOKING)
def test_harmless_text_that_looks_like_markup_passes(project: Project, text: str) -> None:
    project.write_case("sample.yml", VALID.replace("第二段。", text))
    assert project.check().errors == ()


def test_material_tags_turns_attribute_lists_on_which_is_why_they_are_refused() -> None:
    # mkdocs.yml does not list attr_list, but the tags plugin appends it in on_config; the checker
    # must therefore treat `{ key=value }` as markup. If this ever fails, the rule may be relaxed.
    from mkdocs.config import load_config

    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins["material/tags"].on_config(config)
    assert "attr_list" in config.markdown_extensions


MORE_ERRORS = [
    pytest.param("id: Sample", "cases/sample.yml:1:5: error: 'id' value 'Sample' is not a valid id", id="id-upper-case"),
    pytest.param("id: cases/sample", "cases/sample.yml:1:5: error: 'id' value 'cases/sample' is not a valid id", id="id-with-slash"),
    pytest.param("summary: '\u3000 '", "cases/sample.yml:3:10: error: 'summary' is empty", id="whitespace-summary"),
    pytest.param("lessons: [{id: ask-why}]", "cases/sample.yml:8:11: error: 'lessons' must be text, got a mapping", id="list-of-mappings"),
    pytest.param("domain: 42", "cases/sample.yml:4:9: error: 'domain' must be text, got a number (put it in quotes)", id="number-for-id"),
]


@pytest.mark.parametrize(("line", "expected"), MORE_ERRORS)
def test_more_located_errors(project: Project, line: str, expected: str) -> None:
    key = line.split(":", 1)[0]
    text = "\n".join(line if old.startswith(f"{key}:") else old for old in VALID.splitlines()) + "\n"
    if key == "lessons":
        text = text.replace("  - ask-why\n", "")
    project.write_case("sample.yml", text)
    messages = project.messages()
    assert any(m.startswith(expected) for m in messages), messages


def test_unknown_issue_type_suggests_the_closest(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("  - late-delivery", "  - late-delivry"))
    assert project.messages() == ["cases/sample.yml:7:5: error: unknown issue_types 'late-delivry' (did you mean 'late-delivery'?)"]


def test_billion_laughs_is_refused_at_the_first_alias(project: Project) -> None:
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b]\n"
    project.write_case("sample.yml", bomb)
    assert project.messages() == [
        "cases/sample.yml:2:8: error: YAML syntax error: YAML aliases (*name) are not allowed in case files; write the value out"
    ]


def test_deep_nesting_is_an_error_not_a_recursion_traceback(project: Project) -> None:
    project.write_case("sample.yml", "title: " + "[" * 20_000 + "\n")
    [message] = project.messages()
    assert message.startswith("cases/sample.yml:1:39: error: YAML syntax error: lists and mappings are nested more than 32 levels")


def test_a_non_character_is_located(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("第二段。", "第二段\ufffe"))
    assert project.messages() == ["cases/sample.yml:13:6: error: invisible character U+FFFE is not allowed; delete it"]


def test_python_tags_construct_nothing(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("title: 样例", "title: !!python/name:os.system"))
    [message] = project.messages()
    assert message.startswith(
        "cases/sample.yml:2:8: error: 'title' must be text, got a value tagged tag:yaml.org,2002:python/name:os.system"
    )


# --- Builds: a broken library fails with the located list; serving changes nothing. ---------------


def _mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}


@pytest.mark.slow
def test_failing_build_lists_every_case_error_without_a_traceback(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "cases" / "broken-one.yml").write_text(
        VALID.replace("sample", "broken-one").replace("domain: ict", "domain: ic"), encoding="utf-8"
    )
    (root / "cases" / "broken-two.yml").write_text("id: broken-two\ntitle: [\n", encoding="utf-8")
    (root / "cases" / "broken-three.yml").write_text(
        VALID.replace("sample", "broken-three").replace("第二段。", "<script>alert(1)</script>"), encoding="utf-8"
    )
    expected = [str(d) for d in Project(root).check().errors]
    assert len(expected) >= 4
    before = hash_tree(root / "cases", root / "docs", base=root)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr, f"{line!r} missing from:\n{result.stderr}"
    assert any(line.startswith("cases/broken-one.yml:4:9: error: unknown domain 'ic'") for line in expected)
    assert hash_tree(root / "cases", root / "docs", base=root) == before
    assert not (tmp_path / "site" / "cases").exists(), "a failed build left a half-written site"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(root: Path, port: int, *options: str) -> subprocess.Popen[bytes]:
    """`mkdocs serve` of the project at `root` on 127.0.0.1:`port`; its stderr is kept for `stop_server`."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_mkdocs_env(),
    )


def _fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_mkdocs_serve_leaves_cases_and_docs_untouched(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    before = hash_tree(root / "cases", root / "docs", base=root)
    listing = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if "__pycache__" not in p.parts)
    port = _free_port()
    server = _serve(root, port, "--no-livereload")
    try:
        html = _fetch(f"http://127.0.0.1:{port}/cases/lost-test-phone-email/", time.monotonic() + 90)
        assert "一台测试电话机" in html
        assert "一台测试电话机" in (root / "cases" / "lost-test-phone-email.yml").read_text(encoding="utf-8")
    finally:
        err = stop_server(server)
    assert b"Traceback" not in err, err.decode("utf-8", "replace")
    assert hash_tree(root / "cases", root / "docs", base=root) == before
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if "__pycache__" not in p.parts)
    assert after == listing, "serve wrote files into the project"


def test_a_repeated_context_key_is_an_error_not_a_traceback(project: Project) -> None:
    # `context` used to zip its nodes with the pairs it kept, which differ in length after a repeat.
    project.write_case("sample.yml", VALID + "context:\n  客户: 甲\n  客户: 乙\n")
    assert project.messages() == ["cases/sample.yml:17:3: error: '客户' appears twice in 'context' (first at line 16)"]


def test_a_key_spanning_lines_is_quoted_on_one_line(project: Project) -> None:
    project.write_case("sample.yml", VALID + '"多行\\n的键": 值\n')
    assert project.messages() == ["cases/sample.yml:15:1: error: unknown field '多行 的键' in a case file"]
