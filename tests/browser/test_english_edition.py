"""The English edition in a real browser: the language selector lands on the same page, served and offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from casebook.derive.search.keys import stem

pytestmark = pytest.mark.browser

WORDS = [
    "apology",
    "apologies",
    "apologizing",
    "delays",
    "delivered",
    "requirements",
    "surveys",
    "parts",
    "partner",
    "is",
    "roaming",
    "ASO",
]


def switch(page: Page, lang: str) -> None:
    """Open the language selector and choose the edition written in `lang`."""
    page.locator(".md-header__option .md-select button").first.hover()
    page.locator(f".md-select__link[hreflang='{lang}']").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_language_switch_lands_on_the_same_page_in_the_other_language(browser: Browser, site_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(site_url + "/cases/lost-test-phone-email/")
        switch(page, "en")
        assert page.url.endswith("/en/cases/lost-test-phone-email/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("article h1").inner_text().rstrip("¶") == "A lost test phone and an email"
        switch(page, "zh-CN")
        assert page.url.endswith("/cases/lost-test-phone-email/") and "/en/" not in page.url
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        assert errors == []
    finally:
        context.close()


def test_the_language_switch_works_from_the_offline_copy(browser: Browser, offline_site: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((offline_site / "glossary.html").as_uri())
        switch(page, "en")
        assert page.url.endswith("/en/glossary.html")
        assert page.locator("article h1").inner_text().rstrip("¶") == "Glossary"
    finally:
        page.close()


def test_the_worker_stems_english_as_the_index_does(browser: Browser) -> None:
    worker = Path(__file__).parents[2] / "overrides" / "assets" / "javascripts" / "workers" / "search.a7633da7.min.js"
    page = browser.new_page()
    try:
        # A blank page: the site's CSP rightly refuses an inline script.
        page.set_content("<!doctype html><title>stem</title>")
        page.add_script_tag(content=worker.read_text(encoding="utf-8").replace('"use strict";', ""))
        assert page.evaluate("words => words.map(w => stem(w.toLowerCase()))", WORDS) == [stem(w.lower()) for w in WORDS]
    finally:
        page.close()
