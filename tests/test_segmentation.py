"""The search segmentation: the generated jieba user dictionary and the glued one-character words."""

from __future__ import annotations

import jieba

from casebook.load import load_library
from casebook.segmentation import (
    KEEP_WHOLE,
    SearchSegmenter,
    compound_parts,
    domain_terms,
    glue_single_characters,
    user_dictionary,
)
from conftest import REPO, Project


def entries(text: str) -> dict[str, int]:
    return {word: int(freq) for word, freq in (line.split(" ") for line in text.splitlines())}


def test_glossary_terms_and_aliases_are_kept_whole() -> None:
    library = load_library(REPO)
    words = entries(user_dictionary(library))
    for term in ("小灵通", "工程勘察", "不可抗力", "解决方案经理", "打榜", "维榜"):
        assert words.get(term) == KEEP_WHOLE, term
    # Latin terms never reach jieba, which only cuts Han runs.
    assert "ASO" not in words
    assert "打榜" in domain_terms(library)


def test_compounds_are_indexed_as_their_parts() -> None:
    # Material hands over Han runs only, never punctuation.
    words = list(SearchSegmenter(jieba).cut("必要时赔礼道歉")) + list(SearchSegmenter(jieba).cut("客户的合作伙伴"))
    assert "道歉" in words and "伙伴" in words
    assert "赔礼道歉" not in words and "合作伙伴" not in words


def test_only_words_covered_by_known_parts_are_split() -> None:
    jieba.dt.check_initialized()
    assert compound_parts("赔礼道歉", jieba.dt.FREQ) == ["赔礼", "道歉"]
    assert compound_parts("小灵通", jieba.dt.FREQ) is None
    assert compound_parts("道歉", jieba.dt.FREQ) is None


def test_domain_terms_are_never_split() -> None:
    segmenter = SearchSegmenter(jieba, keep=["赔礼道歉"])
    assert any("赔礼道歉" in word for word in segmenter.cut("要赔礼道歉"))


def test_dictionary_is_sorted_and_deterministic() -> None:
    library = load_library(REPO)
    text = user_dictionary(library)
    assert text == user_dictionary(library)
    lines = text.splitlines()
    assert lines == sorted(lines)


def test_a_new_glossary_entry_reaches_the_dictionary(project: Project) -> None:
    glossary = project.root / "cases" / "taxonomy" / "glossary.yml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "- term: 割接窗口\n  explanation: 夜间切换网络的时段。\n",
        encoding="utf-8",
    )
    assert entries(user_dictionary(load_library(project.root)))["割接窗口"] == KEEP_WHOLE


def test_single_characters_are_glued_to_a_neighbour() -> None:
    assert glue_single_characters(["作者", "的", "教训", "是"]) == ["作者的", "教训是"]
    assert glue_single_characters(["把", "设备", "运", "到"]) == ["把设备运到"]
    assert glue_single_characters(["好"]) == ["好"]


def test_segmenter_accepts_bytes_as_material_passes_them() -> None:
    words = list(SearchSegmenter().cut("作者从中得出的教训".encode()))
    assert "".join(words) == "作者从中得出的教训"
    assert all(len(w) > 1 for w in words)
