"""Every case file means the same to every YAML reader, and passes the schema published for editors.

Casebook reads case files with its own loader; contributors' editors, linters and scripts
read them with PyYAML (YAML 1.1) or a YAML 1.2 reader (ruamel.yaml, the YAML language
server). The property: read either way, every case file of the library (and of the
fixtures) validates against `cases/case.schema.json`, so what a digest or a date means does
not depend on the reader. And what `casebook translated` writes stays text for both.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from casebook.model import digests
from casebook.model.files import english_parts
from casebook.model.schema import SCHEMA_PATH
from conftest import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
CASE_FILES = sorted((REPO / "cases").glob("*.yml")) + sorted(GOLDEN.glob("*/cases/*.yml"))


def _as_json(value: Any) -> Any:
    """A YAML value as JSON sees it: a date is the text an editor's schema check compares (YAML dates are not JSON)."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def pyyaml(text: str) -> Any:
    return yaml.safe_load(text)


def yaml12(text: str) -> Any:
    reader = YAML(typ="safe", pure=True)
    reader.version = (1, 2)  # type: ignore[assignment]
    return reader.load(io.StringIO(text))


READERS: dict[str, Callable[[str], Any]] = {"PyYAML": pyyaml, "YAML 1.2": yaml12}


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads((REPO / SCHEMA_PATH).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_case_file_passes_the_schema_as_other_yaml_readers_read_it(
    path: Path, reader: str, validator: jsonschema.protocols.Validator
) -> None:
    data = _as_json(READERS[reader](path.read_text(encoding="utf-8")))
    # The fixtures' taxonomy is not the library's: their ids are checked by `casebook check`, the shape here.
    errors = [e for e in validator.iter_errors(data) if not (path.is_relative_to(GOLDEN) and e.validator == "enum")]
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def test_an_unquoted_digest_is_a_warning_at_its_place(tmp_path: Path) -> None:
    from conftest import copy_project
    from test_english import CASE, messages

    root = copy_project(tmp_path / "project")
    case = root / CASE
    text = case.read_text(encoding="utf-8")
    quoted = next(line for line in text.splitlines() if line.startswith('    story: "'))
    case.write_text(text.replace(quoted, quoted.replace('"', "")), encoding="utf-8")
    line = text.splitlines().index(quoted) + 1
    value = quoted.split('"')[1]
    found = [m for m in messages(root) if "should be quoted" in m]
    assert found == [f"{CASE}:{line}:12: warning: 'translated_from.story' should be quoted (\"{value}\"), as casebook translated writes it"]


CASE_FILE = REPO / "cases" / "lost-test-phone-email.yml"
CASE_TEXT = CASE_FILE.read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"[0-9]{8}", fullmatch=True),
        st.from_regex(r"[0-9]{1,6}e[0-9]{1,6}", fullmatch=True).filter(lambda s: len(s) == 8),
        st.from_regex(r"[0-9a-f]{8}", fullmatch=True),
    )
)
def test_what_casebook_translated_writes_every_reader_reads_as_the_same_text(value: str) -> None:
    # Whatever eight hex digits a digest happens to be (all digits, or digits around an 'e'), both readers read the text.
    parts = english_parts(REPO, CASE_FILE)
    original = digests.digest
    digests.digest = lambda node: value
    try:
        written = digests.record_digests(CASE_TEXT, lambda entry: parts if entry.start_mark.line == 0 else None)
    finally:
        digests.digest = original  # type: ignore[assignment]
    for read in READERS.values():
        recorded = read(written)["en"]["translated_from"]
        assert recorded and set(recorded.values()) == {value}, (read, recorded)
