"""The sidebar Casebook builds from the nav in mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.pages import case as case_pages
from casebook.site import Site, build_site
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
    assert len(nav[2]["经验教训"]) == 1 + len(site.library.taxonomy.lessons.terms)


def test_a_large_library_keeps_the_cases_out_of_the_sidebar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_pages, "MAX_NAV_CASES", 1)
    root = two_case_project(tmp_path)
    assert build_site(root).expand_nav(NAV, root / "docs")[1] == {"案例": ["cases/index.md"]}
