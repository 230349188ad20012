"""Typed reads from composed YAML nodes, each failure a located diagnostic.

Case files and taxonomy files share these readers, so "a number where text is
expected" reads the same wherever it happens.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.source.diagnostics import Diagnostic, Loc, Severity, did_you_mean
from casebook.source.lint import find_confidential
from casebook.source.markup import Finding, find_lists_after_a_paragraph, normalise_newlines
from casebook.source.messages import say
from casebook.source.unsafe_markup import find_unsafe_markup
from casebook.source.yamlsource import loc_of, locate

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Ids that cannot be file or page names: `index` is every section's own page, and Windows
#: cannot check out a file called con.yml or lpt1.md, whatever the extension.
RESERVED_IDS = frozenset(["index", "con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)])

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TAG_NAMES = {  # English templates, said through `say`
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true/false",
    "tag:yaml.org,2002:null": "nothing",
    _TIMESTAMP: "a date",
}

T = TypeVar("T")


def shown(value: str, limit: int = 40) -> str:
    """A value as quoted in a message: on one line and not too long.

    A key can be any scalar, including a quoted or folded one spanning lines; a
    diagnostic is one `path:line:col: error:` line, so its quote must be too.
    """
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(node: Node) -> str:
    """Say how a node reads to a contributor: 'a list', 'a mapping', 'a number'."""
    if isinstance(node, SequenceNode):
        return say("a list")
    if isinstance(node, MappingNode):
        return say("a mapping (key: value)")
    if node.tag in _TAG_NAMES:
        return say(_TAG_NAMES[node.tag])
    return say("text") if node.tag == _STR else say("a value tagged {tag}", tag=node.tag)


class NodeReader:
    """Reads values out of nodes of one file and collects what is wrong with them."""

    def __init__(self, path: str, source: str = "", sensitive_terms: tuple[str, ...] = ()) -> None:
        self.path = path
        #: The file's text, for pointing at a character inside a long value.
        self.source = source
        #: The deny-list: every text value read is linted against it (casebook.source.lint).
        self.sensitive_terms = sensitive_terms
        self.diagnostics: list[Diagnostic] = []
        #: Confidentiality warnings, with the finding each is about, so a case can allow one exactly.
        self.confidential: list[tuple[Finding, Diagnostic]] = []

    def loc(self, node: Node) -> Loc:
        """Where a node starts."""
        return loc_of(self.path, node)

    def error(self, node: Node, message: str) -> None:
        """Record an error at the start of a node."""
        self.diagnostics.append(Diagnostic(self.loc(node), message))

    def items(self, node: MappingNode, what: str) -> Iterator[tuple[str, ScalarNode, Node]]:
        """Yield (key, key node, value node) for each entry, refusing odd or repeated keys."""
        seen: dict[str, Loc] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != _STR:
                self.error(key_node, say("{what} keys must be plain names, not {got}", what=what, got=describe(key_node)))
                continue
            key = key_node.value
            if key in seen:
                self.error(
                    key_node, say("'{key}' appears twice in {what} (first at line {line})", key=shown(key), what=what, line=seen[key].line)
                )
                continue
            seen[key] = self.loc(key_node)
            yield key, key_node, value_node

    def text(self, node: Node, field: str, *, one_line: bool = False, lint: bool = True) -> str | None:
        """A non-blank string. Numbers, booleans, lists and mappings are refused, not coerced."""
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            hint = say(" (put it in quotes)") if isinstance(node, ScalarNode) and node.tag != "tag:yaml.org,2002:null" else ""
            got = say("nothing") if node.tag == "tag:yaml.org,2002:null" else describe(node)
            self.error(node, say("'{field}' must be text, got {got}{hint}", field=field, got=got, hint=hint))
            return None
        value = normalise_newlines(node.value)
        if not value.strip():
            self.error(node, say("'{field}' is empty", field=field))
            return None
        if one_line and "\n" in value.strip():
            self.error(node, say("'{field}' must be a single line", field=field))
            return None
        # A record part or a mapping value is named 'field.part', so the message says exactly where.
        if not self.policy(node, field, value):
            return None
        if "\n" in value.strip():
            self.lists(node, field, value)
        if lint:
            self.lint_text(node, field, value)
        return value.strip()

    def lint_text(self, node: Node, field: str, value: str) -> None:
        """Warn about each confidential-looking detail in a value (casebook.source.lint), where it is."""
        for finding in find_confidential(value, self.sensitive_terms):
            loc = locate(self.path, self.source, node, finding.needle, finding.nth) if self.source else self.loc(node)
            self.confidential.append(
                (finding, Diagnostic(loc, say("in '{field}': {message}", field=field, message=finding.message), Severity.WARNING))
            )

    def policy(self, node: Node, field: str, value: str) -> bool:
        """Apply the text policy (`casebook.source.markup`) to a value; report each finding where it is."""
        clean = True
        for finding in find_unsafe_markup(value):
            clean = False
            loc = locate(self.path, self.source, node, finding.needle, finding.nth) if self.source else self.loc(node)
            self.diagnostics.append(Diagnostic(loc, say("in '{field}': {message}", field=field, message=finding.message)))
        return clean

    def lists(self, node: Node, field: str, value: str) -> None:
        """Warn, where it is, about a list that would render as part of the paragraph before it."""
        for finding in find_lists_after_a_paragraph(value):
            loc = locate(self.path, self.source, node, finding.needle, finding.nth) if self.source else self.loc(node)
            message = say("in '{field}': {message}", field=field, message=say(finding.message))
            self.diagnostics.append(Diagnostic(loc, message, Severity.WARNING))

    def ident(self, node: Node, field: str, choices: Callable[[], list[str]] | None = None) -> str | None:
        """An id: lower-case words joined by '-', optionally one of `choices`."""
        value = self.text(node, field, one_line=True)
        if value is None:
            return None
        if not ID_PATTERN.match(value):
            self.error(
                node,
                say("'{field}' value '{value}' is not a valid id: use lower-case letters, digits and single '-'", field=field, value=value),
            )
            return None
        if value in RESERVED_IDS:
            self.error(
                node, f"'{field}' value '{value}' is a reserved name (a section index, or a file name Windows refuses); choose another"
            )
            return None
        if choices is not None:
            options = choices()
            if value not in options:
                self.error(node, say("unknown {field} '{value}'{hint}", field=field, value=value, hint=did_you_mean(value, options)))
                return None
        return value

    def seq(self, node: Node, field: str, read: Callable[[Node], T | None], *, min_items: int = 0) -> list[T] | None:
        """A list whose items are read by `read`; a lone scalar is refused, not wrapped."""
        if not isinstance(node, SequenceNode):
            got = say("nothing") if node.tag == "tag:yaml.org,2002:null" else describe(node)
            self.error(node, say("'{field}' must be a list (lines starting with '- '), got {got}", field=field, got=got))
            return None
        if len(node.value) < min_items:
            self.error(
                node,
                say("'{field}' needs at least {count} item{plural}", field=field, count=min_items, plural="s" if min_items > 1 else ""),
            )
            return None
        values = [read(item) for item in node.value]
        if any(v is None for v in values):
            return None
        return [v for v in values if v is not None]

    def unique_ids(self, node: Node, field: str, choices: Callable[[], list[str]] | None = None, *, min_items: int = 0) -> list[str] | None:
        """A list of distinct ids."""
        values = self.seq(node, f"{field}", lambda n: self.ident(n, field, choices), min_items=min_items)
        if values is None:
            return None
        assert isinstance(node, SequenceNode)
        seen: set[str] = set()
        for item, value in zip(node.value, values, strict=True):
            if value in seen:
                self.error(item, say("'{value}' is listed twice in '{field}'", value=value, field=field))
                return None
            seen.add(value)
        return values

    def mapping(self, node: Node, field: str) -> list[tuple[str, str]] | None:
        """A flat mapping of text keys to text values, in file order."""
        if not isinstance(node, MappingNode):
            self.error(node, say("'{field}' must be a mapping of 'key: value' lines, got {got}", field=field, got=describe(node)))
            return None
        pairs = []
        clean = True
        for key, key_node, value_node in self.items(node, f"'{field}'"):
            key_ok = self.policy(key_node, field, normalise_newlines(key))
            if key_ok:
                self.lint_text(key_node, field, normalise_newlines(key))
            value = self.text(value_node, f"{field}.{shown(key)}", one_line=True)
            if value is None or not key_ok:
                clean = False
                continue
            pairs.append((key, value))
        return pairs if clean else None

    def flag(self, node: Node, field: str) -> bool | None:
        """`true` or `false`, nothing else."""
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        self.error(node, say("'{field}' must be true or false", field=field))
        return None

    def date(self, node: Node, field: str) -> dt.date | None:
        """A calendar date written YYYY-MM-DD."""
        if isinstance(node, ScalarNode) and node.tag in (_TIMESTAMP, _STR):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
        self.error(node, say("'{field}' must be a date written YYYY-MM-DD", field=field))
        return None

    def unknown_key(self, key_node: ScalarNode, known: list[str], what: str) -> None:
        """Report a key that the schema does not know, with the closest known keys."""
        self.error(
            key_node,
            say("unknown field '{name}' in {what}{hint}", name=shown(key_node.value), what=what, hint=did_you_mean(key_node.value, known)),
        )
