"""Search quality and speed, Casebook against its anchors, in one run; prints Markdown tables.

Usage: `python benchmarks/search_bench.py [--sizes 1000 5000] [--runs 3] [--keep DIR] [--no-recall] [--no-latency]`
(needs `pip install -r requirements-bench.txt` for Pagefind).

Three systems over the same pages:

- **Casebook**: the project as it is (`casebook.derive.search.index` + its worker behind Material's box);
- **plain Material + jieba**: the same project with Casebook's search taken out (Material's lunr index,
  its jieba cut, no thesaurus, no paste help): `tests/search/test_search_recall.py`'s `plain_material`;
- **Pagefind 1.5.2 (extended)**: `pagefind --site` over the plain build, untuned (no attributes, no
  settings), queried through its own JavaScript API (`pagefind.search`, the first results' `data()`),
  which is what its default UI shows first, without the UI's debounce.

Recall@5 runs every query of `tests/search/queries.tsv` on the real library, typed into each search box
in headless Chromium (Pagefind: its API), by class and split; then every query of `tests/search/unseen/`
on the library with the unseen cases added, by kind, with MRR@10 and the count of queries that got nothing. Time to first result: synthetic libraries
of N cases (`benchmarks/generate.py`, seed 0), each system built once; each run opens a fresh page on
the home page, waits for `load`, then starts the clock, opens search, enters 交付 and stops at the first
result shown (Pagefind: the first result's data). Served by Python's http.server on localhost (no
compression, which Pagefind's pre-compressed fragments do not need). Medians of `--runs`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "search"), str(REPO / "benchmarks")]

from generate import make_project  # noqa: E402
from harness import (  # noqa: E402
    MRR_DEPTH,
    PAGEFIND_TOP,
    load_queries,
    load_unseen,
    open_search,
    pagefind_top,
    recall,
    recall_table,
    score_unseen,
    search_box_top,
    unseen_project,
    unseen_table,
)

from conftest import copy_project, plain_material, serve_folder  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SYSTEMS = ("Casebook", "plain Material + jieba", "Pagefind 1.5.2 (untuned)")


def machine() -> str:
    """The machine line the tables are quoted with."""
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), "?"
    )
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), 0)
    return f"{os.cpu_count()} cores, {cpu}, {memory / 2**20:.0f} GiB RAM, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def build(project: Path, site: Path) -> None:
    """`mkdocs build` (not strict: a synthetic library lacks the cases the hand-written pages link to)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project, env=env, check=True, capture_output=True)


def build_three(project: Path, work: Path) -> dict[str, Path]:
    """Build `project` as Casebook and as plain Material, and index the plain build with Pagefind."""
    sites = {}
    started = time.perf_counter()
    build(project, work / "casebook")
    sites[SYSTEMS[0]] = work / "casebook"
    plain_project = work / "plain-project"
    shutil.copytree(project, plain_project, ignore=shutil.ignore_patterns("site", ".git", ".venv"))
    plain_material(plain_project)
    build(plain_project, work / "plain")
    sites[SYSTEMS[1]] = work / "plain"
    pagefind = work / "pagefind"
    shutil.copytree(work / "plain", pagefind)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pagefind), "--quiet"], check=True)
    sites[SYSTEMS[2]] = pagefind
    print(f"  built {project.name} three ways in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return sites


def first_result_seconds(page: Page, url: str, system: str, query: str) -> float:
    """Seconds from a loaded page to the first result for `query`."""
    page.goto(url + "/", wait_until="load")
    start = time.perf_counter()
    if system == SYSTEMS[2]:
        page.evaluate(PAGEFIND_TOP, [query, 1])
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=300_000)
    return time.perf_counter() - start


def with_browser(work: Callable[..., object]) -> object:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            return work(browser)
        finally:
            browser.close()


