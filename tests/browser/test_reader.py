"""What a reader sees, in the system Chromium driven by Playwright."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_home_page_introduces_the_site_and_links_the_indexes(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    expect(page.locator("h1")).to_contain_text("Casebook")
    for label in ("新人学习路径", "问题类型", "经验教训", "全部案例"):
        expect(page.locator("article a", has_text=label).first).to_be_visible()


def test_case_page_shows_facts_story_and_folded_outcome(page: Page, site_url: str) -> None:
    page.goto(site_url + "/cases/provincial-billing-network-delay/")
    expect(page.locator("h1")).to_contain_text("全省计费网")
    expect(page.locator(".admonition.info")).to_contain_text("问题类型")
    details = page.locator("details.question")
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    expect(page.locator("#相关案例")).to_be_visible()


def test_search_for_yanqi_lists_the_billing_case(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    # Material's search reacts to keyup, not to input. Chinese characters arrive
    # through insertText, as from an IME, so finish the way an IME user does: a
    # key that confirms the composition. fill() would fire no key event at all.
    search.press_sequentially("延期", delay=80)
    search.press("End")
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("provincial-billing-network-delay" in h for h in hrefs), hrefs
