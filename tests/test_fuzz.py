"""Fuzzing the loader: whatever a case file holds, the answer is a valid case or located errors.

Hypothesis starts from valid case files and breaks them the way editors, copy-paste
and attackers do: lines deleted, duplicated, re-indented or retyped, the file cut
short, random bytes and Unicode spliced in. `read_case` must never raise; it must
return either a case with no errors, or at least one error, and every diagnostic
must name this file at a line and column that exist.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import Node, ScalarNode, SequenceNode

from casebook.model import Taxonomy
from casebook.model.reader import read_case
from casebook.model.taxonomy import load_taxonomy
from casebook.source.diagnostics import Severity
from casebook.source.yamlsource import _compose_fast, _NoAliasLoader, _Unusual, decode
from conftest import FIXTURES
from test_load_errors import VALID

# Derandomized so CI runs the same 2,000 examples every time; no deadline, since a shared runner stalls.
settings.register_profile(
    "casebook-fuzz",
    derandomize=True,
    deadline=None,
    max_examples=2000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

RICH = """\
id: sample
title: 样例：一个完整的案例
summary: "一句话摘要，带引号和冒号: 也可以。"
domain: overseas
stage: contract
region: china
issue_types: [late-delivery, wrong-parts]
lessons:
  - ask-why
  - take-notes
context:
  客户: 某运营商
  规模: 三个省
