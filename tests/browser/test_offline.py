"""The offline handbook: built with Material's offline plugin, zipped, unzipped, and searched from file://."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_offline_build_loads_nothing_from_the_network(offline_site: Path) -> None:
    # The plugin would add a CDN copy of the iframe-worker polyfill; mkdocs.yml vendors it instead.
    for html in offline_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text, html
    assert (offline_site / "search" / "search_index.js").is_file()


def test_offline_site_searches_from_file_url(page: Page, offline_site: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((offline_site / "index.html").as_uri())
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    # Material's search reacts to keyup; Chinese arrives as insertText, so finish with a key, as an IME does.
    search.press_sequentially("延期", delay=80)
    search.press("End")
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("provincial-billing-network-delay.html" in h for h in hrefs), hrefs
    assert [url for url in requests if not url.startswith(("file:", "data:", "about:", "blob:"))] == []


def test_offline_graph_links_open_html_files(page: Page, offline_site: Path) -> None:
    # Raw-HTML links are not rewritten by MkDocs, so the graph must already point at `….html` files here.
    page.goto((offline_site / "graph.html").as_uri())
    hrefs = page.eval_on_selector_all("svg.cbg a", "links => links.map(a => a.getAttribute('xlink:href'))")
    assert hrefs
    for href in hrefs:
        target = offline_site / unquote(urlparse(href).path)
        assert target.is_file(), href
    page.locator("svg.cbg a.cbg-case").first.click()
    expect(page).to_have_url(re.compile(r"^file:.*/cases/[a-z0-9-]+\.html$"))
