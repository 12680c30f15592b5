"""An argument's history along its thread is what the whole map, cut at each step, says.

`app.timeline.history` judges each step over the arguments that bear on the argument and
its neighbours by attacks and undercuts only. Here every argument's history is compared
with the plain definition: the whole graph as it stood at each step (`as_of`), judged
again, on the shipped seeds and on a synthetic corpus of 600 arguments in threads.
"""

from __future__ import annotations

import networkx as nx
import pytest

from app.moments import AsOf
from app.seeds import load_graph
from app.timeline import GROUNDED_WORDS, MAX_HISTORY_STEPS, as_of, history, thread_positions
from tests.conftest import synthetic


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("synthetic-threads") / "seeds"
    synthetic.generate(600, seeds, seed=7)
    return load_graph(seeds)


def whole_map_history(graph, arg_id: str) -> list[dict]:
    """The history by its definition: at each step that may change the label, the whole
    graph as it stood then (`as_of`), with every label judged again."""
    moment = graph.times[arg_id]
    document = graph.corpus.documents[moment.document]
    if not document.comments or graph.node(arg_id).get("grounded") is None:
        return []
    linked = nx.node_connected_component(graph.g.to_undirected(as_view=True), arg_id)
    moves = {graph.times[n].position for n in linked if graph.times[n].document == document.id}
    moves = {p for p in moves if p >= moment.position}
    if len(moves) > MAX_HISTORY_STEPS:
        return []
    changes, last = [], None
    for step in thread_positions(graph, document.id):
        if step["position"] not in moves:
            continue
        cut = as_of(graph, AsOf(step["asof"], document=document.id, position=step["position"]))
        label = cut.node(arg_id).get("grounded")
        if label == last:
            continue
        near = set(cut.g.predecessors(arg_id)) | set(cut.g.successors(arg_id))
        by = [
            {"id": n, "label": cut.node(n)["label"], "url": f"/arguments/{n}"}
            for n in sorted(near, key=lambda n: cut.node(n)["rank"])
            if last is not None
            and cut.node(n).get("grounded") is not None
            and cut.times[n].document == document.id
            and cut.times[n].position == step["position"]
        ]
        word = GROUNDED_WORDS.get(label, "not judged")
        changes.append({**step, "grounded": label, "word": word, "made": last is None, "by": by})
        last = label
    return changes


def test_every_seed_arguments_history_is_the_whole_maps(seed_graph):
    followed = 0
    for arg_id in sorted(seed_graph.g.nodes):
        expected = whole_map_history(seed_graph, arg_id)
        assert history(seed_graph, arg_id) == expected, arg_id
        followed += len(expected) > 1
    assert followed >= 3  # labels that change along the thread, not only one-step histories


def test_synthetic_thread_histories_are_the_whole_maps(synthetic_graph):
    graph = synthetic_graph
    in_order = sorted(graph.g.nodes, key=lambda n: graph.node(n)["rank"])  # a thread's cuts are kept for the next
    in_threads = [n for n in in_order if graph.corpus.documents[graph.times[n].document].comments]
    changed = 0
    for arg_id in in_threads[::2]:
        expected = whole_map_history(graph, arg_id)
        assert history(graph, arg_id) == expected, arg_id
        changed += any(step["by"] for step in expected)
    assert changed >= 5  # steps where a comment turns the label, with who did it
