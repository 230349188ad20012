"""Read a YAML file into a node tree that remembers where every value came from.

This is the only module that touches raw bytes. It refuses, with a located
diagnostic, everything a hostile or careless file can throw at a parser: wrong
encodings, control characters, tabs, aliases ("billion laughs") and oversize
files. What it returns is PyYAML's *composed* node tree, never constructed
Python objects, so no tag can ever instantiate anything.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.source.diagnostics import Diagnostic, Loc
from casebook.source.messages import say

#: The largest case file we read. A real case is a few KiB; anything near this is a mistake or an attack.
MAX_FILE_BYTES = 256 * 1024
#: How deeply lists and mappings may nest. A case needs three levels; PyYAML's composer recurses once
#: per level, so a file of 5,000 `[` would otherwise end in a RecursionError traceback.
MAX_DEPTH = 32

_BOM = b"\xef\xbb\xbf"
# C0 controls other than tab, newline and carriage return, DEL, the C1 block, and
# the Unicode line/paragraph separators that editors do not show, and the non-characters
# U+FFFE/U+FFFF, which PyYAML's reader would refuse with an offset instead of a line.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: the root node (None for an empty document), the path used in messages, and the text."""

    path: str
    root: Node | None
    text: str = ""


class _NoAliasLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases while composing.

    Refusing aliases (rather than bounding expansion) keeps every value in a case
    file visible at its own line, and makes "billion laughs" impossible by construction.
    """

    _depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None,
                None,
                say("YAML aliases (*name) are not allowed in case files; write the value out"),
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None,
                None,
                say("lists and mappings are nested more than {depth} levels deep; a case needs only a few", depth=MAX_DEPTH),
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def loc_of(path: str, node: Node) -> Loc:
    """The 1-based position where a node starts."""
    return Loc(path, node.start_mark.line + 1, node.start_mark.column + 1)


@functools.lru_cache(maxsize=4)
def _line_starts(text: str) -> tuple[int, ...]:
    # Cached per text (a str caches its own hash), so locating many findings in one file is linear.
    return (0, *(m.end() for m in re.finditer("\n", text)))


def _position(text: str, offset: int) -> tuple[int, int]:
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode file bytes as UTF-8 (a BOM is accepted) and reject control characters."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            Diagnostic(
                Loc(path),
                say("file is {size} KiB; case files are limited to {limit} KiB", size=len(data) // 1024, limit=MAX_FILE_BYTES // 1024),
            )
        ]
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position(data[: exc.start].decode("utf-8", "replace"), exc.start)
        try:
            data.decode("gb18030")
            hint = say(
                "the file is not UTF-8; it looks like GBK/GB18030, which Chinese Windows editors write."
                " Re-save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8;"
                " VS Code: click the encoding in the status bar → Save with Encoding → UTF-8)"
            )
        except UnicodeDecodeError:
            hint = say("the file is not UTF-8; re-save it as UTF-8")
        return None, [Diagnostic(Loc(path, line, col), hint)]
    match = _CONTROL.search(text)
    if match:
        line, col = _position(text, match.start())
        code = ord(match.group())
        what = (
            "control character U+{code} is not allowed; delete it"
            if code < 0xA0
            else "invisible character U+{code} is not allowed; delete it"
        )
        return None, [
            Diagnostic(
                Loc(path, line, col),
                say(what, code=f"{code:04X}"),
            )
        ]
    return text, []


class _Unusual(Exception):
    """The fast path declines a text; the careful path will compose it or say what is wrong."""


def _resolved(loader: yaml.CSafeLoader, kind: type[Node], event: Any, value: str | None) -> str:
    # As PyYAML's composer does: an explicit tag stands, '!' or none is resolved from the value.
    if event.tag not in (None, "!"):
        return str(event.tag)
    return str(loader.resolve(kind, value, event.implicit))  # type: ignore[no-untyped-call]


def _compose_fast(text: str) -> Node | None:
    """Compose with LibYAML's event parser, building nodes here without recursion.

    Loading is most of Casebook's own build time, and PyYAML's pure-Python
    scanner is most of loading. LibYAML's composer would recurse in C on deep
    nesting, so only its events are used: they carry the same character-based
    marks. Anything out of the ordinary (a syntax error, an anchor or alias,
    deep nesting, several documents) raises `_Unusual`, and the careful
    pure-Python path composes the text again, so every message stays the same.
    """
    loader = yaml.CSafeLoader(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        open_nodes: list[Node] = []
        keys: list[Node | None] = []
        root: Node | None = None
        while root is None:
            # types-PyYAML leaves the event classes' fields untyped.
            event: Any = loader.get_event()
            node: Node
            if isinstance(event, (yaml.AliasEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)) or getattr(event, "anchor", None):
                raise _Unusual
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node = open_nodes.pop()
                keys.pop()
                node.end_mark = event.end_mark
            elif len(open_nodes) >= MAX_DEPTH - 1:
                raise _Unusual
            elif isinstance(event, yaml.ScalarEvent) and event.value == "" and not event.style:
                # An empty value: LibYAML marks it on the next line, PyYAML right after the key,
                # where a contributor should look. It is almost always a mistake anyway.
                raise _Unusual
            elif isinstance(event, yaml.ScalarEvent):
                # LibYAML's marks are its own class with PyYAML's fields; the stubs know only PyYAML's.
                start: Any = event.start_mark
                end: Any = event.end_mark
                tag = _resolved(loader, ScalarNode, event, event.value)
                node = ScalarNode(tag, event.value, start, end, style=event.style or None)
            else:
                kind: Any = SequenceNode if isinstance(event, yaml.SequenceStartEvent) else MappingNode
                opened = kind(_resolved(loader, kind, event, None), [], event.start_mark, None, flow_style=event.flow_style)
                _attach(open_nodes, keys, opened)
                open_nodes.append(opened)
                keys.append(None)
                continue
            if not open_nodes:
                root = node
            elif not isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                _attach(open_nodes, keys, node)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _Unusual
        return root
    except yaml.YAMLError as exc:
        raise _Unusual from exc
    finally:
        loader.dispose()


def _attach(open_nodes: list[Node], keys: list[Node | None], node: Node) -> None:
    if not open_nodes:
        return
    parent = open_nodes[-1]
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
    elif keys[-1] is None:
        keys[-1] = node
    else:
        parent.value.append((keys[-1], node))
        keys[-1] = None


def parse(path: str, text: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Compose one YAML document from text, turning parser errors into located diagnostics."""
    try:
        root = _compose_fast(text)
    except _Unusual:
        pass
    else:
        return YamlDocument(path, root, text), []
    try:
        loader = _NoAliasLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem = say("a tab is used for indentation; YAML needs spaces")
            col = lines[mark.line].index("\t") + 1
        return None, [Diagnostic(Loc(path, line, col), say("YAML syntax error: {problem}", problem=problem))]
    except yaml.reader.ReaderError as exc:
        # `decode` already refuses every character the reader does; this is a safety net that still
        # says where, rather than PyYAML's multi-line text with a character offset.
        line, col = _position(text, exc.position)
        return None, [Diagnostic(Loc(path, line, col), say("YAML error: {problem}", problem=f"{exc.reason} (U+{exc.character:04X})"))]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(Loc(path), say("YAML error: {problem}", problem=" ".join(str(exc).split())))]
    return YamlDocument(path, root, text), []


