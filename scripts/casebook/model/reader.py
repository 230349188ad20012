"""Reading one case file on its own: each field by its kind, against the taxonomy, every problem located."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.model import Case, Ref, Taxonomy
from casebook.model.field_kinds import TODO, Field, FieldReader
from casebook.model.fields import CASE_FIELDS, FIELDS_BY_NAME
from casebook.source.diagnostics import Diagnostic, Loc, Severity
from casebook.source.lint import allowed, review_is_stale
from casebook.source.markup import MAX_REFERENCES, REF_PATTERN, Finding
from casebook.source.messages import say
from casebook.source.nodes import ID_PATTERN, describe
from casebook.source.yamlsource import locate, locate_from, read_yaml


class CaseReader(FieldReader):
    """Reads one case file against `CASE_FIELDS`; each field's kind does the reading."""

    def __init__(self, path: str, source: str, stem: str, taxonomy: Taxonomy, today: dt.date) -> None:
        super().__init__(path, source, taxonomy.sensitive_terms)
        self.today = today
        self.stem = stem
        self.taxonomy = taxonomy
        self.locs: dict[str, Loc] = {}
        self.refs: list[Ref] = []
        self.declared_id: tuple[str, Loc] | None = None
        #: The `related` ids with their places, kept even when the file has errors elsewhere.
        self.related: tuple[tuple[str, Loc], ...] = ()
        #: The `moved_from` ids with their places, likewise.
        self.moved_from: tuple[tuple[str, Loc], ...] = ()
        #: Every field's node, collected before any is read: the English is checked against the Chinese.
        self.nodes: dict[str, Node] = {}

    def choices(self, field: Field) -> Callable[[], list[str]] | None:
        """The ids a field may name, or None when any well-formed id will do (for now)."""
        if field.vocabulary is None or field.vocabulary == "cases":
            return None  # case ids are checked once every file is read
        vocabulary = getattr(self.taxonomy, field.vocabulary)
        if vocabulary.unread:
            # Its file has an error of its own: one message there, not one per case (see `_waiting_on_taxonomy`).
            return None
        return cast("Callable[[], list[str]]", vocabulary.ids)

    def todo(self, node: Node, field: str) -> bool:
        """Whether a choice still holds the TODO that `casebook new` left there (and say so)."""
        if isinstance(node, ScalarNode) and isinstance(node.value, str) and TODO in node.value:
            self.error(node, say("'{field}' still says TODO: fill it in", field=field))
            return True
        if isinstance(node, SequenceNode) and any(isinstance(n, ScalarNode) and TODO in str(n.value) for n in node.value):
            first = next(n for n in node.value if isinstance(n, ScalarNode) and TODO in str(n.value))
            self.error(first, say("'{field}' still says TODO: fill it in", field=field))
            return True
        return False

    def safe_text(self, node: Node, field: str, text: str | None) -> str | None:
        """Refuse markup that would reach a reader's browser in executable form."""
        if text is None:
            return None
        # The text policy (casebook.source.markup) has run in `NodeReader.text`; what is left is editorial.
        findings = []
        if TODO in text:
            # `casebook new` marks every blank with TODO; a case must not be published half-filled.
            findings.append(Finding(TODO, 0, say("still says TODO: fill it in")))
        for finding in findings:
            self.diagnostics.append(
                Diagnostic(
                    locate(self.path, self.source, node, finding.needle, finding.nth),
                    say("in '{field}': {message}", field=field, message=finding.message),
                )
            )
        return None if findings else text

    def exceptions(self, node: Node, name: str) -> tuple[tuple[str, str], ...] | None:
        """`confidentiality_exceptions`: a list of {text, reason}; the text is not itself linted."""

        def read(item: Node) -> tuple[str, str] | None:
            if not isinstance(item, MappingNode):
                self.error(item, f"each item of '{name}' is a mapping with 'text' and 'reason', got {describe(item)}")
                return None
            parts: dict[str, str | None] = {}
            for key, key_node, value_node in self.items(item, f"'{name}'"):
                if key not in ("text", "reason"):
                    self.unknown_key(key_node, ["text", "reason"], f"'{name}'")
                    continue
                parts[key] = self.text(value_node, f"{name}.{key}", one_line=True, lint=False)
            if "text" not in parts or "reason" not in parts:
                self.error(item, f"each item of '{name}' needs 'text' (the exact finding) and 'reason'")
                return None
            text, reason = parts["text"], parts["reason"]
            return (text, reason) if text is not None and reason is not None else None

        items = self.seq(node, name, read, min_items=1)
        if items is not None and isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                self.locs[f"{name}[{i}]"] = self.loc(item)
        return tuple(items) if items is not None else None

    def collect_refs(self, node: Node, field: str, text: str) -> None:
        """Keep each `[[case-id]]` of a Markdown field, located, to be checked once every file is read."""
        # Each reference is searched for after the previous one of the same spelling, so 48,000
        # references cost one pass over the file, not one pass each.
        starts: dict[str, int] = {}
        for count, match in enumerate(REF_PATTERN.finditer(text)):
            raw = match.group(0)
            if count == MAX_REFERENCES:
                loc, _ = locate_from(self.path, self.source, node, raw, starts.get(raw))
                self.diagnostics.append(
                    Diagnostic(loc, f"in '{field}': more than {MAX_REFERENCES} [[case-id]] references; link fewer cases")
                )
                break
            loc, starts[raw] = locate_from(self.path, self.source, node, raw, starts.get(raw))
            target = match.group(1).strip()
            if not ID_PATTERN.match(target):
                self.diagnostics.append(Diagnostic(loc, say("'{raw}' is not a case reference: write [[case-id]] with a valid id", raw=raw)))
                continue
            self.refs.append(Ref(target, field, loc))

    def lint(self, values: dict[str, Any]) -> list[Diagnostic]:
        """Confidentiality warnings (notices once a reviewer has allowed them) and a stale-review notice."""
        exceptions = cast("tuple[tuple[str, str], ...]", values.get("confidentiality_exceptions") or ())
        reasons = dict(exceptions)
        used: set[str] = set()
        notes: list[Diagnostic] = []
        for finding, warning in self.confidential:
            if allowed(finding, reasons):
                used.add(finding.needle)
                notes.append(
                    Diagnostic(
                        warning.loc,
                        say("{message} (allowed: {reason})", message=warning.message, reason=reasons[finding.needle]),
                        Severity.NOTICE,
                    )
                )
            else:
                message = say("{message}; remove it or allow it in 'confidentiality_exceptions'", message=warning.message)
                notes.append(Diagnostic(warning.loc, message, Severity.WARNING))
        for i, (text, _) in enumerate(exceptions):
            if text not in used:
                notes.append(
                    Diagnostic(
                        self.locs.get(f"confidentiality_exceptions[{i}]", self.locs["confidentiality_exceptions"]),
                        say("the exception for '{text}' matches no finding; remove it (an exception allows one exact finding)", text=text),
                        Severity.WARNING,
                    )
                )
        reviewed = values.get("reviewed")
        if isinstance(reviewed, dt.date) and review_is_stale(reviewed, self.today):
            notes.append(
                Diagnostic(
                    self.locs["reviewed"],
                    say("last reviewed {date}, over two years ago: re-check the facts and update 'reviewed'", date=reviewed.isoformat()),
                    Severity.NOTICE,
                )
            )
        return notes

    def read(self, root: MappingNode) -> Case | None:
        """The case, or None when the file has errors; every problem is left in `diagnostics`."""
        values: dict[str, Any] = {}
        for key, key_node, value_node in self.items(root, say("a case file")):
            if key not in FIELDS_BY_NAME:
                self.unknown_key(key_node, list(FIELDS_BY_NAME), say("a case file"))
                continue
            self.nodes[key] = value_node
        for key, value_node in self.nodes.items():
            field = FIELDS_BY_NAME[key]
            self.locs[key] = self.loc(value_node)
            values[key] = field.kind.read(self, field, value_node)
        for field in CASE_FIELDS:
            if field.name in values:
                continue
            if field.required:
                self.error(root, say("missing required field '{name}' ({description})", name=field.name, description=field.description))
            else:
                values[field.name] = field.kind.empty()
        if "kind" in self.locs and "decision" in self.locs:
            # Background is what the author mentions in passing: a decision point makes it a case to decide.
            self.error_at(
                self.locs["kind"], say("industry background ('kind: background') has no decision point: remove 'decision', or 'kind'")
            )
        if "decision" in self.locs and "role" not in self.locs:
            # The reader decides as someone: without 「你是……」 a decision point asks a question of nobody.
            role = FIELDS_BY_NAME["role"]
            self.error_at(self.locs["decision"], say("a case with 'decision' needs 'role' ({description})", description=role.description))
        case_id = values.get("id")
        if isinstance(case_id, str):
            self.declared_id = (case_id, self.locs["id"])
        if isinstance(case_id, str) and case_id != self.stem:
            self.diagnostics.append(
                Diagnostic(
                    self.locs["id"],
                    say("id '{id}' differs from the file name; rename the file to {id}.yml or set id: {stem}", id=case_id, stem=self.stem),
                )
            )
        self.diagnostics.extend(self.lint(values))
        self.related = tuple((other, self.locs[f"related[{i}]"]) for i, other in enumerate(values.get("related") or ()))
        self.moved_from = tuple((old, self.locs[f"moved_from[{i}]"]) for i, old in enumerate(values.get("moved_from") or ()))
        if any(d.severity is Severity.ERROR for d in self.diagnostics):
            return None
        return Case(**values, locs=dict(self.locs), refs=tuple(self.refs))

    def error_at(self, loc: Loc, message: str) -> None:
        """Record an error at a place already located."""
        self.diagnostics.append(Diagnostic(loc, message))


