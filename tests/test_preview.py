"""`make serve` answers a save in two builds: the saved case's own pages at once, then every page that shows it.

`mkdocs serve --dirty` rebuilds the pages whose file says it is modified. casebook.site.preview
makes the first build after a save render and rebuild only the saved case's pages, and
the build that follows (the hook asks the server for it) rebuild exactly the pages whose
Markdown differs from what was built. The builds run in one process, as under `mkdocs serve`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casebook.derive.sitemap import Page
from casebook.site.preview import PageDigests, saved_cases
from conftest import copy_project

#: One full build, then one more build for each line the test writes (after it has edited files).
BUILDS = textwrap.dedent(
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
    hooks = next(module for name, module in sys.modules.items() if name.endswith("hooks.py"))
    for line in sys.stdin:  # the test edits files, then asks for the next build
        # "waiting": the server has a save waiting all through this build (as MkDocs' server marks it).
        hooks._events.process.server = type("Server", (), {"_want_rebuild": line.strip() == "waiting"})()
        build(config(), dirty=True)
        print("built", flush=True)
    first.plugins.on_shutdown()
    """
)


def test_digests_name_exactly_the_pages_that_changed() -> None:
    digests = PageDigests()
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B")]) == {"a.md", "b.md"}
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B2"), Page("c.md", "C")]) == {"b.md", "c.md"}
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B2"), Page("c.md", "C")]) == set()
    # Some pages only: the others keep their record.
    assert digests.changed([Page("b.md", "B3")], partial=True) == {"b.md"}
    assert digests.changed([Page("a.md", "A"), Page("b.md", "B3"), Page("c.md", "C")]) == set()


def test_only_a_save_of_existing_case_files_is_served_case_first() -> None:
    before = {"cases/a.yml": (1, 10), "cases/b.yml": (1, 10), "cases/taxonomy/lessons.yml": (1, 10), "docs/index.md": (1, 5)}
    assert saved_cases(before, {**before, "cases/a.yml": (2, 11)}) == {"a"}
    assert saved_cases(before, {**before, "cases/a.yml": (2, 11), "cases/b.yml": (2, 10)}) == {"a", "b"}
    assert saved_cases(before, before) == set()
    # A taxonomy, docs/ or template edit, or a case added or removed, rebuilds from the whole library.
    assert saved_cases(before, {**before, "cases/a.yml": (2, 11), "cases/taxonomy/lessons.yml": (2, 10)}) == set()
    assert saved_cases(before, {**before, "docs/index.md": (2, 5)}) == set()
    assert saved_cases(before, {**before, "cases/c.yml": (1, 10)}) == set()
    assert saved_cases(before, {k: v for k, v in before.items() if k != "cases/b.yml"}) == set()


