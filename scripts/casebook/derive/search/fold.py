"""One spelling of every Han character: traditional, Taiwanese, Hong Kong and Japanese forms fold to simplified.

A reader who types 海關, 簽證 or 関税 means 海关, 签证, 关税. The index and the query are
folded alike: the index here (`casebook.derive.search.keys.normalise`), the query in the
worker, from the part of this table the index needs (`fold_pairs`), which rides in the manifest.

The tables are OpenCC's, as `opencc-purepy` ships them (a dependency already, for the
traditional-character lint): each variant form to its standard traditional form
(TWVariantsRev, HKVariantsRev, and JPShinjitaiCharacters for Japanese forms), then
traditional to simplified (TSCharacters, the first of its candidates).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterable
from functools import cache

_VARIANT_TABLES = ("TWVariantsRev.txt", "HKVariantsRev.txt", "JPShinjitaiCharacters.txt")


def _table(name: str) -> dict[str, str]:
    text = importlib.resources.files("opencc_purepy").joinpath(f"dicts/{name}").read_text(encoding="utf-8")
    pairs = {}
    for line in text.splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        # Characters only: the phrase tables are not used, and a one-to-one map keeps the worker's fold trivial.
        if len(source) == 1 and len(target) == 1 and source != target:
            pairs[source] = target
    return pairs


@cache
def fold_table() -> dict[str, str]:
    """Every character OpenCC folds, to its simplified form."""
    simplified = _table("TSCharacters.txt")
    table: dict[str, str] = dict(simplified)
    for name in _VARIANT_TABLES:
        for variant, standard in _table(name).items():
            target = simplified.get(standard, standard)
            if target != variant:
                table.setdefault(variant, target)
    # A character whose fold folds again (a variant of a traditional form) goes all the way at once. A character
    # that is itself simplified Chinese (a target of the table) never folds: OpenCC lists some as traditional
    # too (么, which it would turn into 幺), and a reader who types one means it.
    targets = set(simplified.values())
    return {source: simplified.get(target, target) for source, target in table.items() if source not in targets}


def fold(text: str) -> str:
    """`text` with every foldable character in its simplified form."""
    table = fold_table()
    return "".join(table.get(char, char) for char in text) if any(char in table for char in text) else text


def fold_pairs(characters: Iterable[str]) -> str:
    """The part of the table the worker needs for an index of `characters`: each source then its target, as one string.

    Only folds that land on a character the index has can change a result; the rest would be dead weight in every
    download of the manifest.
    """
    wanted = set(characters)
    # Characters of the Basic Multilingual Plane only: the worker reads the string two UTF-16 units at a time.
    pairs = sorted((source, target) for source, target in fold_table().items() if target in wanted and source <= "\uffff")
    return "".join(source + target for source, target in pairs)
