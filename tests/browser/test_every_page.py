"""What a reader sees on every page, on a phone and a laptop, served and from the offline zip.

A page that throws in the console is broken even when it looks fine, so every
built page is opened, served and from file://, and must log no error. Every page
type is photographed at 390 px and 1280 px in both palettes into
tests/browser/screenshots/ (git-ignored) for a person to look at, and checked
for sideways overflow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import REPO, redirect_files

pytestmark = pytest.mark.browser

SCREENSHOTS = REPO / "tests" / "browser" / "screenshots"
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")


def built_pages(site: Path) -> list[str]:
    """Every HTML page of a build, as a path relative to the site (the 404 page and the redirects aside)."""
    moved = redirect_files(REPO) | redirect_files(REPO, directory_urls=False)
    return sorted(rel for p in site.rglob("*.html") if p.name != "404.html" and (rel := p.relative_to(site).as_posix()) not in moved)


def page_types(site: Path, directory_urls: bool) -> dict[str, str]:
    """One page of each type, by a name for its screenshot: the home page, each index, and one member of each section."""
    pages = built_pages(site)
    index = "index.html" if directory_urls else ""

    def first(section: str) -> str:
        members = [p for p in pages if p.startswith(section + "/") and p not in (f"{section}/index.html",)]
        return members[0]

    types = {"home": "index.html", "case": first("cases"), "issue-type": first("issue-types"), "lesson": first("lessons")}
    for name in ("newcomers", "stages", "explore", "glossary", "graph", "handbook", "contributing"):
        types[name] = f"{name}/{index}" if directory_urls else f"{name}.html"
    for section in ("cases", "issue-types", "lessons"):
        types[f"{section}-index"] = f"{section}/index.html"
    return types


def errors_on(page: Page, url: str) -> list[str]:
    """Open `url` and return every uncaught exception and console error it produced."""
    seen: list[str] = []
    page.on("pageerror", lambda error: seen.append(f"pageerror: {error}"))
    page.on("console", lambda message: seen.append(f"console.{message.type}: {message.text}") if message.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)
    return seen


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_no_served_page_logs_an_error(browser: Browser, built_site: Path, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    failures = {}
    for path in built_pages(built_site):
        page = context.new_page()
        found = errors_on(page, f"{site_url}/{path.removesuffix('index.html')}")
        if found:
            failures[path] = found
        page.close()
    context.close()
    assert failures == {}


def test_no_offline_page_logs_an_error(browser: Browser, offline_site: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    failures = {}
    for path in built_pages(offline_site):
        page = context.new_page()
        found = errors_on(page, (offline_site / path).as_uri())
        if found:
            failures[path] = found
        page.close()
    context.close()
    assert failures == {}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_fits_the_screen(browser: Browser, built_site: Path, site_url: str, width: int, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}, color_scheme=scheme)  # type: ignore[arg-type]
    overflowing = {}
    for name, path in page_types(built_site, directory_urls=True).items():
        page = context.new_page()
        page.goto(f"{site_url}/{path.removesuffix('index.html')}")
        page.wait_for_load_state("load")
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png")
        if page.evaluate("document.documentElement.scrollWidth") > width:
            overflowing[name] = page.evaluate("document.documentElement.scrollWidth")
        page.close()
    context.close()
    assert overflowing == {}


def test_offline_explorer_filters_and_reading_progress_ticks(browser: Browser, offline_site: Path) -> None:
    # From file://: the explorer filters its own list, and a reading step is ticked and remembered.
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((offline_site / "explore.html").as_uri())
    expect(page.locator("[data-cb-explorer][data-ready]")).to_be_attached()
    items = page.locator(".cb-explorer__results li")
    total = items.count()
    assert total > 1
    page.locator(".cb-explorer__filters > summary").click()
    first_stage = page.locator('fieldset[data-facet="stage"] label').first
    first_stage.click()
    expect(page.locator(".cb-explorer__filters > summary")).to_contain_text("已选 1 项")
    assert 0 < items.count() < total
    # A result links to the offline page of its case, which exists.
    href = items.first.locator("a").get_attribute("href") or ""
    assert href.endswith(".html") and (offline_site / "explore.html").parent.joinpath(href).resolve().is_file(), href

    page.goto((offline_site / "newcomers.html").as_uri())
    toggles = page.locator(".cb-progress__toggle input")
    expect(toggles.first).to_be_attached()
    toggles.first.check()
    expect(page.locator(".cb-progress__status")).to_have_text(f"1/{toggles.count()}")
    page.reload()
    expect(page.locator(".cb-progress__toggle input").first).to_be_checked()
    context.close()


def test_a_tap_on_an_abbreviation_opens_its_explanation(browser: Browser, site_url: str, built_site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    # An abbreviation inside a link leaves the tap to the link; find a page with one in running text.
    abbr = page.locator("article abbr[role=button]").first
    for path in (p for p in built_pages(built_site) if "<abbr" in (built_site / p).read_text(encoding="utf-8")):
        page.goto(f"{site_url}/{path.removesuffix('index.html')}")
        page.wait_for_load_state("load")
        if abbr.count():
            break
    assert abbr.count(), "no page has an abbreviation in running text"
    abbr.scroll_into_view_if_needed()
    title = abbr.get_attribute("title") or ""
    abbr.tap()
    expect(page.locator(".cb-abbr-note")).to_have_text(title)
    abbr.tap()
    expect(page.locator(".cb-abbr-note")).to_have_count(0)
    context.close()


def test_reading_steps_put_their_toggle_in_the_same_place(page: Page, site_url: str) -> None:
    # Right under each step heading, however long the heading.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/newcomers/")
    toggles = page.locator(".cb-progress__toggle")
    expect(toggles.first).to_be_attached()
    placed = toggles.evaluate_all("ts => ts.map(t => t.previousElementSibling.tagName + ':' + Math.round(t.getBoundingClientRect().left))")
    assert len(set(placed)) == 1, placed
    heights = toggles.evaluate_all("ts => ts.map(t => t.getBoundingClientRect().height)")
    assert min(heights) >= 40, heights
