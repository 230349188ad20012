"""What a reader sees in the search box, in the system Chromium: paste, summaries, ranking, highlights, keys.

Screenshots of the results at phone and laptop width land in tests/browser/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from casebook.check.checker import load_library
from conftest import REPO

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "tests" / "browser" / "screenshots"
CASE_LINK = re.compile(r"/cases/([a-z0-9-]+)/(?:\?|$)")


def open_box(page: Page, url: str) -> None:
    page.goto(url + "/")
    # The header's search button on a phone, the box itself on a laptop.
    page.locator("header label[for=__search]:visible, input.md-search__input:visible").first.click()
    expect(page.locator("input.md-search__input")).to_be_focused()


def paste(page: Page, query: str) -> None:
    """Put `query` into the box as a paste does: one input event and no key at all."""
    page.locator("input.md-search__input").fill(query)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def result_paths(page: Page) -> list[str]:
    return page.locator(".md-search-result__item > a").evaluate_all("els => els.map(a => new URL(a.href).pathname)")


def test_pasted_text_searches_at_once(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    paste(page, "延期")
    assert any(CASE_LINK.search(p) for p in result_paths(page))


def test_a_case_result_shows_its_title_and_one_line_summary(page: Page, site_url: str) -> None:
    summaries = {case.id: case.summary for case in load_library(REPO).cases}
    open_box(page, site_url)
    paste(page, "道歉")
    first = page.locator(".md-search-result__item").first
    case_id = CASE_LINK.search(first.locator("> a").get_attribute("href") or "")
    assert case_id, "the first result is not a case"
    teaser = first.locator("article > p").inner_text()
    assert teaser == summaries[case_id.group(1)]
    # The facts box's labels never show in a result.
    assert "业务领域" not in first.inner_text()


def test_cases_rank_above_listing_pages_and_the_home_page(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    # 交付 stands on nearly every page: listings, the home page, term pages and most cases.
    paste(page, "交付")
    paths = result_paths(page)
    kinds = ["case" if CASE_LINK.search(p) else "page" for p in paths]
    assert kinds[0] == "case", paths
    # No case is listed below a page that is not a case.
    first_page = kinds.index("page") if "page" in kinds else len(kinds)
    assert "case" not in kinds[first_page:], paths
    assert not any(p.rstrip("/").endswith(("/handbook", "/cases")) or p == "/" for p in paths[:5]), paths


def test_highlights_cover_exactly_the_matched_text_with_no_zero_width_spaces(page: Page, site_url: str) -> None:
    # What may be marked for 道歉: the word itself or a word of its thesaurus group, never more (道歉来).
    groups = load_library(REPO).taxonomy.thesaurus.synonyms
    allowed = {"道歉"}.union(*(group for group in groups if "道歉" in group))
    open_box(page, site_url)
    paste(page, "道歉")
    marks = page.locator(".md-search-result mark").all_inner_texts()
    assert "道歉" in marks and set(marks) <= allowed, marks
    assert "\u200b" not in page.locator(".md-search-result").inner_text()


def test_a_question_ranks_by_its_subject_not_its_question_words(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    paste(page, "怎么跟客户道歉")
    marks = set(page.locator(".md-search-result mark").all_inner_texts())
    assert "怎么" not in marks and "道歉" in marks


def test_search_works_from_the_keyboard(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    page.keyboard.press("/")
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.insert_text("漫游")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/cases/[a-z0-9-]+/"))


@pytest.mark.parametrize("width", [390, 1280])
def test_results_fit_the_screen(browser: Browser, site_url: str, width: int) -> None:
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone, locale="zh-CN"
    )
    page = context.new_page()
    open_box(page, site_url)
    paste(page, "配件发错了怎么办")
    # Every result, title and summary included, wraps within its box (nothing cut off at the side).
    page.wait_for_timeout(400)  # the phone's search panel slides in
    overflowing = page.locator(".md-search-result__article").evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth).length")
    width_of_list = page.locator(".md-search-result__list").evaluate("e => e.getBoundingClientRect().width")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / f"search-{width}.png"))
    context.close()
    assert overflowing == 0 and width_of_list <= width


def test_a_phrase_that_crosses_word_boundaries_still_finds_its_case(page: Page, site_url: str) -> None:
    # Four characters from the middle of a summary, cut without regard to words: no word list
    # holds them, yet the text does, so its case must be among the first five results.
    case = load_library(REPO).cases[0]
    phrase = next(
        case.summary[i : i + 4] for i in range(3, len(case.summary) - 4) if re.fullmatch(r"[\u4e00-\u9fff]{4}", case.summary[i : i + 4])
    )
    open_box(page, site_url)
    paste(page, phrase)
    assert f"/cases/{case.id}/" in result_paths(page)[:5], phrase


def test_traditional_characters_and_pinyin_find_what_simplified_finds(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    paste(page, "漫游")
    simplified = result_paths(page)[:3]
    for query in ("漫遊", "manyou"):
        paste(page, query)
        assert result_paths(page)[:3] == simplified, query


def test_a_query_that_matches_nothing_shows_the_closest_results_and_says_so(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    paste(page, "iphome")  # one letter off a word the pages use
    expect(page.locator(".md-search-result__meta")).to_have_text("没有完全匹配，以下是相近的结果")
    assert any("iphone4-antennagate" in path for path in result_paths(page))
    # The next query that matches is counted as usual again.
    paste(page, "漫游")
    expect(page.locator(".md-search-result__meta")).not_to_have_text("没有完全匹配，以下是相近的结果")


def test_english_on_the_chinese_site_finds_english_pages_and_says_which_edition_they_open(page: Page, site_url: str) -> None:
    open_box(page, site_url)
    paste(page, "apology email")
    english = page.locator(".md-search-result__item", has=page.locator(".cb-result-edition"))
    expect(english.first).to_be_visible()
    expect(english.first.locator(".cb-result-edition")).to_have_text("English")
    assert english.first.locator("a").get_attribute("href").split("//")[-1].split("/", 1)[1].startswith("en/")
