"""`casebook check`: load the library, then run the editorial rules on it; every front end calls this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from casebook.check.editorial import editorial_notices, quote_notices, read_newcomer_path
from casebook.check.page_links import broken_case_links
from casebook.check.spoilers import outcome_leaks
from casebook.check.thesaurus_use import unused_groups
from casebook.derive.editions import EN as EN_EDITION
from casebook.derive.sitemap import HOME
from casebook.model import Library
from casebook.model.files import TAXONOMY_DIR, case_files, read_texts
from casebook.model.loader import CheckResult, load_cases
from casebook.model.readcache import ReadCache
from casebook.source.diagnostics import CasebookError, Severity


def check_library(root: Path, today: dt.date | None = None, cache: ReadCache | None = None, workers: int = 1) -> CheckResult:
    """What `casebook check` reports for the project at `root`: the loaded library (`load_cases`), then the editorial rules.

    The rules need the whole valid library and the hand-written pages it will sit beside: the
    newcomer path names its cases, no hand-written page may give an outcome away, quotes take
    corner brackets. `cache` and `workers` are `load_cases`'.
    """
    loaded = load_cases(root, today, cache, workers)
    path_text, problems = read_newcomer_path(root)
    diagnostics = [*loaded.diagnostics, *problems]
    library = loaded.library
    if library is None or any(d.severity is Severity.ERROR for d in problems):
        return CheckResult(None, tuple(sorted(diagnostics)))
    diagnostics.extend(editorial_notices(path_text, library, english=(root / "docs" / EN_EDITION.uri(HOME)).is_file()))
    hand_written = dict(
        read_texts(root, [*sorted((root / "docs").glob("*.md")), *sorted((root / "docs" / EN_EDITION.prefix).glob("*.md"))])
    )
    broken = broken_case_links(library, hand_written)
    if broken:
        # A page the build would publish with a dead link: the library is not ready, as with any error.
        return CheckResult(None, tuple(sorted([*diagnostics, *broken])))
    diagnostics.extend(outcome_leaks(library, hand_written))
    diagnostics.extend(unused_groups(library))
    diagnostics.extend(quote_notices(read_texts(root, [*case_files(root), *sorted((root / TAXONOMY_DIR).glob("*.yml"))])))
    return CheckResult(library, tuple(sorted(diagnostics)))


def load_library(root: Path) -> Library:
    """The valid library under `root`, or `CasebookError` listing every error."""
    result = check_library(root)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    return result.library
