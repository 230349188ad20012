"""The `casebook` command: check case files and export the generated pages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import CasebookError, Diagnostic, Severity
from .export import ExportError, export_pages
from .load import check_library
from .site import build_site

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _find_root(start: Path) -> Path:
    """The project root: the nearest folder upwards that holds `mkdocs.yml`."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def _print(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the taxonomy and every case; report each problem as path:line:col."""
    root: Path = args.root
    files = None
    if args.paths:
        files = [Path(p).absolute() for p in args.paths]
        missing = [p for p in files if not p.is_file()]
        if missing:
            print(f"casebook check: no such file: {missing[0]}", file=sys.stderr)
            return EXIT_USAGE
    result = check_library(root, None)
    shown = result.diagnostics
    if files is not None:
        # The whole library is always loaded, because references cross files;
        # only the problems of the named files (and of the taxonomy) are shown.
        wanted = {p.relative_to(root).as_posix() if p.is_relative_to(root) else p.as_posix() for p in files}
        shown = tuple(d for d in shown if d.loc.path in wanted or d.loc.path.startswith("cases/taxonomy/"))
    _print(shown)
    errors = [d for d in shown if d.severity is Severity.ERROR]
    if errors:
        print(f"{len(errors)} error{'s' if len(errors) != 1 else ''}", file=sys.stderr)
        return EXIT_ERRORS
    if result.library is not None and files is None:
        print(f"ok: {len(result.library.cases)} cases", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write the Markdown tree exactly as it is fed to MkDocs."""
    root: Path = args.root
    try:
        site = build_site(root)
        export_pages(site.pages, Path(args.dir), root / "docs")
    except CasebookError as exc:
        _print(exc.diagnostics)
        return EXIT_ERRORS
    except ExportError as exc:
        print(f"casebook export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"exported {len(site.pages)} generated pages to {args.dir}", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; `--root` defaults to the project that holds the current folder."""
    parser = argparse.ArgumentParser(prog="casebook", description="Check case files and build Casebook pages.")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the nearest one with mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate case files; exit 1 on errors")
    check.add_argument("paths", nargs="*", help="case files to report on (default: all)")
    check.set_defaults(run=cmd_check)

    export = commands.add_parser("export", help="write the generated Markdown tree to DIR")
    export.add_argument("dir", help="target folder: new, empty, or an earlier export")
    export.set_defaults(run=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `casebook` console script."""
    args = build_parser().parse_args(argv)
    args.root = (args.root or _find_root(Path.cwd())).absolute()
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
