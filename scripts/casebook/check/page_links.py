"""A hand-written page (docs/) that links to a case links to one that exists, under its current id.

The newcomer path, the home page and the playbook link case pages as `cases/<id>.md`. A case
removed, or renamed with its old id still written there, leaves a link MkDocs cannot resolve,
and the strict build fails with a message that names the page but not the line. The check
says where, and what the id is now.
"""

from __future__ import annotations

from collections.abc import Mapping

from casebook.check.editorial import CASE_LINK
from casebook.derive.sitemap import CASES_INDEX
from casebook.model import Library
from casebook.source.diagnostics import Diagnostic, Loc, did_you_mean
from casebook.source.messages import say


def broken_case_links(library: Library, pages: Mapping[str, str]) -> list[Diagnostic]:
    """An error at each `cases/<id>.md` link in `pages` (display path → text) whose id names no case."""
    ids = {case.id for case in library.cases}
    problems = []
    for path, text in pages.items():
        for number, line in enumerate(text.splitlines(), start=1):
            for match in CASE_LINK.finditer(line):
                case_id = match.group(1)
                if case_id in ids or f"cases/{case_id}.md" == CASES_INDEX:
                    continue
                loc = Loc(path, number, match.start(1) + 1)
                if case_id in library.renamed:
                    new = library.renamed[case_id]
                    message = say("'{old}' is the old id of '{new}': link cases/{new}.md", old=case_id, new=new)
                else:
                    message = say("link to unknown case 'cases/{id}.md'{hint}", id=case_id, hint=did_you_mean(case_id, ids))
                problems.append(Diagnostic(loc, message))
    return problems
