"""The sidebar Casebook builds from the nav in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.derive.sitemap import Page
from casebook.model import Library
from casebook.render.pages import case as case_pages
from casebook.site.build import PackedPage, Site, build_site
from conftest import two_case_project

NAV = [{"首页": "index.md"}, {"案例": "cases/index.md"}, {"经验教训": "lessons/index.md"}]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = two_case_project(tmp_path)
    return build_site(root)


def test_generated_sections_list_their_pages_and_cases_sit_under_their_domain(site: Site, tmp_path: Path) -> None:
    nav = site.expand_nav(NAV, tmp_path)
    assert nav[0] == {"首页": "index.md"}
    assert nav[1] == {
        "案例": [
            "cases/index.md",
            {"ICT 集成": [{"设备晚到三个月": "cases/late-kit.md"}]},
            {"海外运营商": [{"展会前的软件": "cases/missed-fair.md"}]},
        ]
    }
    assert nav[2]["经验教训"][0] == "lessons/index.md"
    assert len(nav[2]["经验教训"]) == 1 + len(site.taxonomy.lessons.terms)


def test_a_large_library_keeps_the_cases_out_of_the_sidebar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_pages, "MAX_NAV_CASES", 1)
    root = two_case_project(tmp_path)
    assert build_site(root).expand_nav(NAV, root / "docs")[1] == {"案例": ["cases/index.md"]}


@given(st.text())
def test_a_site_holds_every_page_text_compressed_and_gives_back_exactly_what_was_rendered(text: str) -> None:
    page = Page("cases/x.md", text, "cases/x.yml")
    packed = PackedPage.of(page)
    assert (packed.uri, packed.content, packed.edit_path) == (page.uri, page.content, page.edit_path)


def test_a_site_keeps_no_reference_to_the_library_it_was_built_from(site: Site) -> None:
    # A build holds its site to the end; the library's model would double a large build's memory.
    assert not any(isinstance(value, Library) for value in vars(site).values())
    assert {term.name for term in site.taxonomy.lessons.terms} <= set(site.tag_names())
