"""The search thesaurus is taxonomy data: loaded with the rest, every mistake reported at its line."""

from __future__ import annotations

import textwrap

from casebook.check.checker import load_library
from casebook.model.taxonomy import load_taxonomy
from casebook.model.thesaurus import load_thesaurus
from conftest import REPO, Project


def write(project: Project, text: str) -> None:
    (project.root / "cases" / "taxonomy" / "thesaurus.yml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def messages(project: Project) -> list[str]:
    return [str(d) for d in load_thesaurus(project.root / "cases" / "taxonomy")[1]]


def test_the_real_thesaurus_loads_with_the_taxonomy() -> None:
    thesaurus = load_library(REPO).taxonomy.thesaurus
    group = next(g for g in thesaurus.synonyms if "延期" in g)
    assert {"延误", "推迟", "晚到"} <= set(group)
    assert any({"替代", "备选"} <= set(g) for g in thesaurus.synonyms)
    assert "怎么办" in thesaurus.filler


def test_groups_and_filler_are_read_in_file_order(project: Project) -> None:
    write(
        project,
        """
        synonyms:
          - [延期, 推迟]
          - [Sorry, 道歉]
        filler: [怎么, 吗]
        """,
    )
    thesaurus, problems = load_thesaurus(project.root / "cases" / "taxonomy")
    assert problems == []
    # Latin words are matched without case, so they are kept in lower case.
    assert thesaurus.synonyms == (("延期", "推迟"), ("sorry", "道歉"))
    assert thesaurus.filler == ("怎么", "吗")


def test_a_word_in_two_groups_is_reported_at_its_second_place(project: Project) -> None:
    write(
        project,
        """
        synonyms:
          - [延期, 推迟]
          - [晚到, 延期]
        """,
    )
    assert messages(project) == [
        "cases/taxonomy/thesaurus.yml:3:10: error: '延期' is already listed at line 2; a word belongs to one group"
    ]


def test_an_empty_group_and_a_lone_word_are_reported(project: Project) -> None:
    write(
        project,
        """
        synonyms:
          - []
          - [替代]
          - [赔偿, ""]
        filler: [吗, 吗]
        """,
    )
    assert messages(project) == [
        "cases/taxonomy/thesaurus.yml:2:5: error: empty synonym group: list two or more words that mean the same",
        "cases/taxonomy/thesaurus.yml:3:5: error: a synonym group needs at least two words",
        "cases/taxonomy/thesaurus.yml:4:10: error: 'a synonym group' is empty",
        "cases/taxonomy/thesaurus.yml:5:13: error: '吗' is already listed at line 5; a word belongs to one group",
    ]


def test_an_unknown_key_gets_a_suggestion(project: Project) -> None:
    write(project, "synonym:\n  - [延期, 推迟]\n")
    assert messages(project) == [
        "cases/taxonomy/thesaurus.yml:1:1: error: unknown field 'synonym' in thesaurus.yml (did you mean 'synonyms'?)"
    ]


def test_a_broken_thesaurus_fails_the_taxonomy_load(project: Project) -> None:
    write(project, "synonyms:\n  - 延期\n")
    _, problems = load_taxonomy(project.root / "cases" / "taxonomy")
    assert [str(p) for p in problems] == ["cases/taxonomy/thesaurus.yml:2:5: error: a synonym group must be a list of words, got text"]


def test_a_library_without_a_thesaurus_has_an_empty_one(project: Project) -> None:
    thesaurus, problems = load_thesaurus(project.root / "cases" / "taxonomy")
    assert problems == [] and thesaurus.synonyms == () and thesaurus.filler == ()


def test_a_group_too_large_to_search_is_an_error_at_its_line(project: Project) -> None:
    # Every query tries each word of a matching group: thousands of words would make every search crawl.
    words = ", ".join(f"词{n}" for n in range(31))
    write(project, f"synonyms:\n  - [延期, 推迟]\n  - [{words}]\nfiller: [怎么]\n")
    assert messages(project) == [
        "cases/taxonomy/thesaurus.yml:3:5: error: a synonym group holds at most 30 words (this one 31): split it by meaning"
    ]
