"""The search thesaurus: words a reader may type for the same thing, and words that decide nothing.

`cases/taxonomy/thesaurus.yml` is data that contributors extend by pull request:

```yaml
synonyms:            # each group: words that mean the same to a reader
  - [延期, 延误, 推迟, 晚到]
filler:              # question words and filler, dropped from a query before it is ranked
  - 怎么办
```

The search index (`casebook.derive.search.index`) ships both to the browser, which
expands a query by its groups and drops the filler before ranking. A word may
stand in only one group, because a reader's word must have one meaning; a
group needs two words or it says nothing. Every problem is reported at its
line, like the other taxonomy files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, SequenceNode

from casebook.source.diagnostics import Diagnostic, Loc
from casebook.source.nodes import NodeReader, describe
from casebook.source.yamlsource import read_yaml

THESAURUS_FILE = "thesaurus.yml"
#: Every page's search downloads the thesaurus and tries each word of a matching group: bounded, so that a
#: group of thousands cannot make every query crawl (the worker also caps the spellings it tries).
MAX_GROUP_WORDS = 30
MAX_WORDS = 2000
_KEYS = ["synonyms", "filler"]


@dataclass(frozen=True)
class Thesaurus:
    """Synonym groups and filler words, in file order; words are stored as written."""

    synonyms: tuple[tuple[str, ...], ...] = ()
    filler: tuple[str, ...] = ()
    loc: Loc = field(default=Loc(""), compare=False, repr=False)
    #: Where each group of `synonyms` starts, for a check rule's notice.
    group_locs: tuple[Loc, ...] = field(default=(), compare=False, repr=False)


def _words(reader: NodeReader, node: Node, what: str, seen: dict[str, Loc]) -> list[str]:
    """The distinct words of one list; a word already seen anywhere in the file is an error."""
    if not isinstance(node, SequenceNode):
        reader.error(node, f"{what} must be a list of words, got {describe(node)}")
        return []
    words: list[str] = []
    for item in node.value:
        word = reader.text(item, what, one_line=True)
        if word is None:
            continue
        word = word.lower()
        if word in seen:
            reader.error(item, f"'{word}' is already listed at line {seen[word].line}; a word belongs to one group")
            continue
        seen[word] = reader.loc(item)
        words.append(word)
    return words


def load_thesaurus(directory: Path, display_dir: str = "cases/taxonomy") -> tuple[Thesaurus, list[Diagnostic]]:
    """Read `thesaurus.yml` from `directory`; a library without one has an empty thesaurus."""
    path = directory / THESAURUS_FILE
    display = f"{display_dir}/{THESAURUS_FILE}"
    if not path.is_file():
        return Thesaurus(), []
    doc, problems = read_yaml(path, display)
    if doc is None:
        return Thesaurus(), problems
    reader = NodeReader(display)
    root = doc.root
    if root is None:
        return Thesaurus(), [Diagnostic(Loc(display), f"{display} is empty")]
    if not isinstance(root, MappingNode):
        reader.error(root, f"{display} must be a mapping with 'synonyms' and 'filler', got {describe(root)}")
        return Thesaurus(), reader.diagnostics
    groups: list[tuple[str, ...]] = []
    group_locs: list[Loc] = []
    filler: list[str] = []
    seen_synonyms: dict[str, Loc] = {}
    seen_filler: dict[str, Loc] = {}
    for key, key_node, value in reader.items(root, THESAURUS_FILE):
        if key not in _KEYS:
            reader.unknown_key(key_node, _KEYS, THESAURUS_FILE)
        elif key == "filler":
            filler = _words(reader, value, "filler", seen_filler)
        elif not isinstance(value, SequenceNode):
            reader.error(value, f"'synonyms' must be a list of groups, got {describe(value)}")
        else:
            for group_node in value.value:
                words = _words(reader, group_node, "a synonym group", seen_synonyms)
                if isinstance(group_node, SequenceNode) and not group_node.value:
                    reader.error(group_node, "empty synonym group: list two or more words that mean the same")
                elif isinstance(group_node, SequenceNode) and len(group_node.value) == 1:
                    reader.error(group_node, "a synonym group needs at least two words")
                elif len(words) > MAX_GROUP_WORDS:
                    reader.error(
                        group_node, f"a synonym group holds at most {MAX_GROUP_WORDS} words (this one {len(words)}): split it by meaning"
                    )
                elif len(words) >= 2:
                    groups.append(tuple(words))
                    group_locs.append(reader.loc(group_node))
    if sum(map(len, groups)) + len(filler) > MAX_WORDS:
        reader.error(root, f"the thesaurus holds at most {MAX_WORDS} words: keep the words readers type for the library's own")
    return Thesaurus(tuple(groups), tuple(filler), reader.loc(root), tuple(group_locs)), reader.diagnostics
