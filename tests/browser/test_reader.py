"""What a reader sees, in the system Chromium driven by Playwright.

Screenshots of each state land in tests/browser/screenshots/ (git-ignored), to be looked at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import type_search

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_home_page_introduces_the_site_and_links_the_indexes(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    expect(page.locator("h1")).to_contain_text("Casebook")
    for label in ("新人学习路径", "问题类型", "经验教训", "全部案例"):
        expect(page.locator("article a", has_text=label).first).to_be_visible()


def test_case_page_shows_facts_story_and_folded_outcome(page: Page, site_url: str) -> None:
    page.goto(site_url + "/cases/provincial-billing-network-delay/")
    expect(page.locator("h1")).to_contain_text("全省计费网")
    # No spoilers: neither the facts box nor tag chips name the issue types or lessons above the story.
    expect(page.locator(".admonition.info")).not_to_contain_text("问题类型")
    expect(page.locator(".md-tags")).to_have_count(0)
    expect(page.locator(".admonition.abstract")).to_contain_text("你是")
    details = page.locator("details.question")
    expect(details).not_to_have_attribute("open", "")
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    # The lessons come only after the folded part.
    order = page.evaluate(
        """() => {
            const after = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
            const details = document.querySelector("details.question");
            const lessons = document.getElementById("问题类型与经验教训");
            return after(details, lessons);
        }"""
    )
    assert order is True
    expect(page.locator("#问题类型与经验教训 ~ ul")).to_contain_text("经验教训")
    expect(page.locator("#相关案例")).to_be_visible()


def test_search_for_yanqi_lists_the_billing_case(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    type_search(page, "延期")
    # The results of 「延」 may still be on screen while those of 「延期」 arrive: wait for them, not a snapshot.
    expect(page.locator('.md-search-result__item a[href*="provincial-billing-network-delay"]').first).to_be_visible(timeout=10_000)


def test_reading_the_site_makes_no_request_to_another_host(page: Page, site_url: str) -> None:
    origin = urlparse(site_url).netloc
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/", "/cases/lost-test-phone-email/", "/lessons/ask-why/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    type_search(page, "道歉")
    page.wait_for_load_state("networkidle")
    foreign = [url for url in requests if urlparse(url).netloc not in (origin, "") and not url.startswith("data:")]
    assert len(requests) > 5 and foreign == []


def test_search_highlighting_lands_on_the_word_in_the_opened_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    # The word sits in the folded "what we did": the result must still show it.
    type_search(page, "呼伦贝尔")
    page.locator('.md-search-result__item a[href*="provincial-billing-network-delay"][href*="h=%E5%91%BC"]').first.click()
    expect(page).to_have_url(re.compile(r"provincial-billing-network-delay/.*[?&]h="))
    mark = page.locator("article mark").first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("呼伦贝尔")
    shot(page, "search-highlight")


def test_case_page_renders_facts_related_cases_and_backlinks(page: Page, site_url: str) -> None:
    # A case with a region (cases leave it out where the article does not state the market).
    page.goto(site_url + "/cases/lost-test-phone-email/")
    facts = page.locator(".admonition.info")
    for label in ("业务领域", "阶段", "地区"):
        expect(facts).to_contain_text(label)
    expect(page.locator("#相关案例")).to_be_visible()
    # Every case that cites this one is already under 相关案例, so it is not listed a second time.
    expect(page.locator("article .cb-links a[href*='new-operator-no-design-institute']")).to_have_count(1)
    expect(page.locator("#引用本案的案例")).to_have_count(0)
    shot(page, "case-light")


def test_dark_mode_switches_the_palette(page: Page, site_url: str) -> None:
    page.goto(site_url + "/cases/custom-software-before-mobile-fair/")
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert light != dark
    shot(page, "case-dark")


@pytest.mark.parametrize(
    "path", ["/", "/cases/roaming-for-visiting-president/", "/cases/", "/stages/", "/explore/", "/newcomers/", "/graph/"]
)
def test_nothing_overflows_a_phone_screen(browser: Browser, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    shot(page, "phone" + path.rstrip("/").replace("/", "-"))
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px wider than a 390px screen"
