"""The English layer of a case file or a taxonomy entry: read, checked against the Chinese, and kept fresh.

Chinese is the source of truth. An entry's English sits beside it, in an `en:` mapping
that uses the same field names (a glossary entry says `definition` for `explanation`):

    story: |
      作者的团队……
    en:
      story: |
        The author's team …
      translated_from:
        story: "3f2a9c1b"

`translated_from` records a digest of each Chinese field as it stood when its English
was written. `casebook translated FILE` records them; the check notes, at the English
field's line, when the Chinese has changed since, or when no digest was recorded. Those
notices pass the gate a contributor meets (`casebook check --strict`, the strict build)
and fail the one a maintainer sets before a release (`casebook check --translations`).
The English mirrors the Chinese: a field the Chinese has needs its English, a list
has as many items, and English text holds no Chinese characters (its readers do not
read Chinese; the Chinese edition is one click away).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.source.diagnostics import TRANSLATION, Diagnostic, Severity
from casebook.source.markup import HAN_RUN
from casebook.source.messages import say
from casebook.source.nodes import NodeReader, describe
from casebook.source.yamlsource import locate

#: The key of the English mapping, and of the digests inside it.
EN = "en"


FROM = "translated_from"


_DIGEST = re.compile(r"^[0-9a-f]{8}$")


@dataclass(frozen=True)
class Translation:
    """The English of one entry: its values by field name, and the fields whose Chinese changed since."""

    values: Mapping[str, Any]
    #: The fields whose Chinese differs from the text their English was made from (a page says so).
    stale: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def get(self, name: str, default: Any = None) -> Any:
        """The English of `name`, or `default`."""
        return self.values.get(name, default)

    def __reduce__(self) -> tuple[Any, ...]:
        # A read-only view cannot be pickled (casebook.model.readstore keeps reads on disk): rebuilt from a dict.
        return (translation_of, (dict(self.values), self.stale))


def translation_of(values: dict[str, Any], stale: tuple[str, ...]) -> Translation:
    """A `Translation` of `values`, read-only."""
    return Translation(MappingProxyType(values), stale)


@dataclass(frozen=True)
class Part:
    """One English field: the Chinese field it translates (None: English only), and how its value is read."""

    zh: str | None
    read: Callable[[Node, str], Any]


def digest(node: Node) -> str:
    """A short digest of a Chinese value as written: the same for the check and for `casebook translated`.

    Whitespace does not count, so re-wrapping a paragraph (which in Chinese adds no space) is not a change.
    """
    return digest_value(yaml.constructor.SafeConstructor().construct_object(node, deep=True))


def digest_value(value: Any) -> str:
    """The digest of a Chinese value already read from YAML (see `digest`)."""
    canonical = json.dumps(_squeeze(value), ensure_ascii=False, sort_keys=True, default=str)
    # surrogatepass: a lone surrogate (written as an escape) is refused elsewhere, at its place; it must not crash here.
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _squeeze(value: Any) -> Any:
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, list):
        return [_squeeze(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _squeeze(v) for k, v in value.items()}
    return value


def read_english(
    reader: NodeReader,
    node: Node,
    zh_nodes: Mapping[str, Node],
    parts: Mapping[str, Part],
    what: str,
    fix: str,
) -> Translation | None:
    """The English in `node` (an entry's `en:`), checked against the Chinese `zh_nodes` of the same entry.

    Errors (a wrong shape, a missing or extra field, a list of another length) are left
    on `reader` and give None; staleness is a notice of the translation gate, Chinese
    characters a warning. `fix` is the command that records the digests, named in the notices.
    """
    if not isinstance(node, MappingNode):
        reader.error(node, say("'{field}' must be a mapping of 'key: value' lines, got {got}", field=EN, got=describe(node)))
        return None
    values: dict[str, Any] = {}
    nodes: dict[str, Node] = {}
    recorded: dict[str, tuple[str, Node]] = {}
    ok = True
    for key, key_node, value_node in reader.items(node, f"'{EN}' ({what})"):
        if key == FROM:
            recorded = _digests(reader, value_node)
            continue
        part = parts.get(key)
        if part is None:
            reader.unknown_key(key_node, [*parts, FROM], f"'{EN}' ({what})")
            ok = False
            continue
        nodes[key] = value_node
        values[key] = part.read(value_node, f"{EN}.{key}")
        ok = ok and values[key] is not None
    for name, part in parts.items():
        if part.zh is None:
            continue
        if part.zh in zh_nodes and name not in nodes:
            reader.error(node, say("'en' is missing '{name}': the Chinese has '{zh}', so the English needs it too", name=name, zh=part.zh))
            ok = False
        elif name in nodes and part.zh not in zh_nodes:
            reader.error(
                nodes[name], say("'en.{name}' translates '{zh}', which the Chinese does not have; remove it", name=name, zh=part.zh)
            )
            ok = False
        elif name in nodes and isinstance(nodes[name], SequenceNode | MappingNode) and type(nodes[name]) is type(zh_nodes[part.zh]):
            # Lists, the context and the source record are translated item by item.
            ok = _same_length(reader, nodes[name], zh_nodes[part.zh], name, part.zh) and ok
    if not ok:
        return None
    stale = []
    for name, value_node in nodes.items():
        _no_chinese(reader, value_node, f"{EN}.{name}")
        zh = parts[name].zh
        if zh is None:
            continue
        current = digest(zh_nodes[zh])
        if name not in recorded:
            reader.diagnostics.append(
                Diagnostic(
                    reader.loc(value_node),
                    say(
                        "'en.{name}' does not record which Chinese it was translated from; once it matches the Chinese '{zh}', run {fix}",
                        name=name,
                        zh=zh,
                        fix=fix,
                    ),
                    Severity.NOTICE,
                    gate=TRANSLATION,
                )
            )
        elif recorded[name][0] != current:
            stale.append(name)
            reader.diagnostics.append(
                Diagnostic(
                    reader.loc(value_node),
                    say(
                        "the Chinese '{zh}' has changed since 'en.{name}' was translated from it ({old}, now {new}); until the English"
                        " is updated, the English page shows the Chinese with a notice. To update it, edit 'en.{name}', then run {fix}",
                        zh=zh,
                        name=name,
                        old=recorded[name][0],
                        new=current,
                        fix=f"{fix} --field {name}",
                    ),
                    # A contributor who fixes the Chinese need not be the one who retranslates: the
                    # English page shows the new Chinese meanwhile, and the release gate asks for the English.
                    Severity.NOTICE,
                    gate=TRANSLATION,
                )
            )
    for name, (_, digest_node) in recorded.items():
        if name not in nodes:
            reader.diagnostics.append(
                Diagnostic(
                    reader.loc(digest_node),
                    say("'{from_}' names '{name}', which has no English here; remove it", from_=FROM, name=name),
                    Severity.WARNING,
                )
            )
    return Translation(MappingProxyType(values), tuple(stale))


def _digests(reader: NodeReader, node: Node) -> dict[str, tuple[str, Node]]:
    if not isinstance(node, MappingNode):
        reader.error(node, say("'{field}' must be a mapping of 'key: value' lines, got {got}", field=FROM, got=describe(node)))
        return {}
    recorded = {}
    for key, _, value_node in reader.items(node, f"'{FROM}'"):
        # As written, never linted (eight hex digits can look like a phone number) and never typed:
        # 12345678 and 1e345678 are digests too, not numbers.
        value = str(value_node.value) if isinstance(value_node, ScalarNode) else ""
        if not _DIGEST.match(value):
            reader.error(value_node, say("'{field}' must be eight hex digits, as casebook translated writes it", field=f"{FROM}.{key}"))
            continue
        if isinstance(value_node, ScalarNode) and value_node.style not in ("'", '"'):
            # Unquoted, 98677589 is an integer and 12e45678 a float to every other YAML reader (an editor's
            # schema check among them); Casebook reads it as written, but a file should mean one thing to all.
            reader.diagnostics.append(
                Diagnostic(
                    reader.loc(value_node),
                    say("'{field}' should be quoted (\"{value}\"), as casebook translated writes it", field=f"{FROM}.{key}", value=value),
                    Severity.WARNING,
                )
            )
        recorded[key] = (value, value_node)
    return recorded


def _same_length(reader: NodeReader, en: Node, zh: Node, name: str, zh_name: str) -> bool:
    assert isinstance(en, SequenceNode | MappingNode) and isinstance(zh, SequenceNode | MappingNode)
    if len(en.value) == len(zh.value):
        return True
    reader.error(
        en,
        say(
            "'en.{name}' has {en} item(s) and the Chinese '{zh_name}' has {zh}: translate item by item",
            name=name,
            en=len(en.value),
            zh_name=zh_name,
            zh=len(zh.value),
        ),
    )
    return False


def _no_chinese(reader: NodeReader, node: Node, field: str) -> None:
    for scalar in _scalars(node):
        match = HAN_RUN.search(str(scalar.value))
        if match:
            loc = locate(reader.path, reader.source, scalar, match.group(0), 0) if reader.source else reader.loc(scalar)
            reader.diagnostics.append(
                Diagnostic(
                    loc,
                    say(
                        "in '{field}': Chinese characters in English text ('{text}'); the English edition's readers"
                        " do not read Chinese: translate it",
                        field=field,
                        text=match.group(0),
                    ),
                    Severity.WARNING,
                )
            )


def _scalars(node: Node) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
