"""What a reader sees, in the system Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import chromium_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no system Chromium; install it (apt-get install chromium) or run `playwright install chromium`")
    with sync_playwright() as playwright:
        # The flags keep Chromium from phoning home, which a closed network refuses noisily.
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


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
