"""The field table is the one description of a case file: the model, the check, the schema and the scaffold follow it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from casebook.check.checker import check_library
from casebook.model import Case, fields, loader, reader, schema
from casebook.model.field_kinds import MarkdownKind, TextKind
from casebook.model.fields import CASE_FIELDS
from casebook.model.schema import case_schema
from casebook.render import context as page_context
from casebook.render import scaffold, templating
from casebook.site.build import build_site
from conftest import Project
from test_load_errors import VALID

_NOT_FIELDS = {"locs", "refs"}


def disagreements(table: tuple[fields.Field, ...], model: type) -> list[str]:
    """Where the model and the table differ: names, types, and which fields may be left out."""
    attributes = {f.name: f for f in dataclasses.fields(model) if f.name not in _NOT_FIELDS}
    problems = [f"{name}: on Case, not in the table" for name in attributes.keys() - {f.name for f in table}]
    for row in table:
        attribute = attributes.get(row.name)
        if attribute is None:
            problems.append(f"{row.name}: in the table, not on Case")
            continue
        if attribute.type != row.annotation:
            problems.append(f"{row.name}: Case says {attribute.type}, the table {row.annotation}")
        has_default = attribute.default is not dataclasses.MISSING or attribute.default_factory is not dataclasses.MISSING
        if has_default == row.required:
            problems.append(f"{row.name}: required in one, optional in the other")
        elif has_default and attribute.default != row.kind.empty():
            problems.append(f"{row.name}: Case defaults to {attribute.default!r}, the kind to {row.kind.empty()!r}")
    return sorted(problems)


def test_the_case_model_and_the_field_table_agree() -> None:
    assert disagreements(CASE_FIELDS, Case) == []


def test_a_row_without_its_model_attribute_is_caught() -> None:
    row = fields.Field("sponsor", TextKind(), False, "客户方的发起人")
    assert disagreements((*CASE_FIELDS, row), Case) == ["sponsor: in the table, not on Case"]


def test_adding_a_field_is_one_row_one_attribute_and_the_template_lines(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The check, the schema, the scaffold and the page all follow the row; only the template names the field.

    In the code the row is one edit (every module reads the same table); a test has to put the extended
    table where each module looks it up.
    """
    row = fields.Field("lesson_learned_late", MarkdownKind(), False, "事后才明白的事（Markdown）")
    table = (*CASE_FIELDS, row)
    extended = dataclasses.make_dataclass("Case", [(row.name, row.annotation, None)], bases=(Case,), frozen=True)
    assert disagreements(table, extended) == []
    for module in (reader, loader, schema, scaffold):
        monkeypatch.setattr(module, "CASE_FIELDS", table)
    monkeypatch.setattr(reader, "FIELDS_BY_NAME", {f.name: f for f in table})
    monkeypatch.setattr(reader, "Case", extended)
    monkeypatch.setattr(page_context, "MARKDOWN_FIELDS", fields.markdown_fields(table))
    # The template lines that show it, added to a copy of the case page template.
    page_template = (Path(templating.__file__).parent / "templates" / "case.md.j2").read_text(encoding="utf-8")
    shown = "{% if case.lesson_learned_late %}\n## 事后才明白\n\n{{ md.lesson_learned_late }}\n\n{% endif %}\n## {{ t.source }}\n"
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "case.md.j2").write_text(page_template.replace("## {{ t.source }}\n", shown), encoding="utf-8")
    monkeypatch.setattr(templating, "TEMPLATE_DIRS", [str(tmp_path / "templates")])

    project.write_case("sample.yml", VALID + "lesson_learned_late: 见 [[nowhere]]。\n")
    assert [str(d) for d in check_library(project.root).diagnostics] == ["cases/sample.yml:15:24: error: unknown case '[[nowhere]]'"]
    project.write_case("sample.yml", VALID + "lesson_learned_late: 事后才明白。\n")
    result = check_library(project.root)
    assert result.library is not None
    assert getattr(result.library.case("sample"), row.name) == "事后才明白。"
    properties = case_schema(result.library.taxonomy)["properties"]
    assert properties[row.name]["description"] == row.description
    text = scaffold.render_new_case("new-one", result.library)
    assert f"# {row.description}（可不填）\n{row.name}: |\n  TODO\n" in text
    project.write_case("other.yml", VALID.replace("sample", "other"))
    project.write_case("sample.yml", VALID + "lesson_learned_late: 见 [[other]]。\n")
    page = next(p for p in build_site(project.root).pages if p.uri == "cases/sample.md")
    assert "## 事后才明白\n\n见 [样例](other.md)。\n" in page.content


def test_an_untouched_scaffold_fails_the_check_at_every_choice(project: Project) -> None:
    library = check_library(project.root)
    assert library.library is not None
    project.write_case("new-one.yml", scaffold.render_new_case("new-one", library.library))
    messages = [str(d) for d in check_library(project.root).errors]
    for name in ("title", "summary", "domain", "stage", "issue_types", "lessons", "story", "source.title"):
        assert any(f"'{name}'" in m and "TODO" in m for m in messages), name
    # Nothing optional is pre-filled with a valid value: region, context and reviewed stay commented out.
    assert not any(name in m for m in messages for name in ("'region'", "'reviewed'", "'context'"))


def test_the_schema_names_the_role_rule_and_the_source_record() -> None:
    from conftest import REPO

    properties = json.loads((REPO / "cases" / "case.schema.json").read_text(encoding="utf-8"))
    assert properties["dependentRequired"] == {"decision": ["role"]}
    assert properties["properties"]["source"]["required"] == ["title"]
    assert properties["properties"]["source"]["properties"]["url"]["pattern"].startswith("^https?://")
