"""The corpus and the curated map load, validate, and say precisely what is wrong."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml

from app.corpus import load_corpus
from app.curation import load_curated
from app.problems import DataError
from app.seeds import load_graph
from tests.conftest import SEEDS, write

GOOD = """
document: revelation-exclusive
arguments:
  - id: presence-imperative
    label: Being present on social media is an imperative
    quote: "Être présent sur les médias sociaux n'est pas une option ou une stratégie, c'est un impératif."
    main: true
  - id: presence-costs
    label: A relevant presence costs money
    quote: "Une présence pertienente dans les médias sociaux coûte de l’argent!"
relations:
  - {from: presence-costs, kind: attack, to: presence-imperative}
"""


def problems_of(seeds: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_curated(seeds, load_corpus(seeds))
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------- the corpus


def test_every_original_document_is_described_once():
    corpus = load_corpus(SEEDS)
    files = sorted(p.name for p in (SEEDS / "documents").glob("*.txt"))
    assert sorted(d.file for d in corpus.documents.values()) == files


def test_document_bodies_leave_out_site_boilerplate():
    corpus = load_corpus(SEEDS)
    for document in corpus.documents.values():
        shown = "".join(document.text[s.start : s.end] for s in document.segments)
        for boilerplate in (
            "Plan du site",
            "Articles Similaires",
            "Les commentaires récents",
            "Laissez un commentaire",
            "Rejoignez-nous",
        ):
            assert boilerplate not in shown, (document.id, boilerplate)


def test_the_thread_of_revelation_exclusive_has_its_eight_comments_and_speakers():
    document = load_corpus(SEEDS).documents["revelation-exclusive"]
    speakers = {c.number: c.speaker for c in document.comments}
    assert speakers == {1: None, 2: "mfavez", 3: "steph", 4: "fred", 5: None, 6: None, 7: "steph", 8: "fred"}
    assert document.text[document.comments[3].start :].startswith("@ Steph >")
    assert dict((c.number, c.replies_to) for c in document.comments)[8] == (7,)


def test_unknown_facts_stay_unknown_and_inferences_say_how():
    corpus = load_corpus(SEEDS)
    untitled = corpus.documents["reprendre-la-parole"]
    assert untitled.title is None and untitled.title_note
    assert untitled.year is None and untitled.year_note
    dated = corpus.documents["directions-marketing-roi"]
    assert str(dated.date) == "2011-11-29" and dated.authors == ("etienne-rotardeau",)
    for document in corpus.documents.values():
        if document.year is not None and document.date is None:
            assert "nferred" in (document.year_note or ""), document.id


def test_a_range_outside_the_text_is_reported_with_its_line(seeds_copy):
    meta = (seeds_copy / "documents.yaml").read_text(encoding="utf-8")
    (seeds_copy / "documents.yaml").write_text(
        meta.replace("body: {start: 133, end: 3362}", "body: {start: 133, end: 99999}"), encoding="utf-8"
    )
    with pytest.raises(DataError) as caught:
        load_corpus(seeds_copy)
    (problem,) = caught.value.problems
    assert problem.file.endswith("documents.yaml") and problem.line
    assert "outside the text" in problem.message


def test_the_corpus_names_its_topic_and_an_unknown_key_is_reported_with_its_line(seeds_copy):
    corpus = load_corpus(seeds_copy)
    assert corpus.topic == "Should brands be on social media?"
    assert corpus.topic_fr.startswith("Les marques doivent-elles")
    meta = (seeds_copy / "documents.yaml").read_text(encoding="utf-8")
    line = meta[: meta.index("topic_fr:")].count("\n") + 1
    (seeds_copy / "documents.yaml").write_text(meta.replace("topic_fr:", "topic_de:"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_corpus(seeds_copy)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.message) == ("seeds/documents.yaml", line, "unknown field 'topic_de'")
    (seeds_copy / "documents.yaml").write_text(
        meta.replace("topic: Should", "topic: [Should", 1).replace(
            "social media?\ntopic_fr", "social media?]\ntopic_fr", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_corpus(seeds_copy)
    (problem,) = caught.value.problems
    assert problem.line == line - 1 and problem.message.startswith("field 'topic':")


# ---------------------------------------------------------------- the curated map


def test_a_good_map_loads_with_exact_offsets(seeds_copy):
    write(seeds_copy / "curated" / "doc.yaml", GOOD)
    corpus = load_corpus(seeds_copy)
    curated = load_curated(seeds_copy, corpus)
    by_id = {a.id: a for a in curated.arguments}
    imperative = by_id["presence-imperative"]
    text = corpus.documents["revelation-exclusive"].text
    # typographic apostrophes differ from the YAML's; the stored quote is the file's own text
    assert text[imperative.start : imperative.end] == imperative.quote
    assert "n’est pas une option" in imperative.quote
    assert imperative.speaker == "fred" and imperative.segment == "body"
    assert by_id["presence-costs"].speaker == "mfavez" and by_id["presence-costs"].segment == "comment-2"


def test_duplicate_ids_are_reported_with_both_places(seeds_copy):
    write(seeds_copy / "curated" / "a.yaml", GOOD)
    write(
        seeds_copy / "curated" / "b.yaml",
        """
        document: revelation-exclusive
        arguments:
          - id: presence-costs
            label: Time is money
            quote: "le temps c’est de l’argent"
    """,
    )
    (problem,) = problems_of(seeds_copy)
    assert "b.yaml:3" in problem and "duplicate argument id 'presence-costs'" in problem and "a.yaml:7" in problem


def test_an_unknown_relation_end_is_reported_with_a_suggestion(seeds_copy):
    write(seeds_copy / "curated" / "doc.yaml", GOOD + "  - {from: presence-cost, kind: support, to: nowhere}\n")
    found = problems_of(seeds_copy)
    assert any("doc.yaml:12" in p and "unknown argument 'presence-cost'" in p and "presence-costs" in p for p in found)
    assert any("unknown argument 'nowhere'" in p for p in found)


def test_a_quote_absent_from_the_document_is_reported(seeds_copy):
    write(seeds_copy / "curated" / "doc.yaml", GOOD.replace("coûte de l’argent!", "coûte une fortune!"))
    (problem,) = problems_of(seeds_copy)
    assert "doc.yaml:9" in problem and "quote of 'presence-costs' not found" in problem
    assert "verbatim" in problem


def test_a_quote_found_twice_is_reported_with_its_offsets(seeds_copy):
    write(
        seeds_copy / "curated" / "doc.yaml",
        """
        document: revelation-exclusive
        arguments:
          - id: ambiguous
            label: Social media
            quote: "médias sociaux"
    """,
    )
    (problem,) = problems_of(seeds_copy)
    assert "doc.yaml:5" in problem and "found" in problem and "times" in problem and "lengthen" in problem


def test_a_quote_in_boilerplate_does_not_count(seeds_copy):
    write(
        seeds_copy / "curated" / "doc.yaml",
        """
        document: annee-noire-2012
        arguments:
          - id: boilerplate
            label: A related link
            quote: "L’e-procurement : définition, fonctionnement et bénéfices"
    """,
    )
    (problem,) = problems_of(seeds_copy)
    assert "not found" in problem


def test_a_bad_relation_kind_is_reported(seeds_copy):
    write(seeds_copy / "curated" / "doc.yaml", GOOD.replace("kind: attack", "kind: rebuts"))
    (problem,) = problems_of(seeds_copy)
    assert "doc.yaml:11" in problem and "unknown relation kind 'rebuts'" in problem and "support, attack" in problem


def test_malformed_yaml_is_reported_with_its_line(seeds_copy):
    write(seeds_copy / "curated" / "doc.yaml", GOOD.replace("    main: true", "    main: true: yes"))
    (problem,) = problems_of(seeds_copy)
    assert "doc.yaml:6" in problem and "malformed YAML" in problem


def test_a_file_that_is_not_utf8_is_reported(seeds_copy):
    latin1_byte = GOOD.lstrip("\n").replace("Être", "\udcc9tre").encode("utf-8", "surrogateescape")
    write(seeds_copy / "curated" / "doc.yaml", latin1_byte)
    (problem,) = problems_of(seeds_copy)
    assert "doc.yaml:5" in problem and "not valid UTF-8" in problem


def test_circular_support_is_refused(seeds_copy):
    write(
        seeds_copy / "curated" / "doc.yaml",
        GOOD
        + """\
  - {from: presence-imperative, kind: support, to: presence-costs}
  - {from: presence-costs, kind: support, to: presence-imperative}
