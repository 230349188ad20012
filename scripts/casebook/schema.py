"""The JSON Schema of a case file, generated from `casebook.fields` and the taxonomy.

Editors (VS Code's YAML extension) read it through the `$schema` comment that
`casebook new` writes, so contributors get completion and underlines while they
type. It is generated, never edited: `casebook schema` rewrites it, and a test
fails when the checked-in copy is stale.
"""

from __future__ import annotations

import json
from typing import Any

from .fields import CASE_FIELDS, Field, Kind
from .model import Taxonomy
from .nodes import ID_PATTERN

SCHEMA_PATH = "cases/case.schema.json"


def _property(field: Field, taxonomy: Taxonomy) -> dict[str, Any]:
    identifier: dict[str, Any] = {"type": "string", "pattern": ID_PATTERN.pattern}
    if field.vocabulary and field.vocabulary != "cases":
        identifier = {"enum": getattr(taxonomy, field.vocabulary).ids()}
    text = {"type": "string", "minLength": 1, "pattern": r"\S"}
    shapes: dict[Kind, dict[str, Any]] = {
        Kind.ID: identifier,
        Kind.TEXT: text,
        Kind.MARKDOWN: text,
        Kind.ID_LIST: {"type": "array", "items": identifier, "uniqueItems": True, "minItems": field.min_items},
        Kind.TEXT_LIST: {"type": "array", "items": text, "minItems": field.min_items},
        Kind.MAPPING: {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
        Kind.DATE: {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        Kind.EXCEPTIONS: {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"text": text, "reason": text},
                "required": ["text", "reason"],
                "additionalProperties": False,
            },
        },
    }
    return {"description": field.description, **shapes[field.kind]}


def case_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """The schema as a dict: one property per field, taxonomy ids as enums, no other keys allowed."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Casebook 案例文件",
        "description": "cases/<id>.yml 的格式。由 casebook schema 生成，请勿手改。",
        "type": "object",
        "required": [f.name for f in CASE_FIELDS if f.required],
        "properties": {f.name: _property(f, taxonomy) for f in CASE_FIELDS},
        "additionalProperties": False,
    }


def render_schema(taxonomy: Taxonomy) -> str:
    """The schema as the exact text checked in at `cases/case.schema.json`."""
    return json.dumps(case_schema(taxonomy), ensure_ascii=False, indent=2) + "\n"
