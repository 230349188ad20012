"""The fields of a case file, declared once, and the kinds of value they hold.

Each kind is an object in the way MkDocs' `config_options` are: it reads and
validates a YAML node, gives its JSON-Schema fragment, gives the placeholder that
`casebook new` writes, and names the type the `Case` model holds. The loader,
`casebook schema` and `casebook new` only iterate `CASE_FIELDS`; none of them has a
switch on the kind. A test holds `model.Case` to this table.

Adding a field is one row here, one attribute on `Case`, and the template lines
that show it on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .messages import say
from .model import Source
from .nodes import ID_PATTERN, describe, shown
from .translation import Part, read_english

if TYPE_CHECKING:
    from .load import CaseReader

#: The TODO marker `casebook new` leaves in every blank: the check refuses it.
TODO = "TODO"
_TEXT_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S"}
_LINE_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"^[^\n]*\S[^\n]*\n?$"}
# A web address the page can put in a Markdown link as is: no spaces, quotes, angle brackets,
# parentheses or backslashes, which could end the link early and start markup (write them %-encoded).
_URL = re.compile(r"^https?://[^\s/?#<>\"'`()\\]+\.[^\s/?#<>\"'`()\\]+(?:[/?#][^\s<>\"'`()\\]*)?$", re.IGNORECASE)


class FieldKind:
    """The shape of a field's value: how to read it, its schema, its scaffold placeholder and its model type."""

    #: The type `Case` holds for a required field; optional fields add `| None` or an empty default.
    annotation: str = "str"
    #: Whether `casebook new` writes an optional field out with a TODO (an invitation to write),
    #: rather than as a commented example.
    invites: bool = False

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
        if reader.todo(node, field.name):
            return None
        return reader.ident(node, field.name, reader.choices(field))

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        if choices is not None:
            return {"enum": list(choices)}
        return {"type": "string", "pattern": ID_PATTERN.pattern}


class TextKind(FieldKind):
    """One line of plain text; `published=False` for text no page shows, which the content checks leave alone."""

    invites = True

    def __init__(self, *, published: bool = True) -> None:
        self.published = published

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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


class IdListKind(FieldKind):
    """A list of distinct ids."""

    annotation = "tuple[str, ...]"

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f"\n  - {TODO}"

    def empty(self) -> object:
        return ()


class TextListKind(FieldKind):
    """A list of one-line texts."""

    annotation = "tuple[str, ...]"
    invites = True

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
        items = reader.seq(
            node,
            field.name,
            lambda n: reader.safe_text(n, field.name, reader.text(n, field.name, one_line=True)),
            min_items=field.min_items,
        )
        return tuple(items) if items is not None else None

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "array", "items": dict(_LINE_SCHEMA), "minItems": field.min_items}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f"\n  - {TODO}"

    def empty(self) -> object:
        return ()


class MappingKind(FieldKind):
    """Short `key: value` pairs of text."""

    annotation = "tuple[tuple[str, str], ...]"

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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


class DateKind(FieldKind):
    """A calendar date written YYYY-MM-DD."""

    annotation = "dt.date"

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
        return reader.date(node, field.name)

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return f" {TODO}  # YYYY-MM-DD"


