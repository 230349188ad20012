"""The preview tells the truth: while a save is broken, every page says so, and the broken case's page says it is stale.

`make serve` runs `mkdocs serve --dirty`, which rebuilds only what changed: the banner must
reach the pages that were not rebuilt too. It goes at the next reload after the fix, and a
build (the published site, the offline copy) never carries it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from casebook.site.preview import SCRIPT_URI, STATUS_URI
from conftest import copy_project, stop_server
from test_hostile_input import _fetch, _free_port, _serve

pytestmark = pytest.mark.slow

CASE = "lost-test-phone-email"


def wait_for_status(base: str, broken: bool, seconds: float = 120) -> dict[str, list[str]]:
    deadline = time.monotonic() + seconds
    while True:
        status = json.loads(_fetch(base + STATUS_URI, deadline))
        if bool(status["errors"]) == broken or time.monotonic() > deadline:
            return status
        time.sleep(0.3)


def visit(page: Page, url: str) -> None:
    """Open `url`; live reload may reload the page as a build ends, which aborts a navigation under way: open it again."""
    for attempt in range(5):
        try:
            page.goto(url)
            return
        except PlaywrightError as error:
            if "ERR_ABORTED" not in str(error) or attempt == 4:
                raise
            time.sleep(0.5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_project(tmp_path / "project")
    port = _free_port()
    server = _serve(root, port, "--dirty")
    base = f"http://127.0.0.1:{port}/"
    try:
        _fetch(base, time.monotonic() + 180)
        yield root, base
    finally:
        err = stop_server(server)
        assert b"Traceback" not in err, err.decode("utf-8", "replace")


def test_a_broken_save_is_shown_on_every_page_until_it_is_fixed(served: tuple[Path, str], page: Page) -> None:
    root, base = served
    # The test opens every page itself: the live-reload poll is cut off, so that no reload a build's end sends
    # to the open tab races the test's own navigation (the banner is read when a page loads either way).
    page.context.route("**/livereload/**", lambda route: route.abort())
    case = root / "cases" / f"{CASE}.yml"
    good = case.read_text(encoding="utf-8")
    visit(page, base + f"cases/{CASE}/")
    title = page.locator("h1").first.inner_text()
    case.write_text(good.replace("\ntitle: ", "\ntitle: [unclosed ", 1), encoding="utf-8")
    status = wait_for_status(base, broken=True)
    [message] = status["errors"]
    assert message.startswith(f"cases/{CASE}.yml:")

    for url, is_the_broken_case in ((base, False), (base + "cases/galaxy-note7-battery/", False), (base + f"cases/{CASE}/", True)):
        visit(page, url)
        banner = page.locator(".cb-preview-errors")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(message)
        expect(page.locator(".cb-preview-errors__stale")).to_have_count(1 if is_the_broken_case else 0)
    # The broken case's page is its last good version, and says so.
    assert page.locator("h1").first.inner_text() == title
    # The English edition says it in English.
    visit(page, base + f"en/cases/{CASE}/")
    expect(page.locator(".cb-preview-errors__stale")).to_contain_text("last version without errors")

    case.write_text(good, encoding="utf-8")
    wait_for_status(base, broken=False)
    for url in (base, base + f"cases/{CASE}/"):
        visit(page, url)
        expect(page.locator("h1").first).to_be_visible()
        expect(page.locator(".cb-preview-errors")).to_have_count(0)


def test_a_build_never_carries_the_preview(built_site: Path, offline_site: Path) -> None:
    for site in (built_site, offline_site):
        assert not (site / SCRIPT_URI).exists() and not (site / STATUS_URI).exists()
        assert not [p for p in site.rglob("*.html") if "casebook-preview" in p.read_text(encoding="utf-8")]
