"""Time `mkdocs serve` from saving a case file to serving the changed page, as `make serve` runs it and as MkDocs does by default.

Usage: `python benchmarks/serve_reload.py N [N ...] [--runs 3] [--seed 0]`. For each N it
generates a synthetic project (benchmarks/generate.py) and, one after the other, starts
`mkdocs serve` (every save rebuilds the whole site) and `mkdocs serve --dirty` (what `make
serve` runs: only pages whose Markdown changed are rebuilt, see casebook.preview). Each
waits for its first build (a full build, the yardstick), then `--runs` times appends a
marker to one case's *title*, saves, and polls until the marker is served both on that
case's page and on the cases index, which lists every title: the save reaches the pages
that show the case, not only its own. Prints one Markdown row per N and mode, with the
median and the ratio to the full first build.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from generate import make_project


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


def _wait_for(url: str, needle: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if needle in _get(url):
            return time.perf_counter() - start
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not show {needle!r} within {limit:.0f} s")


def measure(root: Path, runs: int, dirty: bool) -> tuple[float, list[float]]:
    """Serve `root`, return (first build and serve in s, each save-to-served time in s)."""
    case = sorted((root / "cases").glob("*.yml"))[0]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", *(["--dirty"] if dirty else []), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = _wait_for(base + "/", "Casebook", limit=1800)
        times = []
        for run in range(runs):
            marker = f"reload{'d' if dirty else 'f'}{run}"
            lines = case.read_text(encoding="utf-8").splitlines()
            title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
            # A title is one line; appending inside the quotes keeps it valid YAML however it is quoted.
            line = lines[title].rstrip()
            lines[title] = line[:-1] + f" {marker}" + line[-1] if line[-1] in "\"'" else line + f" {marker}"
            case.write_text("\n".join(lines) + "\n", encoding="utf-8")
            start = time.perf_counter()
            _wait_for(f"{base}/cases/{case.stem}/", marker, limit=1800)
            _wait_for(f"{base}/cases/", marker, limit=1800)
            times.append(time.perf_counter() - start)
        return first, times
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    """Measure save-to-served under both kinds of `mkdocs serve` and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("| N | server | first build s | save → case page and index served, median s (min–max) | ÷ first build |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix="casebook-serve-") as work:
            root = make_project(Path(work) / "project", n, args.seed)
            for dirty, label in ((False, "`mkdocs serve` (full rebuild)"), (True, "`make serve` (`--dirty`)")):
                first, times = measure(root, args.runs, dirty)
                median = statistics.median(times)
                print(
                    f"| {n:,} | {label} | {first:.1f} | {median:.2f} ({min(times):.2f}–{max(times):.2f}) | {median / first:.2f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
