"""The compacted search index says exactly what Material wrote, in fewer bytes."""

from __future__ import annotations

import json

from casebook.searchindex import compact_search_index


def test_compacting_keeps_the_data_and_writes_chinese_as_utf8() -> None:
    original = json.dumps(
        {"config": {"separator": "[\\s\\u200b]+"}, "docs": [{"location": "cases/a/", "title": "\u200b道歉\u200b", "text": "<p>x</p>"}]}
    )
    compact = compact_search_index(original)
    assert json.loads(compact) == json.loads(original)
    assert "道歉" in compact and len(compact.encode("utf-8")) < len(original.encode("utf-8"))


def test_the_built_index_is_utf8(built_site) -> None:  # type: ignore[no-untyped-def]
    text = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "\\u" not in text.replace("\\\\u", "")
    assert json.loads(text)["docs"]