""",
    )
    found = problems_of(seeds_copy)
    assert any("circular support" in p for p in found)


def test_every_problem_is_reported_at_once_and_nothing_is_loaded(seeds_copy):
    write(seeds_copy / "curated" / "a.yaml", GOOD.replace("kind: attack", "kind: rebuts"))
    write(seeds_copy / "curated" / "b.yaml", "arguments: [\n")
    write(
        seeds_copy / "curated" / "c.yaml",
        """
        document: no-such-document
        arguments:
          - id: Bad Id
            label: ""
            quote: x
    """,
    )
    found = problems_of(seeds_copy)
    assert len(found) >= 4
    assert {p.split(":")[0] for p in found} >= {"seeds/curated/a.yaml", "seeds/curated/b.yaml", "seeds/curated/c.yaml"}
    assert any("unknown document 'no-such-document'" in p for p in found)


def test_an_undercut_names_an_existing_relation(seeds_copy):
    write(
        seeds_copy / "curated" / "doc.yaml",
        GOOD
        + """\
  - {from: presence-imperative, kind: undercut, to: "presence-costs->presence-imperative"}
  - {from: presence-imperative, kind: undercut, to: "presence-costs->nothing"}
""",
    )
    found = problems_of(seeds_copy)
    assert len(found) == 1 and "presence-costs->nothing" in found[0] and "not an existing relation" in found[0]


# ---------------------------------------------------------------- the shipped map


def test_a_deleted_debate_keeps_its_id_and_no_current_debate_may_take_it(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    retired = write(seeds / "curated" / "retired.yaml", "retired:\n  - {debate: gone-debate, title: A debate once}\n")
    assert load_graph(seeds).retired_debates == {"gone-debate": "A debate once"}
    write(
        retired, "retired:\n  - {debate: gone-debate, title: A debate once}\n  - {debate: presence-vs-roi, title: X}\n"
    )
    with pytest.raises(DataError) as caught:
        load_graph(seeds)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("seeds/curated/retired.yaml", 3)
    assert problem.message == "retired debate 'presence-vs-roi' names a current debate"


def test_the_shipped_map_validates(seed_graph):
    assert seed_graph.g.number_of_nodes() >= 20
    assert len(seed_graph.corpus.documents) == 5


def test_every_shipped_quote_is_the_text_at_its_offsets(seed_graph):
    for node_id, a in seed_graph.g.nodes(data=True):
        text = (SEEDS / "documents" / a["source_file"]).read_bytes().decode("utf-8")
        assert text[a["start"] : a["end"]] == a["quote"], node_id


def test_ids_survive_reordering_of_the_yaml(seeds_copy, seed_graph):
    """Permalinks are forever: shuffling arguments and files changes no id and no offset."""
    shuffled = random.Random(7)
    for path in sorted((SEEDS / "curated").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("arguments", "relations", "debates"):
            if isinstance(data.get(key), list):
                shuffled.shuffle(data[key])
        write(seeds_copy / "curated" / f"z-{path.name}", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    reloaded = load_graph(seeds_copy)
    before = {
        n: (a["start"], a["end"], a["label"]) for n, a in seed_graph.g.nodes(data=True) if a["origin"] == "curated"
    }
    after = {n: (a["start"], a["end"], a["label"]) for n, a in reloaded.g.nodes(data=True) if a["origin"] == "curated"}
    assert after == before


def test_a_yaml_syntax_error_is_reported_once_where_it_starts_without_cascading(seeds_copy):
    source = SEEDS / "curated"
    for path in source.glob("*.yaml"):
        write(seeds_copy / "curated" / path.name, path.read_text(encoding="utf-8"))
    broken = seeds_copy / "curated" / "annee-noire-2012.yaml"
    lines = broken.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("label:"))
    lines[at] = lines[at].replace("label: ", 'label: "', 1)  # an unclosed quote
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_graph(seeds_copy)
    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]  # no "unknown argument" for what the file defines
    assert problems[0].file.endswith("annee-noire-2012.yaml") and problems[0].line in (at, at + 1)


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_an_unreadable_imported_map_is_a_problem_not_a_traceback(seeds_copy, kind):
    target = seeds_copy / "imported" / "broken.yaml"
    target.parent.mkdir()
    if kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(seeds_copy / "nowhere.yaml")
    with pytest.raises(DataError) as caught:
        load_graph(seeds_copy)
    assert any("cannot read file" in str(p) and "broken.yaml" in str(p) for p in caught.value.problems)


def test_a_document_that_is_not_utf8_is_reported_once_and_hides_no_other_problem(seeds_copy):
    for path in (SEEDS / "curated").glob("*.yaml"):
        write(seeds_copy / "curated" / path.name, path.read_text(encoding="utf-8"))
    text = seeds_copy / "documents" / "000_f819e88db926c899.txt"  # annee-noire-2012, quoted across the map
    text.write_bytes(text.read_bytes().replace("é".encode(), b"\xe9", 1))  # one Latin-1 byte
    mistaken = GOOD.replace("presence-", "second-presence-").replace("kind: attack", "kind: rebuts")
    write(seeds_copy / "curated" / "doc.yaml", mistaken)
    write(seeds_copy / "imported" / "other.yaml", "arguments: [\n")
    with pytest.raises(DataError) as caught:
        load_graph(seeds_copy)
    found = [str(p) for p in caught.value.problems]
    (about_document,) = [p for p in found if "000_f819e88db926c899.txt" in p]
    assert "not UTF-8" in about_document and about_document.startswith("seeds/documents.yaml:")
    assert any(p.startswith("seeds/curated/doc.yaml:11") and "unknown relation kind 'rebuts'" in p for p in found)
    assert any(p.startswith("seeds/imported/other.yaml") and "malformed YAML" in p for p in found)
    assert len(found) == 3, found  # nothing that quotes or answers the broken document is reported again
