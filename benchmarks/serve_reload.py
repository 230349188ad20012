"""Time `mkdocs serve` from saving a case file to serving it, as `make serve` runs it and as MkDocs does by default.

Usage: `python benchmarks/serve_reload.py N [N ...] [--runs 3] [--seed 0]`. For each N it
generates a synthetic project (benchmarks/generate.py) and, one after the other, starts
`mkdocs serve` (every save rebuilds the whole site) and `mkdocs serve --dirty` (what `make
serve` runs: the saved case's own pages first, then every page whose Markdown changed, see
casebook.site.preview). Each waits for its first build (a full build: the yardstick), then
`--runs` times appends a marker to one case's *title*, saves, and polls every 50 ms for
two moments: the marker served on the case's own page, and on the cases index, which
lists every title (the save has reached the pages that show the case, not only its own).
The next save waits for both. Prints one Markdown row per N and server: medians, their
ratios to the first build, and the machine line first.

`--series` measures what a contributor feels instead: saves at a steady pace, whether or not
the previous one has been served (`make serve` only). Ten saves of one case 1, 2 and 5 s
apart, then ten saves alternating between two cases 2 s apart; each save appends its own
marker to the title, and a poller records when each marker is first served on its case's
page. Prints each series' times, median and worst, and their ratios to the first (full)
build of the same server.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generate import make_project
from run import machine


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _wait_for(url: str, needle: str, limit: float, start: float) -> float:
    """Seconds from `start` until `url` serves `needle` (a request waits while the server builds)."""
    while time.perf_counter() - start < limit:
        if needle in _get(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {needle!r} within {limit:.0f} s")


@dataclass
class Served:
    """One server's timings: its first build, and for each save the seconds until the case page and the index show it."""

    first: float
    page: list[float]
    index: list[float]


def measure(root: Path, runs: int, dirty: bool) -> Served:
    """Serve `root`; save a case `runs` times and time each until served."""
    case = sorted((root / "cases").glob("*.yml"))[0]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        served = Served(_wait_for(base + "/", "Casebook", limit=3600, start=time.perf_counter()), [], [])
        for run in range(runs):
            marker = f"reload{'d' if dirty else 'f'}{run}"
            lines = case.read_text(encoding="utf-8").splitlines()
            title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
            # A title is one line; appending inside the quotes keeps it valid YAML however it is quoted.
            line = lines[title].rstrip()
            lines[title] = line[:-1] + f" {marker}" + line[-1] if line[-1] in "\"'" else line + f" {marker}"
            case.write_text("\n".join(lines) + "\n", encoding="utf-8")
            start = time.perf_counter()
            served.page.append(_wait_for(f"{base}/cases/{case.stem}/", marker, limit=1800, start=start))
            served.index.append(_wait_for(f"{base}/cases/", marker, limit=1800, start=start))
        return served
    finally:
        server.terminate()
        server.wait(timeout=30)


def _retitle(case: Path, marker: str) -> None:
    """Append `marker` to the case's title (a title is one line; inside the quotes if it is quoted)."""
    lines = case.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    line = lines[title].rstrip()
    lines[title] = line[:-1] + f" {marker}" + line[-1] if line[-1] in "\"'" else line + f" {marker}"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _series(base: str, cases: list[Path], interval: float, saves: int, name: str) -> list[float]:
    """Save `saves` times, `interval` s apart, cycling through `cases`; each save's seconds until its page served it."""
    served: dict[str, float] = {}
    pending: dict[str, tuple[Path, float]] = {}
    lock = threading.Lock()
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            with lock:
                waiting = dict(pending)
            for case in {path for path, _ in waiting.values()}:
                html = _get(f"{base}/cases/{case.stem}/")
                now = time.perf_counter()
                with lock:
                    for marker, (path, start) in list(pending.items()):
                        if path == case and marker in html:
                            served[marker] = now - start
                            del pending[marker]
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    markers = []
    for number in range(saves):
        marker = f"{name}x{number}"
        case = cases[number % len(cases)]
        _retitle(case, marker)
        with lock:
            pending[marker] = (case, time.perf_counter())
        markers.append(marker)
        time.sleep(interval)
    deadline = time.perf_counter() + 600
    while pending and time.perf_counter() < deadline:
        time.sleep(0.1)
    done.set()
    poller.join()
    if pending:
        raise TimeoutError(f"not served within 600 s: {sorted(pending)}")
    return [served[m] for m in markers]


def measure_series(root: Path) -> tuple[float, dict[str, list[float]]]:
    """`make serve`'s first build, and each series' save-to-served times (see the module's docstring)."""
    cases = sorted((root / "cases").glob("*.yml"))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = _wait_for(base + "/", "Casebook", limit=3600, start=time.perf_counter())
        results = {}
        for label, chosen, interval in (
            ("one case, 1 s apart", cases[:1], 1.0),
            ("one case, 2 s apart", cases[:1], 2.0),
            ("one case, 5 s apart", cases[:1], 5.0),
            ("two cases in turn, 2 s apart", cases[:2], 2.0),
        ):
            results[label] = _series(base, chosen, interval, 10, f"s{len(results)}")
            time.sleep(interval)
        return first, results
    finally:
        server.terminate()
        server.wait(timeout=30)


def _projects(sizes: list[int], seed: int) -> Iterator[tuple[int, Path]]:
    """A synthetic project of each size, in a folder removed once the next is asked for."""
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="casebook-serve-") as work:
            yield n, make_project(Path(work) / "project", n, seed)


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def main() -> None:
    """Measure save-to-served under both kinds of `mkdocs serve` and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dirty-only", action="store_true", help="only `make serve` (a full rebuild per save takes minutes at 5,000)")
    parser.add_argument("--series", action="store_true", help="saves at a steady pace under `make serve` (see the docstring)")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    if args.series:
        print(
            "| N | series (10 saves) | first (full) build s | save → case page served, each s | median s | worst s "
            "| median ÷ full | worst ÷ full |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for n, root in _projects(args.sizes, args.seed):
            first, results = measure_series(root)
            for label, times in results.items():
                median, worst = statistics.median(times), max(times)
                each = " ".join(f"{t:.2f}" for t in times)
                ratios = f"{median / first:.3f} | {worst / first:.3f}"
                print(f"| {n:,} | {label} | {first:.1f} | {each} | {median:.2f} | {worst:.2f} | {ratios} |", flush=True)
        return
    print(
        "| N | server | first (full) build s | save → case page served, median s (min–max) | ÷ full build "
        "| save → cases index served, median s (min–max) | ÷ full build |"
    )
    print("|---|---|---|---|---|---|---|")
    for n, root in _projects(args.sizes, args.seed):
        servers = ((False, "`mkdocs serve` (full rebuild)"), (True, "`make serve` (`--dirty`, case first)"))
        for dirty, label in servers[1:] if args.dirty_only else servers:
            served = measure(root, args.runs, dirty)
            page, index = statistics.median(served.page), statistics.median(served.index)
            print(
                f"| {n:,} | {label} | {served.first:.1f} | {_median(served.page)} | {page / served.first:.3f} "
                f"| {_median(served.index)} | {index / served.first:.3f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
