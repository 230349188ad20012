"""Load the controlled vocabulary and the glossary from `cases/taxonomy/`.

The taxonomy is data: each file is a YAML list of entries in display order.
Code refers to vocabularies by kind, never to an individual id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.model import GlossaryEntry, Taxonomy, Term, Vocabulary
from casebook.model.thesaurus import load_thesaurus
from casebook.model.translation import EN, Part, Translation, read_english
from casebook.source.diagnostics import Diagnostic, Loc
from casebook.source.lint import load_sensitive_terms
from casebook.source.messages import say
from casebook.source.nodes import NodeReader, describe
from casebook.source.yamlsource import read_yaml


@dataclass(frozen=True)
class VocabularySpec:
    """Where one vocabulary lives and what its entries carry."""

    kind: str  # the Taxonomy attribute
    file: str
    has_checklist: bool = False
    #: Issue types name the reader's situation, one line, for the home page's way in.
    has_situation: bool = False


VOCABULARIES: tuple[VocabularySpec, ...] = (
    VocabularySpec("domains", "domains.yml"),
    VocabularySpec("stages", "stages.yml"),
    VocabularySpec("regions", "regions.yml"),
    VocabularySpec("issue_types", "issue-types.yml", has_situation=True),
    VocabularySpec("lessons", "lessons.yml", has_checklist=True),
)
GLOSSARY_FILE = "glossary.yml"


def _entries(reader: NodeReader, root: Node | None, what: str) -> list[MappingNode]:
    if root is None:
        reader.diagnostics.append(Diagnostic(Loc(reader.path), say("{what} is empty", what=what)))
        return []
    if not isinstance(root, SequenceNode):
        reader.error(root, say("{what} must be a list of entries, got {got}", what=what, got=describe(root)))
        return []
    entries = []
    for item in root.value:
        if isinstance(item, MappingNode):
            entries.append(item)
        else:
            reader.error(item, say("each entry of {what} must be a mapping, got {got}", what=what, got=describe(item)))
    return entries


def term_parts(reader: NodeReader, spec: VocabularySpec) -> dict[str, Part]:
    """The English fields of an entry of `spec`'s vocabulary; a lesson may add model messages (`how_to_say`)."""
    parts = {
        "name": Part("name", lambda n, f: reader.text(n, f, one_line=True)),
        "description": Part("description", lambda n, f: reader.text(n, f)),
    }
    if spec.has_situation:
        parts["situation"] = Part("situation", lambda n, f: reader.text(n, f, one_line=True))
    if spec.has_checklist:
        parts["checklist"] = Part("checklist", lambda n, f: _lines(reader, n, f))
        parts["how_to_say"] = Part(None, lambda n, f: reader.seq(n, f, lambda item: _model_message(reader, item, f), min_items=1))
    return parts


def glossary_parts(reader: NodeReader) -> dict[str, Part]:
    """A glossary entry's English: the equivalent term, and a one-line definition translating `explanation`."""
    return {
        "term": Part("term", lambda n, f: reader.text(n, f, one_line=True)),
        "definition": Part("explanation", lambda n, f: reader.text(n, f, one_line=True)),
    }


def _lines(reader: NodeReader, node: Node, field: str) -> tuple[str, ...] | None:
    items = reader.seq(node, field, lambda n: reader.text(n, field, one_line=True), min_items=1)
    return tuple(items) if items is not None else None


def _model_message(reader: NodeReader, node: Node, field: str) -> tuple[str, str] | None:
    """One model message: `when` it is written (one line) and the `message` itself."""
    if not isinstance(node, MappingNode):
        reader.error(node, say("each item of '{field}' is a mapping with 'when' and 'message', got {got}", field=field, got=describe(node)))
        return None
    parts: dict[str, str | None] = {}
    for key, key_node, value_node in reader.items(node, f"'{field}'"):
        if key not in ("when", "message"):
            reader.unknown_key(key_node, ["when", "message"], f"'{field}'")
            return None
        parts[key] = reader.text(value_node, f"{field}.{key}", one_line=key == "when")
    when, message = parts.get("when"), parts.get("message")
    if when is None or message is None:
        if "when" not in parts or "message" not in parts:
            reader.error(
                node, say("each item of '{field}' is a mapping with 'when' and 'message', got {got}", field=field, got=describe(node))
            )
        return None
    return when, message


def _english(reader: NodeReader, node: MappingNode, parts: dict[str, Part], what: str) -> tuple[bool, Translation | None]:
    """(readable, the English or None): an entry may have no English yet; a broken one is not readable."""
    nodes = {key.value: value for key, value in node.value if isinstance(key, ScalarNode)}
    if EN not in nodes:
        return True, None
    english = read_english(reader, nodes[EN], nodes, parts, what, f"casebook translated {reader.path}")
    return english is not None, english


