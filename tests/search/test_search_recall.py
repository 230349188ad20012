"""Recall@5 of the real search box on the built site, against plain Material + jieba.

Each line of queries.tsv is a query a newcomer would type and the cases that
must be among the first five pages listed. The same queries run on a second
build of the same pages with Casebook's jieba user dictionary turned off, so
the report shows what the dictionary buys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import REPO, build_site_at, copy_project, serve_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERIES = Path(__file__).with_name("queries.tsv")
TOP = 5
TARGET = 0.95


def load_queries() -> list[tuple[str, tuple[str, ...]]]:
    """(query, expected case ids) for every non-comment line of queries.tsv."""
    rows = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, ids = line.split("\t")
        rows.append((query, tuple(ids.split())))
    return rows


@pytest.fixture(scope="module")
def plain_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same project built with plain Material + jieba: an empty `jieba_dict_user` overrides Casebook's."""
    root = copy_project(tmp_path_factory.mktemp("plain") / "project")
    empty = root / "empty-user-dict.txt"
    empty.write_text("", encoding="utf-8")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # Plain means Material's own settings for Chinese: our separator, pipeline and
    # generated dictionary all go; an empty user dictionary keeps the hook out.
    config, count = re.subn(r"^  - search:\n(?:(?:      .*)?\n)*", f"  - search:\n      jieba_dict_user: {empty}\n", config, flags=re.M)
    assert count == 1, "mkdocs.yml has no `- search:` block to turn the dictionary off in"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = root / "site"
    build_site_at(root, site)
    with serve_folder(site) as url:
        yield url


def top_pages(page: Page, query: str) -> list[str]:
    """The first five distinct page paths the search box lists for `query`, typed as a reader types it."""
    search = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    search.press("Control+a")
    search.press("Backspace")
    # An empty box shows the prompt; wait for it, so the next change is this query's.
    page.wait_for_function("el => !el.querySelector('.md-search-result__item')", arg=page.locator(".md-search-result").element_handle())
    empty = meta.inner_text()
    # Material's search reacts to keyup. Chinese characters arrive through
    # insertText, as from an IME, with no keyup; End confirms the composition.
    search.press_sequentially(query)
    search.press("End")
    page.wait_for_function("([el, text]) => el.innerText !== text", arg=[meta.element_handle(), empty], timeout=10_000)
    links = page.locator(".md-search-result__item > a")
    # Material groups a page's sections under the page; the top-level link of each item is a page.
    hrefs = links.evaluate_all("els => els.map(a => new URL(a.href).pathname)")
    pages: list[str] = []
    for href in hrefs:
        if href not in pages:
            pages.append(href)
    return pages[:TOP]


def measure(browser: Browser, url: str) -> tuple[int, int, list[str]]:
    """(found, expected, misses) over every (query, case) pair of queries.tsv."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").wait_for()
    found = expected = 0
    misses = []
    try:
        for query, ids in load_queries():
            pages = top_pages(page, query)
            for case_id in ids:
                expected += 1
                if f"/cases/{case_id}/" in pages:
                    found += 1
                else:
                    misses.append(f"{query} → {case_id} (got {', '.join(p.strip('/') for p in pages) or 'nothing'})")
    finally:
        context.close()
    return found, expected, misses


def test_queries_file_names_real_cases() -> None:
    rows = load_queries()
    assert len(rows) >= 40
    known = {p.stem for p in (REPO / "cases").glob("*.yml")}
    unknown = [(q, i) for q, ids in rows for i in ids if i not in known]
    assert not unknown, unknown


def test_recall_at_5(browser: Browser, site_url: str, plain_site_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    ours, total, misses = measure(browser, site_url)
    plain, _, plain_misses = measure(browser, plain_site_url)
    line = f"recall@{TOP}: casebook {ours / total:.2f} ({ours}/{total}), plain material {plain / total:.2f} ({plain}/{total})"
    with capsys.disabled():
        print(f"\n{line}")
        for miss in misses:
            print(f"  casebook misses: {miss}")
        for miss in plain_misses:
            print(f"  plain material misses: {miss}")
    assert ours / total >= TARGET, f"{line}; misses: {misses}"
