"""The argmap command: validate, export, readable failures with exit status 1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS, write


def argmap(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_validate_passes_on_the_shipped_map():
    run = argmap("validate")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ok: 5 documents")


def test_validate_lists_every_problem_and_exits_1_without_a_traceback(seeds_copy):
    write(seeds_copy / "curated" / "a.yaml", """
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
    """)
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
        assert text[node["start"]:node["end"]] == node["quote"]
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
    for command in ("serve", "validate", "export", "extract", "eval"):
        run = argmap(command, "--help")
        assert run.returncode == 0 and "usage: argmap" in run.stdout, command
