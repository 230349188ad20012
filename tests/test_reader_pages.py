"""What issue #16 asks of the published pages, read from a real `mkdocs build --strict`.

The matrix on /cases/ links to where a pair's cases are listed; the glossary is in pinyin
order and compact; the home page's way in by situation follows the taxonomy; no page links
to 127.0.0.1 or lists a case twice; quotes around Chinese are 「」.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypinyin import Style, lazy_pinyin

from casebook.check.checker import check_library
from conftest import REPO, Project, build_site_at, copy_project, redirect_files
from test_load_errors import VALID


class _Elements(HTMLParser):
    """Every start tag's attributes, and each element's text by id, enough to follow links and anchors."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href") is not None:
            self._href, self._text = str(values["href"]), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def parse(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def section(html: str, heading: str) -> str:
    """The HTML from the h2 with `heading` to the next h2."""
    start = html.index(heading)
    end = html.find("<h2", start)
    return html[start : end if end != -1 else len(html)]


# --- /cases/: the matrix without the repetition -------------------------------------------------


def test_the_case_index_has_no_pair_details_and_no_heading_per_pair(built_site: Path) -> None:
    html = article(built_site / "cases" / "index.html")
    assert "对照明细" not in html
    headings = [re.sub(r"<[^>]+>|&para;", "", h).strip() for h in re.findall(r"<h[2-6][^>]*>(.*?)</h[2-6]>", html)]
    assert [h for h in headings if "×" in h] == ["问题类型 × 经验教训"]


def test_each_matrix_cell_opens_the_issue_type_page_at_the_lesson_where_those_cases_are_listed(built_site: Path) -> None:
    index = built_site / "cases" / "index.html"
    html = article(index)
    matrix = html[html.index('class="cb-matrix"') :]
    cells = [(href, text) for href, text in parse_fragment(matrix).links if text.isdigit()]
    assert cells, "the matrix has numbered cells"
    for href, count in cells:
        path, _, anchor = href.partition("#")
        assert path.startswith("../issue-types/") and anchor, href
        target = (index.parent / path / "index.html").resolve()
        page = parse(target)
        assert anchor in page.ids, f"{href}: no such heading"
        # Under that heading, as many cases as the cell says.
        listed = section_after_id(target.read_text(encoding="utf-8"), anchor)
        assert listed.count("<li>") == int(count), href


def parse_fragment(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def section_after_id(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = min(i for i in (html.find("<h3", start + 1), html.find("<h2", start + 1), len(html)) if i != -1)
    return html[start:end]


def test_a_lesson_page_lists_its_cases_by_issue_type(built_site: Path) -> None:
    html = article(built_site / "lessons" / "ask-why" / "index.html")
    cases = section(html, "案例（")
    assert "按问题类型分组" in cases
    assert re.search(r"<h3[^>]*>[^<]*需求没弄清", cases)


# --- A way in by situation ----------------------------------------------------------------------


def situation_entries(site: Path) -> list[tuple[str, str]]:
    html = article(site / "index.html")
    block = html[html.index('class="cb-situations"') :]
    block = block[: block.index("</div>")]
    # Each entry is one link: the situation, then the issue type's name and case count in a span.
    return [(href, re.sub(r"<span.*?</span>", "", text)) for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', block)]


def test_the_home_page_offers_one_situation_per_issue_type_with_cases(built_site: Path) -> None:
    taxonomy = check_library(REPO).library
    assert taxonomy is not None
    expected = [t for t in taxonomy.taxonomy.issue_types.terms if any(t.id in c.issue_types for c in taxonomy.cases)]
    entries = situation_entries(built_site)
    assert [text for _, text in entries] == [t.situation for t in expected]
    assert [href for href, _ in entries] == [f"issue-types/{t.id}/" for t in expected]
    home = article(built_site / "index.html")
    assert home.index("我现在遇到了") < home.index("从哪里开始")


def test_a_situation_page_starts_with_the_first_48_hours_then_the_cases(built_site: Path) -> None:
    html = article(built_site / "issue-types" / "late-delivery" / "index.html")
    assert html.index("我现在遇到了") < html.index("头 48 小时先做什么") < html.index("案例（")
    advice = section(html, "头 48 小时先做什么")
    assert "编者建议，摘自经验教训" in advice
    # Each item names the lesson it comes from, and every lesson named is taught by this type's cases.
    lessons = {href.split("/")[-2] for href, _ in parse_fragment(advice).links if "/lessons/" in href}
    assert lessons
    library = check_library(REPO).library
    assert library is not None
    taught = {lesson for case in library.cases if "late-delivery" in case.issue_types for lesson in case.lessons}
    assert lessons <= taught
    # The most frequent lesson's first checklist item comes first.
    counts = {lesson: sum(lesson in c.lessons for c in library.cases if "late-delivery" in c.issue_types) for lesson in taught}
    top = min(taught, key=lambda lesson: (-counts[lesson], lesson))
    first = re.sub(r"<[^>]+>", "", re.findall(r"<li>(.*?)</li>", advice, flags=re.S)[0])
    assert first.startswith(library.taxonomy.lessons[top].checklist[0][:6])


ONE_MORE_ISSUE_TYPE = """\
- id: visa-delay
  name: 签证迟迟不下来
  situation: 工程师的签证还没批下来，开工在即
  description: 派驻人员的签证或工作许可没有按时办下来。
"""


def test_one_more_issue_type_in_the_taxonomy_gives_one_more_home_page_entry(built_site: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    taxonomy = root / "cases" / "taxonomy" / "issue-types.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + ONE_MORE_ISSUE_TYPE, encoding="utf-8")
    case = root / "cases" / "site-survey-staffing-shortage.yml"
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"^issue_types: \[", "issue_types: [visa-delay, ", text, count=1, flags=re.M)
    assert "visa-delay" in text, "the case lists its issue types inline"
    case.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build_site_at(root, site)
    before, after = situation_entries(built_site), situation_entries(site)
    assert len(after) == len(before) + 1
    assert ("issue-types/visa-delay/", "工程师的签证还没批下来，开工在即") in after
    assert "头 48 小时先做什么" in article(site / "issue-types" / "visa-delay" / "index.html")


def test_an_issue_type_without_a_situation_is_a_located_error(project: Project) -> None:
    path = project.root / "cases" / "taxonomy" / "issue-types.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    removed = next(i for i, line in enumerate(lines) if line.startswith("  situation:"))
    entry_line = removed - 1  # 1-based: the `- id:` line, two lines above the removed one
    del lines[removed]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project.write_case("sample.yml", VALID)
    messages = project.messages()
    assert f"cases/taxonomy/issue-types.yml:{entry_line}:3: error: entry in issue-types.yml is missing 'situation'" in messages


# --- Glossary -----------------------------------------------------------------------------------


def glossary_terms(site: Path) -> list[str]:
    html = article(site / "glossary" / "index.html")
    return [re.sub(r"<[^>]+>", "", m) for m in re.findall(r"<dt[^>]*>(.*?)(?:<span class=\"cb-expansion\"|</dt>)", html)]


def test_the_glossary_is_in_pinyin_order_with_latin_terms_by_their_letters(built_site: Path) -> None:
    terms = [re.sub(r"（.*）$", "", t) for t in glossary_terms(built_site)]
    assert len(terms) > 40

    def key(term: str) -> list[str]:
        return [s.lower() for s in lazy_pinyin(term, style=Style.TONE3, neutral_tone_with_five=True)]

    assert terms == sorted(terms, key=lambda t: (key(t), t))
    # By sound, not by code point: 不可抗力 (bu) before CEO (c), KA (ka) before 扣量 (kou), 子网 (zi) last.
    assert terms.index("不可抗力") < terms.index("CEO") < terms.index("产品经理")
    assert terms.index("接入网") < terms.index("KA") < terms.index("扣量")
    assert terms[-1] == "子网"


def test_the_glossary_is_a_definition_list_with_linkable_terms_and_no_italics(built_site: Path) -> None:
    html = article(built_site / "glossary" / "index.html")
    assert html.count("<h2") == 0, "not one heading per term"
    assert "<dl" in html and html.count("<dt") == len(glossary_terms(built_site))
    assert "<em>" not in html and "<i>" not in html
    assert 'id="不可抗力"' in html and 'id="ka"' in html


# --- Wording ------------------------------------------------------------------------------------


def built_pages(site: Path) -> list[Path]:
    """Every page of the built real project (not the redirects at renamed cases' old URLs)."""
    moved = redirect_files(REPO)
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts and p.relative_to(site).as_posix() not in moved)


def case_pages(site: Path) -> list[Path]:
    """The Chinese case pages of the built real project."""
    return [p for p in built_pages(site) if p.parent.parent == site / "cases" and p.name == "index.html"]


def test_no_published_page_links_to_a_local_address(built_site: Path) -> None:
    offenders = [p.relative_to(built_site).as_posix() for p in built_pages(built_site) if "127.0.0.1" in p.read_text(encoding="utf-8")]
    assert offenders == []
    assert "make serve" in article(built_site / "contributing" / "index.html")


def test_no_case_page_lists_a_case_both_as_related_and_as_citing_it(built_site: Path) -> None:
    from casebook.derive.links import build_link_graph

    library = check_library(REPO).library
    assert library is not None
    graph = build_link_graph(library)
    # The real library has cases that cite a case they are also related to: the rule is exercised.
    both = [c.id for c in library.cases if {r.case_id for r in graph.related[c.id]} & set(graph.backlinks[c.id])]
    assert both
    for path in case_pages(built_site):
        html = article(path)
        if "引用本案的案例" not in html or "相关案例" not in html:
            continue
        related = {href for href, _ in parse_fragment(section(html, "相关案例")).links if not href.startswith("#")}
        citing = {href for href, _ in parse_fragment(section(html, "引用本案的案例")).links if not href.startswith("#")}
        assert not related & citing, path
    for case_id in both:
        html = article(built_site / "cases" / case_id / "index.html")
        assert "相关案例" in html


def test_the_newcomer_path_calls_lessons_as_the_nav_does(built_site: Path) -> None:
    html = article(built_site / "newcomers" / "index.html")
    assert "课程" not in html
    assert "经验教训：" in html


def test_the_graph_page_asks_no_one_to_hover(built_site: Path) -> None:
    html = article(built_site / "graph" / "index.html")
    intro = html[: html.index("<svg")] if "<svg" in html else html
    assert "悬停" not in intro and "鼠标" not in intro


def test_case_pages_show_named_contributors_never_git_authors(built_site: Path, tmp_path: Path) -> None:
    for path in case_pages(built_site):
        assert "maintainers" not in article(path), path
    root = copy_project(tmp_path / "project")
    case = root / "cases" / "lost-test-phone-email.yml"
    case.write_text(case.read_text(encoding="utf-8") + "contributors:\n  - 王小明\n  - 李四\n", encoding="utf-8")
    site = tmp_path / "site"
    build_site_at(root, site)
    html = article(site / "cases" / "lost-test-phone-email" / "index.html")
    assert "贡献者：王小明、李四" in html


# --- One quote style ----------------------------------------------------------------------------


def test_chinese_in_curly_quotes_gets_a_located_notice_english_does_not(project: Project) -> None:
    story = "story: |\n  同事写了一封“道歉”邮件，客户说 “I'm sorry” 就是认错。\n"
    project.write_case("sample.yml", VALID.replace("story: |\n  第一段。\n\n  第二段。\n", story))
    assert project.messages() == ["cases/sample.yml:11:9: notice: Chinese quoted with “”: write 「道歉」"]


def test_inside_corner_brackets_the_suggestion_is_the_inner_quote(project: Project) -> None:
    project.write_case("sample.yml", VALID.replace("第一段。", "他说：「这叫“不可抗力”吗？」"))
    assert project.messages() == ["cases/sample.yml:11:9: notice: Chinese quoted with “”: write 『不可抗力』"]


@pytest.mark.parametrize("folder", ["cases", "docs", "scripts/casebook"])
def test_the_library_docs_and_templates_quote_chinese_with_corner_brackets(folder: str) -> None:
    from casebook.check.editorial import CURLY_QUOTED_CHINESE

    offenders = []
    for path in sorted((REPO / folder).rglob("*")):
        if path.suffix in (".yml", ".md", ".j2") and path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if CURLY_QUOTED_CHINESE.search(line):
                    offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert offenders == []
