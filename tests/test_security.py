"""Issue #12, finding by finding: nothing a contributor writes runs in a reader's browser or leaks a file.

Each test names the finding it covers (F1 … F20). The browser halves of F1, F4, F5 and
F19 are in tests/browser/test_security_browser.py; the fuzz test of the whole build is in
tests/test_fuzz_build.py. Every test here failed on the code before the fix.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tracemalloc
import unicodedata
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.derive.links import build_link_graph
from casebook.render.context import Context
from casebook.render.pages.case import render_case_page
from casebook.render.pages.cases_index import render as render_cases_index_pages
from casebook.site.outputguard import check_page, theme_policy
from casebook.source.diagnostics import Diagnostic, Loc
from casebook.source.history import FileHistory
from casebook.source.lint import find_confidential, fold, load_sensitive_terms, normalise
from casebook.source.markup import MAX_FINDINGS, link_text
from casebook.source.unsafe_markup import find_unsafe_markup
from conftest import REPO, Project, copy_project, mkdocs_build, run_cli
from test_load_errors import VALID

#: The Markdown extensions of a real build (mkdocs.yml, plus attr_list that the tags plugin adds).
EXTENSIONS = ["abbr", "admonition", "md_in_html", "tables", "attr_list", "pymdownx.details", "pymdownx.superfences"]


def story(vector: str) -> str:
    return VALID.replace("第二段。", vector)


def errors(project: Project) -> list[str]:
    return [str(d) for d in project.check().errors]


# --- F1: entities in a title become markup through Material's `striptags` in <title> ----------------


def test_f1_a_title_with_entities_is_escaped_again_in_the_html_title() -> None:
    template = (REPO / "overrides" / "main.html").read_text(encoding="utf-8")
    assert "page.title | striptags | e" in template
    assert "page.title | striptags }}" not in template


# --- F2: raw HTML whose tag name Python-Markdown accepts but the old pattern did not ---------------

TAG_NAMES = [
    pytest.param("<x.y autofocus tabindex=0 onfocus=alert(1)>", "<x.y", id="dot"),
    pytest.param("<a.b onmouseover=alert(1)>x", "<a.b", id="dot-a"),
    pytest.param("<x_y onclick=alert(1)>", "<x_y", id="underscore"),
    pytest.param("<mailto:x onmouseover=alert(1)>", "<mailto:x", id="scheme-with-attributes"),
    pytest.param("<x:y onfocus=alert(1) autofocus>", "<x:y", id="colon"),
]


@pytest.mark.parametrize(("vector", "shown"), TAG_NAMES)
def test_f2_raw_html_is_refused_by_python_markdowns_own_grammar(project: Project, vector: str, shown: str) -> None:
    project.write_case("sample.yml", story(vector))
    assert any(f"13:3: error: in 'story': raw HTML ('{shown}" in m for m in errors(project)), errors(project)


@pytest.mark.parametrize(("vector", "shown"), TAG_NAMES)
def test_f2_every_tag_python_markdown_would_pass_through_is_refused(vector: str, shown: str) -> None:
    html = markdown.markdown(vector, extensions=EXTENSIONS)
    assert "on" in html.split(">", 1)[0] or "<" + shown[1:] in html  # Python-Markdown keeps the tag ...
    assert list(find_unsafe_markup(vector))  # ... and the policy refuses it


def test_f2_a_title_with_such_a_tag_is_refused_too(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("title: 样例", "title: 报价 <x.y onfocus=alert(1) autofocus>"))
    assert any(m.startswith("cases/sample.yml:2:11: error: in 'title': raw HTML ('<x.y'") for m in errors(project)), errors(project)


# --- F3: taxonomy and glossary files get the same policy as cases --------------------------------

TAXONOMY_VECTORS = [
    pytest.param("issue-types.yml", "name: 到货延期", "name: 到货延期<img src=x onerror=alert(1)>", "2:13", "name", id="issue-type-name"),
    pytest.param(
        "lessons.yml", "description: 做不到的事尽早讲清楚。", "description: '[点](javascript:alert(1))'", "9:21", "description", id="lesson"
    ),
    pytest.param("lessons.yml", "- 当场评估可行性", "- 当场评估 <svg onload=alert(1)>", "11:12", "checklist", id="checklist"),
    pytest.param("glossary.yml", "大客户，也指负责大客户的经理。", "<img src=x onerror=alert(1)>", "3:16", "explanation", id="glossary"),
    pytest.param("glossary.yml", "expansion: Key Account", "expansion: Key <b>Account</b>", "2:18", "expansion", id="glossary-expansion"),
    pytest.param("glossary.yml", "term: KA", "term: K<i>A", "1:10", "term", id="glossary-term"),
]


@pytest.mark.parametrize(("file", "old", "new", "where", "field"), TAXONOMY_VECTORS)
def test_f3_taxonomy_and_glossary_text_is_checked_like_case_text(
    project: Project, file: str, old: str, new: str, where: str, field: str
) -> None:
    path = project.root / "cases" / "taxonomy" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    project.write_case("sample.yml", VALID)
    messages = errors(project)
    assert any(m.startswith(f"cases/taxonomy/{file}:{where}: error: in '{field}': ") for m in messages), messages


def test_f3_a_glossary_term_with_a_backslash_gets_no_tooltip_line(project: Project) -> None:
    from casebook.derive.editions import ZH
    from casebook.render.pages.glossary import Abbreviations

    path = project.root / "cases" / "taxonomy" / "glossary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("term: KA", "term: 'K\\A'"), encoding="utf-8")
    project.write_case("sample.yml", VALID)
    library = project.check().library
    assert library is not None
    assert "K\\A" not in "".join(Abbreviations(library, ZH).definitions.values())


# --- F4: git author names are never published; contributors as written, as plain text ------------


@pytest.mark.parametrize(
    "author",
    ["*Li*{ autofocus onfocus=alert(1) }", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "![p](https://evil.example/p.png)"],
)
def test_f4_a_git_author_name_is_not_shown_and_a_contributor_renders_as_text(project: Project, author: str) -> None:
    project.write_case("sample.yml", VALID + "contributors:\n  - '*李*_四_ [x](https://evil.example/) ![p](/p.png)'\n")
    library = project.check().library
    assert library is not None
    import datetime as dt
    import html as html_module

    context = Context(project.root, library, build_link_graph(library), {"cases/sample.yml": FileHistory(dt.date(2026, 1, 1), (author,))})
    page = render_case_page(library.case("sample"), context)
    body = page.content.split("---", 2)[2] if page.content.startswith("---") else page.content
    assert author not in body
    html = markdown.markdown(body, extensions=EXTENSIONS)
    contributors = html[html.index("贡献者") :]
    assert "最后更新：2026-01-01" in html
    assert "*李*_四_ [x](https://evil.example/) ![p](/p.png)" in html_module.unescape(contributors)
    assert "<a" not in contributors and "<img" not in contributors and "<em" not in contributors
    assert not check_page(contributors, "cases/sample/", _POLICY_WITHOUT_META, fragment=True)


_POLICY_WITHOUT_META = theme_policy([])


# --- F5: a title that would close the link text of `- [TITLE](url)` --------------------------------


def test_f5_a_title_cannot_define_a_reference_link(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("title: 样例", "title: 'r]: javascript:alert(1)//'"))
    project.write_case("other.yml", VALID.replace("sample", "other").replace("第二段。", "[点我][r]"))
    library = project.check().library
    assert library is not None
    [page] = render_cases_index_pages(Context(project.root, library, build_link_graph(library)))
    html = markdown.markdown(page.content.split("---", 2)[2], extensions=EXTENSIONS)
    assert 'href="javascript' not in html
    assert "r&#93;: javascript:alert(1)//</a>" in html  # the title, shown as text inside its own link


@pytest.mark.parametrize("title", ["r]: javascript:x", "a\\", "[x](y)", "`code", "*em*", "a | b", "<x"])
def test_f5_link_text_escaping_keeps_the_text_and_closes_the_link(title: str) -> None:
    html = markdown.markdown(f"- [{link_text(title)}](../x/)", extensions=EXTENSIONS)
    assert html.count("<a ") == 1
    assert 'href="../x/"' in html


# --- F6: `\r` and escaped control characters in quoted YAML strings ------------------------------

ESCAPED = [
    pytest.param('"[x](java\\rscript:alert(1))"', "link target 'javascript:alert(1'", id="cr-in-scheme"),
    pytest.param('"[x][r]\\r\\r[r]: javascript:alert(1)"', "link target 'javascript:alert(1", id="cr-before-definition"),
    pytest.param('"a\\0b"', "control character U+0000", id="nul"),
    pytest.param('"a\\x1b]0;title\\x07"', "control character U+001B", id="escape"),
    pytest.param('"a\\u2028[r]: javascript:alert(1)"', "link target 'javascript:alert(1", id="line-separator"),
    pytest.param('"a\\u202eb"', "bidirectional control character U+202E", id="bidi"),
    pytest.param('"中国\\u200b移动"', "zero-width character U+200B", id="zero-width"),
    pytest.param('"a\\ud800b"', "unpaired surrogate U+D800", id="surrogate"),
]


@pytest.mark.parametrize(("value", "message"), ESCAPED)
def test_f6_the_policy_runs_on_the_unescaped_value(project: Project, value: str, message: str) -> None:
    project.write_case("sample.yml", VALID.replace("story: |\n  第一段。\n\n  第二段。\n", f"story: {value}\n"))
    messages = errors(project)
    assert any(f"error: in 'story': {message}" in m for m in messages), messages


def test_f6_an_escaped_control_character_is_located_at_its_escape(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("source: {title: 测试文章}", 'source: {title: "文章\\u202e名"}'))
    assert errors(project) == [
        "cases/sample.yml:14:20: error: in 'source.title': bidirectional control character U+202E is not allowed; delete it"
    ]


# --- F7: snippets cannot include files from the project root ------------------------------------


def test_f7_the_include_marker_is_refused_in_a_glossary_explanation(project: Project) -> None:
    path = project.root / "cases" / "taxonomy" / "glossary.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("大客户，也指负责大客户的经理。", "'--8<-- \".git/config\"'"), encoding="utf-8"
    )
    project.write_case("sample.yml", VALID)
    assert any("the include marker '--8<--'" in m for m in errors(project))


@pytest.mark.slow
def test_f7_snippets_read_only_the_scratch_folder_so_git_config_is_never_published(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[http]\n\textraheader = AUTHORIZATION: basic SECRET-TOKEN\n", encoding="utf-8")
    # A hand-written page is not read by the case loader: only the snippet settings protect it.
    (root / "docs" / "leak.md").write_text('# 泄露\n\n--8<-- ".git/config"\n', encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    published = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html")) if site.exists() else ""
    assert "SECRET-TOKEN" not in published
    assert result.returncode != 0 and ".git/config" in result.stderr


# --- F8: linear-time checks; findings are capped ------------------------------------------------

WORST_CASES = [
    pytest.param("1" * 30_000, id="digits"),
    pytest.param("<" + " " * 60_000, id="angle-then-spaces"),
    pytest.param("<b " * 80_000, id="many-tags"),
    pytest.param("[[a]]" * 48_000, id="many-references"),
    pytest.param("13812345678 " * 19_000, id="many-phone-numbers"),
    pytest.param("](\n" * 60_000, id="link-target-continuations"),
    pytest.param("{" * 200_000 + "}", id="braces"),
]


@pytest.mark.parametrize("value", WORST_CASES)
def test_f8_a_worst_case_field_gives_a_handful_of_messages(project: Project, value: str) -> None:
    body = textwrap.indent(value, "  ")
    project.write_case("sample.yml", VALID.replace("story: |\n  第一段。\n\n  第二段。\n", "story: |\n" + body + "\n"))
    diagnostics = project.check().diagnostics
    assert len(diagnostics) <= 2 * MAX_FINDINGS + 2, len(diagnostics)


# --- F9: Markdown the build cannot handle is refused, located -----------------------------------


def test_f9_a_list_nested_260_deep_is_refused(project: Project) -> None:
    nested = "\n".join("  " + "    " * depth + "- x" for depth in range(260))
    project.write_case("sample.yml", VALID.replace("  第二段。", nested))
    messages = errors(project)
    assert any(m.startswith("cases/sample.yml:") and "nested more than 12 levels" in m for m in messages), messages


def test_f9_quotes_and_markers_on_one_line_count_as_nesting(project: Project) -> None:
    project.write_case("sample.yml", story("> " * 40 + "x"))
    assert any("nested more than 12 levels" in m for m in errors(project))
    project.write_case("sample.yml", story("- " * 40 + "x"))
    assert any("nested more than 12 levels" in m for m in errors(project))


def test_f9_twenty_thousand_open_brackets_are_refused_at_the_first_too_deep(project: Project) -> None:
    project.write_case("sample.yml", story("[" * 20_000))
    assert any(m.startswith("cases/sample.yml:13:3: error: in 'story': '[' is nested more than 8 deep") for m in errors(project)), errors(
        project
    )


# --- F10: the confidentiality lint normalises first ---------------------------------------------

DISGUISED = [
    pytest.param("电话１３８１２３４５６７８", "a phone number", id="full-width-digits"),
    pytest.param("电话一三八一二三四五六七八", "a phone number", id="chinese-digits"),
    pytest.param("电话 138 1234 5678", "a phone number", id="spaced"),
    pytest.param("电话 138.1234.5678", "a phone number", id="dotted"),
    pytest.param("电话 +971 50 123 4567", "a phone number", id="international"),
    pytest.param("电话 0755-8888 8888", "a phone number", id="landline"),
    pytest.param("邮件 zhang＠corp.com", "an e-mail address", id="full-width-at"),
    pytest.param("邮件 zhang[at]corp.com", "an e-mail address", id="bracket-at"),
    pytest.param("邮件 zhang@corp。com", "an e-mail address", id="ideographic-dot"),
    pytest.param("证件 11010119900101123Ｘ", "an ID number", id="full-width-x"),
    pytest.param("证件 110101 19900101 1234", "an ID number", id="grouped"),
    pytest.param("合同额三十五万元", "an exact amount of money", id="chinese-numerals"),
    pytest.param("合同额 35 万 元", "an exact amount of money", id="spaced-unit"),
    pytest.param("合同额 RMB 120,000", "an exact amount of money", id="rmb-before"),
    pytest.param("合同额 USD 35,000", "an exact amount of money", id="usd-before"),
    pytest.param("合同额 35K USD", "an exact amount of money", id="kilo-usd"),
    pytest.param("合同额 350 万港币", "an exact amount of money", id="hkd"),
    pytest.param("合同额 5000 日元", "an exact amount of money", id="jpy"),
]


@pytest.mark.parametrize(("text", "what"), DISGUISED)
def test_f10_disguised_details_are_found(text: str, what: str) -> None:
    assert any(f.message.startswith(f"looks like {what} (") for f in find_confidential(text, ()))


@pytest.mark.parametrize("text", ["中国\u200b移动", "中國移動", "中国\u2060移动", "ＣＭＣＣ 中国移动"])
def test_f10_disguised_deny_listed_names_are_found(text: str) -> None:
    assert [f.message for f in find_confidential(text, ("中国移动",))][-1].startswith("'中国移动' is on the deny-list")


@pytest.mark.parametrize("text", ["上千万的合同", "几十块钱的电话", "2024-11-24 开会", "延期 3 个月", "第 3 阶段 10:30"])
def test_f10_ordinary_figures_still_pass(text: str) -> None:
    assert list(find_confidential(text, ())) == []


# --- F11: structural gaps in the lint -----------------------------------------------------------


def test_f11_an_exception_allows_only_the_finding_it_names(project: Project) -> None:
    exception = "confidentiality_exceptions:\n  - text: 325 万元\n    reason: 已公开\n"
    project.write_case("sample.yml", story("合同额 325 万元，电话 13812345678。") + exception)
    diagnostics = [str(d) for d in project.check().diagnostics]
    assert any("notice: in 'story': looks like an exact amount of money ('325 万元') (allowed: 已公开)" in d for d in diagnostics)
    assert any("warning: in 'story': looks like a phone number ('13812345678')" in d for d in diagnostics), diagnostics


def test_f11_an_exception_that_matches_nothing_is_reported(project: Project) -> None:
    project.write_case("sample.yml", VALID + "confidentiality_exceptions:\n  - text: 999 万元\n    reason: 已公开\n")
    assert any("the exception for '999 万元' matches no finding" in str(d) for d in project.check().diagnostics)


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        pytest.param("issue-types.yml", "name: 到货延期", "name: 中国移动到货延期", id="taxonomy-name"),
        pytest.param("glossary.yml", "大客户，也指负责大客户的经理。", "大客户，电话 13812345678", id="glossary"),
    ],
)
def test_f11_taxonomy_and_glossary_are_linted(project: Project, file: str, old: str, new: str) -> None:
    path = project.root / "cases" / "taxonomy" / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (project.root / "cases" / "taxonomy" / "sensitive-terms.txt").write_text("中国移动\n", encoding="utf-8")
    project.write_case("sample.yml", VALID)
    assert any(d.loc.path == f"cases/taxonomy/{file}" and "warning" in str(d) for d in project.check().diagnostics)


def test_f11_an_id_is_linted(project: Project) -> None:
    project.write_case("call-13812345678.yml", VALID.replace("id: sample", "id: call-13812345678"))
    assert any("looks like a phone number" in str(d) for d in project.check().diagnostics)


def test_f11_author_names_are_linted() -> None:
    from casebook.source.lint import lint_authors

    [warning] = lint_authors({"cases/x.yml": ("张三 13812345678",)}, ())
    assert str(warning).startswith("cases/x.yml:1:1: warning: git author name '张三 13812345678': looks like a phone number")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p.unlink(), "the deny-list is missing", id="missing"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), "the deny-list is not a regular file", id="directory"),
        pytest.param(lambda p: p.write_bytes("中国移动\n".encode("gbk")), "the file is not UTF-8; it looks like GBK", id="gbk"),
    ],
)
def test_f11_an_unreadable_deny_list_is_a_located_error(project: Project, make: object, message: str) -> None:
    make(project.root / "cases" / "taxonomy" / "sensitive-terms.txt")  # type: ignore[operator]
    project.write_case("sample.yml", VALID)
    assert any(m.startswith(f"cases/taxonomy/sensitive-terms.txt:1:1: error: {message}") for m in errors(project)), errors(project)


def test_f11_an_inline_comment_does_not_disable_the_term(tmp_path: Path) -> None:
    (tmp_path / "sensitive-terms.txt").write_text("# customers\n中国移动 # 客户\n  中国联通\t# 也是客户\n", encoding="utf-8")
    assert load_sensitive_terms(tmp_path) == (("中国移动", "中国联通"), [])


# --- F12–F15: files ------------------------------------------------------------------------------


def test_f12_a_symlink_in_cases_is_refused_and_not_followed(project: Project, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("token: SECRET-VALUE\n", encoding="utf-8")
    (project.root / "cases" / "link.yml").symlink_to(secret)
    messages = [str(d) for d in project.check().diagnostics]
    assert messages == ["cases/link.yml:1:1: error: is a symbolic link; case and taxonomy files must be regular files"]


def test_f13_the_size_is_judged_before_the_file_is_read(project: Project) -> None:
    big = project.root / "cases" / "big.yml"
    with big.open("wb") as handle:  # sparse: costs no disk, but reading it would cost 64 MiB of memory
        handle.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    messages = [str(d) for d in project.check().diagnostics]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert messages == ["cases/big.yml:1:1: error: file is 65536 KiB; files are limited to 256 KiB"]
    assert peak < 8 * 1024 * 1024


@pytest.mark.parametrize("name", ["index", "con", "nul", "com1", "lpt9", "aux", "prn"])
def test_f14_reserved_ids_are_refused(project: Project, name: str) -> None:
    project.write_case(f"{name}.yml", VALID.replace("id: sample", f"id: {name}"))
    assert any(f"'id' value '{name}' is a reserved name" in m for m in errors(project)), errors(project)


def test_f14_a_taxonomy_id_index_is_refused_too(project: Project) -> None:
    path = project.root / "cases" / "taxonomy" / "issue-types.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: expectation-gap", "id: index"), encoding="utf-8")
    project.write_case("sample.yml", VALID)
    assert any(m.startswith("cases/taxonomy/issue-types.yml:") and "reserved name" in m for m in errors(project))


@pytest.mark.parametrize("path", ["cases/2024/x.yml", "cases/x.yml.txt", "x.yml", "cases/taxonomy/stages.yml"])
def test_f15_check_refuses_a_path_it_does_not_check(project: Project, capsys: pytest.CaptureFixture[str], path: str) -> None:
    project.write_case("sample.yml", VALID)
    file = project.root / path
    file.parent.mkdir(parents=True, exist_ok=True)
    if not file.exists():
        file.write_text(VALID, encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(project.root), "check", str(file))
    assert code == 2
    assert "is not a case file" in err


def test_f15_a_case_in_a_subfolder_is_reported_not_ignored(project: Project) -> None:
    project.write_case("sample.yml", VALID)
    (project.root / "cases" / "2024").mkdir()
    (project.root / "cases" / "2024" / "x.yml").write_text(VALID, encoding="utf-8")
    assert errors(project) == ["cases/2024/x.yml:1:1: error: cases live directly in cases/; move this file to cases/x.yml"]


# --- F16: diagnostics escape control characters -------------------------------------------------


def test_f16_an_unknown_key_cannot_set_the_terminal_title(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.write_case("sample.yml", VALID + '"\\e]0;owned\\a": x\n')
    code, out, _ = run_cli(capsys, "--root", str(project.root), "check")
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07" in out


def test_f16_a_file_name_with_a_newline_cannot_inject_a_workflow_command() -> None:
    from casebook.cli import _github

    line = _github(Diagnostic(Loc("cases/x\n::stop-commands::token\n.yml"), "bad\n::error::forged"))
    assert "\n" not in line
    assert line.startswith("::error file=cases/x\\x0a%3A%3Astop-commands%3A%3Atoken\\x0a.yml,line=1,col=1::")


# --- F17: no temp folder is left behind ---------------------------------------------------------


@pytest.mark.slow
def test_f17_a_build_leaves_no_scratch_folder(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    result = mkdocs_build(REPO, tmp_path / "site", TMPDIR=str(temp))
    assert result.returncode == 0, result.stderr
    # jieba keeps its own dictionary cache there on purpose; Casebook's scratch folder must be gone.
    assert [p.name for p in temp.iterdir() if p.name.startswith("casebook-")] == []


# --- F18: export --------------------------------------------------------------------------------


@pytest.mark.parametrize("inside", ["docs/x", "cases/x", "docs"])
def test_f18_export_refuses_the_source_folders(capsys: pytest.CaptureFixture[str], inside: str) -> None:
    code, _, err = run_cli(capsys, "--root", str(REPO), "export", str(REPO / inside))
    assert code == 2
    assert "which holds sources" in err
    assert not (REPO / "docs" / "x").exists() and not (REPO / "cases" / "x").exists()


def test_f18_a_target_under_a_file_gives_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run_cli(capsys, "--root", str(REPO), "export", str(tmp_path / "file" / "out"))
    assert code == 2
    assert err.startswith("casebook export: cannot create") and "Traceback" not in err


def test_f18_an_export_killed_by_sigterm_leaves_no_staging_folder(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from casebook.site.export import export_pages
        from casebook.derive.sitemap import Page
        real = Path.write_text
        def write(self, *args, **kwargs):
            os.kill(os.getpid(), signal.SIGTERM)
            return real(self, *args, **kwargs)
        Path.write_text = write
        try:
            export_pages([Page("a.md", "x")], Path({str(tmp_path / "out")!r}))
        except KeyboardInterrupt:
            sys.exit(3)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env={**os.environ})
    assert result.returncode == 3, result.stderr
    assert list(tmp_path.iterdir()) == []


# --- F20: images come only from the site itself -------------------------------------------------


@pytest.mark.parametrize(
    "vector",
    ["![x](//evil.example/p.png)", "![x](https://evil.example/p.png)", "![x](http://evil.example/p.png)", "[x](//evil.example/)"],
)
def test_f20_protocol_relative_links_and_foreign_images_are_refused(project: Project, vector: str) -> None:
    project.write_case("sample.yml", story(vector))
    assert any("error: in 'story': link target '" in m for m in errors(project)), errors(project)


def test_f20_a_local_image_and_a_foreign_link_still_pass(project: Project) -> None:
    project.write_case("sample.yml", story("![图](../../images/a.png) 与 [链接](https://example.com/p.png)"))
    assert errors(project) == []


def test_f20_the_output_guard_refuses_a_foreign_image_from_a_reference_definition() -> None:
    html = markdown.markdown("![x][p]\n\n[p]: https://evil.example/p.png", extensions=EXTENSIONS)
    [violation] = check_page(html, "cases/x/", _POLICY_WITHOUT_META, fragment=True)
    assert "a resource from another host" in violation.message


def test_f8_references_are_capped_with_a_located_error(project: Project) -> None:
    project.write_case("sample.yml", story("[[sample]] " * 300))
    assert any(m.startswith("cases/sample.yml:13:") and "more than 200 [[case-id]] references" in m for m in errors(project)), errors(
        project
    )


# --- The output invariant, as a build step --------------------------------------------------------


@pytest.mark.slow
def test_the_build_fails_on_a_page_that_breaks_the_output_invariant(tmp_path: Path) -> None:
    # A hand-written page may hold HTML (md_in_html); the case loader never sees it, the guard does.
    root = copy_project(tmp_path / "project")
    (root / "docs" / "probe.md").write_text(
        '# 探针\n\n正文。\n\n<div onclick="alert(1)">点我</div>\n\n<iframe src="https://evil.example/"></iframe>\n', encoding="utf-8"
    )
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        "docs/probe.md:5: error: the page probe.md breaks the output invariant: <div onclick=…>: an event-handler attribute"
        in result.stderr
    )
    assert "docs/probe.md:7: error: the page probe.md breaks the output invariant: <iframe>: not allowed on a page" in result.stderr
    # The page MkDocs had written is taken out of the output; the pages that pass stay.
    assert not (tmp_path / "site" / "probe" / "index.html").exists()
    assert (tmp_path / "site" / "index.html").is_file()


def test_the_guard_knows_the_theme_and_nothing_else() -> None:
    policy = theme_policy(["var theme=1"])
    page = (
        f'<html><head><meta http-equiv="Content-Security-Policy" content="{policy.csp}"><script>var theme=1</script>'
        '<script id="__config" type="application/json">{}</script><script src="../../assets/javascripts/bundle.js"></script></head>'
        '<body><form class="md-search__form" name="search"></form><a href="https://example.com/">外链</a>'
        '<img src="../assets/images/a.png"></body></html>'
    )
    assert check_page(page, "cases/x/", policy) == []
    # The first of two href attributes is the one a browser keeps.
    assert check_page(page.replace("</body>", '<a href="#" href="javascript:x">x</a></body>'), "cases/x/", policy) == []
    bad = {
        "<script>var other=1</script>": "inline <script> that is not one of the theme's own",
        '<script src="https://cdn.example/x.js"></script>': "scripts come only from the site's own javascripts",
        '<script src="../../../x.js"></script>': "scripts come only from the site's own javascripts",
        '<a href=" java\nscript:alert(1)">x</a>': "a javascript: URL",
        '<img src="data:image/svg+xml,x">': "a data: URL",
        '<img srcset="https://evil.example/p.png 2x">': "a resource from another host",
        '<link rel="stylesheet" href="//evil.example/x.css">': "a resource from another host",
        '<form action="/x"></form>': "only Material's search and palette forms",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">': "<meta http-equiv='refresh'>",
        "<base href=https://evil.example/>": "<base>: not allowed",
        "<object data=x></object>": "<object>: not allowed",
        "<embed src=x>": "<embed>: not allowed",
        '<p style="background:url(https://evil.example/p.png)">': "CSS loads 'https://evil.example/p.png'",
        "<svg><a onmouseover=x></a></svg>": "an event-handler attribute",
        # Parsed as a browser parses: the first of two attributes counts, an SVG script is a script,
        # inert template content is refused unread, and an animation may not rewrite a link.
        '<a href="#" href="javascript:alert(1)" HREF="javascript:alert(2)" ONCLICK=x>x</a>': "an event-handler attribute",
        "<svg><script>alert(1)</script></svg>": "inline <script> that is not one of the theme's own",
        "<math><mtext><script>alert(1)</script></mtext></math>": "inline <script> that is not one of the theme's own",
        "<template><img src=x onerror=alert(1)></template>": "<template>: not allowed",
        '<svg><a href="#"><set attributeName="href" to="javascript:alert(1)"/>x</a></svg>': "an animation that rewrites a link",
        '<svg><animate attributeName="xlink:href" values="javascript:alert(1)"/></svg>': "an animation that rewrites a link",
        '<script src="../../assets/javascripts/bundle.js">alert(1)</script>': "<script src> with inline text",
    }
    for markup, message in bad.items():
        violations = check_page(page.replace("</body>", markup + "</body>"), "cases/x/", policy)
        assert any(message in v.message for v in violations), (markup, violations)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F) | st.sampled_from("臺灣電話ＡＢ１\u200b\u00ad"), max_size=40))
def test_the_lint_reads_every_text_as_if_one_character_at_a_time(text: str) -> None:
    # The fast paths (ASCII, and text that NFKC does not change in length) agree with the slow one.
    slow = "".join(fold(unicodedata.normalize("NFKC", c).lower()) for c in text if c not in "\u200b\u00ad")
    assert normalise(text).text == slow


# --- The theme's own element ids: a contributor's element must not take one -------------------------


def test_an_element_that_takes_the_themes_config_id_breaks_the_output_invariant() -> None:
    # Material reads its settings from the first element with id __config: a paragraph before the theme's
    # script would be obeyed (it can switch on features that copy link titles in as HTML).
    html = '<p id="__config">{"features": ["content.tooltips"]}</p><script id="__config" type="application/json">{}</script>'
    violations = check_page(html, "cases/x/", _POLICY_WITHOUT_META, fragment=True)
    assert violations and all("__config" in v.message for v in violations)
    assert check_page('<script id="__config" type="application/json">{}</script>', "cases/x/", _POLICY_WITHOUT_META, fragment=True) == []
    twice = '<input id="__search"><input id="__search">'
    assert len(check_page(twice, "cases/x/", _POLICY_WITHOUT_META, fragment=True)) == 1


def test_a_heading_never_gets_an_id_of_the_themes_own() -> None:
    from casebook.source.slugs import slugify

    assert slugify("__config") == "config" and slugify("__search 标题") == "search-标题"
    assert not slugify("_").startswith("__")