def read_limited(file: Path, display_path: str, limit: int = MAX_FILE_BYTES) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file, read without following a symlink and never more than `limit` + 1.

    The size is judged before the file is read (a 2 GB file must not cost 2 GB of memory), and a
    symlink is refused: it could point anywhere on the build machine, and CI prints what it reads.
    """
    if file.is_symlink():
        return None, Diagnostic(Loc(display_path), "is a symbolic link; case and taxonomy files must be regular files")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(file, flags)
    except OSError as exc:
        return None, Diagnostic(Loc(display_path), f"cannot read file: {exc.strerror or exc}")
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None, Diagnostic(Loc(display_path), "is not a regular file")
        if info.st_size > limit:
            return None, Diagnostic(Loc(display_path), f"file is {info.st_size // 1024} KiB; files are limited to {limit // 1024} KiB")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            return None, Diagnostic(Loc(display_path), f"cannot read file: {exc.strerror or exc}")
    if len(data) > limit:
        return None, Diagnostic(Loc(display_path), f"file is larger than {limit // 1024} KiB; files are limited to {limit // 1024} KiB")
    return data, None


def read_yaml(file: Path, display_path: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Read, decode and compose a YAML file; `display_path` is what messages show."""
    data, problem = read_limited(file, display_path)
    if data is None:
        return None, [problem] if problem else []
    text, problems = decode(display_path, data)
    if text is None:
        return None, problems
    return parse(display_path, text)


def locate(path: str, text: str, node: Node, needle: str, nth: int = 0) -> Loc:
    """Where the `nth` occurrence of `needle` sits inside a scalar, as written in the file.

    Messages about a word inside a long Markdown block should point at that word,
    not at the `|` that opens the block. PyYAML keeps the source text in each
    mark's character index, so we search the node's own slice of the file's
    text. When the needle is not there verbatim (an escape in a quoted string),
    the node start is the honest answer.
    """
    start, end = node.start_mark, node.end_mark
    for spelling in _spellings(needle):
        offset = start.index
        for _ in range(nth + 1):
            offset = text.find(spelling, offset, end.index)
            if offset < 0:
                break
            offset += 1
        if offset >= 0:
            line, col = _position(text, offset - 1)
            return Loc(path, line, col)
    return loc_of(path, node)


def locate_from(path: str, text: str, node: Node, needle: str, start: int | None = None) -> tuple[Loc, int]:
    """Where `needle` next occurs inside a scalar at or after `start`, and where to search next.

    For walking many occurrences in order without rescanning from the node's start each time.
    """
    offset = text.find(needle, node.start_mark.index if start is None else start, node.end_mark.index)
    if offset < 0:
        return loc_of(path, node), node.end_mark.index
    line, col = _position(text, offset)
    return Loc(path, line, col), offset + 1


def _spellings(needle: str) -> tuple[str, ...]:
    # A character refused by the text policy is usually written as an escape in a double-quoted
    # string (`"\u202e"`); point at the escape rather than at the start of the value.
    if len(needle) != 1:
        return (needle,)
    code = ord(needle)
    named = {0: "\\0", 7: "\\a", 8: "\\b", 0x1B: "\\e", 0x0B: "\\v", 0x0C: "\\f", 0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P"}
    forms = [needle, f"\\x{code:02x}", f"\\x{code:02X}", f"\\u{code:04x}", f"\\u{code:04X}", f"\\U{code:08x}", f"\\U{code:08X}"]
    if code in named:
        forms.insert(1, named[code])
    return tuple(forms)