def measure_recall(work: Path) -> str:
    """Recall@5 per class and split for the three systems on the real library."""
    project = copy_project(work / "real")
    sites = build_three(project, work / "real-sites")
    queries = load_queries()

    def run(browser) -> dict[str, object]:  # type: ignore[no-untyped-def]
        results = {}
        for system, site in sites.items():
            with serve_folder(site) as url:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                if system == SYSTEMS[2]:
                    page.goto(url + "/")
                    ranked = {q.text: pagefind_top(page, q.text) for q in queries}
                else:
                    open_search(page, url + "/")
                    ranked = {q.text: search_box_top(page, q.text) for q in queries}
                page.close()
            results[system] = recall(ranked, queries)
        return results

    results = with_browser(run)
    assert isinstance(results, dict)
    return recall_table(results)


def measure_unseen(work: Path) -> str:
    """Recall@5, MRR and empty answers per kind of query on the unseen cases (added to the library), three systems."""
    project = unseen_project(copy_project(work / "unseen"))
    sites = build_three(project, work / "unseen-sites")
    queries = load_unseen()

    def run(browser) -> dict[str, object]:  # type: ignore[no-untyped-def]
        results = {}
        for system, site in sites.items():
            ranked = {}
            with serve_folder(site) as url:
                page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
                for edition in ("zh", "en"):
                    start = url + ("/en/" if edition == "en" else "/")
                    mine = [q for q in queries if q.edition == edition]
                    if system == SYSTEMS[2]:
                        # Pagefind keeps one index per page language: the English pages answer on an English page.
                        page.goto(start)
                        ranked.update({(q.text, edition): pagefind_top(page, q.text, MRR_DEPTH) for q in mine})
                    else:
                        open_search(page, start)
                        ranked.update({(q.text, edition): search_box_top(page, q.text, MRR_DEPTH) for q in mine})
                page.close()
            results[system] = score_unseen(ranked, queries)
        return results

    results = with_browser(run)
    assert isinstance(results, dict)
    return unseen_table(results, queries)


def measure_latency(work: Path, sizes: list[int], runs: int, query: str) -> str:
    """Time to first result at each size for the three systems, medians of `runs`."""
    lines = [
        f"| N cases | runs | {' | '.join(f'{s} s' for s in SYSTEMS)} | Casebook / Pagefind | plain / Pagefind |",
        "|---|---|" + "---|" * (len(SYSTEMS) + 2),
    ]
    for size in sizes:
        project = work / f"lib-{size}"
        make_project(project, size)
        sites = build_three(project, work / f"sites-{size}")

        def run(browser, sites=sites) -> dict[str, float]:  # type: ignore[no-untyped-def]
            medians = {}
            for system, site in sites.items():
                with serve_folder(site) as url:
                    times = []
                    for _ in range(runs):
                        page = browser.new_page()
                        times.append(first_result_seconds(page, url, system, query))
                        page.close()
                medians[system] = statistics.median(times)
                print(f"  N={size} {system}: {times}", file=sys.stderr, flush=True)
            return medians

        medians = with_browser(run)
        assert isinstance(medians, dict)
        cells = " | ".join(f"{medians[s]:.2f}" for s in SYSTEMS)
        ratio = medians[SYSTEMS[0]] / medians[SYSTEMS[2]]
        plain = medians[SYSTEMS[1]] / medians[SYSTEMS[2]]
        lines.append(f"| {size:,} | {runs} | {cells} | {ratio:.2f} × | {plain:.2f} × |")
    return "\n".join(lines)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="交付")
    parser.add_argument("--keep", type=Path, help="build here and keep the projects and sites")
    parser.add_argument("--no-recall", action="store_true")
    parser.add_argument("--no-unseen", action="store_true", help="skip the unseen cases and their queries (tests/search/unseen/)")
    parser.add_argument("--no-latency", action="store_true")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="casebook-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"Machine: {machine()}\n")
    try:
        if not args.no_recall:
            print("Recall@5 on tests/search/queries.tsv (real library, headless Chromium):\n")
            print(measure_recall(work), flush=True)
            print()
        if not args.no_unseen:
            print("Recall@5, MRR@10 and queries with no result, per kind, on tests/search/unseen/ (its cases added to the library):\n")
            print(measure_unseen(work), flush=True)
            print()
        if not args.no_latency and args.sizes:
            print(f"Time from a loaded page to the first result for {args.query} (headless Chromium, medians of {args.runs}):\n")
            print(measure_latency(work, args.sizes, args.runs, args.query), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
