"""A long document reads in parts, and its list of arguments in pages: no page of the
site grows with the size of one map.

The document here is a 2,600-argument map imported from another tool (its text is
the quotes, one paragraph each), the size at which one page once weighed 1.7 MB.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml
from fastapi.testclient import TestClient

from app.seeds import load_graph
from app.web import create_app
from app.web.views import PART_CHARS
from tests.conftest import SEEDS, synthetic

pytestmark = pytest.mark.slow  # builds a 2,600-argument map


SIZE = 2600


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("long") / "seeds"
    shutil.copytree(SEEDS / "documents", seeds / "documents")
    shutil.copy(SEEDS / "documents.yaml", seeds / "documents.yaml")
    (seeds / "curated").mkdir()
    synthetic.write_imported_map(seeds, SIZE)
    graph = load_graph(seeds)
    return graph, TestClient(create_app(graph=graph))


def test_a_long_document_reads_in_parts_of_bounded_size(big):
    graph, client = big
    length = len(graph.corpus.documents["imported-big"].text)
    assert length > 3 * PART_CHARS
    first = client.get("/documents/imported-big")
    assert first.status_code == 200 and len(first.content) < 400_000
    data = client.get("/documents/imported-big.json").json()["document"]
    count = data["parts"]["count"]
    assert count >= 3 and "Part 1 of" in first.text and 'rel="next" href="/documents/imported-big?part=2"' in first.text
    assert client.get(f"/documents/imported-big?part={count + 1}").status_code == 404
    covered = 0
    for part in range(1, count + 1):
        parts = client.get(f"/documents/imported-big.json?part={part}").json()["document"]["parts"]
        assert parts["start"] == covered  # the parts follow each other, with nothing left out
        covered = parts["end"]
    assert covered == length


def test_every_argument_reads_in_context_on_the_part_that_holds_it(big):
    graph, client = big
    pages: dict[str, str] = {}
    for arg_id in [f"big-a{i}" for i in (0, 1, SIZE // 2, SIZE - 1)]:
        url = client.get(f"/api/arguments/{arg_id}").json()["document_url"]
        path, _, anchor = url.partition("#")
        html = pages.setdefault(path, client.get(path).text)
        assert f'id="{anchor}"' in html, url
    assert len(pages) >= 2  # arguments of different parts lead to different pages


def test_the_list_of_a_documents_arguments_is_paged(big):
    _, client = big
    data = client.get("/documents/imported-big.json").json()["document"]
    assert len(data["arguments_list"]) == 50 and data["listing"]["total"] == SIZE
    page = client.get("/documents/imported-big?offset=50").text
    assert re.search(r"51–100 of 2600", page)


def test_a_debate_with_many_main_claims_lists_some_and_says_how_many_more(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS / "documents", seeds / "documents")
    shutil.copy(SEEDS / "documents.yaml", seeds / "documents.yaml")
    (seeds / "curated").mkdir()
    (seeds / "imported").mkdir()
    claims = [
        {"id": f"many-c{i}", "label": f"Standalone claim {i}", "quote": f"Affirmation numéro {i}, sans réponse."}
        for i in range(30)
    ]
    data = {
        "imported": {
            "format": "aif",
            "source": "many.json",
            "document": {"id": "imported-many", "title": "Many claims"},
            "people": [],
        },
        "arguments": claims,
        "relations": [],
    }
    (seeds / "imported" / "many.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    client = TestClient(create_app(graph=load_graph(seeds)))
    page = client.get("/debates/imported-many").text
    assert page.count('class="arg-label"') == 12
    assert "and 18 more main claims" in page and 'href="/debates/imported-many/outline"' in page
    outline = client.get("/debates/imported-many/outline.json").json()
    assert len([c for side in outline["sides"] for c in side["claims"]]) == 30
