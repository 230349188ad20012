"""The fields of a case file, declared once.

The loader validates against this table, the JSON Schema is generated from it,
and `casebook new` explains each field from it. Add a field here and all three follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """The shape of a field's value."""

    ID = "id"  # one id, optionally from a vocabulary
    TEXT = "text"  # one line of plain text
    MARKDOWN = "markdown"  # Markdown, may span lines, may hold [[case-id]] references
    ID_LIST = "id-list"  # a list of distinct ids
    TEXT_LIST = "text-list"  # a list of one-line texts
    MAPPING = "mapping"  # short key: value pairs
    DATE = "date"  # YYYY-MM-DD
    EXCEPTIONS = "exceptions"  # a list of {text, reason}: confidentiality findings a reviewer allowed


@dataclass(frozen=True)
class Field:
    """One field of a case file."""

    name: str
    kind: Kind
    required: bool
    #: What the field means, in Chinese: shown in the schema and in `casebook new`.
    description: str
    #: The Taxonomy attribute whose ids are allowed, or "cases" for case ids.
    vocabulary: str | None = None
    min_items: int = 0


CASE_FIELDS: tuple[Field, ...] = (
    Field("id", Kind.ID, True, "案例 id：小写英文单词用 - 连接，必须与文件名相同"),
    Field("title", Kind.TEXT, True, "标题：一句话说清发生了什么"),
    Field("summary", Kind.TEXT, True, "摘要：一句话，出现在列表和搜索结果里"),
    Field("domain", Kind.ID, True, "业务领域", vocabulary="domains"),
    Field("stage", Kind.ID, True, "问题出在成交路径的哪个阶段", vocabulary="stages"),
    Field("region", Kind.ID, False, "地区", vocabulary="regions"),
    Field("issue_types", Kind.ID_LIST, True, "问题类型（至少一个）", vocabulary="issue_types", min_items=1),
    Field("lessons", Kind.ID_LIST, True, "经验教训（至少一个）", vocabulary="lessons", min_items=1),
    Field("context", Kind.MAPPING, False, "背景：客户类型、角色、规模等，每行一个「键: 值」"),
    Field("story", Kind.MARKDOWN, True, "经过（Markdown）：有决策点时，写到需要做决定的那一刻为止"),
    Field("decision", Kind.MARKDOWN, False, "决策点（Markdown）：做决定那一刻的局面，以「你会怎么做？」结尾"),
    Field("what_we_did", Kind.MARKDOWN, False, "我们怎么做的（Markdown）"),
    Field("outcome", Kind.MARKDOWN, False, "结果（Markdown）"),
    Field("takeaways", Kind.TEXT_LIST, False, "要点：每条一句话"),
    Field("discussion", Kind.TEXT_LIST, False, "讨论题：培训时用的问题"),
    Field("related", Kind.ID_LIST, False, "相关案例的 id", vocabulary="cases"),
    Field("source", Kind.TEXT, True, "出处：事实所依据的文章标题"),
    Field("reviewed", Kind.DATE, False, "最近一次审阅日期，YYYY-MM-DD；超过两年未审阅会被提示"),
    Field(
        "confidentiality_exceptions",
        Kind.EXCEPTIONS,
        False,
        "保密检查例外：每条写 text（检查报出的原文，一字不差）和 reason（审阅后可以公开的理由）；只放行这一处",
    ),
)

FIELDS_BY_NAME = {f.name: f for f in CASE_FIELDS}

#: Fields whose Markdown may hold `[[case-id]]` references.
MARKDOWN_FIELDS = tuple(f.name for f in CASE_FIELDS if f.kind is Kind.MARKDOWN)
