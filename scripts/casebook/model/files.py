"""Where a project keeps its case files and taxonomy, and reading them as text."""

from __future__ import annotations

from pathlib import Path

from casebook.model.fields import FIELDS_BY_NAME
from casebook.model.record_kinds import TranslationKind
from casebook.model.taxonomy import GLOSSARY_FILE, VOCABULARIES, glossary_parts, term_parts
from casebook.model.translation import EN, Part
from casebook.source.nodes import NodeReader
from casebook.source.yamlsource import decode

CASES_DIR = "cases"


TAXONOMY_DIR = "cases/taxonomy"


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


def display_path(root: Path, file: Path) -> str:
    """How messages name `file`: from the project root when it is inside it."""
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()


def read_texts(root: Path, files: list[Path]) -> list[tuple[str, str]]:
    """(display path, text) of each regular file of `files` that decodes."""
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
