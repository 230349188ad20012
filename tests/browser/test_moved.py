"""A link to a renamed case, pasted before the rename, still opens the case: served and from the offline zip.

Scripts are off in these browsers: the redirect must work where a filtered network or a
reader's settings block them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from casebook.check.checker import check_library
from casebook.derive.editions import EDITIONS
from casebook.derive.sitemap import case_uri, page_file, page_url
from conftest import REPO

pytestmark = pytest.mark.browser


def renames() -> list[tuple[str, str]]:
    library = check_library(REPO).library
    assert library is not None
    return sorted(library.renamed.items())


def test_every_old_url_opens_its_case_when_served(browser_context_no_js: Page, site_url: str) -> None:
    page = browser_context_no_js
    for old, new in renames():
        for edition in EDITIONS:
            page.goto(f"{site_url}/{edition.uri(page_url(case_uri(old)))}")
            page.wait_for_url(re.compile(re.escape(f"/{edition.uri(page_url(case_uri(new)))}") + "$"))
            assert page.locator("h1").first.is_visible()
            assert page.locator("html").get_attribute("lang") == edition.html_lang


def test_every_old_url_opens_its_case_in_the_offline_copy(browser_context_no_js: Page, offline_site: Path) -> None:
    page = browser_context_no_js
    for old, new in renames():
        for edition in EDITIONS:
            page.goto((offline_site / edition.uri(page_file(case_uri(old), directory_urls=False))).as_uri())
            target = (offline_site / edition.uri(page_file(case_uri(new), directory_urls=False))).as_uri()
            page.wait_for_url(target)
            assert page.locator("h1").first.is_visible()
