"""No text may hold a character a page cannot show: lone surrogates, NUL and other control
characters are refused by every loader (curated maps, imported maps, documents) with the file,
the line or node, and the problem; and should one ever reach the graph, pages still answer."""

from __future__ import annotations

import dataclasses
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.corpus import load_corpus
from app.curation import load_curated
from app.formats import graphml
from app.graph import build_graph
from app.imported import import_map, load_imported
from app.problems import DataError
from app.records import Records
from tests.conftest import SEEDS, write
from tests.fixtures.interchange.maps import make_graph

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def refusal(call) -> str:
    with pytest.raises(DataError) as caught:
        call()
    return str(caught.value)


@pytest.mark.parametrize(
    "name, fmt, says",
    [
        ("aif-lone-surrogate.json", "aif", "node '1': its text contains a lone surrogate (U+D800)"),
        ("aif-nul-escape.json", "aif", "node '1': its text contains a NUL character (U+0000)"),
        ("aif-raw-nul.json", "aif", "aif-raw-nul.json:11: contains a NUL character (U+0000)"),
        ("argdown-surrogate-data.argdown", "argdown", "argument 'claim': its quote contains a lone surrogate (U+D800)"),
    ],
)
def test_an_import_holding_an_unsafe_character_is_refused_and_writes_nothing(name, fmt, says, tmp_path):
    report = refusal(lambda: import_map(fmt, HOSTILE / name, tmp_path))
    assert says in report
    assert not (tmp_path / "imported").exists() or list((tmp_path / "imported").iterdir()) == []


@pytest.mark.parametrize(
    "escape, what",
    [
        (r"\0", "a string contains a NUL character (U+0000)"),
        (r"\x1b", "a string contains the control character U+001B"),
        (r"\ud800", "malformed YAML: found invalid Unicode character escape code"),  # the YAML parser refuses it itself
    ],
)
def test_a_curated_map_with_an_escaped_unsafe_character_is_refused_at_its_line(seeds_copy, escape, what):
    write(
        seeds_copy / "curated" / "map.yaml",
        f"""
        document: revelation-exclusive
        arguments:
          - id: presence-imperative
            label: "Being present {escape} is an imperative"
            quote: "Être présent sur les médias sociaux n'est pas une option ou une stratégie, c'est un impératif."
        """,
    )
    report = refusal(lambda: load_curated(seeds_copy, load_corpus(seeds_copy)))
    assert f"curated/map.yaml:4: {what}" in report


def test_a_raw_control_character_in_yaml_is_refused_at_its_line(seeds_copy):
    write(seeds_copy / "curated" / "map.yaml", b"document: revelation-exclusive\narguments:\n  - id: a\x07b\n")
    assert "curated/map.yaml:3: contains the control character U+0007" in refusal(
        lambda: load_curated(seeds_copy, load_corpus(seeds_copy))
    )


def test_a_document_holding_a_nul_is_refused_with_its_file_and_line(seeds_copy):
    path = sorted((seeds_copy / "documents").iterdir())[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:500] + "\x00" + text[500:], encoding="utf-8")
    line = text[:500].count("\n") + 1
    assert f"documents/{path.name}:{line}: contains a NUL character (U+0000)" in refusal(
        lambda: load_corpus(seeds_copy)
    )


def test_an_imported_map_edited_by_hand_to_hold_a_nul_is_refused_at_its_line(tmp_path):
    shutil.copytree(Path(__file__).parent / "fixtures" / "interchange", tmp_path / "src")
    target, _ = import_map("argdown", tmp_path / "src" / "debate.argdown", tmp_path)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("label: ", 'label: "\\0" # ', 1), encoding="utf-8")
    line = text[: text.index("label: ")].count("\n") + 1
    assert f"debate.yaml:{line}: a string contains a NUL character (U+0000)" in refusal(lambda: load_imported(tmp_path))


def test_the_graphml_export_of_any_text_is_valid_xml():
    every_control = "".join(chr(c) for c in range(32)) + "\x7f\ud800\udfff\ufffe\uffff <&>\"'"
    g = make_graph(
        [("p", {"label": every_control, "quote": every_control, "tags": [every_control]}), "c"],
        [("p", "support", "c", {"note": every_control})],
    )
    root = ET.fromstring(graphml.write(g).encode("utf-8"))
    assert root.tag.endswith("graphml")


def test_no_page_breaks_should_an_unsafe_string_reach_the_graph(seed_graph):
    """Defence in depth: the graph itself replaces what the loaders would have refused."""
    from fastapi.testclient import TestClient

    from app.web import create_app

    corpus = load_corpus(SEEDS)
    curated = load_curated(SEEDS, corpus)
    first = curated.arguments[0]
    bad = dataclasses.replace(first, label="Bad \ud800 label \x00 here", speaker=first.speaker)
    records = Records((bad, *curated.arguments[1:]), curated.relations, curated.debates)
    graph = build_graph(corpus, records, None, "test")
    client = TestClient(create_app(graph=graph))
    for path in (
        f"/arguments/{first.id}",
        f"/arguments/{first.id}.json",
        "/",
        "/index.json",
        "/map",
        "/export/graphml",
        "/export/aif",
        "/export/argdown",
        "/search?q=label",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
    assert "Bad \ufffd label \ufffd here" in client.get(f"/arguments/{first.id}.json").text
    ET.fromstring(client.get("/export/graphml").content)
