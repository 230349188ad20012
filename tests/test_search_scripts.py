"""Search across scripts: the fold to simplified, the pinyin tables, the glossary's English names, the thesaurus rule."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from casebook.check.thesaurus_use import unused_groups
from casebook.derive.search.aliases import aliases, phrase
from casebook.derive.search.fold import fold, fold_pairs, fold_table
from casebook.derive.search.keys import keys
from casebook.derive.search.phonetic import BIGRAM_INITIALS, INITIALS, initials, initials_table, pinyin_table, readings, spellings
from casebook.model import GlossaryEntry, Taxonomy, Vocabulary
from casebook.model.translation import translation_of
from casebook.source.diagnostics import Severity
from conftest import Project
from test_load_errors import VALID

SIMPLIFIED = sorted(set(fold_table().values()))
han_text = st.text(alphabet=st.sampled_from(SIMPLIFIED + sorted(fold_table())[:400] + list(string.ascii_lowercase + " ")), max_size=30)


def test_traditional_taiwanese_hong_kong_and_japanese_forms_fold_to_simplified() -> None:
    assert fold("海關 簽證 信用證") == "海关 签证 信用证"
    assert fold("関税 信用証") == "关税 信用证"  # Japanese forms
    assert fold("软件") == "软件"


def test_a_simplified_character_never_folds_into_another() -> None:
    # OpenCC lists 么 as a traditional form of 幺; a reader who types 怎么 means 怎么.
    assert fold("怎么") == "怎么"
    assert all(fold(char) == char for char in SIMPLIFIED)


@given(han_text)
def test_folding_twice_is_folding_once(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_the_index_is_keyed_by_the_folded_text() -> None:
    assert list(keys("海關")) == list(keys("海关"))


def test_the_worker_gets_only_the_folds_that_land_in_the_index() -> None:
    pairs = fold_pairs("关证")
    table = dict(zip(pairs[0::2], pairs[1::2], strict=True))
    assert table["關"] == "关" and table["関"] == "关" and table["證"] == "证"
    assert set(table.values()) == {"关", "证"}


def test_pinyin_is_toneless_with_every_reading() -> None:
    assert {"zhong", "chong"} <= set(readings("重"))
    assert spellings("清关") == ["qingguan"]
    assert initials("信用证")[0] == "xyz"


@given(st.dictionaries(st.text(alphabet=st.sampled_from(SIMPLIFIED[:300]), min_size=2, max_size=2), st.integers(1, 50), max_size=40))
def test_every_pinyin_key_spells_each_bigram_it_lists_most_widespread_first(bigrams: dict[str, int]) -> None:
    table = pinyin_table(bigrams)
    for key, found in table.items():
        for bigram in found:
            assert key.removeprefix(BIGRAM_INITIALS) in (initials(bigram) if key.startswith(BIGRAM_INITIALS) else spellings(bigram))
        assert [bigrams[b] for b in found] == sorted((bigrams[b] for b in found), reverse=True)
    assert all(any(b in found for found in table.values()) for b in bigrams if spellings(b))


def test_initials_find_the_words_of_titles_and_names() -> None:
    table = initials_table(["带加密模块的路由器到港，才发现要先办进口许可证"])
    assert "进口许可证" in table[INITIALS + "jkxkz"]


def test_english_names_and_abbreviations_of_the_glossary_reach_its_chinese_terms() -> None:
    entry = GlossaryEntry(
        "信用证", "银行开出的付款保证。", "Letter of Credit（L/C）", en=translation_of({"term": "Letter of credit (L/C)"}, ())
    )
    ka = GlossaryEntry("KA", "大客户。", "Key Account（大客户）", en=translation_of({"term": "Key account (KA)"}, ()))
    empty = Vocabulary("domains", ())
    pairs = aliases(Taxonomy(empty, empty, empty, empty, empty, glossary=(entry, ka)))
    assert ("lc", "信用证") in pairs and (phrase("letter of credit"), "信用证") in pairs
    assert ("ka", "大客户") in pairs and (phrase("key accounts"), "大客户") in pairs


def test_a_synonym_group_no_page_uses_is_a_notice_at_its_line(project: Project) -> None:
    (project.root / "cases" / "taxonomy" / "thesaurus.yml").write_text(
        "synonyms:\n  - [第一段, 头一段]\n  - [电芯, 电池芯]\nfiller: [怎么]\n", encoding="utf-8"
    )
    project.write_case("sample.yml", VALID)
    result = project.check()
    assert result.library is not None
    found = unused_groups(result.library)
    assert [(d.loc.path, d.loc.line, d.severity) for d in found] == [("cases/taxonomy/thesaurus.yml", 3, Severity.NOTICE)]
    assert any(d.loc == found[0].loc for d in result.diagnostics)
