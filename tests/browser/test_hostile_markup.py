"""A case built from every trick the checker lets through runs no script in a reader's browser.

Raw HTML and unsafe links are refused by `casebook check` (tests/test_hostile_input.py),
so what is left is text that *looks* like markup: escaped and numeric entities,
quotes and `"><` in one-line fields, full-width braces and class-only attribute
lists, titles and abbreviation definitions full of quotes. This builds a real
site with such a case, opens it in Chromium, fires mouse and focus events at
everything in the article, and asserts that nothing ran and nothing was injected.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page

from casebook.check.checker import check_library
from conftest import build_site_at, copy_project, serve_folder

pytestmark = pytest.mark.browser

MARKER = "casebook-xss"

HOSTILE_CASE = f"""\
id: hostile-markup-probe
title: 引号 "'><' 与 &lt;script&gt;alert('{MARKER}')&lt;/script&gt;
summary: '摘要 "><" ｛onclick=alert(1)｝ &#60;script&#62;console.log("{MARKER}")&#60;/script&#62;'
domain: ict-integration
stage: acceptance
region: overseas
issue_types: [goods-and-handover]
lessons: [honest-explanation]
source: {{title: '出处 " onmouseover="alert(1)'}}
context:
  '客户 "><': '" autofocus onfocus="alert(1)'
story: |
  转义的标签 &lt;script&gt;window.__xss = "{MARKER}"&lt;/script&gt; 只是文字。

  数字实体 &#x3C;img src=x onerror=alert('{MARKER}')&#x3E; 和 &#60;iframe src=x&#62; 也只是文字。

  全角的属性列表 ｛ onclick="alert('{MARKER}')" ｝ 只是文字；类名和锚点 {{ .probe #probe }} 无害。

  ## 小标题 {{ #heading .probe }}

  代码 `&lt;script&gt;` 与 `" onclick="alert(1)`。

  ![图片 "><](../assets/images/favicon.png "标题 '><' onerror='alert({MARKER})'")

  [链接](https://example.com/?a="'onmouseover=alert(1)//)。

  !!! note "标题 \\" onclick=\\"alert('{MARKER}')"
      提示框。

  XSS 缩写。

  *[XSS]: " onmouseover="alert('{MARKER}')
takeaways:
  - '要点 " onmouseover="alert(1)'
  - 要点 '><' 与 ＜script
source_note_never_used: ''
"""
# The last key is not a field: it is cut below; it only keeps the f-string's closing lines readable.
HOSTILE_CASE = HOSTILE_CASE.replace("source_note_never_used: ''\n", "")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "cases" / "hostile-markup-probe.yml").write_text(HOSTILE_CASE, encoding="utf-8")
    result = check_library(root)
    assert result.errors == (), [str(d) for d in result.errors]
    site = root.parent / "site"
    build_site_at(root, site)
    with serve_folder(site) as url:
        yield url


# Every attribute whose name starts with "on", and every element that can run or load code, in the article.
_INJECTED = """() => {
  const article = document.querySelector("article");
  const found = [];
  for (const el of article.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith("on")) found.push(`<${el.tagName} ${attr.name}>`);
      if (/^\\s*(javascript|data|vbscript):/i.test(attr.value) && ["href", "src", "action"].includes(attr.name)) {
        found.push(`<${el.tagName} ${attr.name}=${attr.value}>`);
      }
    }
  }
  // Material puts its own inline <svg> icons in the article; any handler on them is caught above.
  for (const el of article.querySelectorAll("script, iframe, object, embed, style, form, base, meta, link")) {
    found.push(`<${el.tagName}>`);
  }
  return found;
}"""

_PROVOKE = """() => {
  for (const el of document.querySelectorAll("article *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "error"]) el.dispatchEvent(new Event(type));
  }
}"""


def test_a_page_full_of_lookalike_markup_runs_no_script(page: Page, hostile_site: str) -> None:
    dialogs: list[str] = []
    console: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        console.append(message.text)

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.goto(hostile_site + "/cases/hostile-markup-probe/", wait_until="load")
    article = page.locator("article")
    # The tricks reached the page as text, escaped, not dropped and not parsed.
    text = article.inner_text()
    assert f'<script>window.__xss = "{MARKER}"</script>' in text
    assert f"<img src=x onerror=alert('{MARKER}')>" in text
    assert '｛ onclick="alert(' in text
    assert page.locator("h1").inner_text().startswith("引号 \"'><'")

    assert page.evaluate(_INJECTED) == []
    page.evaluate(_PROVOKE)
    page.locator("article a").first.hover()
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate(_INJECTED) == []
    assert dialogs == []
    assert [m for m in console if MARKER in m] == []


def test_the_cases_index_and_search_results_carry_no_handlers(page: Page, hostile_site: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site + "/cases/", wait_until="load")
    assert page.evaluate(_INJECTED) == []
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.press_sequentially("script", delay=30)
    search.press("End")
    page.wait_for_timeout(1000)
    found = page.evaluate(
        """() => Array.from(document.querySelectorAll(".md-search-result *"))
             .flatMap(el => Array.from(el.attributes).filter(a => a.name.startsWith("on")).map(a => el.tagName + " " + a.name))"""
    )
    assert found == []
    assert page.locator(".md-search-result script, .md-search-result img[onerror]").count() == 0
    assert dialogs == []
