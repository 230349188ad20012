"""`casebook translated`: write into a YAML file the digests of the Chinese each English field was made from.

The file is edited as text, line by line, so comments, quoting and order stay as the contributor wrote them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.model.translation import EN, FROM, Part, digest


def record_digests(text: str, parts_of: Callable[[MappingNode], Mapping[str, Part] | None], only: tuple[str, ...] = ()) -> str:
    """`text` with every `en:` block's `translated_from` set to the digests of its Chinese fields now.

    `parts_of` gives the English fields of an entry (None: the mapping is not an entry).
    With `only`, only those English fields are recorded, and the other digests kept.
    Only the `translated_from` lines change; comments and layout elsewhere stay as written.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []
    for entry in _mappings(root):
        parts = parts_of(entry)
        if parts is None:
            continue
        zh_nodes = {k.value: v for k, v in entry.value if isinstance(k, ScalarNode)}
        en = zh_nodes.get(EN)
        if not isinstance(en, MappingNode) or not en.value:
            continue
        kept: dict[str, str] = {}
        old: tuple[Node, Node] | None = None
        for key, value in en.value:
            if isinstance(key, ScalarNode) and key.value == FROM:
                old = (key, value)
                if isinstance(value, MappingNode):
                    kept = {str(k.value): str(v.value) for k, v in value.value if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)}
        digests: dict[str, str] = {}
        for key, _ in en.value:
            name = key.value if isinstance(key, ScalarNode) else None
            part = parts.get(name) if isinstance(name, str) else None
            if part is None or part.zh is None or part.zh not in zh_nodes:
                continue
            assert isinstance(name, str)
            digests[name] = digest(zh_nodes[part.zh]) if not only or name in only else kept.get(name, "")
        digests = {k: v for k, v in digests.items() if v}
        indent = " " * en.value[0][0].start_mark.column
        # Quoted: unquoted, 98677589 is an integer and 12e45678 a float to every other YAML reader.
        block = [f"{indent}{FROM}:\n", *(f'{indent}  {name}: "{value}"\n' for name, value in digests.items())]
        if old is not None:
            start = old[0].start_mark.line
            end = _end_line(old[1], lines)
        else:
            start = end = _end_line(en, lines)
        edits.append((start, end, block))
    for start, end, block in sorted(edits, reverse=True):
        if start == end and start > 0 and not lines[start - 1].endswith("\n"):
            lines[start - 1] += "\n"
        lines[start:end] = block
    return "".join(lines)


def _end_line(node: Node, lines: list[str]) -> int:
    """The index of the first line after `node`, trailing blank lines and comments left where they are."""
    end = node.end_mark.line if node.end_mark.column == 0 else node.end_mark.line + 1
    while end > node.start_mark.line + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _mappings(node: Node | None) -> Iterator[MappingNode]:
    if isinstance(node, MappingNode):
        yield node
        for _, value in node.value:
            if isinstance(value, SequenceNode):
                for item in value.value:
                    yield from _mappings(item)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _mappings(item)


def translated(path: Path, parts_of: Callable[[MappingNode], Mapping[str, Part] | None], only: tuple[str, ...] = ()) -> bool:
    """Record the digests in the file at `path`; whether it changed."""
    text = path.read_text(encoding="utf-8")
    new = record_digests(text, parts_of, only)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
