"""`casebook new`: start a case file from a commented template, never overwriting anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from casebook.model import Library, Taxonomy, Term
from casebook.model.field_kinds import Field
from casebook.model.fields import CASE_FIELDS
from casebook.render.templating import render_template, yaml_string
from casebook.source.diagnostics import did_you_mean
from casebook.source.messages import say
from casebook.source.nodes import ID_PATTERN


class ScaffoldError(Exception):
    """The id is invalid or taken."""


def validate_new_id(case_id: str, cases_dir: Path) -> Path:
    """The path for a new case, or `ScaffoldError` if the id is invalid or already used."""
    if not ID_PATTERN.match(case_id):
        raise ScaffoldError(
            say("'{id}' is not a valid case id: use lower-case letters, digits and single '-' (e.g. late-parts-airfreight)", id=case_id)
        )
    path = cases_dir / f"{case_id}.yml"
    if path.exists():
        raise ScaffoldError(say("cases/{id}.yml already exists; choose another id or edit that file", id=case_id))
    return path


@dataclass(frozen=True)
class ScaffoldField:
    """One field as `casebook new` writes it: the comment above it and its YAML lines."""

    comment: str
    yaml: str


def _scaffold_field(field: Field, taxonomy: Taxonomy, given: Mapping[str, str]) -> ScaffoldField:
    choices = None
    if field.vocabulary is not None and field.vocabulary != "cases":
        choices = getattr(taxonomy, field.vocabulary).ids()
    comment = field.description
    if choices is not None:
        comment += "，可选：" + "、".join(choices)
    if not field.required:
        comment += "（可不填）"
    value = given.get(field.name, field.kind.scaffold(field, choices))
    yaml = f"{field.name}:{value}"
    if not field.required and not field.kind.invites and field.name not in given:
        # An optional choice is shown as a commented example: left alone it says nothing, and
        # uncommented as it stands it still fails the check on its TODO.
        yaml = "\n".join(f"# {line}" for line in yaml.splitlines())
    return ScaffoldField(comment, yaml)


def render_new_case(
    case_id: str,
    library: Library,
    *,
    title: str | None = None,
    issue_types: Sequence[str] = (),
    lessons: Sequence[str] = (),
) -> str:
    """The text of a new case file: one commented entry per field of the table, every choice a TODO."""
    given = {"id": f" {case_id}"}
    if title:
        given["title"] = f" {yaml_string(title)}"
    for name, ids in (("issue_types", issue_types), ("lessons", lessons)):
        if ids:
            given[name] = "".join(f"\n  - {i}" for i in ids)
    entries = [_scaffold_field(f, library.taxonomy, given) for f in CASE_FIELDS]
    example_case = library.cases[0].id if library.cases else "other-case-id"
    return render_template("new_case.yml.j2", fields=entries, example_case=example_case)


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
