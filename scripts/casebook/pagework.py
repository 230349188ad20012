"""The work each page needs once MkDocs has rendered it, done beside MkDocs on a second core.

Two jobs read a rendered page and change nothing in it: the output guard
(`casebook.outputguard`) checks the final HTML, and the search index takes the
page's sections. Neither needs MkDocs afterwards, so `PageWork` hands them to a
forked process, which does them while MkDocs renders the next pages. At the end of
the build the same process makes the search index from every page's sections
(`finish`), so those never travel back, and only what `finish` returns and the
guard's findings come back.

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
#: Every page's search entries, in build order → what the build keeps of them (the search index it wrote).
Finish = Callable[[list[dict[str, Any]]], Any]


def no_sections(content: str, url: str, title: str, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """No search entries (search is off, or Material's own index is kept)."""
    return []


def no_index(entries: list[dict[str, Any]]) -> None:
    """No index of Casebook's."""
    return None


@dataclass
class Results:
    """What the build's pages gave: each violating page's violations, and what `finish` made of their search entries."""

    violations: dict[str, list[Violation]] = field(default_factory=dict)
    finished: Any = None


@dataclass
class _Work:
    """One process's share: the functions, and what they have given so far."""

    guard: Guard
    sections: Sections
    finish: Finish
    violations: dict[str, list[Violation]] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def run(self, task: tuple[Any, ...]) -> None:
        kind, *args = task
        if kind == "guard":
            uri, url, html = args
            found = self.guard(html, url)
            if found:
                self.violations[uri] = found
        else:
            self.entries += self.sections(*args)

    def results(self) -> Results:
        entries, self.entries = self.entries, []
        return Results(self.violations, self.finish(entries))


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

    `start` says what to do with each page. `finish` is given every page's search entries
    once the last page is built, in the same process; it runs only if the build gets that far.
    """

    def __init__(self, *, background: bool) -> None:
        self._work: _Work | None = None
        self._connection: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            ours, theirs = context.Pipe()
            self._process = context.Process(target=_serve, args=(theirs,), daemon=True)
            self._process.start()
            theirs.close()
            self._connection = ours

    def start(self, guard: Guard, sections: Sections, finish: Finish) -> None:
        """What to do with each page (before the first): in a second process, these are pickled (see the module)."""
        if self._connection is not None:
            self._connection.send((guard, sections, finish))
        else:
            self._work = _Work(guard, sections, finish)

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
        """Everything, once every page is built: `finish` runs now; the second process ends here."""
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
