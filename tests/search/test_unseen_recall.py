"""Search on cases nobody tuned it for: the unseen library, every kind of query, the issue's goals.

unseen/ holds fictional cases on topics the library does not cover (customs, letters of
credit, visas, …) and queries of every kind a reader types: keywords, situations, questions,
traditional characters, pinyin, initials, typos, abbreviations, and English in either
edition's box. They were written before the engine learned pinyin, folding and the
glossary's English names (unseen/README.md). Each query is typed into the real search box.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import (
    MRR_DEPTH,
    UNSEEN_GOALS,
    UNSEEN_KINDS,
    KindScores,
    load_unseen,
    open_search,
    score_unseen,
    search_box_top,
    unseen_project,
)
from playwright.sync_api import Browser

from conftest import build_site_at, copy_project, serve_folder


def measure(browser: Browser, url: str) -> KindScores:
    """Every unseen query, typed into its edition's box on the site at `url`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    queries = load_unseen()
    ranked = {}
    try:
        for edition in ("zh", "en"):
            open_search(page, url + ("/en/" if edition == "en" else "/"))
            for query in (q for q in queries if q.edition == edition):
                ranked[(query.text, edition)] = search_box_top(page, query.text, top=MRR_DEPTH)
    finally:
        context.close()
    return score_unseen(ranked, queries)


@pytest.fixture(scope="module")
def unseen_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = unseen_project(copy_project(tmp_path_factory.mktemp("unseen") / "project"))
    site = root.parent / "site"
    build_site_at(root, site)
    return site


def test_the_unseen_set_has_every_kind_and_names_its_own_cases() -> None:
    queries = load_unseen()
    cases = {p.stem for p in (Path(__file__).with_name("unseen") / "cases").glob("*.yml")}
    assert len(cases) >= 20
    assert {q.kind for q in queries} == set(UNSEEN_KINDS)
    assert all(sum(q.kind == kind for q in queries) >= 10 for kind in UNSEEN_KINDS)
    assert {case for q in queries for case in q.cases} <= cases


@pytest.mark.slow
def test_every_kind_of_query_finds_unseen_cases(browser: Browser, unseen_site: Path) -> None:
    with serve_folder(unseen_site) as url:
        scores = measure(browser, url)
    report = "\n".join(f"{kind}: recall@5 {scores.recall((kind,)):.2f}, MRR {scores.mrr((kind,)):.2f}" for kind in UNSEEN_KINDS)
    print(report, "\n".join(scores.misses), sep="\n")
    assert sum(scores.empty.values()) == 0, "a query came back with nothing"
    for kinds, goal in UNSEEN_GOALS.items():
        assert scores.recall(kinds) >= goal, f"{kinds}: {scores.recall(kinds):.2f} < {goal}\n{report}"
