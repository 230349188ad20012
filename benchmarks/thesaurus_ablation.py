"""Recall with and without the thesaurus words that only evaluation queries use, in one run; prints a Markdown table.

Usage: `python benchmarks/thesaurus_ablation.py`. A *query-only* word is a word of
`cases/taxonomy/thesaurus.yml` that stands in no case, glossary entry or taxonomy term
(`casebook.check.thesaurus_use.library_text`; English compared by stem) but does stand in
an evaluation query (`tests/search/queries.tsv`, `queries_en.tsv`): a word that can only
have been added for those queries. The library is built twice, with the thesaurus as it
is and with those words taken out (a group left with one word goes), and every query set
is typed into the real search box of each: the tuned sets on the real library, and the
unseen set (`tests/search/unseen/`) on the library with the unseen cases added.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tests"), str(REPO / "tests" / "search"), str(REPO / "benchmarks")]

from harness import UNSEEN_KINDS, load_queries, open_search, recall, search_box_top, unseen_project  # noqa: E402
from search_bench import build, machine, with_browser  # noqa: E402
from test_search_recall_english import QUERIES_EN  # noqa: E402
from test_unseen_recall import measure as measure_unseen  # noqa: E402

from casebook.check.checker import load_library  # noqa: E402
from casebook.check.thesaurus_use import library_text  # noqa: E402
from casebook.derive.search.keys import stem  # noqa: E402
from conftest import copy_project, serve_folder  # noqa: E402

THESAURUS = Path("cases/taxonomy/thesaurus.yml")


def _stems(text: str) -> set[str]:
    return {stem(word) for word in re.findall(r"[a-z]+", text.lower())}


def query_only_words() -> list[str]:
    """The thesaurus words no page uses and some evaluation query does."""
    library = load_library(REPO)
    pages = library_text(library)
    page_stems = _stems(pages)
    queries = "\n".join(q.text.lower() for path in (None, QUERIES_EN) for q in (load_queries(path) if path else load_queries()))
    query_stems = _stems(queries)

    def stands_in(word: str, text: str, stems: set[str]) -> bool:
        return all(s in stems for s in _stems(word)) if word.isascii() else word in text

    words = [w for group in library.taxonomy.thesaurus.synonyms for w in group]
    return [w for w in words if not stands_in(w, pages, page_stems) and stands_in(w, queries, query_stems)]


def prune(project: Path, words: list[str]) -> None:
    """Take `words` out of the project's thesaurus; a group left with fewer than two words goes."""
    path = project / THESAURUS
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    gone = set(words)
    data["synonyms"] = [kept for group in data["synonyms"] if len(kept := [w for w in group if w not in gone]) >= 2]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    """Build both ways, measure every set, print the table."""
    words = query_only_words()
    work = Path(tempfile.mkdtemp(prefix="casebook-thesaurus-"))
    sites = {}
    for name, pruned in (("thesaurus as it is", False), ("query-only words removed", True)):
        for library in ("real", "unseen"):
            project = copy_project(work / f"{library}-{pruned}")
            if library == "unseen":
                unseen_project(project)
            if pruned:
                prune(project, words)
            build(project, work / f"site-{library}-{pruned}")
            sites[(name, library)] = work / f"site-{library}-{pruned}"

    def run(browser):  # type: ignore[no-untyped-def]
        rows: dict[str, dict[str, float]] = {}
        for (name, library), site in sites.items():
            with serve_folder(site) as url:
                row = rows.setdefault(name, {})
                if library == "real":
                    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                    for label, path, start in (("tuned zh (queries.tsv)", None, "/"), ("tuned en (queries_en.tsv)", QUERIES_EN, "/en/")):
                        queries = load_queries(path) if path else load_queries()
                        open_search(page, url + start)
                        result = recall({q.text: search_box_top(page, q.text) for q in queries}, queries)
                        expected = sum(result.expected.values())
                        row[label] = sum(result.found.values()) / expected
                    page.close()
                else:
                    scores = measure_unseen(browser, url)
                    row["unseen, all kinds"] = scores.recall(UNSEEN_KINDS)
                    for kind in ("keyword", "situation", "question"):
                        row[f"unseen {kind}"] = scores.recall((kind,))
        return rows

    rows = with_browser(run)
    assert isinstance(rows, dict)
    print(f"Machine: {machine()}\n")
    print(f"{len(words)} query-only words: {' '.join(words)}\n")
    columns = list(next(iter(rows.values())))
    print("| thesaurus | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
