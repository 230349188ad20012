"""`make serve` rebuilds what a save changed: the saved case and every page that shows it, and nothing else.

`mkdocs serve --dirty` rebuilds the pages whose file says it is modified;
casebook.preview makes a generated page say so exactly when its Markdown differs
from the previous build. Two builds run in one process, as under `mkdocs serve`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casebook.preview import PageDigests
from casebook.sitemap import Page
from conftest import copy_project

TWO_BUILDS = textwrap.dedent(
    """
    import sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():
        return load_config(config_file="mkdocs.yml", site_dir=sys.argv[1])

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, dirty=True)
    print("built", flush=True)
    sys.stdin.readline()  # the test edits a case here
    build(config(), dirty=True)
    first.plugins.on_shutdown()
    """
)


def test_digests_name_exactly_the_pages_that_changed() -> None:
    digests = PageDigests()
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B")]) == {"a.md", "b.md"}
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B2"), Page("c.md", "C")]) == {"b.md", "c.md"}
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B2"), Page("c.md", "C")]) == set()


@pytest.mark.slow
def test_a_saved_title_reaches_its_page_and_the_index_and_nothing_else_is_rebuilt(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    case = sorted((root / "cases").glob("*.yml"))[0]
    runner = subprocess.Popen(
        [sys.executable, "-c", TWO_BUILDS, str(site)],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert runner.stdout is not None and runner.stdin is not None
    assert runner.stdout.readline().strip() == "built", runner.stderr.read() if runner.stderr else ""
    # Documentation pages only: MkDocs rewrites the theme's own templates (404.html) on every build.
    pages = {p: p.stat().st_mtime_ns for p in site.rglob("*.html") if p.name != "404.html"}
    searchable = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["casebook"]["pages"]

    text = case.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    case.write_text(text.replace(title, f"title: 新标题标记{case.stem}", 1), encoding="utf-8")
    _, err = runner.communicate("go\n", timeout=600)
    assert runner.returncode == 0, err

    rebuilt = {p.relative_to(site).as_posix() for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime}
    marker = f"新标题标记{case.stem}"
    # The case's page and the listings that show its title are rebuilt and show the new title ...
    for page in (f"cases/{case.stem}/index.html", "cases/index.html", "explore/index.html"):
        assert page in rebuilt and marker in (site / page).read_text(encoding="utf-8"), page
    # ... and a page that never mentions the case is left as it was.
    untouched = [p for p in pages if case.stem not in p.read_text(encoding="utf-8") and marker not in p.read_text(encoding="utf-8")]
    assert untouched and not any(p.relative_to(site).as_posix() in rebuilt for p in untouched)
    assert len(rebuilt) < len(pages) / 2, sorted(rebuilt)
    # Search still knows every page: Material's search plugin merges a dirty build's entries into the
    # previous build's (its `search_index_prev`), and Casebook's index is built from that.
    manifest = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["casebook"]
    assert manifest["pages"] == searchable
