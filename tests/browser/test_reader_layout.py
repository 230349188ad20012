"""What a reader sees of the /cases/ matrix, the glossary and the way in by situation, on a phone and a laptop.

Screenshots land in tests/browser/screenshots/ (git-ignored), to be looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import REPO

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "tests" / "browser" / "screenshots"


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def phone(browser: Browser, scheme: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", color_scheme=scheme, has_touch=True)  # type: ignore[arg-type]
    page = context.new_page()
    yield page
    context.close()


def test_the_matrix_scrolls_sideways_with_its_first_column_in_view_on_a_phone(phone: Page, site_url: str, scheme: str) -> None:
    phone.goto(site_url + "/cases/")
    scroller = phone.locator(".cb-matrix .md-typeset__scrollwrap")
    scroller.scroll_into_view_if_needed()
    expect(phone.locator(".cb-scroll-cue")).to_be_visible()
    # It does not fit, so it scrolls inside its own box, not the page.
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    assert phone.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    first_cell = phone.locator(".cb-matrix tbody tr").first.locator("td").first
    second_cell = phone.locator(".cb-matrix tbody tr").first.locator("td").nth(1)
    left_before = first_cell.bounding_box()["x"]  # type: ignore[index]
    second_before = second_cell.bounding_box()["x"]  # type: ignore[index]
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth }")
    phone.wait_for_timeout(100)
    # The issue-type column stays where it was; the counts slide under it.
    assert first_cell.bounding_box()["x"] == pytest.approx(left_before, abs=1)  # type: ignore[index]
    assert second_cell.bounding_box()["x"] < second_before - 20  # type: ignore[index]
    # The first column is drawn over the cells that slide under it, so its name stays readable.
    box = first_cell.bounding_box()
    assert box is not None
    topmost = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('td')?.cellIndex", [box["x"] + 5, box["y"] + box["height"] / 2]
    )
    assert topmost == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"matrix-scrolled-390-{scheme}.png"))


def test_a_matrix_cell_opens_the_cases_it_counts(page: Page, site_url: str) -> None:
    page.goto(site_url + "/cases/")
    cell = page.locator(".cb-matrix tbody td:not(:first-child) a").first
    count = int(cell.inner_text())
    cell.click()
    page.wait_for_url("**/issue-types/**")
    anchor = unquote(page.url.split("#", 1)[1])
    heading = page.locator(f"[id='{anchor}']")
    expect(heading).to_be_in_viewport()
    listed = heading.locator("xpath=following-sibling::ul[1]/li")
    expect(listed).to_have_count(count)


def test_the_glossary_puts_no_chinese_in_italics(page: Page, site_url: str) -> None:
    page.goto(site_url + "/glossary/")
    styles = page.locator("article dl.cb-glossary *").evaluate_all("els => els.map(e => getComputedStyle(e).fontStyle)")
    assert styles and set(styles) == {"normal"}
    assert page.locator("article h2").count() == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "glossary-1280.png"))


def test_the_home_page_offers_situations_as_touch_sized_entries(phone: Page, site_url: str) -> None:
    phone.goto(site_url + "/")
    entries = phone.locator(".cb-situations li a")
    assert entries.count() >= 5
    expect(phone.get_by_role("heading", name="我现在遇到了…")).to_be_visible()
    for i in range(entries.count()):
        box = entries.nth(i).bounding_box()
        assert box is not None and box["height"] >= 40 and box["width"] >= 300
    entries.first.click()
    phone.wait_for_url("**/issue-types/**")
    expect(phone.locator("article h2").first).to_contain_text("头 48 小时先做什么")
