"""A hand-written page's link to a case names a case that exists, under its current id: the check says where, not the build."""

from __future__ import annotations

from conftest import Project
from test_load_errors import VALID


def test_a_link_to_a_missing_case_is_an_error_at_its_line_with_a_suggestion(project: Project) -> None:
    project.write_case("sample.yml", VALID)
    docs = project.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n\n先读 [样例](cases/sampel.md)，再看 [全部案例](cases/index.md)。\n", encoding="utf-8")
    assert [m for m in project.messages() if "error" in m] == [
        "docs/index.md:3:15: error: link to unknown case 'cases/sampel.md' (did you mean 'sample'?)"
    ]
    assert project.check().library is None  # the build stops here too, with the same line


def test_a_link_to_an_old_id_names_the_new_one(project: Project) -> None:
    project.write_case("sample.yml", VALID + "moved_from: [old-sample]\n")
    (project.root / "docs" / "en").mkdir(parents=True)
    (project.root / "docs" / "en" / "index.md").write_text("Read [the sample](cases/old-sample.md#story).\n", encoding="utf-8")
    assert [m for m in project.messages() if "error" in m] == [
        "docs/en/index.md:1:25: error: 'old-sample' is the old id of 'sample': link cases/sample.md"
    ]
