"""The printable handbook: Chromium prints /handbook/ to an A4 PDF, read back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from casebook.check.checker import load_library
from casebook.check.editorial import NEWCOMERS_SOURCE
from casebook.render.pages.handbook import reading_order
from conftest import REPO

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _squash(text: str) -> str:
    # pdftotext breaks lines wherever the page did; compare text without any whitespace.
    # (-raw keeps content order: -layout reorders runs of Latin and CJK type on one line.)
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def handbook_pdf(browser: Browser, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    for tool in ("pdftotext", "pdfinfo", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is required: apt-get install -y poppler-utils")
    pdf = tmp_path_factory.mktemp("handbook") / "handbook.pdf"
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "/handbook/")
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=False)
    context.close()
    # The first pages as pictures, for a person to look at (git-ignored).
    SCREENSHOTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "4", str(pdf), str(SCREENSHOTS / "handbook")], check=True)
    return pdf


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_pdf_is_a4_with_at_least_a_page_per_case(handbook_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(handbook_pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert size is not None and abs(float(size.group(1)) - 595) < 2 and abs(float(size.group(2)) - 842) < 2, info
    library = load_library(REPO)
    assert pages >= len(library.cases) + 1
    assert len(_pages(handbook_pdf)) == pages


def test_every_case_starts_a_page_in_reading_order(handbook_pdf: Path) -> None:
    library = load_library(REPO)
    order = reading_order(library, (REPO / NEWCOMERS_SOURCE).read_text(encoding="utf-8"))
    # The handbook carries the path's cases (a new case joins when an editor links it from the path).
    assert order, "the newcomer path links no case"
    pages = [_squash(page) for page in _pages(handbook_pdf)]
    starts = []
    for case in order:
        title = _squash(case.title)
        found = [i for i, page in enumerate(pages) if page.startswith(title)]
        assert found, f"no page starts with {case.title!r}"
        starts.append(found[0])
    assert starts == sorted(starts), "cases are not in reading order"
    # The decision's outcome is printed, not folded away.
    whole = "".join(pages)
    for case in order:
        if case.outcome:
            assert _squash(case.outcome.splitlines()[0])[:20] in whole, case.id


def test_pdf_has_the_newcomer_path_and_no_site_chrome(handbook_pdf: Path) -> None:
    pages = _pages(handbook_pdf)
    first = _squash(pages[0])
    assert first.startswith("新人手册（打印版）")
    assert "第1步" in _squash("".join(pages[:3]))
    whole = _squash("".join(pages))
    # Navigation labels, the header, the footer and the reading-progress widget stay on screen.
    for chrome in ("如何贡献案例", "Casebook案例库", "MadewithMaterial", "上一页", "下一页", "阅读进度"):
        assert chrome not in whole, chrome
