"""The argmap command: validate, export, readable failures with exit status 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS, write

pytestmark = pytest.mark.slow  # spaCy, subprocesses or a real server: left out of `make check`


def argmap(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_validate_passes_on_the_shipped_map():
    run = argmap("validate")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 5 documents")


def test_validate_lists_every_problem_and_exits_1_without_a_traceback(seeds_copy):
    write(
        seeds_copy / "curated" / "a.yaml",
        """
        document: revelation-exclusive
        arguments:
          - id: twice
            label: Twice
            quote: "médias sociaux"
          - id: nowhere
            label: Nowhere
            quote: "ceci n'est pas dans le texte"
        relations:
          - {from: twice, kind: refutes, to: nowhere}
    """,
    )
    run = argmap("--seeds", str(seeds_copy), "validate")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "3 problems found" in run.stderr
    assert "a.yaml:5" in run.stderr and "a.yaml:8" in run.stderr and "a.yaml:10" in run.stderr


def test_serve_refuses_to_start_on_a_broken_map(seeds_copy):
    write(seeds_copy / "curated" / "a.yaml", "arguments:\n  - id: [\n")
    run = argmap("--seeds", str(seeds_copy), "serve", "--port", "0")
    assert run.returncode == 1 and "malformed YAML" in run.stderr and "Traceback" not in run.stderr


def test_export_node_link_keeps_the_contract():
    run = argmap("export", "--format", "node-link")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    texts = {}
    for node in data["nodes"]:
        for key in ("id", "label", "quote", "document", "source_file", "start", "end", "speaker", "year", "origin"):
            assert key in node, (node["id"], key)
        path = SEEDS / "documents" / node["source_file"]
        text = texts.setdefault(path, path.read_bytes().decode("utf-8"))
        assert text[node["start"] : node["end"]] == node["quote"]
        assert node["origin"] in ("curated", "extracted")
        assert node["year"] is None or isinstance(node["year"], int)
    ids = {n["id"] for n in data["nodes"]}
    for edge in data["edges"]:
        assert edge["kind"] in ("support", "attack", "undercut", "same_as") and edge["origin"]
        assert edge["source"] in ids and edge["target"] in ids


def test_export_can_keep_only_curated_arguments():
    data = json.loads(argmap("export", "--origin", "curated").stdout)
    assert data["nodes"] and {n["origin"] for n in data["nodes"]} == {"curated"}


def test_every_subcommand_has_help():
    for command in ("serve", "validate", "export", "import", "extract", "eval"):
        run = argmap(command, "--help")
        assert run.returncode == 0 and "usage: argmap" in run.stdout, command


ARGDOWN_MAP = """
[Brands must be there]: Brands must be on social media. #main
  + <Audience>: Their customers already are.
  - <Cost>: A presence costs money nobody measures.
    - <Cheap>: An account costs nothing but time.
"""


def test_import_adds_another_tools_map_as_its_own_debate(seeds_copy):
    source = write(seeds_copy.parent / "brands.argdown", ARGDOWN_MAP)
    run = argmap("--seeds", str(seeds_copy), "import", "--format", "argdown", str(source))
    assert run.returncode == 0, run.stderr
    assert "imported 4 arguments" in run.stdout and "/debates/imported-brands" in run.stdout
    assert (seeds_copy / "imported" / "brands.yaml").is_file()
    assert argmap("--seeds", str(seeds_copy), "validate").returncode == 0

    from app.seeds import load_graph

    graph = load_graph(seeds_copy)
    debate = next(d for d in graph.debates if d.id == "imported-brands")
    assert [graph.node(c)["label"] for side in debate.sides for c in side.claims] == ["Brands must be on social media."]
    assert {graph.node(n)["grounded"] for n in graph.by_document["imported-brands"]} == {"IN", "OUT"}
    exported = json.loads(argmap("--seeds", str(seeds_copy), "export").stdout)
    assert not any(n["document"] == "imported-brands" for n in exported["nodes"])  # no file to point into


def test_a_broken_import_writes_nothing_and_says_why(seeds_copy):
    source = write(seeds_copy.parent / "broken.json", '{"nodes": [{"nodeID": "1", "type": "XX"}], "edges": []}')
    run = argmap("--seeds", str(seeds_copy), "import", "--format", "aif", str(source))
    assert run.returncode == 1 and "unknown type 'XX'" in run.stderr and "Traceback" not in run.stderr
    assert not (seeds_copy / "imported").exists() or not any((seeds_copy / "imported").iterdir())
