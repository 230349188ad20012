"""Located diagnostics: every problem Casebook reports names a file, a line and a column."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from casebook.source.messages import say

# Control, bidi and zero-width characters: a file name or a quoted value can carry them, and a
# terminal or a CI log would obey them (set the title, hide text, start a workflow command).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def printable(text: str) -> str:
    """`text` with every control, bidi or zero-width character shown as a backslash escape (x1b, u202e)."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Loc:
    """A position in a source file. `path` is a `/`-separated path as the user typed it."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.col}"


class Severity(Enum):
    """How bad a diagnostic is. Only errors fail a check or a build."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place in one file."""

    loc: Loc
    message: str
    severity: Severity = Severity.ERROR
    #: The exact text a content finding is about ('' for others): what a reviewer's exception names.
    subject: str = field(default="", compare=False)
    #: The gate that may turn this notice into an error ('' for none): `casebook check --translations`
    #: makes the `TRANSLATION` ones errors, e.g. before a release.
    gate: str = field(default="", compare=False)

    def as_error(self) -> Diagnostic:
        """The same diagnostic, as an error (a stricter gate than the default asked for it)."""
        return Diagnostic(self.loc, self.message, Severity.ERROR, self.subject, self.gate)

    def __str__(self) -> str:
        return f"{self.loc}: {self.severity.value}: {printable(self.message)}"


#: The gate of missing and stale English: notices for a contributor, errors for a release.
TRANSLATION = "translation"
#: The editor's checklist for a case that teaches (casebook.check.editorial.teaching_notices): always notices.
TEACHING = "teaching"


class CasebookError(Exception):
    """Raised once, after every error has been collected, when the library is invalid."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(sorted(diagnostics))
        super().__init__(self.report())

    def __reduce__(self) -> tuple[type[CasebookError], tuple[tuple[Diagnostic, ...]]]:
        # Pickled by its diagnostics, not by its message (casebook.site.apart sends it between processes).
        return type(self), (self.diagnostics,)

    def report(self) -> str:
        """All diagnostics, one per line, followed by a count."""
        lines = [str(d) for d in self.diagnostics]
        errors = sum(d.severity is Severity.ERROR for d in self.diagnostics)
        lines.append(say("{count} error{plural} in case files", count=errors, plural="s" if errors != 1 else ""))
        return "\n".join(lines)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean …?)' suffix naming the closest candidates, or '' when none is close.

    A candidate that starts with the word also counts as close, because a
    contributor who types a prefix (`ask`) usually means the longer id (`ask-why`).
    """
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(word, pool, n=3, cutoff=0.6)
    if not close and word:
        close = [c for c in pool if c.startswith(word)][:3]
    if not close:
        return ""
    return say(" (did you mean {options}?)", options=say(" or ").join(f"'{c}'" for c in close))
