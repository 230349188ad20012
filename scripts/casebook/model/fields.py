"""The fields of a case file, declared once (their kinds: `casebook.model.field_kinds`).

The loader,
`casebook schema` and `casebook new` only iterate `CASE_FIELDS`; none of them has a
switch on the kind. A test holds `model.Case` to this table.

Adding a field is one row here, one attribute on `Case`, and the template lines
that show it on the page.
"""

from __future__ import annotations

from casebook.model import BACKGROUND, Source
from casebook.model.field_kinds import ChoiceKind, DateKind, Field, IdKind, IdListKind, MarkdownKind, TextKind, TextListKind, UrlKind
from casebook.model.record_kinds import MappingKind, RecordKind, RecordListKind, TranslationKind

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


_CHINESE: tuple[Field, ...] = (
    Field("id", ID, True, "案例 id：小写英文单词用 - 连接，必须与文件名相同；不要写出教训或答案"),
    Field("title", TEXT, True, "标题：当时的局面，不写教训，也不写答案"),
    Field("summary", TEXT, True, "摘要：一句话说局面，不给答案；出现在列表和搜索结果里"),
    Field(
        "kind",
        ChoiceKind((BACKGROUND,)),
        False,
        "类型：作者顺带提到、没有决策点的行业例子写 background（行业背景），列表和学习路径把它当背景而不是决策案例；一般案例不写",
    ),
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
)


def _field(table: tuple[Field, ...], name: str) -> Field:
    return next(f for f in table if f.name == name)


#: Every field of a case file, in file order; the English (`en`) reads each translated field with its Chinese field's kind.
CASE_FIELDS: tuple[Field, ...] = (
    *_CHINESE,
    Field(
        "en",
        TranslationKind(tuple(_field(_CHINESE, name) for name in TRANSLATED)),
        False,
        "英文版：与中文同名的字段（title、summary、story……），写好后运行 casebook translated 记下它译自哪版中文",
    ),
)


FIELDS_BY_NAME = {f.name: f for f in CASE_FIELDS}


def markdown_fields(table: tuple[Field, ...]) -> tuple[str, ...]:
    """The Markdown fields of a table: they may hold `[[case-id]]` references, which the pages resolve."""
    return tuple(f.name for f in table if isinstance(f.kind, MarkdownKind))


MARKDOWN_FIELDS = markdown_fields(CASE_FIELDS)
