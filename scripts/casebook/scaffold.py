"""`casebook new`: start a case file from a commented template, never overwriting anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from .diagnostics import did_you_mean
from .fields import FIELDS_BY_NAME
from .model import Library, Term
from .nodes import ID_PATTERN
from .render import render_template


class ScaffoldError(Exception):
    """The id is invalid or taken."""


def validate_new_id(case_id: str, cases_dir: Path) -> Path:
    """The path for a new case, or `ScaffoldError` if the id is invalid or already used."""
    if not ID_PATTERN.match(case_id):
        raise ScaffoldError(
            f"'{case_id}' is not a valid case id: use lower-case letters, digits and single '-' (e.g. late-parts-airfreight)"
        )
    path = cases_dir / f"{case_id}.yml"
    if path.exists():
        raise ScaffoldError(f"cases/{case_id}.yml already exists; choose another id or edit that file")
    return path


def render_new_case(
    case_id: str,
    library: Library,
    today: dt.date,
    *,
    title: str = "TODO 标题",
    issue_types: Sequence[str] = (),
    lessons: Sequence[str] = (),
) -> str:
    """The text of a new case file; examples come from the taxonomy, never from code."""
    taxonomy = library.taxonomy
    return render_template(
        "new_case.yml.j2",
        fields=FIELDS_BY_NAME,
        case_id=case_id,
        title=title,
        domains=taxonomy.domains.ids(),
        stages=taxonomy.stages.ids(),
        regions=taxonomy.regions.ids(),
        domain=taxonomy.domains.ids()[0],
        stage=taxonomy.stages.ids()[0],
        region=taxonomy.regions.ids()[0],
        issue_types=list(issue_types) or taxonomy.issue_types.ids()[:1],
        lessons=list(lessons) or taxonomy.lessons.ids()[:1],
        example_case=library.cases[0].id if library.cases else "other-case-id",
        today=today.isoformat(),
    )


def write_new_case(path: Path, text: str) -> None:
    """Create the file; mode 'x' makes the no-overwrite promise hold even against a race."""
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)


def pick(terms: Sequence[Term], ask: Callable[[str], str], say: Callable[[str], None], what: str) -> list[str]:
    """Let the user choose terms from a numbered list, by number or id, comma-separated."""
    for number, term in enumerate(terms, 1):
        say(f"  {number:>2}. {term.name} ({term.id})")
    ids = [t.id for t in terms]
    while True:
        answer = ask(f"{what}（输入编号或 id，用逗号分隔）: ").replace("，", ",")
        chosen: list[str] = []
        problems = []
        for token in filter(None, (t.strip() for t in answer.split(","))):
            if token.isdigit() and 1 <= int(token) <= len(terms):
                chosen.append(ids[int(token) - 1])
            elif token in ids:
                chosen.append(token)
            else:
                problems.append(f"'{token}' 不在列表里{did_you_mean(token, ids)}")
        if chosen and not problems:
            return list(dict.fromkeys(chosen))
        say("；".join(problems) or "至少选一个")
