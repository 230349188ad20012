"""Load and validate case files into a `Library`, collecting every problem before failing once.

Each file is read on its own (`casebook.model.reader`, cached by `casebook.model.readcache`);
what needs every file (ids, renames, references) is checked here, after all are read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from casebook.model import Case, Library, Taxonomy
from casebook.model.fields import CASE_FIELDS
from casebook.model.files import CASES_DIR, TAXONOMY_DIR, case_files, display_path, stray_case_files
from casebook.model.readcache import ReadCache, taxonomy_key
from casebook.model.reader import CaseRead, read_case
from casebook.model.taxonomy import load_taxonomy
from casebook.source.diagnostics import Diagnostic, Loc, Severity, did_you_mean
from casebook.source.history import case_histories
from casebook.source.lint import lint_authors
from casebook.source.messages import say


@dataclass(frozen=True)
class CheckResult:
    """What a check found: the library when it is valid, and every diagnostic either way."""

    library: Library | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """Only the diagnostics that fail a check."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)


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


def load_cases(root: Path, today: dt.date | None = None, cache: ReadCache | None = None, workers: int = 1) -> CheckResult:
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
        cache.prefetch([(f, display_path(root, f)) for f in case_files(root) if f.suffix == ".yml"], taxonomy, key, today, workers)
    for file in case_files(root):
        display = display_path(root, file)
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
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return CheckResult(None, tuple(sorted(diagnostics)))
    return CheckResult(Library(taxonomy, tuple(sorted(cases, key=lambda c: c.id))), tuple(sorted(diagnostics)))
