"""Editorial rules that concern the library as a whole, as `casebook check` notices.

They say what an editor should look at, never what makes a case invalid: a new,
valid case is never an error (or a failing test) for not being on the newcomer path yet.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Diagnostic, Loc, Severity
from .messages import say
from .model import Library
from .sitemap import NEWCOMERS

#: The newcomer path, relative to the project root.
NEWCOMERS_SOURCE = f"docs/{NEWCOMERS}"
#: A Markdown link to a case page, as a hand-written page under docs/ writes it.
CASE_LINK = re.compile(r"\]\((?:\./)?cases/([a-z0-9-]+)\.md(?:#[^)]*)?\)")
_QUESTION = ("？", "?")


def linked_cases(markdown: str) -> list[str]:
    """The case ids a hand-written page links to, in order of first mention."""
    return list(dict.fromkeys(CASE_LINK.findall(markdown)))


def editorial_notices(root: Path, library: Library) -> list[Diagnostic]:
    """Notices for an editor: cases the newcomer path does not link, decisions that ask no question."""
    notices = []
    path = root / NEWCOMERS_SOURCE
    if path.is_file():
        linked = set(linked_cases(path.read_text(encoding="utf-8", errors="replace")))
        for case in library.cases:
            if case.id not in linked:
                message = say(
                    "not on the newcomer path ({path}): link it from a step if every newcomer should read it", path=NEWCOMERS_SOURCE
                )
                notices.append(Diagnostic(case.locs.get("id", Loc(f"cases/{case.id}.yml")), message, Severity.NOTICE))
    for case in library.cases:
        if case.decision and not case.decision.rstrip().endswith(_QUESTION):
            message = say("'decision' should end in the question the reader answers (？)")
            notices.append(Diagnostic(case.locs["decision"], message, Severity.NOTICE))
    return notices
