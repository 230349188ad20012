"""The relation graph: layout, links, scaling to a hundred cases, and every link resolving in the built site."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from playwright.sync_api import Page, expect

from casebook.check.checker import load_library
from casebook.derive.graph import MAX_CASES_PER_DIAGRAM, Node, layout, lesson_neighbourhood, library_diagrams, render_svg
from casebook.derive.sitemap import Links
from casebook.model import Library
from casebook.site.build import build_site
from conftest import REPO


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(REPO)


class _SvgLinks(HTMLParser):
    """The hrefs of the `<a>` elements inside `<svg class="cbg">`."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg" and "cbg" in (values.get("class") or ""):
            self.depth += 1
        elif tag == "a" and self.depth and values.get("xlink:href"):
            self.hrefs.append(values["xlink:href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.depth:
            self.depth -= 1


def svg_hrefs(html: str) -> list[str]:
    parser = _SvgLinks()
    parser.feed(html)
    return parser.hrefs


def test_overview_has_a_linked_node_for_every_case_and_used_term(library: Library) -> None:
    ((domain, svg),) = library_diagrams(library, Links("graph.md", library))
    assert domain is None
    hrefs = set(svg_hrefs(svg))
    for case in library.cases:
        assert f"../cases/{case.id}/" in hrefs
        assert any(f"../issue-types/{t}/" in hrefs for t in case.issue_types)
        assert all(f"../lessons/{t}/" in hrefs for t in case.lessons)
    edges = svg.count('class="cbg-edge"')
    assert edges == sum(len(c.issue_types) + len(c.lessons) for c in library.cases)
    # Drawn at its natural size, never scaled down to the column: the page scrolls it on a phone.
    assert re.search(r'viewBox="0 0 (\d+) (\d+)" width="\1" height="\2"', svg)
    assert "\n\n" not in svg, "a blank line would end Markdown's raw HTML block"


def test_nodes_do_not_overlap(library: Library) -> None:
    ((_, svg),) = library_diagrams(library, Links("graph.md", library))
    boxes = [tuple(map(float, m)) for m in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', svg)]
    for i, (x1, y1, w1) in enumerate(boxes):
        for x2, y2, w2 in boxes[i + 1 :]:
            same_column = x1 < x2 + w2 and x2 < x1 + w1
            assert not (same_column and abs(y1 - y2) < 22), (x1, y1, x2, y2)


def test_lesson_neighbourhood_shows_the_lesson_its_cases_and_their_issue_types(library: Library) -> None:
    lesson = library.taxonomy.lessons.terms[0].id
    svg = lesson_neighbourhood(library, lesson, Links(f"lessons/{lesson}.md", library))
    cases = [c for c in library.cases if lesson in c.lessons]
    hrefs = svg_hrefs(svg)
    assert svg.count('cbg-lesson cbg-focus"') == 1
    assert [h for h in hrefs if "/lessons/" in h or h == "./"] == ["./"]
    assert {h for h in hrefs if "/cases/" in h} == {f"../../cases/{c.id}/" for c in cases}
    assert {h for h in hrefs if "/issue-types/" in h} == {f"../../issue-types/{t}/" for c in cases for t in c.issue_types}


def test_labels_are_escaped_in_raw_html() -> None:
    nodes = [Node("c:a", "case", 'A & <b> "q"', "../cases/a/", "tip <i>")]
    svg = render_svg(layout([], [(None, nodes)], [], [], "label & more"))
    assert "A &amp; &lt;b&gt; &#34;q&#34;" in svg
    assert "tip &lt;i&gt;" in svg
    assert 'aria-label="label &amp; more"' in svg


def test_a_hundred_cases_split_into_one_diagram_per_domain(library: Library) -> None:
    template = library.cases
    cases = tuple(dataclasses.replace(template[i % len(template)], id=f"case-{i:03}", title=f"案例 {i}") for i in range(100))
    big = Library(library.taxonomy, cases)
    assert len(cases) > MAX_CASES_PER_DIAGRAM
    diagrams = library_diagrams(big, Links("graph.md", big))
    domains = {c.domain for c in cases}
    assert [d.id for d, _ in diagrams if d] == [d.id for d in library.taxonomy.domains.terms if d.id in domains]
    linked = {h for _, svg in diagrams for h in svg_hrefs(svg) if "/cases/" in h}
    assert linked == {f"../cases/{c.id}/" for c in cases}
    # Each diagram stays a readable size: no diagram holds more than its domain's cases.
    for domain, svg in diagrams:
        assert domain is not None
        height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))  # type: ignore[union-attr]
        members = sum(1 for c in cases if c.domain == domain.id)
        assert height <= 28 * max(members, 18) + 80


def test_graph_page_and_handbook_are_generated_deterministically() -> None:
    first = {p.uri: p.content for p in build_site(REPO).pages}
    second = {p.uri: p.content for p in build_site(REPO).pages}
    assert first["graph.md"] == second["graph.md"]
    assert first["handbook.md"] == second["handbook.md"]
    offline = {p.uri: p.content for p in build_site(REPO, directory_urls=False).pages}
    assert 'xlink:href="cases/' in offline["graph.md"] and ".html" in offline["graph.md"]


@pytest.mark.slow
def test_every_graph_link_resolves_to_a_built_page(built_site: Path, library: Library) -> None:
    pages = [built_site / "graph" / "index.html"] + [built_site / "lessons" / t.id / "index.html" for t in library.taxonomy.lessons.terms]
    seen = 0
    for html in pages:
        base = "http://site/" + html.parent.relative_to(built_site).as_posix() + "/"
        hrefs = svg_hrefs(html.read_text(encoding="utf-8"))
        assert hrefs, html
        for href in hrefs:
            path = unquote(urlparse(urljoin(base, href)).path)
            assert (built_site / path.lstrip("/") / "index.html").is_file(), f"{html.relative_to(built_site)}: {href}"
            seen += 1
    assert seen > len(library.cases)


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_graph_nodes_open_their_pages_in_the_browser(page: Page, site_url: str) -> None:
    page.goto(site_url + "/graph/")
    svg = page.locator("svg.cbg")
    expect(svg).to_be_visible()
    # Every link, as the browser resolves it, answers 200.
    hrefs = page.eval_on_selector_all("svg.cbg a", "links => links.map(a => new URL(a.getAttribute('xlink:href'), location.href).href)")
    assert len(hrefs) > 13
    for href in sorted(set(hrefs)):
        response = page.request.get(href)
        assert response.ok, href
    page.locator("svg.cbg a.cbg-lesson").first.click()
    expect(page).to_have_url(re.compile(r"/lessons/[a-z0-9-]+/$"))
    expect(page.locator("article svg.cbg .cbg-focus")).to_have_count(1)


@pytest.mark.browser
def test_graph_text_stays_readable_on_a_phone(page: Page, site_url: str) -> None:
    # At 390 px the diagram keeps its 13 px labels and pans sideways inside its box; the page itself never scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "/graph/")
    expect(page.locator("svg.cbg")).to_be_visible()
    sizes = page.eval_on_selector_all("svg.cbg text", "texts => texts.map(t => t.getBoundingClientRect().height)")
    smallest = page.eval_on_selector_all(
        "svg.cbg text", "texts => Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a))"
    )
    assert sizes and smallest >= 12, smallest
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator(".casebook-graph").first
    assert box.evaluate("b => b.scrollWidth > b.clientWidth && getComputedStyle(b).overflowX === 'auto'")
