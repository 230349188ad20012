"""The work each page needs once MkDocs has rendered it, done beside MkDocs on a second core.

Two jobs read a rendered page and change nothing in it: the output guard
(`casebook.outputguard`) checks the final HTML, and the search index takes the
page's sections. Neither needs MkDocs afterwards, so `PageWork` hands them to a
forked process, which does them while MkDocs renders the next pages; the results
come back once, at the end of the build. Where a second process cannot be used
(`background=False`: `mkdocs serve`, whose server threads make forking unsafe,
or a system without `fork`), the same functions run in this process, in the same order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .outputguard import Violation

#: (page URI, page URL, final HTML) → what breaks the output invariant.
Guard = Callable[[str, str], list[Violation]]
#: (page content, page URL, page title, page front matter) → the page's search entries.
Sections = Callable[[str, str, str, dict[str, Any]], list[dict[str, Any]]]


@dataclass
class Results:
    """What the build's pages gave: each violating page's violations, and every page's search entries in build order."""

    violations: dict[str, list[Violation]] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)


def _run(task: tuple[Any, ...], guard: Guard, sections: Sections, results: Results) -> None:
    kind, *args = task
    if kind == "guard":
        uri, url, html = args
        found = guard(html, url)
        if found:
            results.violations[uri] = found
    else:
        results.entries += sections(*args)


def _serve(connection: Connection, guard: Guard, sections: Sections) -> None:
    """The second process: run each task as it comes, send every result back when asked."""
    results = Results()
    try:
        while (task := connection.recv()) is not None:
            _run(task, guard, sections, results)
        connection.send(results)
    except BaseException as exc:  # reported in the build, not lost in a child process
        connection.send(exc)
    finally:
        connection.close()


class PageWork:
    """The guard and the search sections of every page of one build, in a second process when `background`."""

    def __init__(self, guard: Guard, sections: Sections, *, background: bool) -> None:
        self._guard, self._sections = guard, sections
        self._results = Results()
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            ours, theirs = context.Pipe()
            # Forked, not spawned: the child has the theme's policy and Material's parser as they are now.
            self._process = context.Process(target=_serve, args=(theirs, guard, sections), daemon=True)
            self._process.start()
            theirs.close()
            self._connection = ours

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
            _run(task, self._guard, self._sections, self._results)

    def results(self) -> Results:
        """Everything, once every page is built; the second process ends here."""
        if self._connection is None:
            return self._results
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