@dataclass(frozen=True)
class CaseRead:
    """The outcome of reading one file: the case if valid, its problems, and the id it declares."""

    case: Case | None
    diagnostics: list[Diagnostic]
    declared_id: tuple[str, Loc] | None = None
    #: What the file points at, read even when it has other errors, so that every error comes out in one round.
    related: tuple[tuple[str, Loc], ...] = ()
    refs: tuple[Ref, ...] = ()
    moved_from: tuple[tuple[str, Loc], ...] = ()


def read_case(file: Path, display_path: str, taxonomy: Taxonomy, today: dt.date | None = None) -> CaseRead:
    """Read and validate one case file on its own; references to other cases are checked later."""
    doc, problems = read_yaml(file, display_path)
    if doc is None:
        return CaseRead(None, problems)
    if doc.root is None:
        required = ", ".join(f.name for f in CASE_FIELDS if f.required)
        return CaseRead(
            None,
            [Diagnostic(Loc(display_path), say("file is empty (or only comments); a case needs at least: {required}", required=required))],
        )
    reader = CaseReader(display_path, doc.text, file.stem, taxonomy, today or dt.date.today())
    if not isinstance(doc.root, MappingNode):
        reader.error(doc.root, say("a case file must be a mapping of 'field: value' lines, got {got}", got=describe(doc.root)))
        return CaseRead(None, reader.diagnostics)
    if ID_PATTERN.match(file.stem) is None:
        reader.diagnostics.append(
            Diagnostic(
                Loc(display_path),
                say("file name '{name}' is not a valid case id: use lower-case letters, digits and single '-'", name=file.name),
            )
        )
    case = reader.read(doc.root)
    return CaseRead(case, reader.diagnostics, reader.declared_id, reader.related, tuple(reader.refs), reader.moved_from)
