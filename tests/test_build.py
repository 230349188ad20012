"""A real `mkdocs build --strict` of the project, and what the built HTML promises readers."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from casebook.check.checker import load_library
from conftest import REPO


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        for key in ("src", "href") if tag in ("script", "link", "img", "iframe") else ():
            if values.get(key):
                self.sources.append(values[key] or "")


def page_links(site: Path, url_path: str) -> set[str]:
    """Site-absolute paths (`/lessons/ask-why/`) that the page at `url_path` links to."""
    parser = _Links()
    parser.feed((site / url_path.strip("/") / "index.html").read_text(encoding="utf-8"))
    base = f"http://site{url_path}"
    return {urlparse(urljoin(base, href)).path for href in parser.hrefs if not href.startswith(("http://", "https://", "mailto:"))}


@pytest.fixture(scope="module")
def library():  # type: ignore[no-untyped-def]
    return load_library(REPO)


def test_every_case_taxonomy_and_index_page_is_built(built_site: Path, library) -> None:  # type: ignore[no-untyped-def]
    for case in library.cases:
        assert (built_site / "cases" / case.id / "index.html").is_file()
    for term in library.taxonomy.issue_types.terms:
        assert (built_site / "issue-types" / term.id / "index.html").is_file()
    for term in library.taxonomy.lessons.terms:
        assert (built_site / "lessons" / term.id / "index.html").is_file()
    for index in ("cases", "issue-types", "lessons", "glossary", "newcomers"):
        assert (built_site / index / "index.html").is_file()


def test_links_between_cases_and_taxonomy_pages_go_both_ways(built_site: Path, library) -> None:  # type: ignore[no-untyped-def]
    for case in library.cases:
        case_path = f"/cases/{case.id}/"
        targets = {p for p in page_links(built_site, case_path) if re.fullmatch(r"/(issue-types|lessons)/[a-z0-9-]+/", p)}
        expected = {f"/issue-types/{t}/" for t in case.issue_types} | {f"/lessons/{t}/" for t in case.lessons}
        assert targets >= expected
        for target in targets:
            assert case_path in page_links(built_site, target), f"{target} does not link back to {case_path}"


def test_case_page_edit_link_opens_the_yaml_source(built_site: Path) -> None:
    html = (built_site / "cases" / "lost-test-phone-email" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/edit/main/cases/lost-test-phone-email\.yml"', html)


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    for html in built_site.rglob("*.html"):
        parser = _Links()
        parser.feed(html.read_text(encoding="utf-8"))
        external = [s for s in parser.sources if urlparse(s).netloc]
        assert external == [], f"{html.relative_to(built_site)} loads {external}"


def test_abbreviations_get_tooltips_on_generated_pages(built_site: Path) -> None:
    html = (built_site / "cases" / "provincial-billing-network-delay" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="[^"]+">ICT</abbr>', html)


def test_build_leaves_the_source_tree_untouched(built_site: Path) -> None:
    # `built_site` itself compares content hashes of cases/ and docs/ before and after.
    assert not (REPO / "docs" / "cases").exists()


def test_strict_build_fails_on_a_phone_number_with_its_place(tmp_path: Path) -> None:
    from conftest import copy_project, mkdocs_build

    root = copy_project(tmp_path / "project")
    case = root / "cases" / "galaxy-note7-battery.yml"
    lines = case.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines.index("story: |\n") + 2
    lines[line - 1] = "  请致电 13812345678。" + lines[line - 1][2:]
    case.write_text("".join(lines), encoding="utf-8")

    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 1
    assert f"WARNING -  casebook: cases/galaxy-note7-battery.yml:{line}:7: warning: in 'story': looks like a phone number" in result.stderr
    # The story's English was translated from the story before the edit: that is stale now, said as a
    # notice, which a strict build lets pass (the contributor who edits the Chinese need not retranslate).
    assert "the Chinese 'story' has changed since 'en.story' was translated from it" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