class Builds:
    """The builds of one `make serve` session, driven a build at a time; the times each page was written."""

    def __init__(self, root: Path, site: Path) -> None:
        self.site = site
        self.runner = subprocess.Popen(
            [sys.executable, "-c", BUILDS, str(site)],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        self.wait()

    def wait(self) -> None:
        assert self.runner.stdout is not None
        line = self.runner.stdout.readline().strip()
        if line != "built":
            self.runner.kill()
            raise AssertionError(self.runner.stderr.read() if self.runner.stderr else "no output")

    def written(self) -> dict[str, int]:
        # Documentation pages only: MkDocs rewrites the theme's own templates (404.html) on every build.
        return {p.relative_to(self.site).as_posix(): p.stat().st_mtime_ns for p in self.site.rglob("*.html") if p.name != "404.html"}

    def build(self, *, save_waiting: bool = False) -> set[str]:
        """One more build (with a save waiting on the server all through it, or not); the pages it wrote."""
        before = self.written()
        assert self.runner.stdin is not None
        self.runner.stdin.write("waiting\n" if save_waiting else "go\n")
        self.runner.stdin.flush()
        self.wait()
        return {page for page, mtime in self.written().items() if before.get(page) != mtime}

    def search(self) -> dict[str, object]:
        manifest = json.loads((self.site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]["casebook"]
        assert isinstance(manifest, dict)
        return manifest

    def close(self) -> None:
        _, err = self.runner.communicate("", timeout=120)
        assert self.runner.returncode == 0, err


@pytest.mark.slow
def test_a_saved_title_is_served_on_its_page_first_then_on_every_page_that_shows_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    builds = Builds(root, tmp_path / "site")
    site = builds.site
    searchable = builds.search()["pages"]
    case = sorted((root / "cases").glob("*.yml"))[0]
    marker = f"新标题标记{case.stem}"
    own = {f"cases/{case.stem}/index.html", f"en/cases/{case.stem}/index.html"}

    text = case.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    case.write_text(text.replace(title, f"title: {marker}", 1), encoding="utf-8")

    # First the saved case's own pages, in both editions, and nothing else; search is left whole.
    assert builds.build() == own
    assert marker in (site / f"cases/{case.stem}/index.html").read_text(encoding="utf-8")
    assert marker not in (site / "cases/index.html").read_text(encoding="utf-8")
    assert builds.search()["pages"] == searchable

    # Then the build that catches up: the listings that show the title, and no page that never mentions the case.
    rebuilt = builds.build()
    for page in ("cases/index.html", "explore/index.html"):
        assert page in rebuilt and marker in (site / page).read_text(encoding="utf-8"), page
    assert not rebuilt & own
    untouched = [p for p in builds.written() if case.stem not in (site / p).read_text(encoding="utf-8")]
    assert untouched and not rebuilt & set(untouched)
    assert len(rebuilt) < len(builds.written()) / 2, sorted(rebuilt)
    # Search knows every page, once, and the new title.
    index = builds.search()
    assert index["pages"] == searchable
    assert any(marker in p.read_text(encoding="utf-8") for p in (site / "search" / "casebook").glob("d*.json"))

    # Nothing changed since: nothing is rebuilt.
    assert builds.build() == set()
    builds.close()


@pytest.mark.slow
def test_a_save_that_arrives_during_the_catch_up_is_served_first_and_the_next_catch_up_covers_both(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    builds = Builds(root, tmp_path / "site")
    site = builds.site
    first, second = sorted((root / "cases").glob("*.yml"))[:2]

    def retitle(case: Path) -> str:
        marker = f"新标题标记{case.stem}"
        text = case.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("title:"))
        case.write_text(text.replace(title, f"title: {marker}", 1), encoding="utf-8")
        return marker

    one = retitle(first)
    assert builds.build() == {f"cases/{first.stem}/index.html", f"en/cases/{first.stem}/index.html"}
    # The catch-up starts while the next save waits: it leaves its pages for later.
    assert builds.build(save_waiting=True) == set()
    assert one not in (site / "cases/index.html").read_text(encoding="utf-8")
    two = retitle(second)
    # The waiting save is served first, its own pages only...
    assert builds.build() == {f"cases/{second.stem}/index.html", f"en/cases/{second.stem}/index.html"}
    # ...then one catch-up shows both saves wherever the cases are listed.
    rebuilt = builds.build()
    assert "cases/index.html" in rebuilt
    index = (site / "cases/index.html").read_text(encoding="utf-8")
    assert one in index and two in index
    assert builds.build() == set()
    builds.close()


@pytest.mark.slow
def test_a_taxonomy_edit_rebuilds_every_page_that_shows_the_term_in_one_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    builds = Builds(root, tmp_path / "site")
    lessons = root / "cases" / "taxonomy" / "lessons.yml"
    text = lessons.read_text(encoding="utf-8")
    first_name = next(line for line in text.splitlines() if line.strip().startswith("name:"))
    lessons.write_text(text.replace(first_name, first_name.rstrip() + "标记", 1), encoding="utf-8")
    rebuilt = builds.build()
    showing = {p for p in builds.written() if "标记" in (builds.site / p).read_text(encoding="utf-8")}
    assert showing and showing <= rebuilt
    assert any(p.startswith("cases/") for p in showing)
    builds.close()
