"""Running the evaluation queries: the query file, the real search box, Pagefind's API, and recall by class.

Shared by `tests/search/test_search_recall.py` (which asserts the goals) and
`benchmarks/search_bench.py` (which prints the table for Casebook and the anchors).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

QUERIES = Path(__file__).with_name("queries.tsv")
TOP = 5
CLASSES = ("keyword", "compound", "mixed", "synonym", "colloquial", "question")
#: The issue's two goals: a word that stands in the case, and a way of saying it that may not.
GROUPS = {"keyword": ("keyword", "compound", "mixed"), "paraphrase": ("synonym", "colloquial", "question")}
SPLITS = ("tune", "held-out")


@dataclass(frozen=True)
class Query:
    """One line of queries.tsv."""

    text: str
    kind: str
    split: str
    cases: tuple[str, ...]


def split_of(text: str) -> str:
    """The split a query belongs to, fixed before tuning: a third of the queries by their hash."""
    return "held-out" if int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "tune"


def query_rows(path: Path) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Every non-comment line of a query file: query, kind, a third column, and the case ids it must find."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, kind, third, ids = line.split("\t")
        rows.append((text, kind, third, tuple(ids.split())))
    return rows


def load_queries(path: Path = QUERIES) -> list[Query]:
    """Every query of a query file whose third column is the split."""
    return [Query(*row) for row in query_rows(path)]


def open_search(page: Page, url: str) -> None:
    """Open `url` and the search box on it."""
    page.goto(url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").wait_for()


def search_box_top(page: Page, query: str, top: int = TOP) -> list[str]:
    """The first `top` distinct page paths Material's search box lists for `query`.

    The query is put in at once and confirmed with a key that changes nothing, which
    every build reacts to (plain Material only to keys), so each build sees one query.
    """
    search = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    # What the result list says over an empty box; a result for the last query may still be on its way.
    prompt = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    search.fill("")
    search.press("End")
    page.wait_for_function(
        "([el, prompt]) => !el.querySelector('.md-search-result__item') && el.querySelector('.md-search-result__meta').innerText === prompt",
        arg=[page.locator(".md-search-result").element_handle(), prompt],
        timeout=60_000,
    )
    search.fill(query)
    search.press("End")
    page.wait_for_function("([el, prompt]) => el.innerText !== prompt", arg=[meta.element_handle(), prompt], timeout=60_000)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(a => new URL(a.href).pathname)")
    pages: list[str] = []
    for href in hrefs:
        if href not in pages:
            pages.append(href)
    return pages[:top]


PAGEFIND_TOP = """async ([query, top]) => {
  // From the site's root, so that an English page (/en/) loads the same bundle, which picks the page's language index.
  window.__pagefind = window.__pagefind || await import(new URL("/pagefind/pagefind.js", document.baseURI).href);
  const search = await window.__pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, top).map(r => r.data()));
  return data.map(d => new URL(d.url, document.baseURI).pathname);
}"""


def pagefind_top(page: Page, query: str, top: int = TOP) -> list[str]:
    """The first `top` page paths Pagefind's own API ranks for `query` (what its default UI lists first)."""
    result: list[str] = page.evaluate(PAGEFIND_TOP, [query, top])
    return result


def case_found(pages: list[str], case_id: str) -> bool:
    """Whether a case's page is among `pages`, with directory URLs or `.html` ones."""
    return any(p.rstrip("/").removesuffix(".html").endswith(f"/cases/{case_id}") for p in pages)


@dataclass
class Recall:
    """Found and expected (query, case) pairs by (class, split), and the misses."""

    found: dict[tuple[str, str], int]
    expected: dict[tuple[str, str], int]
    misses: list[str]

    def of(self, classes: tuple[str, ...], split: str) -> float:
        """Recall@5 over the pairs of these classes in one split."""
        expected = sum(self.expected[(c, split)] for c in classes)
        return sum(self.found[(c, split)] for c in classes) / expected if expected else float("nan")


def recall(ranked: dict[str, list[str]], queries: list[Query]) -> Recall:
    """Score the top pages each query got against the cases it must find."""
    found: dict[tuple[str, str], int] = defaultdict(int)
    expected: dict[tuple[str, str], int] = defaultdict(int)
    misses = []
    for query in queries:
        pages = ranked[query.text]
        for case_id in query.cases:
            expected[(query.kind, query.split)] += 1
            if case_found(pages, case_id):
                found[(query.kind, query.split)] += 1
            else:
                got = ", ".join(p.strip("/") for p in pages) or "nothing"
                misses.append(f"[{query.split}] {query.text} → {case_id} (got {got})")
    return Recall(found, expected, misses)


