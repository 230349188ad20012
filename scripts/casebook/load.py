"""Load and validate case files into a `Library`, collecting every problem before failing once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import CasebookError, Diagnostic, Loc, Severity, did_you_mean
from .fields import CASE_FIELDS, FIELDS_BY_NAME, Field, Kind
from .history import case_histories
from .lint import allowed, lint_authors, review_is_stale
from .markup import MAX_REFERENCES, REF_PATTERN, Finding
from .model import Case, Library, Ref, Taxonomy
from .nodes import ID_PATTERN, NodeReader, describe
from .taxonomy import load_taxonomy
from .yamlsource import locate, locate_from, read_yaml

CASES_DIR = "cases"
TAXONOMY_DIR = "cases/taxonomy"


@dataclass(frozen=True)
class CheckResult:
    """What a check found: the library when it is valid, and every diagnostic either way."""

    library: Library | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Only the diagnostics that fail a check."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


def case_files(root: Path) -> list[Path]:
    """Every case file under `cases/`, sorted so output is deterministic.

    Symbolic links are listed too, so that reading them reports them (they are refused).
    """
    directory = root / CASES_DIR
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file() or p.is_symlink())


def stray_case_files(root: Path) -> list[Path]:
    """YAML files in subfolders of `cases/` (other than the taxonomy): never read, so reported."""
    directory = root / CASES_DIR
    taxonomy = root / TAXONOMY_DIR
    if not directory.is_dir():
        return []
    return sorted(
        p for sub in directory.iterdir() if sub.is_dir() and not sub.is_symlink() and sub != taxonomy for p in sub.rglob("*.y*ml")
    )


class _CaseReader(NodeReader):
    """Reads one case file against `CASE_FIELDS`."""

    def __init__(self, path: str, source: str, stem: str, taxonomy: Taxonomy, today: dt.date) -> None:
        super().__init__(path, source, taxonomy.sensitive_terms)
        self.today = today
        self.stem = stem
        self.taxonomy = taxonomy
        self.locs: dict[str, Loc] = {}
        self.refs: list[Ref] = []
        self.declared_id: tuple[str, Loc] | None = None

    def choices(self, field: Field) -> Any:
        if field.vocabulary is None or field.vocabulary == "cases":
            return None  # case ids are checked once every file is read
        vocabulary = getattr(self.taxonomy, field.vocabulary)
        return vocabulary.ids

    def value(self, field: Field, node: Node) -> object:
        """Read one field's value according to its kind."""
        kind, name = field.kind, field.name
        if kind is Kind.ID:
            return self.ident(node, name, self.choices(field))
        if kind is Kind.TEXT:
            return self.safe_text(node, name, self.text(node, name, one_line=True))
        if kind is Kind.MARKDOWN:
            text = self.safe_text(node, name, self.text(node, name))
            if text is not None:
                self.collect_refs(node, name, text)
            return text
        if kind is Kind.ID_LIST:
            values = self.unique_ids(node, name, self.choices(field), min_items=field.min_items)
            if values is not None and isinstance(node, SequenceNode):
                for i, item in enumerate(node.value):
                    self.locs[f"{name}[{i}]"] = self.loc(item)
            return tuple(values) if values is not None else None
        if kind is Kind.TEXT_LIST:
            items = self.seq(node, name, lambda n: self.safe_text(n, name, self.text(n, name, one_line=True)), min_items=field.min_items)
            return tuple(items) if items is not None else None
        if kind is Kind.MAPPING:
            pairs = self.mapping(node, name)
            if pairs is not None and isinstance(node, MappingNode):
                # Check key and value each at its own node, so an error points at the right one. Walk
                # the nodes, not `pairs`: a repeated or non-text key is reported and left out of
                # `pairs`, and zipping the two raised ValueError: a traceback for a repeated context key.
                for key_node, value_node in node.value:
                    for part in (key_node, value_node):
                        if isinstance(part, ScalarNode) and isinstance(part.value, str):
                            self.safe_text(part, name, part.value)
            return tuple(pairs) if pairs is not None else None
        if kind is Kind.EXCEPTIONS:
            return self.exceptions(node, name)
        return self.date(node, name)

    def safe_text(self, node: Node, field: str, text: str | None) -> str | None:
        """Refuse markup that would reach a reader's browser in executable form."""
        if text is None:
            return None
        # The text policy (casebook.markup) has run in `NodeReader.text`; what is left is editorial.
        findings = []
        if "TODO" in text:
            # `casebook new` marks every blank with TODO; a case must not be published half-filled.
            findings.append(Finding("TODO", 0, "still says TODO: fill it in"))
        for finding in findings:
            self.diagnostics.append(
                Diagnostic(locate(self.path, self.source, node, finding.needle, finding.nth), f"in '{field}': {finding.message}")
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
                self.diagnostics.append(Diagnostic(loc, f"'{raw}' is not a case reference: write [[case-id]] with a valid id"))
                continue
            self.refs.append(Ref(target, field, loc))

    def lint(self, values: dict[str, object]) -> list[Diagnostic]:
        """Confidentiality warnings (notices once a reviewer has allowed them) and a stale-review notice."""
        exceptions = cast("tuple[tuple[str, str], ...]", values.get("confidentiality_exceptions") or ())
        reasons = dict(exceptions)
        used: set[str] = set()
        notes: list[Diagnostic] = []
        for finding, warning in self.confidential:
            if allowed(finding, reasons):
                used.add(finding.needle)
                notes.append(Diagnostic(warning.loc, f"{warning.message} (allowed: {reasons[finding.needle]})", Severity.NOTICE))
            else:
                hint = "; remove it, or allow exactly this text in 'confidentiality_exceptions'"
                notes.append(Diagnostic(warning.loc, warning.message + hint, Severity.WARNING))
        for i, (text, _) in enumerate(exceptions):
            if text not in used:
                notes.append(
                    Diagnostic(
                        self.locs[f"confidentiality_exceptions[{i}]"],
                        f"the exception for '{text}' matches no finding; remove it (an exception allows one exact finding)",
                        Severity.WARNING,
                    )
                )
        reviewed = values.get("reviewed")
        if isinstance(reviewed, dt.date) and review_is_stale(reviewed, self.today):
            notes.append(
                Diagnostic(
                    self.locs["reviewed"],
                    f"last reviewed {reviewed.isoformat()}, over two years ago: re-check the facts and update 'reviewed'",
                    Severity.NOTICE,
                )
            )
        return notes

    def read(self, root: MappingNode) -> Case | None:
        values: dict[str, object] = {}
        for key, key_node, value_node in self.items(root, "a case file"):
            field = FIELDS_BY_NAME.get(key)
            if field is None:
                self.unknown_key(key_node, list(FIELDS_BY_NAME), "a case file")
                continue
            self.locs[key] = self.loc(value_node)
            values[key] = self.value(field, value_node)
        for field in CASE_FIELDS:
            if field.required and field.name not in values:
                self.error(root, f"missing required field '{field.name}' ({field.description})")
        case_id = values.get("id")
        if isinstance(case_id, str):
            self.declared_id = (case_id, self.locs["id"])
        if isinstance(case_id, str) and case_id != self.stem:
            self.diagnostics.append(
                Diagnostic(
                    self.locs["id"], f"id '{case_id}' differs from the file name; rename the file to {case_id}.yml or set id: {self.stem}"
                )
            )
        self.diagnostics.extend(self.lint(values))
        if any(d.severity is Severity.ERROR for d in self.diagnostics):
            return None
        return Case(**values, locs=dict(self.locs), refs=tuple(self.refs))  # type: ignore[arg-type]


@dataclass(frozen=True)
class CaseRead:
    """The outcome of reading one file: the case if valid, its problems, and the id it declares."""

    case: Case | None
    diagnostics: list[Diagnostic]
    declared_id: tuple[str, Loc] | None = None


def read_case(file: Path, display_path: str, taxonomy: Taxonomy, today: dt.date | None = None) -> CaseRead:
    """Read and validate one case file on its own; references to other cases are checked later."""
    doc, problems = read_yaml(file, display_path)
    if doc is None:
        return CaseRead(None, problems)
    if doc.root is None:
        required = ", ".join(f.name for f in CASE_FIELDS if f.required)
        return CaseRead(None, [Diagnostic(Loc(display_path), f"file is empty (or only comments); a case needs at least: {required}")])
    reader = _CaseReader(display_path, doc.text, file.stem, taxonomy, today or dt.date.today())
    if not isinstance(doc.root, MappingNode):
        reader.error(doc.root, f"a case file must be a mapping of 'field: value' lines, got {describe(doc.root)}")
        return CaseRead(None, reader.diagnostics)
    if ID_PATTERN.match(file.stem) is None:
        reader.diagnostics.append(
            Diagnostic(Loc(display_path), f"file name '{file.name}' is not a valid case id: use lower-case letters, digits and single '-'")
        )
    case = reader.read(doc.root)
    declared = reader.declared_id
    return CaseRead(case, reader.diagnostics, declared)


def _cross_check(cases: list[Case]) -> list[Diagnostic]:
    """Checks that need every case: references and related ids must name a case that exists."""
    ids = {c.id for c in cases}
    problems = []
    for case in cases:
        for i, other in enumerate(case.related):
            loc = case.locs[f"related[{i}]"]
            if other == case.id:
                problems.append(Diagnostic(loc, f"a case cannot list itself in 'related' ('{other}')"))
            elif other not in ids:
                problems.append(Diagnostic(loc, f"unknown case '{other}' in 'related'{did_you_mean(other, ids)}"))
        unknown: dict[str, int] = {}
        for ref in case.refs:
            if ref.target not in ids:
                unknown[ref.target] = unknown.get(ref.target, 0) + 1
                if unknown[ref.target] == 1:  # once per target: 48,000 copies of one typo are one mistake
                    problems.append(Diagnostic(ref.loc, f"unknown case '[[{ref.target}]]'{did_you_mean(ref.target, ids)}"))
    return problems


def check_library(root: Path, files: Iterable[Path] | None = None, today: dt.date | None = None) -> CheckResult:
    """Load the taxonomy and every case under `root`, returning all diagnostics and, if valid, the library."""
    taxonomy, diagnostics = load_taxonomy(root / TAXONOMY_DIR, TAXONOMY_DIR)
    cases: list[Case] = []
    owners: dict[str, str] = {}
    for stray in stray_case_files(root) if files is None else ():
        display = stray.relative_to(root).as_posix()
        diagnostics.append(Diagnostic(Loc(display), f"cases live directly in {CASES_DIR}/; move this file to {CASES_DIR}/{stray.name}"))
    for file in files if files is not None else case_files(root):
        display = file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()
        if file.suffix != ".yml":
            diagnostics.append(Diagnostic(Loc(display), f"case files end in .yml; rename to {file.stem}.yml"))
            continue
        read = read_case(file, display, taxonomy, today)
        diagnostics.extend(read.diagnostics)
        if read.declared_id is not None:
            case_id, loc = read.declared_id
            if case_id in owners:
                diagnostics.append(Diagnostic(loc, f"id '{case_id}' is already used by {owners[case_id]}"))
                continue
            owners[case_id] = display
        if read.case is not None:
            cases.append(read.case)
    diagnostics.extend(_cross_check(cases))
    # Author names reach every case page (贡献者): lint them like any other contributor text.
    histories = case_histories(root) if files is None else {}
    diagnostics.extend(lint_authors({path: h.authors for path, h in histories.items()}, taxonomy.sensitive_terms))
    ordered = tuple(sorted(diagnostics))
    if any(d.severity is Severity.ERROR for d in ordered):
        return CheckResult(None, ordered)
    return CheckResult(Library(taxonomy, tuple(sorted(cases, key=lambda c: c.id))), ordered)


def load_library(root: Path) -> Library:
    """The valid library under `root`, or `CasebookError` listing every error."""
    result = check_library(root)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    return result.library