story: >
  折叠的第一段，
  接着写。

  见 [链接](https://example.com) 和 [[sample]]。
role: 你是负责此事的 KA 经理。
decision: |
  你会怎么做？
takeaways:
  - 第一条
  - '第二条: 带冒号'
discussion: ["问题一？", 问题二]
reviewed: 2024-05-01
source:
  title: 测试文章
"""

# Values a field might be retyped to: every YAML shape, plus what a hostile file would try.
VALUES = st.sampled_from(
    [
        "",
        "42",
        "3.5",
        "true",
        "null",
        "~",
        "[]",
        "{}",
        "[a, b]",
        "[{id: ask-why}]",
        "{k: v}",
        "'   '",
        '"\\t"',
        "|",
        ">-\n  x",
        "\n  - x\n  - y",
        "\n  k: v",
        "&a x",
        "*a",
        "!!python/name:os.system",
        "!!binary aGk=",
        "!custom x",
        "2024-13-45",
        "[[nowhere]]",
        "'[[Bad Id]]'",
        "<script>alert(1)</script>",
        "'[x](javascript:alert(1))'",
        "'--8<-- x'",
        "Sample",
        "../x",
        "[" * 40,
        "'\u202e反向'",
        '"\\u0007"',
        '"\\uFFFE"',
        "? [a]\n  : b",
    ]
)

_Mutation = tuple[str, int, object]

MUTATIONS = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 60), st.none()),
    st.tuples(st.just("duplicate"), st.integers(0, 60), st.none()),
    st.tuples(st.just("retype"), st.integers(0, 60), VALUES),
    st.tuples(st.just("indent"), st.integers(0, 60), st.sampled_from(["", " ", "  ", "    ", "\t", " \t", "-", "- ", "? "])),
    st.tuples(st.just("truncate"), st.integers(0, 2000), st.none()),
    st.tuples(st.just("bytes"), st.integers(0, 2000), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("text"), st.integers(0, 2000), st.text(min_size=1, max_size=8)),
)


def mutate(source: bytes, mutations: list[_Mutation]) -> bytes:
    """Apply each mutation in turn to the file's bytes."""
    data = source
    for kind, where, arg in mutations:
        lines = data.split(b"\n")
        i = where % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "retype":
            key, sep, _ = lines[i].partition(b":")
            lines[i] = key + b": " + str(arg).encode("utf-8") if sep else str(arg).encode("utf-8")
        elif kind == "indent":
            lines[i] = str(arg).encode("utf-8") + lines[i].lstrip(b" ")
        else:
            at = where % (len(data) + 1)
            if kind == "truncate":
                return data[:at]
            insert = arg if isinstance(arg, bytes) else str(arg).encode("utf-8")
            data = data[:at] + insert + data[at:]
            continue
        data = b"\n".join(lines)
    return data


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    loaded, problems = load_taxonomy(FIXTURES / "taxonomy", "cases/taxonomy")
    assert problems == []
    return loaded


@pytest.fixture(scope="module")
def case_file() -> Iterator[Path]:
    # Module-scoped: Hypothesis runs many examples per test call, and a function-scoped tmp_path would be shared anyway.
    with tempfile.TemporaryDirectory(prefix="casebook-fuzz-") as folder:
        yield Path(folder) / "sample.yml"


@pytest.mark.parametrize("source", [VALID, RICH], ids=["minimal", "rich"])
def test_the_seeds_are_valid(source: str, taxonomy: Taxonomy, case_file: Path) -> None:
    case_file.write_text(source, encoding="utf-8")
    read = read_case(case_file, "cases/sample.yml", taxonomy)
    assert read.case is not None, [str(d) for d in read.diagnostics]


def check_answer(data: bytes, taxonomy: Taxonomy, case_file: Path) -> None:
    """The property: a valid case, or errors, each at a line and column of this file."""
    case_file.write_bytes(data)
    read = read_case(case_file, "cases/sample.yml", taxonomy)
    errors = [d for d in read.diagnostics if d.severity is Severity.ERROR]
    if read.case is None:
        assert errors, "no case and no error"
    else:
        assert errors == [], "a case was returned despite errors"
    line_count = data.count(b"\n") + 1
    for diagnostic in read.diagnostics:
        loc = diagnostic.loc
        assert loc.path == "cases/sample.yml"
        assert 1 <= loc.line <= line_count + 1, str(diagnostic)
        assert loc.col >= 1, str(diagnostic)
        assert diagnostic.message.strip(), str(diagnostic)
        assert "\n" not in str(diagnostic), f"a diagnostic must be one line: {diagnostic!r}"


@settings(settings.get_profile("casebook-fuzz"))
@given(source=st.sampled_from([VALID, RICH]), mutations=st.lists(MUTATIONS, min_size=1, max_size=4))
def test_any_mutation_gives_a_case_or_located_errors(source: str, mutations: list[_Mutation], taxonomy: Taxonomy, case_file: Path) -> None:
    check_answer(mutate(source.encode("utf-8"), mutations), taxonomy, case_file)


def _shape(node: Node | None) -> object:
    """A node tree as plain data, with the marks the loader reads.

    Messages use every node's start and a scalar's end index (to find a word
    inside it); at the end of a file LibYAML puts a collection's end on the
    next line where PyYAML keeps it on the last, which nothing reads.
    """
    if node is None:
        return None
    start, end = node.start_mark, node.end_mark
    marks = (start.line, start.column, start.index, end.index)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, (*marks, end.line, end.column))
    if isinstance(node, SequenceNode):
        return ("sequence", node.tag, [_shape(item) for item in node.value], marks)
    return ("mapping", node.tag, [(_shape(k), _shape(v)) for k, v in node.value], marks)


def _careful(text: str) -> Node | None:
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@settings(settings.get_profile("casebook-fuzz"))
@given(source=st.sampled_from([VALID, RICH]), mutations=st.lists(MUTATIONS, min_size=1, max_size=4))
def test_the_fast_composer_agrees_with_the_careful_one(source: str, mutations: list[_Mutation]) -> None:
    # LibYAML composes most files; whatever it accepts must be the tree PyYAML would give, marks and all.
    text, _ = decode("cases/x.yml", mutate(source.encode("utf-8"), mutations))
    if text is None:
        return
    try:
        fast = _compose_fast(text)
    except _Unusual:
        return
    try:
        careful = _careful(text)
    except yaml.YAMLError:
        # LibYAML is more lenient in a few flow-context corners ([l?ate]); the value it
        # reads still goes through field validation and gets a located error there.
        return
    assert _shape(fast) == _shape(careful)
