"""The site map: one owner for page paths and URLs, MkDocs' URL rule, and page types that plug in."""

from __future__ import annotations

import html
import json
import types
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from casebook.check.checker import load_library
from casebook.derive.links import build_link_graph
from casebook.derive.sitemap import EXPLORE, Page, page_url, relative_url
from casebook.render import templating
from casebook.render.context import Context, SearchPolicy
from casebook.render.pages import REGISTRY
from casebook.site.build import build_site
from conftest import REPO, two_case_project


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = two_case_project(tmp_path)
    return root


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_urls_are_mkdocs_file_urls(directory_urls: bool) -> None:
    """A canary: Casebook states MkDocs' `File.url` rule once; this holds it equal to MkDocs' own."""
    # Pages only: a file that is not Markdown (a redirect at an old URL) keeps its path.
    uris = [page.uri for page in build_site(REPO).pages if page.uri.endswith(".md")] + ["index.md", "newcomers.md"]
    for uri in uris:
        expected = File(uri, "docs", "site", directory_urls).url
        assert page_url(uri, directory_urls) == expected, uri


def test_relative_urls_resolve_as_a_browser_would() -> None:
    assert relative_url("graph.md", "cases/x.md") == "../cases/x/"
    assert relative_url("lessons/a.md", "issue-types/b.md") == "../../issue-types/b/"
    assert relative_url("lessons/a.md", "lessons/a.md") == "./"
    assert relative_url("graph.md", "cases/index.md", anchor="ICT 软硬件集成") == "../cases/#ict-软硬件集成"
    assert relative_url("graph.md", "cases/x.md", directory_urls=False) == "cases/x.html"
    assert relative_url("lessons/a.md", "issue-types/b.md", directory_urls=False) == "../issue-types/b.html"


def test_the_explorer_carries_its_data_in_its_own_list_so_nothing_is_fetched(root: Path) -> None:
    # From file:// a browser fetches nothing; the list items carry the facet ids, and their links are
    # Markdown that MkDocs writes in the build's URL style.
    pages = {p.uri: p.content for p in build_site(root, directory_urls=False).pages}
    explore = pages[EXPLORE]
    assert "data-src" not in explore and not any(uri.endswith(".json") for uri in pages)
    assert "](cases/late-kit.md)" in explore.replace("../", "") and '{: data-case="late-kit" data-domain=' in explore
    facets = json.loads(html.unescape(explore.split('data-facets="', 1)[1].split('"', 1)[0]))
    assert [f["key"] for f in facets] == ["domain", "stage", "region", "issue_types", "lessons"]


def test_each_page_type_declares_its_path_nav_and_search_policy_and_its_pages_follow_it(root: Path) -> None:
    site = build_site(root)
    pages = {p.uri: p.content for p in site.pages}
    library = load_library(root)
    context = Context(root, library, build_link_graph(library))
    for module in REGISTRY:
        assert isinstance(module.PATH, str) and isinstance(module.SEARCH, SearchPolicy), module.__name__
        assert module.NAV is None or isinstance(module.NAV, str)
        for page in module.render(context):
            text = pages[page.uri]
            if page.uri.endswith(".md"):
                assert ("exclude: true" in text) == module.SEARCH.exclude, page.uri
                assert (f"boost: {module.SEARCH.boost}" in text) == (module.SEARCH.boost is not None), page.uri


def test_adding_a_page_type_is_one_module_one_template_and_one_registry_line(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "reading_list.md.j2").write_text(
        "# 阅读清单\n\n{% for case in cases %}\n- {{ links.case(case.id) }}\n{% endfor %}\n", encoding="utf-8"
    )
    monkeypatch.setattr(templating, "TEMPLATE_DIRS", [str(templates)])

    reading_list = types.ModuleType("reading_list")
    reading_list.PATH = "reading-list.md"  # type: ignore[attr-defined]
    reading_list.NAV = "reading-list.md"  # type: ignore[attr-defined]
    reading_list.SEARCH = SearchPolicy()  # type: ignore[attr-defined]

    def render(context: Context) -> list[Page]:
        links = context.links("reading-list.md")
        return [Page("reading-list.md", templating.render_template("reading_list.md.j2", cases=context.library.cases, links=links))]

    reading_list.render = render  # type: ignore[attr-defined]
    site = build_site(root, registry=(*REGISTRY, reading_list))
    pages = {p.uri: p.content for p in site.pages}
    assert pages["reading-list.md"] == "# 阅读清单\n\n- [设备晚到三个月](cases/late-kit.md)\n- [展会前的软件](cases/missed-fair.md)\n"
    assert "en/reading-list.md" in pages, "a page type renders in every edition"
    assert {p.uri for p in build_site(root).pages} == set(pages) - {"reading-list.md", "en/reading-list.md"}
