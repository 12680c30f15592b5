"""Curating the map: each edit of the curated YAML, made through the store on a copy of the
real seeds, keeps what people wrote (comments, order), keeps ids and permalinks, and
remembers what curators accepted, deleted and turned down."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import curating
from app.seeds import load_graph
from app.store import Conflict, Invalid, Store
from tests.conftest import SEEDS


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A private copy of the whole seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every seeds file's bytes (the store's lock file is not one)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def unique_passage(document, within, words=8) -> tuple[int, int]:
    """Offsets of the first run of `words` words of a segment that occurs once in the text
    and that no argument covers yet (so that it can become a new argument)."""
    text = document.text
    start = within.start
    while start < within.end:
        while start < within.end and not text[start].isalpha():
            start += 1
        end, count = start, 0
        while end < within.end and count < words:
            end = text.find(" ", end + 1)
            if end == -1 or end > within.end:
                end = within.end
            count += 1
        if text.count(text[start:end]) == 1 and len(text[start:end].split()) == words:
            return start, end
        start = text.find(" ", start + 1) + 1
    raise AssertionError("no unique passage")


def first_standalone_extracted(graph, doc_id: str | None = None) -> str:
    """An extracted argument not folded into a curated one (picked from the loaded graph:
    the extraction may be regenerated)."""
    candidates = sorted(
        (graph.node(i)["rank"], i)
        for i in graph.by_origin["extracted"]
        if i not in graph.twins and (doc_id is None or graph.node(i)["document"] == doc_id)
    )
    return candidates[0][1]


def test_an_argument_made_from_a_span_quotes_exactly_that_span_and_gets_the_commenters_name(seeds):
    graph = load_graph(seeds)
    document = next(d for d in graph.corpus.documents.values() if any(c.speaker for c in d.comments))
    comment = next(c for c in document.comments if c.speaker)
    start, end = unique_passage(document, comment)
    made = {}

    change = Store(seeds).change(
        "add",
        lambda files: made.update(id=curating.create_argument(files, document, start, end, "Une idée à retenir")),
    )

    node = change.graph.node(made["id"])
    assert made["id"] == "une-idee-a-retenir"
    assert (node["quote"], node["start"], node["end"]) == (document.text[start:end], start, end)
    assert node["speaker"] == comment.speaker
    assert node["origin"] == "curated"
    assert load_graph(seeds).node(made["id"])["quote"] == document.text[start:end]


def test_ids_are_never_reused_even_after_a_deletion(seeds):
    graph = load_graph(seeds)
    document = graph.corpus.documents["annee-noire-2012"]
    store = Store(seeds)
    start, end = unique_passage(document, document.body)
    made = {}
    store.change("add", lambda f: made.update(a=curating.create_argument(f, document, start, end, "Same label")))
    store.change("delete", lambda f: curating.delete_argument(f, made["a"], None, start, end, confirm=False))
    store.change("again", lambda f: made.update(b=curating.create_argument(f, document, start, end, "Same label")))

    assert made == {"a": "same-label", "b": "same-label-2"}


def test_comments_of_a_hand_written_file_survive_an_edit(seeds):
    path = seeds / "curated" / "annee-noire-2012.yaml"
    before = path.read_text(encoding="utf-8")
    version = load_graph(seeds).versions["pizza-metaphor"]

    Store(seeds).change(
        "edit", lambda f: curating.edit_argument(f, "pizza-metaphor", version, {"label": "Burnt pizza, so no pizza"})
    )

    after = path.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(before.splitlines()) == len(after.splitlines())
    assert [b.replace('"', "") for _, b in changed] == ["    label: Burnt pizza, so no pizza"]


def test_an_edit_based_on_an_old_version_is_refused_with_the_current_one(seeds):
    store = Store(seeds)
    old = load_graph(seeds).versions["pizza-metaphor"]
    store.change("first", lambda f: curating.edit_argument(f, "pizza-metaphor", old, {"tags": ["irony"]}))
    before = snapshot(seeds)

    with pytest.raises(Conflict) as refused:
        store.change("second", lambda f: curating.edit_argument(f, "pizza-metaphor", old, {"label": "Lost"}))

    assert refused.value.current["entry"]["tags"] == ["irony"]
    assert refused.value.current["version"] == load_graph(seeds).versions["pizza-metaphor"] != old
    assert snapshot(seeds) == before


def test_an_invalid_edit_leaves_every_file_byte_identical(seeds):
    before = snapshot(seeds)

    with pytest.raises(Invalid) as refused:
        Store(seeds).change(
            "edit", lambda f: curating.edit_argument(f, "pizza-metaphor", None, {"speaker": "nobody-we-know"})
        )

    assert "unknown speaker 'nobody-we-know'" in str(refused.value)
    assert "seeds/curated/annee-noire-2012.yaml" in str(refused.value)
    assert snapshot(seeds) == before


def test_a_relation_between_two_documents_goes_to_the_cross_document_file(seeds):
    store = Store(seeds)
    change = store.change("relate", lambda f: curating.add_relation(f, "pizza-metaphor", "attack", "roi-unmeasurable"))

    assert change.files == ["curated/cross-document.yaml"]
    kinds = [d["kind"] for d in change.graph.g.get_edge_data("pizza-metaphor", "roi-unmeasurable").values()]
    assert kinds == ["attack"]
    last = (seeds / "curated" / "cross-document.yaml").read_text(encoding="utf-8").rstrip().splitlines()[-1]
    assert last == "  - {from: pizza-metaphor, kind: attack, to: roi-unmeasurable}"

    change = store.change(
        "unrelate", lambda f: curating.delete_relation(f, "pizza-metaphor", "attack", "roi-unmeasurable")
    )
    assert change.graph.g.get_edge_data("pizza-metaphor", "roi-unmeasurable") is None
    assert (seeds / "curated" / "cross-document.yaml").read_bytes() == (
        SEEDS / "curated" / "cross-document.yaml"
    ).read_bytes()


def test_deleting_an_argument_others_point_to_needs_confirmation_then_answers_410(seeds):
    graph = load_graph(seeds)
    arg_id = "kabla-social-ads-may-be-cut"
    node = graph.node(arg_id)
    store = Store(seeds)
    before = snapshot(seeds)

    with pytest.raises(curating.NeedsConfirmation) as asked:
        store.change("delete", lambda f: curating.delete_argument(f, arg_id, None, node["start"], node["end"], False))
    assert snapshot(seeds) == before
    pointing = {(link.get("from"), link.get("kind"), link.get("to")) for link in asked.value.links}
    assert ("presence-costs-money", "support", arg_id) in pointing
    assert {"debate": "death-2012-vs-maturity"}.items() <= next(x for x in asked.value.links if "debate" in x).items()

    change = store.change(
        "delete", lambda f: curating.delete_argument(f, arg_id, None, node["start"], node["end"], True)
    )
    assert arg_id not in change.graph
    nearest, document = change.graph.deleted[arg_id]
    assert document == "annee-noire-2012"
    assert nearest in change.graph and change.graph.node(nearest)["document"] == document
    # the comment that introduced the next part of the list is still there
    assert "  # The rebuttal\n" in (seeds / "curated" / "annee-noire-2012.yaml").read_text(encoding="utf-8")
    assert load_graph(seeds).deleted == change.graph.deleted


def test_an_accepted_extracted_argument_becomes_curated_and_its_old_id_moves_to_it(seeds):
    graph = load_graph(seeds)
    x_id = first_standalone_extracted(graph)
    extracted = graph.node(x_id)
    made = {}

    change = Store(seeds).change("accept", lambda f: made.update(id=curating.accept_extracted(f, x_id)))

    new = change.graph.node(made["id"])
    assert new["origin"] == "curated" and not made["id"].startswith("x-")
    assert (new["document"], new["start"], new["end"]) == (extracted["document"], extracted["start"], extracted["end"])
    assert x_id not in change.graph
    assert change.graph.moved[x_id] == made["id"]
    assert load_graph(seeds).moved[x_id] == made["id"]


def test_a_rejected_extracted_passage_is_not_proposed_again_whatever_its_new_id(seeds):
    graph = load_graph(seeds)
    x_id = first_standalone_extracted(graph)
    passage = graph.node(x_id)["quote"]

    Store(seeds).change("reject", lambda f: curating.reject_extracted(f, x_id))
    assert x_id not in load_graph(seeds)

    # a later extraction finds the same passage under another id
    import json

    path = seeds / "extracted.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for a in data["arguments"]:
        if a["id"] == x_id:
            a["id"] = "x-0123456789"
    for r in data["relations"]:
        r["from"], r["to"] = (("x-0123456789" if e == x_id else e) for e in (r["from"], r["to"]))
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    reloaded = load_graph(seeds)
    assert "x-0123456789" not in reloaded
    assert all(reloaded.node(i)["quote"] != passage for i in reloaded.by_origin["extracted"])


def test_accepted_and_rejected_suggestions(seeds):
    graph = load_graph(seeds)
    with_suggestions = sorted(i for i, found in graph.suggestions.items() if len(found) >= 2)
    arg_id = with_suggestions[0]
    first, second = graph.suggestions[arg_id][:2]
    store = Store(seeds)

    change = store.change("accept", lambda f: curating.accept_suggestion(f, first.source, first.kind, first.target))
    kinds = {d["kind"] for d in change.graph.g.get_edge_data(first.source, first.target).values()}
    assert first.kind in kinds

    change = store.change("reject", lambda f: curating.reject_suggestion(f, second.source, second.kind, second.target))
    left = [(s.source, s.kind, s.target) for s in change.graph.suggestions.get(arg_id, ())]
    assert (second.source, second.kind, second.target) not in left
    assert (first.source, first.kind, first.target) in left  # shown as already in the map
    assert "rejected:" in (seeds / "curated" / "rejected.yaml").read_text(encoding="utf-8")


def test_a_debate_is_created_then_edited_with_its_version(seeds):
    store = Store(seeds)
    made = {}
    sides = [{"name": "Yes", "claims": ["presence-imperative"]}, {"name": "No", "claims": ["roi-unmeasurable"]}]
    change = store.change(
        "debate", lambda f: made.update(id=curating.create_debate(f, "Is presence worth it?", "Should brands?", sides))
    )
    assert made["id"] == "is-presence-worth-it"
    debate = next(d for d in change.graph.debates if d.id == made["id"])
    assert [s.claims for s in debate.sides] == [("presence-imperative",), ("roi-unmeasurable",)]

    version = change.graph.versions[f"debate:{made['id']}"]
    change = store.change(
        "edit", lambda f: curating.edit_debate(f, made["id"], version, {"question": "Must brands be there?"})
    )
    assert next(d for d in change.graph.debates if d.id == made["id"]).question == "Must brands be there?"
    with pytest.raises(Conflict):
        store.change("stale", lambda f: curating.edit_debate(f, made["id"], version, {"title": "Lost"}))


def test_an_undercut_names_the_inference_it_attacks_and_stays_in_its_document(seeds):
    graph = load_graph(seeds)
    undercut = {d.get("undercuts") for _, _, d in graph.g.out_edges("pizza-metaphor", data=True)}
    premise, conclusion = next(
        (s, t)
        for s, t, d in graph.g.edges(data=True)
        if d["kind"] == "support"
        and d["origin"] == "curated"
        and f"{s}->{t}" not in undercut
        and "pizza-metaphor" not in (s, t)
        and graph.node(s)["document"] == graph.node(t)["document"] == "annee-noire-2012"
    )
    change = Store(seeds).change(
        "undercut", lambda f: curating.add_relation(f, "pizza-metaphor", "undercut", f"{premise}->{conclusion}")
    )

    assert change.files == ["curated/annee-noire-2012.yaml"]
    now = {d.get("undercuts") for _, _, d in change.graph.g.out_edges("pizza-metaphor", data=True)}
    assert now - undercut == {f"{premise}->{conclusion}"}


def test_edits_read_from_kept_parses_write_what_parsing_afresh_writes(tmp_path, monkeypatch):
    """The write path keeps the round-trip data of the texts it last read or wrote: a run
    of edits on one document's file (two new arguments, a relation, a label, a deletion)
    writes byte for byte what the same run writes when every file is parsed afresh."""
    from app import yamledit

    def run(folder: Path, afresh: bool) -> dict[str, bytes]:
        shutil.copytree(SEEDS, folder)
        graph = load_graph(folder)
        document = graph.corpus.documents["revelation-exclusive"]
        store = Store(folder)
        first = unique_passage(document, document.body)
        second = unique_passage(document, document.comments[0])
        made = {}
        steps = [
            lambda f: made.update(a=curating.create_argument(f, document, *first, "Une première idée")),
            lambda f: made.update(b=curating.create_argument(f, document, *second, "Une seconde idée")),
            lambda f: curating.add_relation(f, made["b"], "attack", made["a"], note="Elle la contredit"),
            lambda f: curating.edit_argument(f, made["a"], None, {"label": "Une idée reformulée", "tags": ["t"]}),
            lambda f: curating.delete_argument(f, made["b"], None, *second, confirm=True),
        ]
        for step in steps:
            if afresh:
                yamledit.forget_kept()
            store.change("step", step)
        return snapshot(folder)

    parses = []
    real_yaml = yamledit._yaml

    def counted():
        parses.append(1)
        return real_yaml()

    monkeypatch.setattr(yamledit, "_yaml", counted)  # one call per parse or dump
    yamledit.forget_kept()
    kept = run(tmp_path / "kept", afresh=False)
    kept_parses, parses[:] = len(parses), []
    afresh = run(tmp_path / "afresh", afresh=True)
    assert kept == afresh
    assert kept != snapshot(SEEDS)
    assert kept_parses < len(parses), "the kept parses were not used"
