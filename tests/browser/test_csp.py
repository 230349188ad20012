"""The Content-Security-Policy blocks nothing the site needs: served, offline from file://, and while searching.

Every page carries a CSP `<meta>` (overrides/main.html) that allows scripts only from
the site and the theme's own inline scripts by hash. A hash that drifts from the
theme's script would break the palette or instant navigation silently; a CSP report
in the console is how it shows, so these tests read the console and the
`securitypolicyviolation` events on the home page, a case page and after a search.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import type_search

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "build" / "screenshots"

# Recorded before any page script runs, so a violation during load is caught too.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


def _watch(page: Page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(_RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


def _violations(page: Page) -> list[str]:
    return list(page.evaluate("() => window.__cspViolations || []"))


def _visit_and_search(page: Page, home: str, case: str) -> list[str]:
    problems = _watch(page)
    found: list[str] = []
    for url in (home, case):
        page.goto(url, wait_until="load")
        expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).to_have_count(1)
        found += _violations(page)
    type_search(page, "延期", timeout=15_000)
    found += _violations(page)
    return found + [p for p in problems if "Content Security Policy" in p or p.startswith("uncaught")]


def test_served_site_runs_under_its_csp_with_no_violation(page: Page, site_url: str) -> None:
    found = _visit_and_search(page, site_url + "/", site_url + "/cases/galaxy-note7-battery/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "csp-served-search.png"))
    assert found == []
    # The palette toggle runs through the theme's inline script and its stored choice: it still works.
    page.keyboard.press("Escape")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before or "")


def test_offline_site_runs_under_its_csp_from_file_url(page: Page, offline_site: Path) -> None:
    found = _visit_and_search(page, (offline_site / "index.html").as_uri(), (offline_site / "cases" / "galaxy-note7-battery.html").as_uri())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "csp-offline-search.png"))
    assert found == []
