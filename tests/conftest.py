"""Shared fixtures: a scratch project with a small, fixed taxonomy, and the real project."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from casebook.check.checker import check_library
from casebook.cli import main
from casebook.model.loader import CheckResult
from casebook.source.diagnostics import TEACHING

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Two small cases that link each other, with the fixture taxonomy: the golden test's input.
TWO_CASES = Path(__file__).resolve().parent / "golden" / "two-linked-cases" / "cases"


def two_case_project(tmp_path: Path) -> Path:
    """A project of the two linked golden cases and the fixture taxonomy, under `tmp_path`."""
    root = tmp_path / "project"
    shutil.copytree(TWO_CASES, root / "cases")
    shutil.copytree(FIXTURES / "taxonomy", root / "cases" / "taxonomy")
    return root


def type_search(page: Page, query: str, timeout: float = 10_000) -> None:
    """Type a query into Material's search box the way a reader with an IME does, and wait for a result.

    Material's search reacts to keyup, not to input. Chinese characters arrive through
    insertText, as from an IME, so finish the way an IME user does: a key that confirms the
    composition. fill() would fire no key event at all.
    """
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=50)
    box.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=timeout)


#: The integration suites: a real Chromium (`browser`), whole-site builds, servers and fuzzed builds (`slow`).
#: Every other test is a specification of behaviour, and runs in about a minute on two cores.
INTEGRATION = ("browser", "slow")
_LEFT_OUT = pytest.StashKey[int]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*/expected from the current output")
    parser.addoption("--all-suites", action="store_true", help="also run the browser and slow suites (make test, CI on main)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that drives Chromium `browser`; a bare `pytest` runs the specifications only.

    A contributor's `pytest` (no paths, no -m, no -k) leaves the integration suites out, so it answers
    in about a minute; naming a file or a marker runs what was named; `make test` passes --all-suites.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    named = config.option.markexpr or config.option.keyword or config.args_source is not pytest.Config.ArgsSource.TESTPATHS
    if config.getoption("--all-suites") or named:
        return
    left_out = [item for item in items if any(item.get_closest_marker(mark) for mark in INTEGRATION)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]
    config.stash[_LEFT_OUT] = len(left_out)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    left_out = config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(f"{left_out} browser and slow tests left out of a bare pytest: make test runs everything")


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests pin messages in English (`CASEBOOK_LANG=en`); tests/test_messages.py checks the Chinese default."""
    monkeypatch.setenv("CASEBOOK_LANG", "en")


@dataclass
class Project:
    """A throwaway Casebook project: the fixture taxonomy plus whatever cases a test writes."""

    root: Path

    def write_case(self, name: str, text: str | bytes) -> Path:
        path = self.root / "cases" / name
        if isinstance(text, str):
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    def check(self) -> CheckResult:
        return check_library(self.root)

    def messages(self, *, teaching: bool = False) -> list[str]:
        """Every diagnostic of a check, as printed; the editor's teaching checklist only when asked for.

        A minimal fixture case lacks most of what a teaching case has (a section, two questions):
        tests of other rules leave those notices aside (tests/test_library.py tests them).
        """
        return [str(d) for d in self.check().diagnostics if teaching or d.gate != TEACHING]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "taxonomy", root / "cases" / "taxonomy")
    return Project(root)


def chromium_path() -> str | None:
    """The system Chromium, or None. In CI a missing browser is a failure, never a skip."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file():
            return candidate
    if os.environ.get("CI"):
        pytest.fail("Chromium is required in CI: apt-get install -y chromium")
    return None


def hash_tree(*folders: Path, base: Path = REPO) -> dict[str, str]:
    """Content hashes of every file under the folders, to prove a build changed nothing."""
    return {
        p.relative_to(base).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


#: Never copied: version control, caches, the environment and build output.
_NOT_PROJECT = (".git", ".venv", "site", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "node_modules")


def redirect_files(root: Path, directory_urls: bool = True) -> set[str]:
    """The site paths of the pages at renamed cases' old URLs (casebook.render.pages.moved): not pages of their own."""
    from casebook.derive.editions import EDITIONS
    from casebook.derive.sitemap import case_uri, page_file

    library = check_library(root).library
    assert library is not None
    return {edition.uri(page_file(case_uri(old), directory_urls)) for old in library.renamed for edition in EDITIONS}


