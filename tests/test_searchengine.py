"""Casebook's search index: bigram keys, sharded postings, page records, and the manifest the worker reads."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from casebook.check.checker import load_library
from casebook.derive.search.index import CASE, HOME, OTHER, TERM, SearchInputs, build_search_index, shard_of
from casebook.derive.search.keys import key_counts, keys, plain_text
from casebook.site.material_search import IndexedPages, IndexWriter, material_index, pages_from_material
from conftest import REPO

LIBRARY = load_library(REPO)
A_CASE = LIBRARY.cases[0]


def material_entries() -> list[dict[str, str]]:
    """What Material's search plugin makes of pages: a page, then its sections, words joined by U+200B."""
    return [
        {"location": "", "title": "Casebook", "text": "<p>\u200b首页\u200b</p>"},
        {"location": f"cases/{A_CASE.id}/", "title": "\u200b标题\u200b", "text": "<p>\u200b业务领域\u200b：\u200b交付</p>"},
        {"location": f"cases/{A_CASE.id}/#经过", "title": "经过", "text": "<p>赔礼\u200b道歉 &amp; 合作伙伴</p>"},
        {"location": "lessons/ask-why/", "title": "多问\u200b一个\u200b为什么", "text": ""},
        {"location": "cases/", "title": "全部案例", "text": "<p>共 13 个案例</p>"},
    ]


def test_keys_are_han_bigrams_and_latin_words_split_at_digits() -> None:
    assert list(keys("赔礼道歉")) == ["赔礼", "礼道", "道歉"]
    # A Latin word is keyed by its stem (the worker stems the query the same way).
    assert list(keys("iPhone4 天线")) == ["天线", "iphon", "4"]
    # Full-width Latin and digits fold to ASCII; a lone Han character is its own key.
    assert list(keys("ＡＳＯ 货")) == ["货", "aso"]


def test_plain_text_drops_markup_entities_and_zero_width_spaces() -> None:
    assert plain_text("<p>\u200b赔礼\u200b道歉 &amp; <b>x</b></p>") == "赔礼道歉 & x"


def test_pages_join_their_sections_and_a_case_shows_its_summary() -> None:
    pages = list(pages_from_material(material_entries(), SearchInputs.of(LIBRARY)))
    assert [p.kind for p in pages] == [HOME, CASE, TERM, OTHER]
    case = pages[1]
    assert case.title == "标题" and case.snippet == A_CASE.summary
    assert "经过" in case.body and "赔礼道歉 & 合作伙伴" in case.body
    assert all("\u200b" not in p.title + p.snippet + p.body for p in pages)


def test_postings_are_sharded_by_first_character_and_records_blocked() -> None:
    pages = list(pages_from_material(material_entries(), SearchInputs.of(LIBRARY)))
    index = build_search_index(pages, SearchInputs({}, (("道歉", "认错"),), ("怎么",)))
    manifest = index.manifest
    assert manifest["pages"] == 4 and manifest["kinds"] == "hctp"
    shards = int(str(manifest["shards"]))
    shard = json.loads(index.files[f"casebook/k{shard_of('道歉', shards)}.json"])
    # [page gap, weight, …]: 道歉 stands only on the case, page 1.
    assert shard["道歉"][0] == 1 and len(shard["道歉"]) == 2
    assert json.loads(index.files["casebook/d0.json"])[1] == [f"cases/{A_CASE.id}/", "标题", A_CASE.summary]
    assert manifest["synonyms"] == [["道歉", "认错"]] and manifest["filler"] == ["怎么"]


def test_the_index_is_deterministic_and_inlines_for_the_offline_copy() -> None:
    pages = list(pages_from_material(material_entries(), SearchInputs.of(LIBRARY)))
    first, second = build_search_index(pages), build_search_index(pages)
    assert first == second
    online = json.loads(material_index({"separator": "x"}, first.manifest))
    offline = json.loads(material_index({"separator": "x"}, first.manifest, first.files))
    assert online["docs"] == [] and "inline" not in online["config"]["casebook"]
    assert set(offline["config"]["casebook"]["inline"]) == set(first.files)


def test_the_writer_folds_each_page_in_as_it_comes_and_writes_the_same_index(tmp_path: Path) -> None:
    inputs = SearchInputs.of(LIBRARY)
    expected = build_search_index(pages_from_material(material_entries(), inputs), inputs)
    by_page: dict[str, list[dict[str, str]]] = {}
    for entry in material_entries():
        by_page.setdefault(entry["location"].partition("#")[0], []).append(entry)
    for inline, indexed in ((False, None), (True, None), (False, IndexedPages())):
        search = tmp_path / f"{inline}-{indexed is not None}"
        search.mkdir()
        (search / "search_index.json").write_text(json.dumps({"config": {"separator": "x"}, "docs": []}), encoding="utf-8")
        writer = IndexWriter(search, inputs, inline=inline, indexed=indexed)
        for entries in by_page.values():  # as casebook.site.pagework hands them over: one page at a time
            writer.add(entries)
        kept = writer.finish()
        # Only `make serve` (`indexed`) keeps the index, for its next build.
        assert kept == (expected if indexed is not None else None)
        written = (search / "search_index.json").read_text(encoding="utf-8")
        assert written == material_index({"separator": "x"}, expected.manifest, expected.files if inline else None)
        files = {f"casebook/{path.name}": path.read_text(encoding="utf-8") for path in (search / "casebook").glob("*.json")}
        assert files == ({} if inline else expected.files)


def test_the_writer_writes_nothing_when_material_wrote_no_index(tmp_path: Path) -> None:
    writer = IndexWriter(tmp_path, SearchInputs.of(LIBRARY), inline=False)
    writer.add(material_entries())
    assert writer.finish() is None and not any(tmp_path.iterdir())


def test_the_built_site_serves_casebook_index_and_worker(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    manifest = index["config"]["casebook"]
    # Every case once in each edition, and each page marked with its edition.
    assert manifest["pages"] == len(manifest["kinds"]) == len(manifest["editions"])
    cases = [edition for kind, edition in zip(manifest["kinds"], manifest["editions"], strict=True) if kind == CASE]
    assert cases.count("z") == cases.count("e") == len(LIBRARY.cases)
    for number in manifest["present"]:
        assert (built_site / "search" / "casebook" / f"k{number}.json").is_file()
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert "Casebook's search worker" in worker.read_text(encoding="utf-8")


def test_the_worker_override_has_the_name_material_loads() -> None:
    # The override replaces Material's worker by file name; an upgrade of Material renames it.
    import material

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    ours = next((REPO / "overrides" / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert f'"assets/javascripts/workers/{ours.name}"' in base


@given(st.text(alphabet=st.sampled_from("需求返工 ABCdelays apologies 12３４ｘＹ\n·、。"), max_size=60))
def test_key_counts_are_the_keys_counted(text: str) -> None:
    assert key_counts(text) == Counter(keys(text))
