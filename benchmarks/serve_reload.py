"""Time `mkdocs serve` from saving a case file to serving the changed page.

Usage: `python benchmarks/serve_reload.py N [--runs 3] [--seed 0]`. Generates a synthetic
project of N cases (benchmarks/generate.py), starts `mkdocs serve` on a free port, waits for
the first build, then N times: appends a marker to one case's title, saves, and polls that
case's page until the marker is served. Prints each time and the median, in seconds. The
time covers what a contributor waits for: the watcher noticing the save, the whole rebuild
(MkDocs rebuilds everything on a change), and the page being served.
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


def main() -> None:
    """Measure save-to-reload under `mkdocs serve` and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="casebook-serve-") as work:
        root = make_project(Path(work) / "project", args.n, args.seed)
        case = sorted((root / "cases").glob("*.yml"))[0]
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            first = _wait_for(base + "/", "Casebook", limit=900)
            print(f"first build and serve: {first:.1f} s")
            page = f"{base}/cases/{case.stem}/"
            times = []
            for run in range(args.runs):
                marker = f"reload-marker-{run}"
                # Inside the story's block scalar, so the edit is valid YAML however the title is quoted.
                lines = case.read_text(encoding="utf-8").splitlines()
                first_story_line = lines.index("story: |") + 1
                lines[first_story_line] += f" {marker}"
                case.write_text("\n".join(lines) + "\n", encoding="utf-8")
                times.append(_wait_for(page, marker, limit=900))
                print(f"run {run + 1}: {times[-1]:.1f} s from save to the changed page")
            print(f"N = {args.n}: median {statistics.median(times):.1f} s from save to reload ({args.runs} runs)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