def copy_project(target: Path) -> Path:
    """A copy of the real project at `target`, for tests that add cases or run `mkdocs serve`.

    Everything but caches and output is copied, because the site may read files
    outside `docs/` (a snippet of CONTRIBUTING.md, for example).
    """
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*_NOT_PROJECT), symlinks=True)
    return target


def mkdocs_build(root: Path, site: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` for the project at `root` into `site`, whatever the outcome."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", **environment}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )


def build_site_at(root: Path, site: Path, **environment: str) -> None:
    """Run `mkdocs build --strict` for the project at `root` into `site`; fail the test if it fails."""
    result = mkdocs_build(root, site, **environment)
    assert result.returncode == 0, result.stderr


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the `casebook` command in-process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stop_server(server: subprocess.Popen[bytes]) -> bytes:
    """Stop a `mkdocs serve` started by a test; return what it wrote to stderr."""
    server.terminate()
    try:
        _, err = server.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        _, err = server.communicate()
    return err


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on a free localhost port; yields the base URL."""
    import functools
    import threading

    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project built once with `mkdocs build --strict`; fails the session if the build fails."""
    site = tmp_path_factory.mktemp("site")
    before = hash_tree(REPO / "cases", REPO / "docs")
    build_site_at(REPO, site)
    assert hash_tree(REPO / "cases", REPO / "docs") == before, "the build changed cases/ or docs/"
    return site


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`make offline`, step by step: build with CASEBOOK_OFFLINE=true, zip the folder, unzip it elsewhere."""
    work = tmp_path_factory.mktemp("offline")
    site = work / "casebook-offline"
    build_site_at(REPO, site, CASEBOOK_OFFLINE="true")
    archive = work / "casebook-offline.zip"
    subprocess.run([sys.executable, "-m", "zipfile", "-c", archive.name, site.name], cwd=work, check=True)
    unpacked = work / "unpacked"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(unpacked)
    return unpacked / "casebook-offline"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a free localhost port for the browser tests."""
    import functools
    import threading

    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# Browser fixtures: the system Chromium driven by Playwright, one fresh context per test.


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no system Chromium; install it (apt-get install chromium) or run `playwright install chromium`")
    with sync_playwright() as playwright:
        # The flags keep Chromium from phoning home, which a closed network refuses noisily.
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_context_no_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


# --- The search evaluations' peer: what a user would run instead of Casebook's search ---------------


def plain_material(root: Path) -> None:
    """Turn the project at `root` into plain Material + jieba: no Casebook index, worker, dictionary or paste help."""
    empty = root / "empty-user-dict.txt"
    empty.write_text("", encoding="utf-8")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    # Material's own settings for Chinese: our separator, pipeline and generated dictionary
    # all go; an explicit user dictionary keeps the hook's search out (see scripts/hooks.py).
    config, count = re.subn(r"^  - search:\n(?:(?:      .*)?\n)*", f"  - search:\n      jieba_dict_user: {empty}\n", config, flags=re.M)
    assert count == 1, "mkdocs.yml has no `- search:` block to turn the dictionary off in"
    config = config.replace("  - javascripts/casebook-search.js\n", "")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.rmtree(root / "overrides" / "assets" / "javascripts" / "workers")


@pytest.fixture(scope="session")
def plain_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same project built with plain Material + jieba."""
    root = copy_project(tmp_path_factory.mktemp("plain") / "project")
    plain_material(root)
    site = root / "site"
    build_site_at(root, site)
    with serve_folder(site) as url:
        yield url
