"""The module graph keeps data flowing one way: files → records → graph → views.

Imports are read from the source with `ast` (every import, at module level or
inside a function, since either is a dependency), so these rules stay true as
the code grows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

APP = Path(__file__).resolve().parent.parent / "app"

READERS = ("app.corpus", "app.curation", "app.extract", "app.interchange", "app.imported", "app.seeds")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULE_NAMES = {module_name(p) for p in APP.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """The app modules `path` imports (type-checking-only imports left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for n in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from app.web import views` depends on app.web.views, not on the package face
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULE_NAMES
            found.update(submodules or {node.module})
            if len(submodules) < len(node.names):
                found.add(node.module)
    return {name for name in found if name == "app" or name.startswith("app.")}


MODULES = {module_name(p): p for p in sorted(APP.rglob("*.py"))}
GRAPH = nx.DiGraph()
for _name, _path in MODULES.items():
    GRAPH.add_node(_name)
    for _target in imports_of(_path):
        if _target in MODULES and _target != _name:
            GRAPH.add_edge(_name, _target)


def depends_on(module: str, prefix: str) -> list[str]:
    return sorted(t for t in GRAPH.successors(module) if t == prefix or t.startswith(prefix + "."))


def test_there_are_no_import_cycles():
    assert list(nx.simple_cycles(GRAPH)) == []


def test_records_and_text_rules_depend_on_nothing_of_the_app():
    for module in ("app.records", "app.text", "app.problems"):
        assert list(GRAPH.successors(module)) == [], module


@pytest.mark.parametrize("reader", READERS + ("app.web",))
def test_the_graph_imports_no_reader_and_no_view(reader):
    for module in ("app.graph", "app.semantics", "app.search"):
        assert depends_on(module, reader) == [], f"{module} imports {reader}"


def test_readers_never_reach_the_web_layer():
    for module in MODULES:
        if module.startswith(READERS):
            assert depends_on(module, "app.web") == [], module


def test_only_the_seeds_module_loads_the_whole_seeds_folder():
    loaders = {m for m in MODULES if {"app.curation", "app.imported", "app.extract.store"} <= set(GRAPH.successors(m))}
    assert loaders == {"app.seeds"}
