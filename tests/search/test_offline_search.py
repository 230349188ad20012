"""The offline copy (`make offline`) searches from file:// and finds the same cases as the served site."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import load_queries, open_search, recall, search_box_top
from playwright.sync_api import Browser

from conftest import REPO, build_site_at

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline") / "casebook-offline"
    build_site_at(REPO, site, CASEBOOK_OFFLINE="true")
    return site


def top_pages(browser: Browser, url: str) -> dict[str, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        open_search(page, url)
        ranked = {
            q.text: [p.removesuffix("index.html").removesuffix(".html").rstrip("/") for p in search_box_top(page, q.text)]
            for q in load_queries()
        }
    finally:
        context.close()
    if url.startswith("file:"):
        assert [r for r in requests if not r.startswith(("file:", "data:", "about:", "blob:"))] == []
    return ranked


def test_the_offline_copy_finds_the_same_cases_for_every_query(browser: Browser, offline_site: Path, site_url: str) -> None:
    offline = top_pages(browser, (offline_site / "index.html").as_uri())
    served = top_pages(browser, site_url + "/")
    root = offline_site.as_uri().removeprefix("file://")
    # The same expected cases found for every query: the same recall, query by query. (The
    # offline pages link to `….html`, so weak matches further down may differ slightly.)
    queries = load_queries()
    offline_recall = recall({q: [p.removeprefix(root) for p in pages] for q, pages in offline.items()}, queries)
    served_recall = recall(served, queries)
    assert [m.split(" (got")[0] for m in offline_recall.misses] == [m.split(" (got")[0] for m in served_recall.misses]
    assert offline_recall.found == served_recall.found


def test_the_offline_english_edition_searches_its_own_pages(browser: Browser, offline_site: Path) -> None:
    # Offline the worker runs as a script in an iframe (the shim): it still learns its edition.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        open_search(page, (offline_site / "en" / "index.html").as_uri())
        pages = search_box_top(page, "roaming")
    finally:
        context.close()
    assert pages and all("/en/" in p for p in pages), pages
    assert pages[0].endswith("/en/cases/roaming-for-visiting-president.html")
