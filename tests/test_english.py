"""The English layer: read and checked against the Chinese, kept fresh, and built into an English edition.

Chinese is the source of truth. An `en:` block mirrors the Chinese field for field;
`translated_from` records the Chinese each English field was made from, and the check
notes at the English field's line when the Chinese has changed since (the contributor
path: tests/test_contributor_path.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casebook.check.checker import check_library
from casebook.derive.editions import EDITIONS, EN, ZH, counterpart, edition_of
from casebook.derive.search.keys import stem
from conftest import copy_project

CASE = "cases/lost-test-phone-email.yml"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def casebook(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "casebook.cli", "--root", str(root), *args], capture_output=True, text=True, check=False)


def messages(root: Path) -> list[str]:
    return [str(d) for d in check_library(root).diagnostics]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_the_stale_translation_notice_fires_at_the_english_line_when_the_chinese_changes(project: Path) -> None:
    case = project / CASE
    # Only the notices this edit adds: the case may already have stale English (a Chinese edit awaiting its translator).
    already = {m for m in messages(project) if m.startswith(f"{CASE}:") and "has changed since" in m}
    case.write_text(case.read_text(encoding="utf-8").replace("一台电话机不过几十块钱", "一台电话机虽然便宜"), encoding="utf-8")
    line = line_of(case, "  decision: |")
    stale = [m for m in messages(project) if m.startswith(f"{CASE}:") and "has changed since" in m and m not in already]
    assert len(stale) == 1
    assert stale[0].startswith(f"{CASE}:{line}:13: notice: the Chinese 'decision' has changed since 'en.decision' was translated from it")
    assert stale[0].endswith(f"edit 'en.decision', then run casebook translated {CASE} --field decision")
    result = check_library(project)
    assert result.library is not None and "decision" in result.library.case("lost-test-phone-email").en.stale  # type: ignore[union-attr]

    # Once the English is brought up to date, `casebook translated` records it, changing only the digest lines.
    before = case.read_text(encoding="utf-8").splitlines()
    assert casebook(project, "translated", str(case), "--field", "decision").returncode == 0
    after = case.read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (a, b) for a, b in zip(before, after, strict=True) if a.startswith("    decision: ")
    ]
    assert {m for m in messages(project) if m.startswith(f"{CASE}:") and "has changed since" in m} == already


def test_rewrapping_a_chinese_paragraph_is_not_a_change(project: Path) -> None:
    case = project / CASE

    def stale() -> set[str]:
        # By message, not place: the rewrapped line moves every line after it down by one.
        return {m.split(": notice: ", 1)[1] for m in messages(project) if m.startswith(f"{CASE}:") and "has changed since" in m}

    already = stale()
    case.write_text(case.read_text(encoding="utf-8").replace("不过几十块钱，赔了最省事", "不过几十块钱，\n  赔了最省事"), encoding="utf-8")
    assert stale() == already


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        pytest.param(("  role: You are", "  rolle: You are"), "unknown field 'rolle' in 'en'", id="misspelt-field"),
        pytest.param(("  role: You are", "  # role: You are"), "'en' is missing 'role': the Chinese has 'role'", id="missing-field"),
        pytest.param(
            ('    - "Ask your manager:', '    - "One more."\n    - "Ask your manager:'),
            "'en.discussion' has 4 item(s) and the Chinese 'discussion' has 3",
            id="item-count",
        ),
        pytest.param(('    title: "fb2afbb7"', "    title: not-hex"), "'translated_from.title' must be eight hex digits", id="bad-digest"),
    ],
)
def test_an_english_block_that_does_not_mirror_the_chinese_is_a_located_error(project: Path, edit: tuple[str, str], expected: str) -> None:
    case = project / CASE
    text = case.read_text(encoding="utf-8")
    assert edit[0] in text
    case.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    errors = [str(d) for d in check_library(project).errors]
    assert any(e.startswith(f"{CASE}:") and expected in e for e in errors), errors


def test_chinese_characters_in_english_text_are_a_warning_where_they_stand(project: Path) -> None:
    case = project / CASE
    case.write_text(
        case.read_text(encoding="utf-8").replace("  title: A lost test phone", "  title: 测试 A lost test phone"), encoding="utf-8"
    )
    line = line_of(case, "  title: 测试 A lost test phone")
    assert f"{CASE}:{line}:10: warning: in 'en.title': Chinese characters in English text ('测试')" in " ".join(messages(project))


def test_a_case_without_english_is_a_notice_and_has_a_chinese_only_page(tmp_path: Path) -> None:
    from casebook.site.build import build_site
    from conftest import two_case_project

    root = two_case_project(tmp_path)
    site = build_site(root)
    page = site.page("en/cases/missed-fair.md")
    assert page is not None and "(in Chinese only)" in page.content and "../../cases/missed-fair.md" in page.content


def test_editions_mirror_each_other_page_for_page() -> None:
    assert counterpart("cases/x.md", EN) == "en/cases/x.md" and counterpart("en/cases/x.md", ZH) == "cases/x.md"
    assert edition_of("en/index.md") is EN and edition_of("index.md") is ZH
    assert len({e.prefix for e in EDITIONS}) == len(EDITIONS)


@pytest.mark.parametrize(
    "forms",
    [
        ("apology", "apologies", "apologise", "apologize", "apologizing"),
        ("delay", "delays", "delayed"),
        ("delivery", "deliveries", "delivered", "delivering"),
        ("requirement", "requirements", "required"),
        ("survey", "surveys"),
    ],
)
def test_the_stemmer_maps_the_forms_a_reader_types_onto_one_key(forms: tuple[str, ...]) -> None:
    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


def test_the_stemmer_keeps_short_and_distinct_words_apart() -> None:
    assert stem("part") != stem("partner")
    assert stem("is") == "is" and stem("ASO") == "ASO" and stem("4g") == "4g"


class _Visible(HTMLParser):
    """The text of a page's article, except inside elements marked as Chinese (lang="zh-CN")."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip: list[int] = []
        self.article = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.article = True
        if tag in ("br", "img", "input", "hr", "meta", "link"):
            return
        self.depth += 1
        if dict(attrs).get("lang", "").startswith("zh"):
            self.skip.append(self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article = False
        if tag in ("br", "img", "input", "hr", "meta", "link"):
            return
        if self.skip and self.skip[-1] == self.depth:
            self.skip.pop()
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.article and not self.skip:
            self.text.append(data)


def test_every_english_page_is_built_strictly_and_shows_no_chinese(built_site: Path) -> None:
    english = sorted((built_site / "en").rglob("index.html"))
    chinese = {p.relative_to(built_site) for p in built_site.rglob("index.html") if not p.is_relative_to(built_site / "en")}
    # The same pages in both editions (the 404 page is the site's own).
    assert {p.relative_to(built_site / "en") for p in english} == chinese
    for page in english:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en"' in html, page
        parser = _Visible()
        parser.feed(html)
        found = HAN.findall("".join(parser.text))
        assert not found, f"{page.relative_to(built_site)}: Chinese in the English edition: {''.join(found)[:40]}"
