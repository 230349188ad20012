"""The package reads in one direction: each layer imports only from the layers below it, and nothing imports in a circle.

The layers, bottom to top (CONTRIBUTING.md, "Where the code lives"):

    source   reading files with their locations, the text policy, diagnostics and messages
    model    field kinds, the frozen model, the taxonomy, translations, the library loader
    derive   what follows from a valid library: editions, the site map, links, graphs, the search index
    check    the editorial rules `casebook check` runs on the loaded library and the pages it will make
    render   page kinds, templates, the Jinja environment
    site     the one way in (`build_site`), the MkDocs events, the output guard, preview, export

`casebook.cli` stands above them all; `scripts/hooks.py` passes MkDocs' events to `casebook.site`.
Every import counts, including those inside functions and under `TYPE_CHECKING`: a circle
that only the type checker sees is still two modules that cannot be read apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
PACKAGE = SCRIPTS / "casebook"
LAYERS = ("source", "model", "derive", "check", "render", "site")
#: Above every layer: the command line.
TOP = ("casebook.cli",)
#: The hook is glue; this is its budget (the issue that thinned it: 548 lines before).
HOOK_LINES = 150
#: A module is one job; past this many lines it is likely two. Exceptions say why.
MODULE_LINES = 350
LONGER: dict[str, int] = {}


def module_name(path: Path, scripts: Path = SCRIPTS) -> str:
    parts = list(path.relative_to(scripts).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: set[str], scripts: Path = SCRIPTS) -> set[str]:
    """The casebook modules `path` imports anywhere in it, relative imports resolved."""
    name = module_name(path, scripts)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # `from package import module` imports the module; `from module import name`, the module.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        found |= {t for t in targets if t in known and t != name}
    return found


def rank(module: str) -> int:
    if module in TOP:
        return len(LAYERS)
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported(path, set(found)) for name, path in found.items()}


def test_every_module_lives_in_a_layer() -> None:
    homeless = [m for m in modules() if m != "casebook" and rank(m) < 0]
    assert homeless == [], f"modules outside the layer folders {LAYERS}: {homeless}"


def test_no_import_runs_against_the_layer_order() -> None:
    upward = [
        f"{module} ({LAYERS[rank(module)] if rank(module) < len(LAYERS) else 'top'}) imports {other} ({LAYERS[rank(other)] if rank(other) < len(LAYERS) else 'top'})"
        for module, others in graph().items()
        for other in sorted(others)
        if rank(other) > rank(module) and module != "casebook"
    ]
    assert upward == []


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                found.append(sorted(members))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_circles_finds_a_circle_and_only_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_has_no_circle() -> None:
    assert circles(graph()) == []


def test_the_layer_rule_fails_an_upward_import(tmp_path: Path) -> None:
    # The rule itself, on a module that reaches up from the model to the site.
    lower = tmp_path / "casebook" / "model" / "bad.py"
    lower.parent.mkdir(parents=True)
    lower.write_text("from casebook.site.build import build_site\n", encoding="utf-8")
    assert rank("casebook.site.build") > rank("casebook.model.bad")
    assert imported(lower, {"casebook.site.build", "casebook.model.bad"}, scripts=tmp_path) == {"casebook.site.build"}


def test_the_hook_is_glue() -> None:
    hook = SCRIPTS / "hooks.py"
    lines = hook.read_text(encoding="utf-8").count("\n")
    assert lines <= HOOK_LINES, f"scripts/hooks.py has {lines} lines; its logic belongs in casebook.site"
    reached = imported(hook, set(modules()))
    assert all(m.startswith("casebook.site.") for m in reached), f"the hook reaches past casebook.site: {sorted(reached)}"


def test_every_module_is_one_job() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := path.read_text(encoding="utf-8").count("\n")) > LONGER.get(name, MODULE_LINES)
    }
    assert long == {}, f"over {MODULE_LINES} lines (split it, or add it to LONGER with the reason): {long}"
