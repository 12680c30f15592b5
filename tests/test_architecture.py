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

READERS = ("app.corpus", "app.curation", "app.extract", "app.formats", "app.imported", "app.seeds")


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


FORMAT_MODULES = sorted(m for m in MODULES if m.startswith("app.formats."))


def test_formats_live_in_one_package_and_the_old_two_are_gone():
    assert not (APP / "export").exists() and not (APP / "interchange").exists()
    assert {
        "app.formats.aif",
        "app.formats.argdown",
        "app.formats.graphml",
        "app.formats.dot",
        "app.formats.cytoscape",
        "app.formats.node_link",
    } <= set(FORMAT_MODULES)


@pytest.mark.parametrize("module", FORMAT_MODULES)
def test_a_format_depends_only_on_records_text_rules_problems_and_its_siblings(module):
    allowed = ("app.records", "app.text", "app.problems", "app.formats")
    assert [t for t in GRAPH.successors(module) if not t.startswith(allowed)] == []


def test_the_formats_package_face_holds_the_registry_and_no_logic():
    tree = ast.parse((APP / "formats" / "__init__.py").read_text(encoding="utf-8"))
    functions = [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert functions == []


def test_nothing_but_the_formats_package_imports_a_format_module_except_through_the_registry():
    outside = {
        m: [t for t in GRAPH.successors(m) if t.startswith("app.formats.") and t != "app.formats.reading"]
        for m in MODULES
        if not m.startswith("app.formats")
    }
    assert {m: ts for m, ts in outside.items() if ts} == {}


ROUTERS = ("app.web.pages", "app.web.api", "app.web.exports")


def test_web_routers_do_not_import_each_other():
    for router in ROUTERS:
        assert [t for t in GRAPH.successors(router) if t in ROUTERS] == [], router


def test_views_are_pure_they_know_nothing_of_http():
    tree = ast.parse(MODULES["app.web.views"].read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not {m for m in imported if m and m.split(".")[0] in ("fastapi", "starlette")}


def test_urls_are_built_in_one_place():
    """Only the URL builder encodes query strings."""
    for name, path in MODULES.items():
        if name.startswith("app.web") and name != "app.web.urls":
            assert "urlencode(" not in path.read_text(encoding="utf-8"), name
