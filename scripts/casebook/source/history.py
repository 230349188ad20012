"""When each case file last changed, and who wrote it, from one `git log` for all cases."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class FileHistory:
    """The git history of one case file."""

    last_updated: dt.date
    #: Distinct commit authors, in order of their first commit to the file.
    authors: tuple[str, ...]


def parse_log(output: str) -> dict[str, FileHistory]:
    """Parse `git log --format=<RS>%aI<US>%an --name-only` output, newest commit first."""
    dates: dict[str, dt.date] = {}
    authors: dict[str, list[str]] = {}
    for record in filter(None, output.split(_RECORD)):
        header, _, names = record.partition("\n")
        stamp, _, author = header.partition(_FIELD)
        date = dt.datetime.fromisoformat(stamp.strip()).date()
        for name in filter(None, (n.strip() for n in names.splitlines())):
            dates.setdefault(name, date)  # the first record seen is the newest
            authors.setdefault(name, []).append(author.strip())
    return {name: FileHistory(dates[name], tuple(dict.fromkeys(reversed(authors[name])))) for name in dates}


def case_histories(root: Path) -> dict[str, FileHistory]:
    """History per case file (`cases/<id>.yml`); empty when `root` is not a git checkout.

    One process for the whole library, never one per file: a library of
    thousands of cases must not start thousands of processes.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", f"--format={_RECORD}%aI{_FIELD}%an", "--name-only", "--", ":(glob)cases/*.yml"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout)