def recall_table(results: dict[str, Recall]) -> str:
    """A Markdown table: recall@5 per class and group, tuning and held-out, one column per system."""
    names = list(results)
    lines = ["| class | split | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    rows = [(c, (c,)) for c in CLASSES] + [(f"**{g} group**", members) for g, members in GROUPS.items()]
    for label, members in rows:
        for split in SPLITS:
            any_recall = next(iter(results.values()))
            n = sum(any_recall.expected[(c, split)] for c in members)
            cells = [f"{results[name].of(members, split):.2f}" for name in names]
            lines.append(f"| {label} | {split} (n={n}) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: Held-out cases on topics the library does not cover, and queries written before the engine was tuned (unseen/README.md).
UNSEEN = Path(__file__).with_name("unseen")
UNSEEN_KINDS = ("keyword", "situation", "question", "traditional", "pinyin", "initials", "typo", "abbreviation", "english-zh", "english-en")
#: The issue's goals for the unseen set: recall@5 of each group of kinds.
UNSEEN_GOALS = {
    ("traditional", "pinyin", "initials", "typo", "abbreviation"): 0.90,
    ("english-zh",): 0.80,
    ("keyword",): 0.95,
    ("situation", "question", "english-en"): 0.90,
}
#: Results read for the mean reciprocal rank (recall counts the first `TOP`).
MRR_DEPTH = 10


@dataclass(frozen=True)
class UnseenQuery:
    """One line of unseen/queries.tsv: typed into the `edition`'s box (zh, en), it must find `cases`."""

    text: str
    kind: str
    edition: str
    cases: tuple[str, ...]


def load_unseen(path: Path = UNSEEN / "queries.tsv") -> list[UnseenQuery]:
    """Every query of the unseen query file, whose third column is the edition."""
    return [UnseenQuery(*row) for row in query_rows(path)]


def unseen_project(project: Path) -> Path:
    """The project at `project` (a copy of the real one) with the unseen cases added to its own, as a contributor adds them."""
    for case in sorted((UNSEEN / "cases").glob("*.yml")):
        (project / "cases" / case.name).write_bytes(case.read_bytes())
    return project


def rank_of(pages: list[str], case_id: str) -> int | None:
    """1-based position of the case's page (either edition's) in `pages`, or None."""
    return next((i for i, page in enumerate(pages, start=1) if case_found([page], case_id)), None)


@dataclass
class KindScores:
    """Recall@5, mean reciprocal rank and queries with no result at all, per kind."""

    found: dict[str, int]
    expected: dict[str, int]
    reciprocal: dict[str, float]
    empty: dict[str, int]
    misses: list[str]

    def recall(self, kinds: tuple[str, ...]) -> float:
        """Recall@5 over every (query, case) pair of these kinds."""
        expected = sum(self.expected[k] for k in kinds)
        return sum(self.found[k] for k in kinds) / expected if expected else float("nan")

    def mrr(self, kinds: tuple[str, ...]) -> float:
        """Mean reciprocal rank (to `MRR_DEPTH`) over the pairs of these kinds."""
        expected = sum(self.expected[k] for k in kinds)
        return sum(self.reciprocal[k] for k in kinds) / expected if expected else float("nan")


def score_unseen(ranked: dict[tuple[str, str], list[str]], queries: list[UnseenQuery]) -> KindScores:
    """Score each query's pages (up to `MRR_DEPTH`) against the cases it must find."""
    scores = KindScores(defaultdict(int), defaultdict(int), defaultdict(float), defaultdict(int), [])
    for query in queries:
        pages = ranked[(query.text, query.edition)]
        if not pages:
            scores.empty[query.kind] += 1
        for case_id in query.cases:
            scores.expected[query.kind] += 1
            position = rank_of(pages, case_id)
            if position is not None and position <= TOP:
                scores.found[query.kind] += 1
            else:
                got = ", ".join(p.strip("/") for p in pages[:TOP]) or "nothing"
                scores.misses.append(f"[{query.kind}] {query.text} ({query.edition}) → {case_id} (got {got})")
            scores.reciprocal[query.kind] += 1 / position if position else 0.0
    return scores


def unseen_table(results: dict[str, KindScores], queries: list[UnseenQuery]) -> str:
    """A Markdown table: recall@5 and MRR per kind, and queries with no result, one column pair per system."""
    names = list(results)
    head = " | ".join(f"{n} R@5 | {n} MRR | {n} empty" for n in names)
    lines = [f"| kind (queries) | {head} |", "|---|" + "---|" * (3 * len(names))]
    rows = [(k, (k,)) for k in UNSEEN_KINDS] + [("**all**", UNSEEN_KINDS)]
    for label, kinds in rows:
        n = sum(1 for q in queries if q.kind in kinds)
        cells = " | ".join(
            f"{results[s].recall(kinds):.2f} | {results[s].mrr(kinds):.2f} | {sum(results[s].empty[k] for k in kinds)}" for s in names
        )
        lines.append(f"| {label} ({n}) | {cells} |")
    return "\n".join(lines)