def _read_term(reader: NodeReader, node: MappingNode, spec: VocabularySpec) -> Term | None:
    extra = (["checklist"] if spec.has_checklist else []) + (["situation"] if spec.has_situation else [])
    allowed = ["id", "name", "description", "related", *extra, EN]
    values: dict[str, object] = {}
    for key, key_node, value_node in reader.items(node, spec.file):
        if key not in allowed:
            reader.unknown_key(key_node, allowed, spec.file)
        elif key == EN:
            continue
        elif key in ("id",):
            values[key] = reader.ident(value_node, key)
        elif key in ("name", "situation"):
            values[key] = reader.text(value_node, key, one_line=True)
        elif key == "description":
            values[key] = reader.text(value_node, key)
        elif key == "related":
            values[key] = reader.unique_ids(value_node, key)
        else:
            values[key] = reader.seq(value_node, key, lambda n: reader.text(n, "checklist", one_line=True), min_items=1)
    required = ["id", "name", "description", *extra]
    missing = [k for k in required if k not in values]
    for key in missing:
        reader.error(node, say("entry in {file} is missing '{key}'", file=spec.file, key=key))
    readable, english = _english(reader, node, term_parts(reader, spec), spec.file)
    if missing or not readable or any(values.get(k) is None for k in values):
        return None
    return Term(
        id=str(values["id"]),
        name=str(values["name"]),
        description=str(values["description"]),
        related=tuple(values.get("related") or ()),  # type: ignore[arg-type]
        checklist=tuple(values.get("checklist") or ()),  # type: ignore[arg-type]
        situation=str(values.get("situation") or ""),
        en=english,
        loc=reader.loc(node),
    )


def _load_vocabulary(
    directory: Path, spec: VocabularySpec, display_dir: str, deny: tuple[str, ...] = ()
) -> tuple[Vocabulary, list[Diagnostic]]:
    display = f"{display_dir}/{spec.file}"
    doc, problems = read_yaml(directory / spec.file, display)
    if doc is None:
        return Vocabulary(spec.kind, (), unread=display), problems
    reader = NodeReader(display, doc.text, deny)
    terms: list[Term] = []
    first_seen: dict[str, Term] = {}
    for node in _entries(reader, doc.root, display):
        term = _read_term(reader, node, spec)
        if term is None:
            continue
        if term.id in first_seen:
            reader.error(node, say("id '{id}' is already used at line {line}", id=term.id, line=first_seen[term.id].loc.line))
            continue
        first_seen[term.id] = term
        terms.append(term)
    for term in terms:  # `related` may point forward, so check once every id is known
        for other in term.related:
            if other not in first_seen or other == term.id:
                if other == term.id:
                    message = say("'{id}' lists itself in 'related'", id=term.id)
                else:
                    message = say("'{id}' lists unknown id '{other}' in 'related'", id=term.id, other=other)
                reader.diagnostics.append(Diagnostic(term.loc, message))
    return Vocabulary(spec.kind, tuple(terms)), reader.diagnostics + [d for _, d in reader.confidential]


def _load_glossary(directory: Path, display_dir: str, deny: tuple[str, ...] = ()) -> tuple[tuple[GlossaryEntry, ...], list[Diagnostic]]:
    display = f"{display_dir}/{GLOSSARY_FILE}"
    doc, problems = read_yaml(directory / GLOSSARY_FILE, display)
    if doc is None:
        return (), problems
    reader = NodeReader(display, doc.text, deny)
    entries = []
    allowed = ["term", "expansion", "explanation", "aliases", "editor_added", EN]
    for node in _entries(reader, doc.root, display):
        values: dict[str, object] = {}
        for key, key_node, value_node in reader.items(node, GLOSSARY_FILE):
            if key not in allowed:
                reader.unknown_key(key_node, allowed, GLOSSARY_FILE)
            elif key == EN:
                continue
            elif key == "editor_added":
                values[key] = reader.flag(value_node, key)
            elif key == "aliases":
                values[key] = reader.seq(value_node, key, lambda n: reader.text(n, "aliases", one_line=True))
            else:
                values[key] = reader.text(value_node, key, one_line=key != "explanation")
        if "term" not in values or "explanation" not in values:
            reader.error(node, say("a glossary entry needs 'term' and 'explanation'"))
            continue
        readable, english = _english(reader, node, glossary_parts(reader), GLOSSARY_FILE)
        if not readable or any(v is None for v in values.values()):
            continue
        entries.append(
            GlossaryEntry(
                term=str(values["term"]),
                explanation=str(values["explanation"]),
                expansion=str(values.get("expansion") or ""),
                aliases=tuple(values.get("aliases") or ()),  # type: ignore[arg-type]
                en=english,
                editor_added=bool(values.get("editor_added")),
            )
        )
    return tuple(entries), reader.diagnostics + [d for _, d in reader.confidential]


def load_taxonomy(directory: Path, display_dir: str = "cases/taxonomy") -> tuple[Taxonomy, list[Diagnostic]]:
    """Load every vocabulary and the glossary, returning what loaded and every problem found."""
    # The deny-list first: every taxonomy and glossary text is linted against it too.
    sensitive_terms, diagnostics = load_sensitive_terms(directory, display_dir)
    vocabularies: dict[str, Vocabulary] = {}
    for spec in VOCABULARIES:
        vocabulary, problems = _load_vocabulary(directory, spec, display_dir, sensitive_terms)
        vocabularies[spec.kind] = vocabulary
        diagnostics.extend(problems)
    glossary, problems = _load_glossary(directory, display_dir, sensitive_terms)
    diagnostics.extend(problems)
    thesaurus, problems = load_thesaurus(directory, display_dir)
    diagnostics.extend(problems)
    return Taxonomy(glossary=glossary, sensitive_terms=sensitive_terms, thesaurus=thesaurus, **vocabularies), diagnostics
