"""Load and validate case files into a `Library`, collecting every problem before failing once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import CasebookError, Diagnostic, Loc, Severity, did_you_mean
from .editions import EN as EN_EDITION
from .editorial import editorial_notices, quote_notices, read_newcomer_path
from .fields import CASE_FIELDS, FIELDS_BY_NAME, TODO, Field, TranslationKind
from .history import case_histories
from .lint import allowed, lint_authors, review_is_stale
from .markup import MAX_REFERENCES, REF_PATTERN, Finding
from .messages import say
from .model import Case, Library, Ref, Taxonomy
from .nodes import ID_PATTERN, NodeReader, describe
from .sitemap import HOME
from .spoilers import outcome_leaks
from .taxonomy import GLOSSARY_FILE, VOCABULARIES, glossary_parts, load_taxonomy, term_parts
from .translation import EN, Part
from .yamlsource import decode, locate, locate_from, read_yaml

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


class CaseReader(NodeReader):
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
        # The text policy (casebook.markup) has run in `NodeReader.text`; what is left is editorial.
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


class ReadCache:
    """Each case file's read, kept between checks: a save re-reads only what it changed.

    One `mkdocs serve` session keeps one in memory; `casebook check` keeps one on disk
    between runs (`casebook.readstore`). A read depends on the file's bytes, the taxonomy
    (its vocabularies and deny-list) and the date (a review goes stale); the cache is keyed
    by all three, so it never answers with a read that a fresh check would not give.
    """

    def __init__(self, entries: Mapping[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]] | None = None) -> None:
        self._reads: dict[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]] = dict(entries or {})
        #: Whether a read was added or replaced since the cache was made (a store need not be rewritten if not).
        self.changed = False
        self._seen: set[str] = set()

    def __len__(self) -> int:
        return len(self._reads)

    def read(self, file: Path, display_path: str, taxonomy: Taxonomy, taxonomy_key: bytes, today: dt.date) -> CaseRead:
        """`read_case`, or the read of the same bytes under the same taxonomy on the same day."""
        self._seen.add(display_path)
        try:
            data = file.read_bytes() if file.is_file() and not file.is_symlink() else b""
        except OSError:
            data = b""
        key = (hashlib.blake2b(data, digest_size=16).digest() if data else b"", taxonomy_key, today)
        cached = self._reads.get(display_path)
        if data and cached is not None and cached[0] == key:
            return cached[1]
        read = read_case(file, display_path, taxonomy, today)
        self._reads[display_path] = (key, read)
        self.changed = True
        return read

    def prefetch(self, files: list[tuple[Path, str]], taxonomy: Taxonomy, taxonomy_key: bytes, today: dt.date, workers: int) -> None:
        """Read, in `workers` processes, the files of `files` (path, display path) that the cache cannot answer.

        Reads are independent of each other (references are checked afterwards), so a first
        check of a large library uses every core; `read` then finds each one here.
        """
        missing = []
        for file, display in files:
            try:
                data = file.read_bytes() if file.is_file() and not file.is_symlink() else b""
            except OSError:
                continue
            key = (hashlib.blake2b(data, digest_size=16).digest(), taxonomy_key, today)
            cached = self._reads.get(display)
            if data and (cached is None or cached[0] != key):
                missing.append((file, display, key))
        if len(missing) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        chunk = max(1, len(missing) // (workers * 4))
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=(taxonomy, today)) as pool:
            reads = pool.map(_worker_read, [(file, display) for file, display, _ in missing], chunksize=chunk)
            for (_, display, key), read in zip(missing, reads, strict=True):
                self._reads[display] = (key, read)
        self.changed = True

    def entries(self) -> dict[str, tuple[tuple[bytes, bytes, dt.date], CaseRead]]:
        """The reads of the files read since the cache was made (a deleted case's read is dropped)."""
        return {path: entry for path, entry in self._reads.items() if path in self._seen}


#: Below this many files to read, starting processes costs more than it saves.
_PARALLEL_FROM = 64
_worker_state: tuple[Taxonomy, dt.date] | None = None


def _worker_init(taxonomy: Taxonomy, today: dt.date) -> None:
    global _worker_state
    _worker_state = (taxonomy, today)


def _worker_read(item: tuple[Path, str]) -> CaseRead:
    assert _worker_state is not None
    file, display = item
    return read_case(file, display, *_worker_state)


def taxonomy_key(root: Path) -> bytes:
    """A digest of every file under `cases/taxonomy/`: what every case read depends on besides its own bytes."""
    digest = hashlib.blake2b(digest_size=16)
    for file in sorted((root / TAXONOMY_DIR).glob("*")):
        if file.is_file() and not file.is_symlink():
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.digest()


def _renames(reads: list[CaseRead], owners: Mapping[str, str]) -> tuple[dict[str, str], list[Diagnostic]]:
    """Each old id (`moved_from`) and the case it became; an old id must name no live case and only one new one."""
    renamed: dict[str, str] = {}
    claimed: dict[str, str] = {}
    problems = []
    for read in reads:
        if read.declared_id is None:
            continue
        new, _ = read.declared_id
        for old, loc in read.moved_from:
            if old in owners:
                problems.append(
                    Diagnostic(
                        loc,
                        say(
                            "'{old}' in 'moved_from' is the id of {path}: an old id must not name a case that exists",
                            old=old,
                            path=owners[old],
                        ),
                    )
                )
            elif old in claimed:
                problems.append(Diagnostic(loc, say("'{old}' in 'moved_from' is already claimed by {path}", old=old, path=claimed[old])))
            else:
                renamed[old], claimed[old] = new, owners.get(new, "")
    return renamed, problems


def _cross_check(
    reads: list[CaseRead], ids: set[str], renamed: Mapping[str, str], unread: Mapping[str, str]
) -> tuple[list[Diagnostic], dict[str, str]]:
    """Checks that need every file: references and related ids must name a case that exists.

    Run over every file read, valid or not, so a broken reference is reported in the same
    round as the file's own errors; `ids` holds every declared id, so pointing at a case
    that has errors of its own is not reported twice, and `unread` (a file that declared no
    id, by its name: a YAML syntax error) gets one line for what waits on it, not one per
    reference. An old id (`renamed`) still links to its case, with a notice naming the new id.
    Returns the problems, and what waits on each unread file (for `_with_what_waits`).
    """
    problems = []
    waiting: dict[str, int] = {}
    for read in reads:
        own = read.declared_id[0] if read.declared_id else None
        for other, loc in read.related:
            if renamed.get(other, other) == own:
                problems.append(Diagnostic(loc, say("a case cannot list itself in 'related' ('{id}')", id=other)))
            elif other in renamed:
                problems.append(_old_id_notice(loc, other, renamed[other]))
            elif other in unread and other not in ids:
                waiting[other] = waiting.get(other, 0) + 1
            elif other not in ids:
                problems.append(Diagnostic(loc, say("unknown case '{id}' in 'related'{hint}", id=other, hint=did_you_mean(other, ids))))
        unknown: dict[str, int] = {}
        for ref in read.refs:
            if ref.target in renamed:
                problems.append(_old_id_notice(ref.loc, f"[[{ref.target}]]", renamed[ref.target]))
            elif ref.target in unread and ref.target not in ids:
                waiting[ref.target] = waiting.get(ref.target, 0) + 1
            elif ref.target not in ids:
                unknown[ref.target] = unknown.get(ref.target, 0) + 1
                if unknown[ref.target] == 1:  # once per target: 48,000 copies of one typo are one mistake
                    problems.append(
                        Diagnostic(ref.loc, say("unknown case '[[{id}]]'{hint}", id=ref.target, hint=did_you_mean(ref.target, ids)))
                    )
    waits = {
        unread[case_id]: say("{count} reference(s) to '{id}' in other cases wait on it", count=count, id=case_id)
        for case_id, count in waiting.items()
    }
    return problems, waits


def _waiting_on_taxonomy(taxonomy: Taxonomy) -> dict[str, str]:
    """For each vocabulary file that cannot be read, what waits on it: the case fields that name its ids go unchecked."""
    waits: dict[str, list[str]] = {}
    for field in CASE_FIELDS:
        vocabulary = getattr(taxonomy, field.vocabulary) if field.vocabulary not in (None, "cases") else None
        if vocabulary is not None and vocabulary.unread:
            waits.setdefault(vocabulary.unread, []).append(field.name)
    return {path: say("every case's '{fields}' waits on it", fields="', '".join(names)) for path, names in waits.items()}


def _with_what_waits(diagnostics: list[Diagnostic], waits: Mapping[str, str]) -> list[Diagnostic]:
    """`diagnostics`, where the first error of each file in `waits` also says what waits on that file.

    One mistake, one message: a file that cannot be read is not followed by an error for every
    reference to what it would have defined, and its own error comes first, saying what waits.
    """
    pending = dict(waits)
    result = []
    for diagnostic in sorted(diagnostics):
        note = pending.pop(diagnostic.loc.path, None) if diagnostic.severity is Severity.ERROR else None
        result.append(dataclasses.replace(diagnostic, message=f"{diagnostic.message} ({note})") if note else diagnostic)
    return result


def _old_id_notice(loc: Loc, written: str, new: str) -> Diagnostic:
    # It links to the renamed case, so nothing is broken; the notice says which name to write from now on.
    return Diagnostic(
        loc, say("'{written}' is the old id of '{new}', which it links to; write the new id", written=written, new=new), Severity.NOTICE
    )


def _with_new_ids(case: Case, renamed: Mapping[str, str]) -> Case:
    """`case` with every related id and reference target that is an old id replaced by its case's id."""
    if not any(other in renamed for other in case.related) and not any(ref.target in renamed for ref in case.refs):
        return case
    return dataclasses.replace(
        case,
        related=tuple(dict.fromkeys(renamed.get(other, other) for other in case.related)),
        refs=tuple(dataclasses.replace(ref, target=renamed.get(ref.target, ref.target)) for ref in case.refs),
    )


def check_library(root: Path, today: dt.date | None = None, cache: ReadCache | None = None, workers: int = 1) -> CheckResult:
    """Load the taxonomy and every case under `root`, returning all diagnostics and, if valid, the library.

    With a `cache` (one `mkdocs serve` session, or the store `casebook check` keeps), files
    unchanged since its last check are not read again; with `workers` > 1 too, the files it
    must read are read in that many processes (a command-line check; a server's threads and
    `fork` do not mix).
    """
    today = today or dt.date.today()
    taxonomy, diagnostics = load_taxonomy(root / TAXONOMY_DIR, TAXONOMY_DIR)
    key = taxonomy_key(root) if cache is not None else b""
    cases: list[Case] = []
    reads: list[CaseRead] = []
    displays: list[str] = []
    owners: dict[str, str] = {}
    for stray in stray_case_files(root):
        display = stray.relative_to(root).as_posix()
        diagnostics.append(Diagnostic(Loc(display), f"cases live directly in {CASES_DIR}/; move this file to {CASES_DIR}/{stray.name}"))
    if cache is not None and workers > 1:
        cache.prefetch([(f, _display(root, f)) for f in case_files(root) if f.suffix == ".yml"], taxonomy, key, today, workers)
    for file in case_files(root):
        display = _display(root, file)
        if file.suffix != ".yml":
            diagnostics.append(Diagnostic(Loc(display), say("case files end in .yml; rename to {stem}.yml", stem=file.stem)))
            continue
        read = cache.read(file, display, taxonomy, key, today) if cache is not None else read_case(file, display, taxonomy, today)
        reads.append(read)
        displays.append(display)
        diagnostics.extend(read.diagnostics)
        if read.declared_id is not None:
            case_id, loc = read.declared_id
            if case_id in owners:
                diagnostics.append(Diagnostic(loc, say("id '{id}' is already used by {path}", id=case_id, path=owners[case_id])))
                continue
            owners[case_id] = display
        if read.case is not None:
            cases.append(read.case)
    renamed, problems = _renames(reads, owners)
    diagnostics.extend(problems)
    unread = {Path(read_path).stem: read_path for read_path, read in zip(displays, reads, strict=True) if read.declared_id is None}
    problems, waits = _cross_check(reads, set(owners), renamed, unread)
    diagnostics = _with_what_waits([*diagnostics, *problems], {**waits, **_waiting_on_taxonomy(taxonomy)})
    cases = [_with_new_ids(case, renamed) for case in cases]
    # Author names reach every case page (贡献者): lint them like any other contributor text.
    histories = case_histories(root)
    diagnostics.extend(lint_authors({path: h.authors for path, h in histories.items()}, taxonomy.sensitive_terms))
    path_text, problems = read_newcomer_path(root)
    diagnostics.extend(problems)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return CheckResult(None, tuple(sorted(diagnostics)))
    library = Library(taxonomy, tuple(sorted(cases, key=lambda c: c.id)))
    diagnostics.extend(editorial_notices(path_text, library, english=(root / "docs" / EN_EDITION.uri(HOME)).is_file()))
    hand_written = [*sorted((root / "docs").glob("*.md")), *sorted((root / "docs" / EN_EDITION.prefix).glob("*.md"))]
    diagnostics.extend(outcome_leaks(library, dict(_texts(root, hand_written))))
    diagnostics.extend(quote_notices(_texts(root, [*case_files(root), *sorted((root / TAXONOMY_DIR).glob("*.yml"))])))
    return CheckResult(library, tuple(sorted(diagnostics)))


def _display(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()


def _texts(root: Path, files: list[Path]) -> list[tuple[str, str]]:
    # Only files that loaded (the library is valid), so each decodes; a symbolic link never got this far.
    texts = []
    for file in files:
        if file.is_file() and not file.is_symlink():
            text, _ = decode(file.relative_to(root).as_posix(), file.read_bytes())
            if text is not None:
                texts.append((file.relative_to(root).as_posix(), text))
    return texts


def english_parts(root: Path, file: Path) -> dict[str, Part] | None:
    """The English fields of the entries of a case or taxonomy file (None: a file without an English layer)."""
    reader = NodeReader(file.name)
    if file.parent == root / TAXONOMY_DIR:
        if file.name == GLOSSARY_FILE:
            return glossary_parts(reader)
        spec = next((v for v in VOCABULARIES if v.file == file.name), None)
        return term_parts(reader, spec) if spec is not None else None
    if file.parent == root / CASES_DIR and file.suffix == ".yml":
        kind = FIELDS_BY_NAME[EN].kind
        assert isinstance(kind, TranslationKind)
        return kind.parts(None, FIELDS_BY_NAME[EN])
    return None


def load_library(root: Path) -> Library:
    """The valid library under `root`, or `CasebookError` listing every error."""
    result = check_library(root)
    if result.library is None:
        raise CasebookError(result.diagnostics)
    return result.library
