"""The explorer, the deal-stage map and learning-path progress, as a reader uses them."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from casebook.check.checker import load_library
from conftest import REPO

LIBRARY = load_library(REPO)


def shown_cases(page: Page) -> list[str]:
    return sorted(page.locator(".cb-explorer__results li").evaluate_all("items => items.map(i => i.dataset.case)"))


def expected(**wanted: list[str]) -> list[str]:
    # AND across facets, OR within one: computed from the library, not from the page.
    def carries(case: object, key: str, ids: list[str]) -> bool:
        value = getattr(case, key)
        values = [value] if isinstance(value, str) else list(value or ())
        return any(i in values for i in ids)

    return sorted(c.id for c in LIBRARY.cases if all(carries(c, key, ids) for key, ids in wanted.items()))


def test_explorer_is_reached_by_instant_navigation_and_combines_facets(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.locator(".md-nav__link", has_text="案例筛选").first.click()
    expect(page.locator("[data-cb-explorer][data-ready]")).to_be_attached()
    assert len(shown_cases(page)) == len(LIBRARY.cases)

    stage = LIBRARY.taxonomy.stages["delivery"]
    page.locator('fieldset[data-facet="stage"] label', has_text=stage.name).click()
    assert shown_cases(page) == expected(stage=["delivery"])

    # Two values of one facet widen (OR); a second facet narrows (AND).
    domains = LIBRARY.taxonomy.domains
    page.locator('fieldset[data-facet="domain"] label', has_text=domains["ict-integration"].name).click()
    page.locator('fieldset[data-facet="domain"] label', has_text=domains["digital-marketing"].name).click()
    want = expected(stage=["delivery"], domain=["ict-integration", "digital-marketing"])
    assert shown_cases(page) == want
    count = page.locator('fieldset[data-facet="domain"] label', has_text=domains["ict-integration"].name).locator(".cb-facet__count")
    expect(count).to_have_text(f"({len(expected(stage=['delivery'], domain=['ict-integration']))})")

    query = parse_qs(urlparse(page.url).query)
    assert query == {"stage": ["delivery"], "domain": ["ict-integration,digital-marketing"]}


def test_a_shared_explorer_link_restores_the_view(page: Page, site_url: str) -> None:
    page.goto(site_url + "/explore/?lessons=ask-why,neither-yes-nor-no&text=客户")
    expect(page.locator("[data-cb-explorer][data-ready]")).to_be_attached()
    want = [c for c in expected(lessons=["ask-why", "neither-yes-nor-no"]) if "客户" in LIBRARY.case(c).title + LIBRARY.case(c).summary]
    assert shown_cases(page) == want
    expect(page.locator(".cb-explorer__text")).to_have_value("客户")
    page.locator(".cb-explorer__reset").click()
    assert len(shown_cases(page)) == len(LIBRARY.cases)
    assert urlparse(page.url).query == ""


def test_without_javascript_the_explorer_lists_every_case(browser_context_no_js: Page, site_url: str) -> None:
    page = browser_context_no_js
    page.goto(site_url + "/explore/")
    links = page.locator(".cb-explore-static a")
    assert links.count() == len(LIBRARY.cases)


def test_stage_map_shows_the_deal_path_in_order_with_cases(page: Page, site_url: str) -> None:
    page.goto(site_url + "/stages/")
    names = page.locator(".cb-stage h2").all_inner_texts()
    assert [n.strip("¶ \n") for n in names] == [s.name for s in LIBRARY.taxonomy.stages.terms]
    tops = [box["y"] for box in page.locator(".cb-stage").evaluate_all("els => els.map(e => e.getBoundingClientRect())")]
    assert len(set(tops)) == 1, "at desktop width the stages form one row"
    delivery = page.locator(".cb-stage", has=page.locator("h2", has_text=LIBRARY.taxonomy.stages["delivery"].name))
    for case in LIBRARY.cases:
        if case.stage == "delivery":
            expect(delivery.locator("a", has_text=case.title)).to_be_visible()


def test_reading_progress_survives_a_reload_and_resets(page: Page, site_url: str) -> None:
    # Every "## 第 N 步" heading of the newcomer path is one step to tick.
    steps = len(re.findall(r"^## 第 \d+ 步", (REPO / "docs" / "newcomers.md").read_text(encoding="utf-8"), flags=re.M))
    assert steps >= 5
    page.goto(site_url + "/newcomers/")
    status = page.locator(".cb-progress__status")
    expect(status).to_have_text(f"0/{steps}")
    toggles = page.locator(".cb-progress__toggle input")
    for i in range(3):
        toggles.nth(i).check()
    expect(status).to_have_text(f"3/{steps}")
    page.reload()
    expect(status).to_have_text(f"3/{steps}")
    expect(page.locator(".cb-progress__toggle input").nth(1)).to_be_checked()
    page.locator(".cb-progress__reset").click()
    expect(status).to_have_text(f"0/{steps}")
