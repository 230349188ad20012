"""The work each page needs once MkDocs has rendered it, done beside MkDocs on a second core.

Two jobs read a rendered page and change nothing in it: the output guard
(`casebook.site.outputguard`) checks the final HTML, and the search index takes the
page's sections. Neither needs MkDocs afterwards, so `PageWork` hands them to a
forked process, which does them while MkDocs renders the next pages. The same
process gives each page's sections to a `Collector` (the search index folds them in
as they come) and, at the end of the build, has it finish (write the index), so the
sections never travel back: only what the collector's `finish` returns and the guard's findings do.

The process is forked when the build starts, before the library is read and any page
rendered, and is told what to do (`start`) once the theme is known. Forked later, it would
count every page MkDocs holds by then as its own memory too (a forked process's RSS
includes the pages it shares with its parent), and so double a build's peak RSS; the
functions it is given are pickled, so they must be importable (no closures). Where a
second process cannot be used
(`background=False`: `mkdocs serve`, whose server threads make forking unsafe,
or a system without `fork`), the same functions run in this process, in the same order.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Protocol

from casebook.site.outputguard import Violation

#: (page URI, page URL, final HTML) → what breaks the output invariant.
Guard = Callable[[str, str], list[Violation]]
#: (page content, page URL, page title, page front matter) → the page's search entries.
Sections = Callable[[str, str, str, dict[str, Any]], list[dict[str, Any]]]


class Collector(Protocol):
    """What takes every page's search entries, in build order, and makes something of them at the end."""

    def add(self, entries: list[dict[str, Any]]) -> None:
        """One page's entries."""

    def finish(self) -> Any:
        """What the build keeps of them (for instance, the search index it wrote), once the last page is built."""


def no_sections(content: str, url: str, title: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """No search entries (search is off, or Material's own index is kept)."""
    return []


class NoIndex:
    """No index of Casebook's: the entries are dropped."""

    def add(self, entries: list[dict[str, Any]]) -> None:
        """Drop them."""

    def finish(self) -> None:
        """Nothing to keep."""


@dataclass
class Results:
    """What the build's pages gave: each violating page's violations, and what the collector made of their search entries."""

    violations: dict[str, list[Violation]] = field(default_factory=dict)
    finished: Any = None


@dataclass
class _Work:
    """One process's share: the functions, and what they have given so far."""

    guard: Guard
    sections: Sections
    collector: Collector
    violations: dict[str, list[Violation]] = field(default_factory=dict)

    def run(self, task: tuple[Any, ...]) -> None:
        kind, *args = task
        if kind == "guard":
            uri, url, html = args
            found = self.guard(html, url)
            if found:
                self.violations[uri] = found
        else:
            self.collector.add(self.sections(*args))

    def results(self) -> Results:
        return Results(self.violations, self.collector.finish())


def _serve(connection: Connection) -> None:
    """The second process: wait for the work, run each task as it comes, then finish, and send the results back."""
    try:
        work = _Work(*connection.recv())
        while (task := connection.recv()) is not None:
            work.run(task)
        connection.send(work.results())
    except EOFError:
        pass  # the build stopped before its end (`PageWork.close`): nobody waits for results
    except BaseException as exc:  # reported in the build, not lost in a child process
        connection.send(exc)
    finally:
        connection.close()


class PageWork:
    """The guard and the search sections of every page of one build, in a second process when `background`.

    `start` says what to do with each page. The collector is given each page's search entries
    in the same process, and finishes once the last page is built, only if the build gets that far.
    """

    def __init__(self, *, background: bool) -> None:
        self._work: _Work | None = None
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            # What exists now is shared with the second process until either writes to it; a garbage
            # collection writes into every object it scans. Frozen, these objects are never scanned
            # again, in either process (the `gc.freeze` recipe for forking: at 5,000 cases, a tenth of the peak).
            gc.collect()
            gc.freeze()
            ours, theirs = context.Pipe()
            self._process = context.Process(target=_serve, args=(theirs,), daemon=True)
            self._process.start()
            theirs.close()
            self._connection = ours

    def start(self, guard: Guard, sections: Sections, collector: Collector) -> None:
        """What to do with each page (before the first): in a second process, these are pickled (see the module)."""
        if self._connection is not None:
            self._connection.send((guard, sections, collector))
        else:
            self._work = _Work(guard, sections, collector)

    def guard(self, uri: str, url: str, html: str) -> None:
        """Check a page's final HTML (the answer comes with `results`)."""
        self._submit(("guard", uri, url, html))

    def sections(self, content: str, url: str, title: str, meta: dict[str, Any]) -> None:
        """Take a page's search sections (they come, in order, with `results`)."""
        self._submit(("sections", content, url, title, meta))

    def _submit(self, task: tuple[Any, ...]) -> None:
        if self._connection is not None:
            self._connection.send(task)
        else:
            assert self._work is not None, "PageWork.start comes first"
            self._work.run(task)

    def results(self) -> Results:
        """Everything, once every page is built: the collector finishes now; the second process ends here."""
        if self._connection is None:
            assert self._work is not None, "PageWork.start comes first"
            return self._work.results()
        self._connection.send(None)
        answer = self._connection.recv()
        self.close()
        if isinstance(answer, BaseException):
            raise answer
        assert isinstance(answer, Results)
        return answer

    def close(self) -> None:
        """Stop the second process, if any (a build that failed before its end)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None
