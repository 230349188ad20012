"""Time Material's search in headless Chromium: from opening search to the first results.

Usage: `python benchmarks/search_latency.py SITE_DIR [QUERY] [--runs 3]`, where SITE_DIR is a built
site (e.g. kept by `run.py --keep`). The site is served over HTTP, because the search worker
cannot fetch its index from file://. Each run opens a fresh page, opens search as soon as the page
has loaded (so the index download and lunr's index build count, as they do for a reader), types
the query, and waits for the first result. Prints the median in seconds.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, query: str, runs: int) -> list[float]:
    """Seconds from opening search to the first result, one per run."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    times = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            for _ in range(runs):
                page = browser.new_page()
                page.goto(url, wait_until="load")
                start = time.perf_counter()
                page.locator("label.md-search__icon, .md-search__input").first.click()
                box = page.locator("input.md-search__input")
                # Material's search reacts to keyup; type the Chinese, then a key that changes nothing.
                box.press_sequentially(query)
                box.press("End")
                page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return times


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("site", type=Path)
    parser.add_argument("query", nargs="?", default="交付")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = measure(args.site, args.query, args.runs)
    print(f"{args.site}: '{args.query}' first results after {statistics.median(times):.2f} s (median of {len(times)}: {times})")


if __name__ == "__main__":
    main()
