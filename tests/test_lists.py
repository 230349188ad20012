"""A list written in a field renders as a list.

Python-Markdown reads a list that comes straight after a line of text as more of that
paragraph. `casebook check` warns where that happens (so CI's strict check fails it), and the
built site has no paragraph with list lines in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from casebook.source.markup import find_lists_after_a_paragraph
from conftest import Project, redirect_files
from test_load_errors import VALID

LIST_LINE = re.compile(r"\n\s*(?:[-*+]|\d{1,9}[.)])\s+\S")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("客户来信说：\n- 第一条\n- 第二条", ["- 第一条"]),
        ("步骤如下：\n1. 先看合同\n2. 再问法务", ["1. 先看合同"]),
        ("客户来信说：\n\n- 第一条\n- 第二条", []),
        ("- 第一条，很长\n  接着写\n- 第二条", []),
        ("- 第一条\n接着写（懒续行）\n- 第二条", []),
        ("### 小标题\n- 第一条", []),
        ("> 引文\n- 第一条", []),
        ("说明：\n```\n代码\n- 不是列表\n```", []),
        ("一段话，\n其中 2019 年不是列表。", []),
    ],
    ids=["bullets", "numbers", "blank-line", "wrapped-item", "lazy-line", "heading", "quote", "fence", "no-list"],
)
def test_a_list_straight_after_text_is_found_and_nothing_else(text: str, found: list[str]) -> None:
    assert [f.needle for f in find_lists_after_a_paragraph(text)] == found


def test_the_check_warns_at_the_list_in_a_case_and_in_its_english(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("  第二段。", "  第二段：\n  - 一\n  - 二"))
    assert [str(d) for d in project.check().diagnostics] == [
        "cases/sample.yml:14:3: warning: in 'story': this list comes straight after a line of text, so it shows as part of "
        "that paragraph: add an empty line before it"
    ]


def test_no_page_of_the_built_site_has_list_lines_inside_a_paragraph(built_site: Path) -> None:
    # What the check guarantees for every case that passes it: a property of any valid library.
    from conftest import REPO

    moved = redirect_files(REPO)
    for page in built_site.rglob("*.html"):
        if page.relative_to(built_site).as_posix() in moved:
            continue
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for paragraph in tree.css("article p"):
            assert not LIST_LINE.search(paragraph.text(deep=True)), (page.relative_to(built_site), paragraph.text()[:80])


def test_a_text_of_many_lists_gives_a_few_findings_in_one_pass() -> None:
    from casebook.source.markup import MAX_FINDINGS

    findings = list(find_lists_after_a_paragraph("x\n- a\n\n" * 20000))
    assert len(findings) == MAX_FINDINGS
    # Each says which occurrence of its line it is, as `locate` counts occurrences in the text.
    assert [f.nth for f in findings] == list(range(MAX_FINDINGS))
    assert [f.nth for f in find_lists_after_a_paragraph("看 - a 这里\n- a")] == [1]
