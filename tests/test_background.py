"""Industry background (`kind: background`): an event the author only mentions is shown as background, not as a case to decide."""

from __future__ import annotations

from casebook.site.build import build_site
from conftest import Project
from test_load_errors import VALID

BACKGROUND = VALID.replace("title: 样例\n", "title: 样例\nkind: background\n")


def pages(project: Project) -> dict[str, str]:
    return {
        page.uri: page.content.decode("utf-8") if isinstance(page.content, bytes) else page.content
        for page in build_site(project.root).pages
    }


def test_background_is_marked_on_its_page_in_the_case_index_and_in_the_explorer(project: Project) -> None:
    project.write_case("sample.yml", BACKGROUND)
    project.write_case("other.yml", VALID.replace("sample", "other"))
    site = pages(project)
    assert "!!! note" in site["cases/sample.md"] and "行业背景：" in site["cases/sample.md"]
    assert "行业背景：" not in site["cases/other.md"]
    for listing in ("cases/index.md", "explore.md"):
        text = site[listing].replace("../cases/", "").replace("cases/", "")
        assert '[样例](sample.md)<span class="cb-background-mark">（行业背景）</span>' in text
        assert "other.md)<span" not in text
    assert "(industry background)" in site["en/cases/index.md"]


def test_background_with_a_decision_point_is_an_error_at_its_kind(project: Project) -> None:
    project.write_case("sample.yml", BACKGROUND + "role: 你是 KA。\ndecision: 你怎么办？\n")
    assert project.messages() == [
        "cases/sample.yml:3:7: error: industry background ('kind: background') has no decision point: remove 'decision', or 'kind'"
    ]


def test_kind_takes_only_background(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("title: 样例\n", "title: 样例\nkind: backgrund\n"))
    (message,) = project.messages()
    assert message.startswith("cases/sample.yml:3:7: error:") and "background" in message
