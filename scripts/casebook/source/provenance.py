"""Close copying from the source articles: runs of Chinese characters shared with them.

The editorial rule: a case says what an article says in its own words. A short
phrase may be quoted, inside 「」 (or 『』, “”); the `source` record may name the
article. Anywhere else, a run of `RUN` or more Han characters that also occurs
in an article is reported at its line and column.

Only Han characters count. Spaces, digits, Latin letters and punctuation are
skipped on both sides, so swapping a comma or a digit does not hide a copy.
The check is linear: the articles become a set of `RUN`-character shingles,
and each file is scanned once with a sliding window.

Pure: no MkDocs, no file system access beyond what the caller passes in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from casebook.source.diagnostics import Diagnostic, Loc, Severity
from casebook.source.messages import say

#: The shortest shared run that is reported.
RUN = 12

#: Opening quotation mark -> its closing mark. Text between them is a quotation.
QUOTES = {"「": "」", "『": "』", "“": "”"}

#: A top-level YAML key, e.g. `story: |` or `source:`.
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:")


def is_han(ch: str) -> bool:
    """A CJK ideograph (the unified block and extension A, plus compatibility ideographs)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def han_text(text: str) -> str:
    """The Han characters of `text`, in order, everything else dropped."""
    return "".join(ch for ch in text if is_han(ch))


def shingles(texts: Iterable[str], size: int = RUN) -> frozenset[str]:
    """Every run of `size` consecutive Han characters in any of `texts`."""
    found: set[str] = set()
    for text in texts:
        han = han_text(text)
        found.update(han[i : i + size] for i in range(len(han) - size + 1))
    return frozenset(found)


@dataclass(frozen=True)
class _Char:
    ch: str
    line: int
    col: int


def _segments(text: str, *, yaml: bool) -> Iterator[list[_Char]]:
    """Stretches of Han characters that count: outside quotations (and, in YAML, outside `source`).

    A stretch ends at a quotation, at a new top-level YAML key and at a blank
    line; an unclosed quotation ends at the end of its line.
    """
    current: list[_Char] = []
    in_source = False
    for number, line in enumerate(text.splitlines(), start=1):
        if yaml:
            key = _TOP_KEY.match(line)
            if key:
                in_source = key.group(1) == "source"
                if current:
                    yield current
                    current = []
            if in_source:
                continue
        if not line.strip() and current:
            yield current
            current = []
        closing: str | None = None
        for col, ch in enumerate(line, start=1):
            if closing is not None:
                if ch == closing:
                    closing = None
                continue
            if ch in QUOTES:
                closing = QUOTES[ch]
                if current:
                    yield current
                    current = []
            elif is_han(ch):
                current.append(_Char(ch, number, col))
    if current:
        yield current


def shared_runs(path: str, text: str, articles: frozenset[str], *, yaml: bool = True) -> list[Diagnostic]:
    """One error per maximal run of `RUN`+ Han characters of `text` that the articles also hold."""
    problems: list[Diagnostic] = []
    for segment in _segments(text, yaml=yaml):
        chars = "".join(c.ch for c in segment)
        start = end = -1  # the current reported stretch is chars[start:end]
        for i in range(len(chars) - RUN + 1):
            if chars[i : i + RUN] not in articles:
                continue
            if start >= 0 and i <= end:
                end = i + RUN
                continue
            if start >= 0:
                problems.append(_report(path, segment, start, end))
            start, end = i, i + RUN
        if start >= 0:
            problems.append(_report(path, segment, start, end))
    return problems


def _report(path: str, segment: list[_Char], start: int, end: int) -> Diagnostic:
    first = segment[start]
    run = "".join(c.ch for c in segment[start:end])
    return Diagnostic(
        Loc(path, first.line, first.col),
        say(
            "{count} Chinese characters copied from a source article: '{run}'; say it in your own words, or quote a short phrase in 「」",
            count=end - start,
            run=run,
        ),
        Severity.ERROR,
    )
