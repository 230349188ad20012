"""The JSON Schema of a case file, generated from `casebook.model.fields` and the taxonomy.

Editors (VS Code's YAML extension) read it through the `$schema` comment that
`casebook new` writes, so contributors get completion and underlines while they
type. It is generated, never edited: `casebook schema` rewrites it, and a test
fails when the checked-in copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from casebook.model import Taxonomy
from casebook.model.field_kinds import Field
from casebook.model.fields import CASE_FIELDS

SCHEMA_PATH = "cases/case.schema.json"


def _choices(field: Field, taxonomy: Taxonomy) -> list[str] | None:
    # Case ids are not a closed list: a new case may name one written in the same change.
    if field.vocabulary is None or field.vocabulary == "cases":
        return None
    return list(getattr(taxonomy, field.vocabulary).ids())


def case_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema as a dict: one property per field, taxonomy ids as enums, no other keys allowed."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Casebook 案例文件",
        "description": "cases/<id>.yml 的格式。由 casebook schema 生成，请勿手改。",
        "type": "object",
        "required": [f.name for f in CASE_FIELDS if f.required],
        "properties": {f.name: {"description": f.description, **f.kind.schema(f, _choices(f, taxonomy))} for f in CASE_FIELDS},
        # The reader decides as someone: a decision needs the reader's role (also a `casebook check` rule).
        "dependentRequired": {"decision": ["role"]},
        "additionalProperties": False,
    }


def render_schema(taxonomy: Taxonomy) -> str:
    """The schema as the exact text checked in at `cases/case.schema.json`."""
    return json.dumps(case_schema(taxonomy), ensure_ascii=False, indent=2) + "\n"
