"""The field kinds whose value is made of other fields: pairs, records, lists of records, the English."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.model.field_kinds import TODO, Field, FieldKind, FieldReader
from casebook.model.translation import Part, read_english
from casebook.source.messages import say
from casebook.source.nodes import describe


class MappingKind(FieldKind):
    """Short `key: value` pairs of text."""

    annotation = "tuple[tuple[str, str], ...]"

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        pairs = reader.mapping(node, field.name)
        if pairs is not None and isinstance(node, MappingNode):
            # Check key and value each at its own node, so an error points at the right one. Walk the
            # nodes, not `pairs`: a repeated or non-text key is reported and left out of `pairs`.
            for key_node, value_node in node.value:
                for part in (key_node, value_node):
                    if isinstance(part, ScalarNode) and isinstance(part.value, str):
                        reader.safe_text(part, field.name, part.value)
        return tuple(pairs) if pairs is not None else None

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f"\n  {TODO}: {TODO}"

    def empty(self) -> object:
        return ()


class RecordKind(FieldKind):
    """A mapping with named parts, each a field of its own; `build` makes the model's value from the parts."""

    def __init__(self, parts: tuple[Field, ...], build: Callable[[dict[str, Any]], object], annotation: str) -> None:
        self.parts = parts
        self.build = build
        self.annotation = annotation

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        names = ", ".join(p.name for p in self.parts)
        if not isinstance(node, MappingNode):
            reader.error(
                node,
                say(
                    "'{field}' must be a mapping of 'key: value' lines ({names}), got {got}",
                    field=field.name,
                    names=names,
                    got=describe(node),
                ),
            )
            return None
        values: dict[str, Any] = {}
        ok = True
        by_name = {p.name: p for p in self.parts}
        for key, key_node, value_node in reader.items(node, f"'{field.name}'"):
            part = by_name.get(key)
            if part is None:
                reader.unknown_key(key_node, list(by_name), f"'{field.name}'")
                ok = False
                continue
            value = part.kind.read(reader, part.within(field), value_node)
            ok = ok and value is not None
            values[key] = value
        for part in self.parts:
            if part.required and part.name not in values:
                reader.error(
                    node,
                    say("'{field}' is missing '{part}' ({description})", field=field.name, part=part.name, description=part.description),
                )
                ok = False
        return self.build(values) if ok else None

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {
            "type": "object",
            "required": [p.name for p in self.parts if p.required],
            "properties": {p.name: {"description": p.description, **p.kind.schema(p, None)} for p in self.parts},
            "additionalProperties": False,
        }

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        lines = []
        for part in self.parts:
            value = part.kind.scaffold(part, None)
            if part.required:
                lines.append(f"  {part.name}:{value}")
            else:
                lines.append(f"  # {part.name}:{value}  # {part.description}")
        return "\n" + "\n".join(lines)


class RecordListKind(FieldKind):
    """A list of records of one shape."""

    def __init__(self, record: RecordKind, annotation: str) -> None:
        self.record = record
        self.annotation = annotation

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        items = reader.seq(node, field.name, lambda n: self.record.read(reader, field, n), min_items=field.min_items)
        if items is not None and isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                reader.locs[f"{field.name}[{i}]"] = reader.loc(item)
        return tuple(items) if items is not None else None

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "array", "items": self.record.schema(field, None), "minItems": field.min_items}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        parts = [f"{p.name}:{p.kind.scaffold(p, None)}" for p in self.record.parts if p.required]
        return "\n  - " + "\n    ".join(parts)

    def empty(self) -> object:
        return ()


class TranslationKind(FieldKind):
    """The English of the case's text fields, under the same names (casebook.model.translation)."""

    annotation = "Translation"

    def __init__(self, originals: tuple[Field, ...]) -> None:
        #: The Chinese fields that have an English, in the order a case file lists them.
        self.translated = tuple(f.name for f in originals)
        self._originals = {f.name: f for f in originals}

    def parts(self, reader: FieldReader | None, field: Field) -> dict[str, Part]:
        """Each English field, read by its Chinese field's kind (named `en.story` in messages)."""

        def reader_of(name: str) -> Callable[[Node, str], Any]:
            original = self._originals[name]
            return lambda node, _: original.kind.read(reader, original.within(field), node) if reader is not None else None

        return {name: Part(name, reader_of(name)) for name in self.translated}

    def read(self, reader: FieldReader, field: Field, node: Node) -> object | None:
        return read_english(reader, node, reader.nodes, self.parts(reader, field), say("a case file"), f"casebook translated {reader.path}")

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        properties = {
            name: {"description": self._originals[name].description, **self._originals[name].kind.schema(self._originals[name], None)}
            for name in self.translated
        }
        digests = {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{8}$"}}
        return {"type": "object", "properties": {**properties, "translated_from": digests}, "additionalProperties": False}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return "\n  # title: …  # the English of each text field, under the same name"
