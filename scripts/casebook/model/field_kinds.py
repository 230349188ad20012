"""The kinds of value a case field holds, and `Field`, one row of the table in `casebook.model.fields`.

Each kind is an object in the way MkDocs' `config_options` are: it reads and
validates a YAML node, gives its JSON-Schema fragment, gives the placeholder that
`casebook new` writes, and names the type the `Case` model holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node, SequenceNode

from casebook.source.diagnostics import Loc
from casebook.source.messages import say
from casebook.source.nodes import ID_PATTERN, NodeReader, shown

#: The TODO marker `casebook new` leaves in every blank: the check refuses it.
TODO = "TODO"
_TEXT_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
_LINE_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"^[^\n]*\S[^\n]*\n?$"}


# A web address the page can put in a Markdown link as is: no spaces, quotes, angle brackets,
# parentheses or backslashes, which could end the link early and start markup (write them %-encoded).
_URL = re.compile(r"^https?://[^\s/?#<>\"'`()\\]+\.[^\s/?#<>\"'`()\\]+(?:[/?#][^\s<>\"'`()\\]*)?$", re.IGNORECASE)


class FieldReader(NodeReader):
    """What a field kind asks of the reader of a case file, besides reading nodes (`casebook.model.reader.CaseReader`).

    Declared here, with the kinds, so that the kinds need not know the loader that drives them.
    """

    #: Each field's place, by field name (`source.title`, `discussion[2]`), for later messages.
    locs: dict[str, Loc]
    #: Every field's node, collected before any is read: the English is checked against the Chinese.
    nodes: dict[str, Node]

    def choices(self, field: Field) -> Callable[[], list[str]] | None:
        """The ids a field may name, or None when any well-formed id will do (for now)."""
        raise NotImplementedError

    def todo(self, node: Node, field: str) -> bool:
        """Whether a choice still holds the TODO that `casebook new` left there (and say so)."""
        raise NotImplementedError

    def safe_text(self, node: Node, field: str, text: str | None) -> str | None:
        """Refuse markup that would reach a reader's browser in executable form."""
        raise NotImplementedError

    def collect_refs(self, node: Node, field: str, text: str) -> None:
        """Keep each `[[case-id]]` of a Markdown field, located, to be checked once every file is read."""
        raise NotImplementedError


class FieldKind:
    """The shape of a field's value: how to read it, its schema, its scaffold placeholder and its model type."""

    #: The type `Case` holds for a required field; optional fields add `| None` or an empty default.
    annotation: str = "str"
    #: Whether `casebook new` writes an optional field out with a TODO (an invitation to write),
    #: rather than as a commented example.
    invites: bool = False

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        """The value of `node`, or None after recording an error on `reader`."""
        raise NotImplementedError

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        """The JSON-Schema fragment of a value (without the description)."""
        raise NotImplementedError

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        """The YAML that `casebook new` writes after `name:`; it always holds a TODO, so an untouched file fails."""
        return f" {TODO}"

    def empty(self) -> object:
        """The model's value when an optional field is absent."""
        return None


class IdKind(FieldKind):
    """One id, optionally from a vocabulary."""

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        if reader.todo(node, field.name):
            return None
        return reader.ident(node, field.name, reader.choices(field))

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        if choices is not None:
            return {"enum": list(choices)}
        return {"type": "string", "pattern": ID_PATTERN.pattern}


class ChoiceKind(FieldKind):
    """One of a few fixed words that the code itself acts on (not a vocabulary a contributor extends)."""

    annotation = "str"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        return reader.ident(node, field.name, lambda: list(self.choices))

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"enum": list(self.choices)}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f" {self.choices[0]}"


class TextKind(FieldKind):
    """One line of plain text; `published=False` for text no page shows, which the content checks leave alone."""

    invites = True

    def __init__(self, *, published: bool = True) -> None:
        self.published = published

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        # Unpublished text (a confidentiality exception) names the very finding it allows: not linted.
        text = reader.text(node, field.name, one_line=True, lint=self.published)
        if not self.published:
            return None if text is not None and reader.todo(node, field.name) else text
        return reader.safe_text(node, field.name, text)

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return dict(_LINE_SCHEMA)


class MarkdownKind(FieldKind):
    """Markdown, may span lines, may hold `[[case-id]]` references."""

    invites = True

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        text = reader.safe_text(node, field.name, reader.text(node, field.name))
        if text is not None:
            reader.collect_refs(node, field.name, text)
        return text

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return dict(_TEXT_SCHEMA)

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f" |\n  {TODO}"


class UrlKind(FieldKind):
    """One http or https address."""

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        value = reader.text(node, field.name, one_line=True)
        if value is None:
            return None
        if not _URL.match(value):
            reader.error(
                node,
                say(
                    "'{field}' must be a web address starting with http:// or https://, not '{value}'"
                    " (spaces, quotes, <, >, ( and ) must be %-encoded)",
                    field=field.name,
                    value=shown(value),
                ),
            )
            return None
        return value

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "string", "format": "uri", "pattern": _URL.pattern}


class ListKind(FieldKind):
    """A list: `casebook new` writes one TODO item, and an absent list is empty."""

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f"\n  - {TODO}"

    def empty(self) -> object:
        return ()


class IdListKind(ListKind):
    """A list of distinct ids."""

    annotation = "tuple[str, ...]"

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        if reader.todo(node, field.name):
            return None
        values = reader.unique_ids(node, field.name, reader.choices(field), min_items=field.min_items)
        if values is None:
            return None
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                reader.locs[f"{field.name}[{i}]"] = reader.loc(item)
        return tuple(values)

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        item = IdKind().schema(field, choices)
        return {"type": "array", "items": item, "uniqueItems": True, "minItems": field.min_items}


class TextListKind(ListKind):
    """A list of one-line texts."""

    annotation = "tuple[str, ...]"
    invites = True

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        items = reader.seq(
            node,
            field.name,
            lambda n: reader.safe_text(n, field.name, reader.text(n, field.name, one_line=True)),
            min_items=field.min_items,
        )
        return tuple(items) if items is not None else None

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "array", "items": dict(_LINE_SCHEMA), "minItems": field.min_items}


class DateKind(FieldKind):
    """A calendar date written YYYY-MM-DD."""

    annotation = "dt.date"

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        return reader.date(node, field.name)

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f" {TODO}  # YYYY-MM-DD"


@dataclass(frozen=True)
class Field:
    """One field of a case file."""

    name: str
    kind: FieldKind
    required: bool
    #: What the field means, in Chinese: shown in the schema and in `casebook new`.
    description: str
    #: The Taxonomy attribute whose ids are allowed, or "cases" for case ids.
    vocabulary: str | None = None
    min_items: int = 0

    def within(self, record: Field) -> Field:
        """The part of a record, named as a contributor would point at it: `source.url`."""
        return Field(f"{record.name}.{self.name}", self.kind, self.required, self.description)

    @property
    def annotation(self) -> str:
        """The type `Case` declares for this field."""
        annotation = self.kind.annotation
        if self.required or self.kind.empty() is not None:
            return annotation
        return f"{annotation} | None"
