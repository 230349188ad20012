"""Issue #12 in the browser: the tricks that are escaped (not refused) run nothing in Chromium.

A site is built from the real project plus a few hostile cases, committed to git by
hostile authors: a title full of entities that Material's `striptags` used to turn into
markup in <title> (F1), author names written as Markdown (F4), a title that used to
define a reference link for other cases (F5). Each page is opened, every element gets
mouse and focus events, and nothing may have run. Then the client scripts face
odd localStorage values and a `//explore/` URL (F19), and a page with an injected
handler shows that the Content-Security-Policy alone would stop it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from casebook.check.checker import check_library
from casebook.model.taxonomy import load_taxonomy
from conftest import REPO, build_site_at, copy_project, serve_folder

pytestmark = pytest.mark.browser

# The first id of each vocabulary, so a change to the taxonomy never breaks these fixtures.
_TAXONOMY, _ = load_taxonomy(REPO / "cases" / "taxonomy")
CASE = (
    """\
id: {id}
title: '{title}'
summary: 一句话摘要。
domain: DOMAIN
stage: STAGE
issue_types: [ISSUE_TYPE]
lessons: [LESSON]
story: |
  {story}
source: {{title: 测试文章}}
""".replace("DOMAIN", _TAXONOMY.domains.ids()[0])
    .replace("STAGE", _TAXONOMY.stages.ids()[0])
    .replace("ISSUE_TYPE", _TAXONOMY.issue_types.ids()[0])
    .replace("LESSON", _TAXONOMY.lessons.ids()[0])
)
TITLE_ENTITIES = "报价 &lt;/title&gt;&lt;img src=x onerror=window.__xss=1&gt;"
TITLE_REFERENCE = "r]: javascript:window.__xss=5//"
# git itself drops '<' and '>' from names, so the tag is written as entities, which must stay text.
AUTHORS = ["*Li*{ autofocus onfocus=window.__xss=4 }", "[x](javascript:window.__xss=4)", "&lt;img src=x onerror=window.__xss=4&gt; 李"]


def _git(root: Path, *args: str, author: str = "Casebook") -> None:
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=dev@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("security") / "project")
    cases = root / "cases"
    (cases / "title-entities.yml").write_text(CASE.format(id="title-entities", title=TITLE_ENTITIES, story="正文。"), encoding="utf-8")
    (cases / "title-reference.yml").write_text(CASE.format(id="title-reference", title=TITLE_REFERENCE, story="正文。"), encoding="utf-8")
    (cases / "uses-reference.yml").write_text(
        CASE.format(id="uses-reference", title="引用", story="[点我][r] 和 [[title-reference]]。"), encoding="utf-8"
    )
    result = check_library(root)
    assert result.errors == (), [str(d) for d in result.errors]
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "基础")
    for author in AUTHORS:
        with (cases / "title-entities.yml").open("a", encoding="utf-8") as handle:
            handle.write("\n")
        _git(root, "commit", "-q", "-am", "修改", author=author)
    site = root.parent / "site"
    build_site_at(root, site)
    with serve_folder(site) as url:
        yield url


_PROVOKE = """() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "error", "click"]) {
      if (type === "click" && el.closest("a[href], label, button, input")) continue;
      el.dispatchEvent(new Event(type));
    }
  }
}"""

_INJECTED = """() => Array.from(document.querySelectorAll("*")).flatMap(el => Array.from(el.attributes)
  .filter(a => a.name.startsWith("on") || /^\\s*(javascript|data|vbscript):/i.test(a.value))
  .map(a => el.tagName + " " + a.name + "=" + a.value))"""


def _open(page: Page, url: str) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load")
    page.evaluate(_PROVOKE)
    page.wait_for_timeout(200)
    return dialogs


@pytest.mark.parametrize("path", ["/cases/title-entities/", "/cases/title-reference/", "/cases/uses-reference/", "/cases/", "/"])
def test_escaped_tricks_run_nothing(page: Page, hostile_site: str, path: str) -> None:
    dialogs = _open(page, hostile_site + path)
    assert page.evaluate(_INJECTED) == []
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []


def test_f1_entities_in_a_title_stay_text_in_the_window_title(page: Page, hostile_site: str) -> None:
    _open(page, hostile_site + "/cases/title-entities/")
    assert page.title().startswith("报价 </title><img src=x onerror=window.__xss=1>")
    assert page.locator("head img, title img").count() == 0
    expect(page.locator("h1")).to_contain_text("报价 </title><img src=x onerror=window.__xss=1>")


def test_f4_git_author_names_are_not_published(page: Page, hostile_site: str) -> None:
    """Git author names are bot or placeholder names: the page keeps the date and names no one it was not told to."""
    _open(page, hostile_site + "/cases/title-entities/")
    updated = page.locator("article p", has_text="最后更新")
    expect(updated).to_have_count(1)
    assert "贡献者" not in updated.inner_text()
    text = page.locator("article").inner_text()
    for author in AUTHORS:
        assert author not in text


def test_f5_a_title_does_not_become_a_link_definition(page: Page, hostile_site: str) -> None:
    _open(page, hostile_site + "/cases/uses-reference/")
    assert "[点我][r]" in page.locator("article").inner_text()
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if "javascript" in h.lower()]
    expect(page.locator("article a", has_text=TITLE_REFERENCE).first).to_have_attribute("href", re.compile(r"/cases/title-reference/$"))


@pytest.mark.parametrize("stored", ["{}", "null", "5", "garbage{", '"text"', '[1, {"a": 2}]'])
def test_f19_the_progress_widget_survives_any_stored_value(page: Page, hostile_site: str, stored: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(hostile_site + "/newcomers/")
    page.evaluate("value => localStorage.setItem('casebook.newcomers.read', value)", stored)
    page.reload()
    expect(page.locator(".cb-progress__status")).to_have_text(r"0/" + page.locator(".cb-progress__status").inner_text().split("/")[1])
    page.locator(".cb-progress__toggle input").first.check()
    expect(page.locator(".cb-progress__status")).to_contain_text("1/")
    assert errors == []


def test_f19_the_explorer_works_when_served_at_a_double_slash_path(page: Page, hostile_site: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(hostile_site + "//explore/")
    expect(page.locator("[data-cb-explorer][data-ready]")).to_be_attached()
    page.locator("fieldset[data-facet] label").first.click()
    assert errors == []
    assert page.url.startswith(hostile_site + "//explore/?")


def test_the_csp_alone_stops_an_injected_handler(page: Page, hostile_site: str, tmp_path: Path) -> None:
    # Defence in depth: take a published page, inject what the checks would refuse, and serve it.
    html = page.request.get(hostile_site + "/cases/title-entities/").text()
    injected = html.replace("<h1", '<img src="x" onerror="window.__xss=7"><script>window.__xss=8</script><h1', 1)
    page.route(hostile_site + "/cases/title-entities/injected.html", lambda route: route.fulfill(body=injected, content_type="text/html"))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(hostile_site + "/cases/title-entities/injected.html", wait_until="load")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    assert len(violations) >= 2, violations
