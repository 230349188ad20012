"""The `casebook` command: check case files, start a new one, record translations, regenerate the schema, export the pages."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from yaml.nodes import MappingNode

from casebook.check.checker import check_library, load_library
from casebook.model.digests import translated
from casebook.model.files import CASES_DIR, TAXONOMY_DIR, english_parts
from casebook.model.readcache import ReadCache
from casebook.model.readstore import load_cache, save_cache
from casebook.model.schema import SCHEMA_PATH, render_schema
from casebook.model.taxonomy import load_taxonomy

# Not imported here: the site (`export`) and the article comparison (`check --sources`) load the page
# renderers, jieba and pypinyin, a third of a second that `casebook check`, run at every save, does without.
from casebook.model.translation import Part
from casebook.render.scaffold import ScaffoldError, pick, render_new_case, validate_new_id, write_new_case
from casebook.source.diagnostics import TRANSLATION, CasebookError, Diagnostic, Severity, did_you_mean, printable
from casebook.source.messages import LANG_ENV, say

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards that holds `mkdocs.yml`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


#: How a contributor runs this command from the project root: `make` installs it into .venv, not onto PATH.
COMMAND = ".venv/bin/casebook"


def _github(diagnostic: Diagnostic) -> str:
    # GitHub Actions workflow commands: the pull request shows each one inline on its line.
    # Newlines and '%' must be escaped in the message.
    # Control characters are shown as escapes first, so none reaches the log; a property value (the
    # file name) also escapes ':' and ',', which would otherwise end it.
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}[diagnostic.severity]
    message = printable(diagnostic.message).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    loc = diagnostic.loc
    path = printable(loc.path).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")
    return f"::{level} file={path},line={loc.line},col={loc.col}::{message}"


def _print(diagnostics: Sequence[Diagnostic], output_format: str = "text") -> None:
    for diagnostic in diagnostics:
        print(_github(diagnostic) if output_format == "github" else diagnostic)


def _copied_from(root: Path, sources: Path) -> list[Diagnostic]:
    """Runs of Chinese text in the cases, the taxonomy and docs/*.md shared with the articles in `sources`."""
    from casebook.source.provenance import shared_runs, shingles

    articles = shingles(p.read_text(encoding="utf-8", errors="replace") for p in sorted(sources.iterdir()) if p.is_file())
    problems: list[Diagnostic] = []
    for pattern in (f"{CASES_DIR}/*.yml", f"{TAXONOMY_DIR}/*.yml", "docs/*.md"):
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8", errors="replace")
            problems += shared_runs(path.relative_to(root).as_posix(), text, articles, yaml=path.suffix == ".yml")
    return problems


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the taxonomy and every case; report each problem as path:line:col."""
    root: Path = args.root
    sources: Path | None = args.sources
    if sources is not None and not (sources.is_dir() and any(p.is_file() for p in sources.iterdir())):
        print("casebook check: " + say("--sources needs a folder of article texts: {path}", path=sources), file=sys.stderr)
        return EXIT_USAGE
    files = None
    if args.paths:
        files = [Path(p).absolute() for p in args.paths]
        missing = [p for p in files if not p.is_file()]
        if missing:
            print("casebook check: " + say("no such file: {path}", path=printable(str(missing[0]))), file=sys.stderr)
            return EXIT_USAGE
        # Only cases/<id>.yml is ever read; a path elsewhere must not pass as "checked, no errors".
        outside = [p for p in files if p.parent != root / CASES_DIR or p.suffix != ".yml"]
        if outside:
            print(
                f"casebook check: {printable(str(outside[0]))} is not a case file;"
                f" cases are {CASES_DIR}/<id>.yml, directly in {CASES_DIR}/",
                file=sys.stderr,
            )
            return EXIT_USAGE
    reads = ReadCache() if args.no_cache else load_cache(root)
    result = check_library(root, cache=reads, workers=min(len(os.sched_getaffinity(0)), 8))
    if not args.no_cache:
        save_cache(root, reads)
    shown = result.diagnostics
    if sources is not None:
        shown = tuple(sorted((*shown, *_copied_from(root, sources))))
    if args.strict:
        # CI treats a confidentiality warning as an error; a reviewer's exception stays a notice.
        shown = tuple(d.as_error() if d.severity is Severity.WARNING else d for d in shown)
    if args.translations:
        # The release gate: missing and stale English, notices for a contributor, fail a release.
        shown = tuple(d.as_error() if d.gate == TRANSLATION else d for d in shown)
    if files is not None:
        # The whole library is always loaded, because references cross files;
        # only the problems of the named files (and of the taxonomy) are shown.
        wanted = {p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix() for p in files}
        shown = tuple(d for d in shown if d.loc.path in wanted or d.loc.path.startswith("cases/taxonomy/"))
    _print(shown, args.format)
    errors = [d for d in shown if d.severity is Severity.ERROR]
    if errors:
        print(say("{count} error{plural}", count=len(errors), plural="s" if len(errors) != 1 else ""), file=sys.stderr)
        return EXIT_ERRORS
    if result.library is not None and files is None:
        print(say("ok: {count} cases", count=len(result.library.cases)), file=sys.stderr)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write cases/<id>.yml from the commented template."""
    root: Path = args.root
    try:
        path = validate_new_id(args.id, root / CASES_DIR)
        library = load_library(root)
    except ScaffoldError as exc:
        print(f"casebook new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CasebookError as exc:
        _print(exc.diagnostics)
        return EXIT_ERRORS
    title: str | None = None
    issue_types: list[str] = []
    lessons: list[str] = []
    if args.interactive:
        taxonomy = library.taxonomy
        title = input("标题: ").strip()
        print("问题类型：")
        issue_types = pick(taxonomy.issue_types.terms, input, print, "选择问题类型")
        print("经验教训：")
        lessons = pick(taxonomy.lessons.terms, input, print, "选择经验教训")
    text = render_new_case(args.id, library, title=title, issue_types=issue_types, lessons=lessons)
    try:
        write_new_case(path, text)
    except FileExistsError:
        print("casebook new: " + say("cases/{id}.yml already exists", id=args.id), file=sys.stderr)
        return EXIT_USAGE
    print(
        say("wrote cases/{id}.yml; fill in every TODO, then run: {command}", id=args.id, command=f"{COMMAND} check cases/{args.id}.yml"),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Regenerate cases/case.schema.json from the field table and the taxonomy."""
    root: Path = args.root
    taxonomy, problems = load_taxonomy(root / TAXONOMY_DIR, TAXONOMY_DIR)
    if problems:
        _print(problems)
        return EXIT_ERRORS
    (root / SCHEMA_PATH).write_text(render_schema(taxonomy), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the Markdown tree exactly as it is fed to MkDocs."""
    from casebook.site.build import build_site
    from casebook.site.export import ExportError, export_pages

    root: Path = args.root
    try:
        site = build_site(root)
        export_pages(site.pages, Path(args.dir), root / "docs", site.snippets())
    except CasebookError as exc:
        _print(exc.diagnostics)
        return EXIT_ERRORS
    except ExportError as exc:
        print(f"casebook export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"exported {len(site.pages)} generated pages to {args.dir}", file=sys.stderr)
    return EXIT_OK


def _always(parts: dict[str, Part]) -> Callable[[MappingNode], Mapping[str, Part]]:
    """Every entry of a file has the same English fields."""
    return lambda _: parts


def cmd_translated(args: argparse.Namespace) -> int:
    """Record, in each file's `en:` blocks, which Chinese text the English was translated from."""
    root: Path = args.root
    for name in args.paths:
        file = Path(name).absolute()
        parts = english_parts(root, file)
        if parts is None or not file.is_file():
            print("casebook translated: " + say("{path} is not a case or taxonomy file", path=name), file=sys.stderr)
            return EXIT_USAGE
        unknown = [f for f in args.field if f not in parts]
        if unknown:
            print(
                "casebook translated: "
                + say("unknown English field '{name}'{hint}", name=unknown[0], hint=did_you_mean(unknown[0], parts)),
                file=sys.stderr,
            )
            return EXIT_USAGE
        changed = translated(file, _always(parts), tuple(args.field))
        print(say("{path}: recorded", path=name) if changed else say("{path}: already up to date", path=name), file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; `--root` defaults to the project that holds the current folder."""
    parser = argparse.ArgumentParser(prog="casebook", description="Check case files and build Casebook pages.")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the nearest one with mkdocs.yml)")
    parser.add_argument("--lang", choices=["zh", "en"], default=None, help=f"language of the messages (default: zh, or ${LANG_ENV})")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate case files; exit 1 on errors")
    check.add_argument("paths", nargs="*", help="case files to report on (default: all)")
    check.add_argument("--strict", action="store_true", help="treat confidentiality warnings as errors (CI)")
    check.add_argument(
        "--translations", action="store_true", help="treat missing and stale English as errors (a maintainer's gate before a release)"
    )
    check.add_argument("--no-cache", action="store_true", help="read every file again, ignoring the reads kept from the last check")
    check.add_argument("--format", choices=["text", "github"], default="text", help="'github' prints workflow annotations")
    check.add_argument("--sources", type=Path, metavar="DIR", help="also reject text copied from the articles in DIR")
    check.set_defaults(run=cmd_check)

    new = commands.add_parser("new", help="start cases/<id>.yml from a commented template")
    new.add_argument("id", help="the new case's id, e.g. late-parts-airfreight")
    new.add_argument("--interactive", "-i", action="store_true", help="ask for the title and pick issue types and lessons")
    new.set_defaults(run=cmd_new)

    schema = commands.add_parser("schema", help=f"regenerate {SCHEMA_PATH} for editors")
    schema.set_defaults(run=cmd_schema)

    stamp = commands.add_parser("translated", help="record which Chinese text each English field was translated from")
    stamp.add_argument("paths", nargs="+", help="case or taxonomy files whose English matches their Chinese now")
    stamp.add_argument("--field", action="append", default=[], help="record only this English field (repeatable)")
    stamp.set_defaults(run=cmd_translated)

    export = commands.add_parser("export", help="write the generated Markdown tree to DIR")
    export.add_argument("dir", help="target folder: new, empty, or an earlier export")
    export.set_defaults(run=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casebook` console script."""
    args = build_parser().parse_args(argv)
    if args.lang:
        os.environ[LANG_ENV] = args.lang
    args.root = (args.root or _find_root(Path.cwd())).absolute()
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