class RecordKind(FieldKind):
    """A mapping with named parts, each a field of its own; `build` makes the model's value from the parts."""

    def __init__(self, parts: tuple[Field, ...], build: Callable[[dict[str, Any]], object], annotation: str) -> None:
        self.parts = parts
        self.build = build
        self.annotation = annotation

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
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
    """The English of the case's text fields, under the same names (casebook.translation)."""

    annotation = "Translation"

    def __init__(self, translated: tuple[str, ...]) -> None:
        #: The Chinese fields that have an English, in the order a case file lists them.
        self.translated = translated

    def parts(self, reader: CaseReader | None, field: Field) -> dict[str, Part]:
        """Each English field, read by its Chinese field's kind (named `en.story` in messages)."""

        def reader_of(name: str) -> Callable[[Node, str], Any]:
            original = FIELDS_BY_NAME[name]
            return lambda node, _: original.kind.read(reader, original.within(field), node) if reader is not None else None

        return {name: Part(name, reader_of(name)) for name in self.translated}

    def read(self, reader: CaseReader, field: Field, node: Node) -> object | None:
        return read_english(reader, node, reader.nodes, self.parts(reader, field), say("a case file"), f"casebook translated {reader.path}")

    def schema(self, field: Field, choices: Sequence[str] | None) -> dict[str, Any]:
        properties = {
            name: {"description": FIELDS_BY_NAME[name].description, **FIELDS_BY_NAME[name].kind.schema(FIELDS_BY_NAME[name], None)}
            for name in self.translated
        }
        digests = {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{8}$"}}
        return {"type": "object", "properties": {**properties, "translated_from": digests}, "additionalProperties": False}

    def scaffold(self, field: Field, choices: Sequence[str] | None) -> str:
        return "\n  # title: …  # the English of each text field, under the same name"


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


ID, TEXT, MARKDOWN = IdKind(), TextKind(), MarkdownKind()

SOURCE = RecordKind(
    parts=(
        Field("title", TEXT, True, "文章标题"),
        Field("author", TEXT, False, "作者：仅当文章写明时填写，不要猜"),
        Field("platform", TEXT, False, "发表的平台或刊物"),
        Field("url", UrlKind(), False, "原文链接，http:// 或 https://"),
        Field("section", TEXT, False, "出自文章的哪一部分"),
    ),
    build=lambda values: Source(**values),
    annotation="Source",
)

EXCEPTION = RecordKind(
    parts=(
        # Never shown on a page: the finding it allows is the very text the check would flag here.
        Field("text", TextKind(published=False), True, "允许出现的原文，与检查提示里引号中的内容完全一致"),
        Field("reason", TextKind(published=False), True, "为什么可以公开"),
    ),
    build=lambda values: (values["text"], values["reason"]),
    annotation="tuple[str, str]",
)

#: The case fields that have an English (in the `en:` block, under the same names), in file order.
TRANSLATED = (
    *("title", "summary", "context", "role", "story", "decision", "cause", "response", "countermeasure", "outcome"),
    *("analysis", "takeaways", "discussion", "source"),
)

#: What happened after the decision, in the order a case page (and the handbook) shows it, folded
#: under the decision; each is also its label's key. Nothing of it may be said before the decision.
AFTER_DECISION = ("cause", "response", "countermeasure", "outcome")

CASE_FIELDS: tuple[Field, ...] = (
    Field("id", ID, True, "案例 id：小写英文单词用 - 连接，必须与文件名相同；不要写出教训或答案"),
    Field("title", TEXT, True, "标题：当时的局面，不写教训，也不写答案"),
    Field("summary", TEXT, True, "摘要：一句话说局面，不给答案；出现在列表和搜索结果里"),
    Field("domain", ID, True, "业务领域（业务类型）", vocabulary="domains"),
    Field("stage", ID, True, "问题在成交路径的哪个阶段暴露出来", vocabulary="stages"),
    Field("region", ID, False, "市场/地区", vocabulary="regions"),
    Field("issue_types", IdListKind(), True, "问题类型（至少一个）；只在页面末尾显示", vocabulary="issue_types", min_items=1),
    Field("lessons", IdListKind(), True, "经验教训（至少一个）；只在页面末尾显示", vocabulary="lessons", min_items=1),
    Field("context", MappingKind(), False, "背景：客户类型、规模等，每行一个「键: 值」"),
    Field("role", TEXT, False, "你的角色：「你是……」，读者在决策点的身份和利害；有 decision 时必填"),
    Field("story", MARKDOWN, True, "经过（Markdown）：按文章讲发生了什么；有决策点时，写到需要做决定的那一刻为止"),
    Field("decision", MARKDOWN, False, "决策点（Markdown）：做决定那一刻的局面，以问题结尾，不给答案"),
    Field("cause", MARKDOWN, False, "原因（Markdown）：文章给出的原因"),
    Field("response", MARKDOWN, False, "当时的处理（Markdown）：文章里的人当时怎么应对"),
    Field("countermeasure", MARKDOWN, False, "防止再发（Markdown）：文章说怎样避免再次发生"),
    Field("outcome", MARKDOWN, False, "结果（Markdown）：文章给出的后果"),
    Field("analysis", MARKDOWN, False, "编者分析（Markdown）：编者的推断和建议，即文章没有说的一切"),
    Field("takeaways", TextListKind(), False, "编者要点：每条一句话"),
    Field("discussion", TextListKind(), False, "讨论题：新人能回答的问题，不透露决策点之后的事；只写与本案具体相关的公司流程问题"),
    Field("related", IdListKind(), False, "相关案例的 id", vocabulary="cases"),
    Field(
        "moved_from",
        IdListKind(),
        False,
        "改名前的 id：给案例改名（换文件名和 id）时，把旧 id 写在这里，每行一个；旧网址会跳转到新页面，写旧 id 的 [[链接]] 也仍然有效",
    ),
    Field("source", SOURCE, True, "出处：文章标题（必填）、作者、平台、链接、出自哪一部分"),
    Field("reviewed", DateKind(), False, "最近一次审阅日期，YYYY-MM-DD；超过两年未审阅会被提示"),
    Field("contributors", TextListKind(), False, "贡献者：写这个案例的人的真实姓名或常用署名，每行一个；显示在案例页上"),
    Field(
        "confidentiality_exceptions",
        RecordListKind(EXCEPTION, "tuple[tuple[str, str], ...]"),
        False,
        "保密检查例外：每条写明允许的原文（text）和理由（reason），只放行这一处",
    ),
    Field(
        "en",
        TranslationKind(TRANSLATED),
        False,
        "英文版：与中文同名的字段（title、summary、story……），写好后运行 casebook translated 记下它译自哪版中文",
    ),
)

FIELDS_BY_NAME = {f.name: f for f in CASE_FIELDS}


def markdown_fields(table: tuple[Field, ...]) -> tuple[str, ...]:
    """The Markdown fields of a table: they may hold `[[case-id]]` references, which the pages resolve."""
    return tuple(f.name for f in table if isinstance(f.kind, MarkdownKind))


MARKDOWN_FIELDS = markdown_fields(CASE_FIELDS)
