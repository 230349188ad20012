"""A renamed case keeps its old ids (`moved_from`): old links and old URLs still reach it.

A case renamed from `old` to `new` records `moved_from: [old]`. `[[old]]` and `related: [old]`
then link to `new` with a notice that names the new id (nothing is broken, so nothing fails),
and the site has a page at the old URL, in every edition and URL style, that sends the
browser on without script. An old id may name no live case, and only one case may claim it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from casebook.check.checker import check_library
from casebook.derive.editions import EDITIONS
from casebook.derive.sitemap import case_uri, page_file, page_url
from casebook.site.build import build_site
from conftest import Project
from test_load_errors import VALID

RENAMED = VALID.replace("id: sample", "id: new-name") + "moved_from:\n  - old-name\n"


def assert_nothing_runs(html: str) -> None:
    """No script, no event handler, no frame or object: the page only names the new address."""
    tree = LexborHTMLParser(html)
    nodes = list(tree.root.traverse()) if tree.root is not None else []
    assert not [n.tag for n in nodes if n.tag in ("script", "iframe", "object", "embed", "form", "style")]
    assert not [(n.tag, a) for n in nodes for a in (n.attributes or {}) if a.lower().startswith("on")]
    equiv = sorted((n.attributes.get("http-equiv") or "").lower() for n in tree.css("meta[http-equiv]"))
    assert equiv == ["content-security-policy", "refresh"]


def citing(text: str) -> str:
    return VALID.replace("id: sample", "id: citing").replace("  第二段。", f"  {text}")


def test_an_old_id_links_to_the_renamed_case_with_a_notice_naming_the_new_id(project: Project) -> None:
    project.write_case("new-name.yml", RENAMED)
    project.write_case("citing.yml", citing("见 [[old-name]]。") + "related: [old-name]\n")
    result = project.check()
    assert [d for d in result.diagnostics if d.severity.value != "notice"] == []
    notices = [str(d) for d in result.diagnostics if "old id" in d.message]
    assert notices == [
        "cases/citing.yml:13:5: notice: '[[old-name]]' is the old id of 'new-name', which it links to; write the new id",
        "cases/citing.yml:15:11: notice: 'old-name' is the old id of 'new-name', which it links to; write the new id",
    ]
    library = result.library
    assert library is not None
    assert library.case("old-name").id == "new-name"
    # The model holds the new id only: the graph, backlinks and listings never see the old one.
    assert library.case("citing").related == ("new-name",)
    assert [ref.target for ref in library.case("citing").refs] == ["new-name"]
    page = build_site(project.root).page("cases/citing.md")
    assert page is not None and "](new-name.md)" in page.content and "old-name" not in page.content


def test_a_rename_that_changes_every_word_still_resolves(project: Project) -> None:
    # Spelling similarity cannot find `custom-software-before-mobile-fair` from `mobile-fair-yes-man`; the record can.
    project.write_case(
        "custom-software-before-mobile-fair.yml",
        RENAMED.replace("new-name", "custom-software-before-mobile-fair").replace("old-name", "mobile-fair-yes-man"),
    )
    project.write_case("citing.yml", citing("见 [[mobile-fair-yes-man]]。"))
    assert project.check().errors == ()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"new-name.yml": RENAMED.replace("old-name", "citing"), "citing.yml": citing("正文。")},
            "cases/new-name.yml:16:5: error: 'citing' in 'moved_from' is the id of cases/citing.yml: an old id must not name a case that exists",
            id="old-id-is-live",
        ),
        pytest.param(
            {"new-name.yml": RENAMED, "other.yml": RENAMED.replace("new-name", "other")},
            "cases/other.yml:16:5: error: 'old-name' in 'moved_from' is already claimed by cases/new-name.yml",
            id="claimed-twice",
        ),
        pytest.param(
            {"new-name.yml": RENAMED.replace("- old-name", "- Old_Name")},
            "cases/new-name.yml:16:5: error: 'moved_from' value 'Old_Name' is not a valid id",
            id="not-an-id",
        ),
    ],
)
def test_a_wrong_rename_record_is_a_located_error(project: Project, files: dict[str, str], expected: str) -> None:
    for name, text in files.items():
        project.write_case(name, text)
    errors = [str(d) for d in project.check().errors]
    assert any(e.startswith(expected) for e in errors), errors


@pytest.mark.parametrize("directory_urls", [True, False], ids=["served", "offline"])
def test_every_old_url_has_a_redirect_in_every_edition_that_needs_no_script(project: Project, directory_urls: bool) -> None:
    project.write_case("new-name.yml", RENAMED)
    site = build_site(project.root, directory_urls=directory_urls)
    for edition in EDITIONS:
        page = site.page(edition.uri(page_file(case_uri("old-name"), directory_urls)))
        assert page is not None, edition
        html = page.content
        target = "../new-name/" if directory_urls else "new-name.html"
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="{target}">' in html
        assert f'<html lang="{edition.html_lang}">' in html
        assert_nothing_runs(html)
        # It sits where the old page's URL is served from.
        assert page_file(case_uri("old-name"), directory_urls).startswith(page_url(case_uri("old-name"), directory_urls).rstrip("/"))


def test_a_renamed_case_title_is_escaped_on_its_redirect_page(project: Project) -> None:
    project.write_case("new-name.yml", RENAMED.replace("title: 样例", 'title: 样例 & "引号" &lt;b&gt;'))
    site = build_site(project.root)
    page = site.page("cases/old-name/index.html")
    assert page is not None
    assert '& "引号"' not in page.content and "&amp; &#34;引号&#34; &amp;lt;b&amp;gt;" in page.content
    assert_nothing_runs(page.content)


def test_the_library_records_every_rename_it_ever_published(built_site: Path) -> None:
    # What was published stays reachable: each recorded old id redirects, in both editions, to a page that exists.
    library = check_library(Path(__file__).resolve().parent.parent).library
    assert library is not None
    for old, new in library.renamed.items():
        for edition in EDITIONS:
            redirect = built_site / edition.uri(page_file(case_uri(old)))
            assert redirect.is_file(), redirect
            assert (built_site / edition.uri(page_file(case_uri(new)))).is_file()
            assert f"url=../{new}/" in redirect.read_text(encoding="utf-8")
