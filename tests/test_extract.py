"""The French extraction pipeline: each stage on small examples, records, store, commands, seed scores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from app.corpus import load_corpus
from app.curation import load_curated
from app.problems import DataError
from app.records import Corpus, Document, Segment

pytestmark = pytest.mark.slow  # spaCy, subprocesses or a real server: left out of `make check`

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

pytest.importorskip("spacy")


@pytest.fixture(scope="session")
def nlp():
    from app.extract.pipeline import load_model

    try:
        return load_model()
    except Exception as exc:  # pragma: no cover - model missing on this machine
        pytest.skip(f"French model unavailable: {exc}")


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_extraction(nlp, corpus):
    from app.extract.pipeline import extract_corpus

    return extract_corpus(corpus, nlp)


def one_text(text: str, comments: list[tuple[int, str | None, tuple[int, ...], str]] = ()) -> Corpus:
    """A corpus of one document: a body and optional comments (number, speaker, replies_to, text)."""
    full = text
    segments = [Segment("body", 0, len(text), None)]
    for number, speaker, replies, body in comments:
        full += "\n\n"
        start = len(full)
        full += body
        segments.append(Segment(f"comment-{number}", start, len(full), speaker, number, replies))
    doc = Document(
        id="t",
        file="t.txt",
        text=full,
        segments=tuple(segments),
    )
    return Corpus(documents={"t": doc}, people={})


def units_of(nlp, text: str):
    from app.extract.segment import SegmentRef, segment_units

    return segment_units(nlp(text), SegmentRef("t", "body", None, 0))


# ---------------------------------------------------------------- stage 1: units


def test_units_split_at_connectives_and_keep_offsets(nlp):
    text = "Le ROI des médias sociaux est difficile à mesurer, mais les marques doivent y être présentes."
    units = units_of(nlp, text)
    assert [u.text for u in units] == [
        "Le ROI des médias sociaux est difficile à mesurer",
        "mais les marques doivent y être présentes.",
    ]
    for u in units:
        assert text[u.start : u.end] == u.text


def test_token_records_carry_the_same_values_as_spacy_tokens(nlp):
    from app.extract.segment import SegmentRef, segment_units, tokens_of

    text = (
        "Les marques doivent être présentes. Pourtant, elles n’ont pas mesuré leurs résultats ; "
        "il faudra donc (sans doute) changer de méthode !\n\n- Écouter avant de parler"
    )
    doc = nlp(text)
    records = tokens_of(doc)
    assert len(records) == len(doc)
    for token, record in zip(doc, records):
        for attr in (
            "i",
            "text",
            "lower_",
            "pos_",
            "dep_",
            "lemma_",
            "is_alpha",
            "is_punct",
            "is_space",
            "is_sent_start",
            "idx",
            "whitespace_",
        ):
            assert getattr(record, attr) == getattr(token, attr), (token.text, attr)
        for field in ("Tense", "VerbForm", "Mood"):
            assert record.morph.get(field) == token.morph.get(field)
    ref = SegmentRef("t", "body", None, 0)
    assert segment_units(doc, ref) == segment_units(doc, ref, text, records)


def test_units_of_a_list_hang_on_their_head(nlp):
    text = (
        "Etre présent requiert du temps: élaborer une stratégie, interagir avec sa communauté, "
        "engager un community manager."
    )
    units = units_of(nlp, text)
    head, *items = units
    assert head.text == "Etre présent requiert du temps"
    assert [u.text for u in items] == [
        "élaborer une stratégie",
        "interagir avec sa communauté",
        "engager un community manager.",
    ]
    assert all(u.item_of == head.index for u in items)


def test_bracketed_clause_is_its_own_unit(nlp):
    units = units_of(
        nlp,
        "Vous pouvez être présent sans dépenser un centime (c’est juste une question "
        "d’organisation et de bonne volonté).",
    )
    assert [u.paren for u in units] == [False, True]
    assert units[1].text == "c’est juste une question d’organisation et de bonne volonté"


def test_reply_address_is_dropped_and_remembered(nlp):
    units = units_of(nlp, "@ Steph > Qualifier les blogs de mini-site est un crime.")
    assert units[0].text == "Qualifier les blogs de mini-site est un crime."
    assert units[0].addressee == "Steph"


# ---------------------------------------------------------------- stage 2: claims and premises


def test_claims_and_premises_are_scored(nlp):
    from app.extract.claims import score_units

    text = "Je pense que la présence sur les réseaux sociaux est indispensable, car les clients y sont. Bonjour à tous."
    doc = nlp(text)
    kept = score_units(doc, units_of(nlp, text))
    assert [s.unit.text for s in kept] == [
        "Je pense que la présence sur les réseaux sociaux est indispensable",
        "car les clients y sont.",
    ]
    claim, premise = kept
    assert claim.role == "claim" and "stance" in claim.features
    assert premise.role == "premise" and premise.lead == "car"
    assert all(0 < s.confidence <= 1 for s in kept)


def test_rhetorical_question_counts_as_an_argument(nlp):
    from app.extract.claims import score_units

    text = "Est-il pertinent de parler de ROI dans une démarche d’image de marque ?"
    kept = score_units(nlp(text), units_of(nlp, text))
    assert len(kept) == 1 and "rhetorical-question" in kept[0].features


# ---------------------------------------------------------------- stages 3 and 4: relations


def relations_of(extraction):
    quotes = {a.id: a.quote for a in extraction.arguments}
    return {(quotes[r.source], r.kind, quotes[r.target]): r for r in extraction.relations}


def test_connectives_give_support_and_attack(nlp):
    from app.extract.pipeline import extract_corpus

    extraction = extract_corpus(
        one_text(
            "Les marques doivent être présentes sur les médias sociaux, car leurs clients y passent du temps. "
            "Pourtant la plupart des entreprises ne mesurent pas leurs résultats."
        ),
        nlp,
    )
    rels = relations_of(extraction)
    support = rels[
        (
            "car leurs clients y passent du temps.",
            "support",
            "Les marques doivent être présentes sur les médias sociaux",
        )
    ]
    assert support.evidence == "connective “car”"
    attack = rels[
        (
            "Pourtant la plupart des entreprises ne mesurent pas leurs résultats.",
            "attack",
            "Les marques doivent être présentes sur les médias sociaux",
        )
    ]
    assert "pourtant" in attack.evidence


def test_reply_marker_attacks_the_quoted_argument(nlp):
    from app.extract.pipeline import extract_corpus

    extraction = extract_corpus(
        one_text(
            "Vous pouvez être présent sur les médias sociaux sans dépenser un seul centime.",
            [
                (
                    1,
                    None,
                    (),
                    "Je ne suis pas d’accord avec l’idée “Vous pouvez être présent sur les médias sociaux "
                    "sans dépenser un seul centime”. Une présence pertinente coûte de l’argent!",
                )
            ],
        ),
        nlp,
    )
    quotes = {a.id: a.quote for a in extraction.arguments}
    replies = [r for r in extraction.relations if "reply marker" in r.evidence]
    assert len(replies) == 1
    reply = replies[0]
    assert reply.kind == "attack" and "je ne suis pas d'accord" in reply.evidence
    assert quotes[reply.target].startswith("Vous pouvez être présent")
    assert quotes[reply.source] == "Une présence pertinente coûte de l’argent!"


def test_negated_contradiction_across_documents_is_an_attack(nlp):
    from app.extract.claims import ScoredUnit
    from app.extract.relations import polarity
    from app.extract.segment import Unit

    def scored(text, negated, key):
        unit = Unit(key, "body", 0, 0, len(text), text, 0, 0, 1, "start")
        return ScoredUnit(unit, "claim", 0.6, None, (), False, negated)

    a = scored("Les médias sociaux sont rentables pour les marques.", False, "a")
    b = scored("Les médias sociaux ne sont pas rentables pour les marques.", True, "b")
    assert polarity(a, b, {})[0] == "attack"
    c = scored("Les réseaux sociaux vont mourir en 2012.", False, "c")
    d = scored("Les réseaux sociaux vont perdurer en 2012.", False, "d")
    lemmas = {c.unit.key: frozenset({"mourir", "réseau"}), d.unit.key: frozenset({"perdurer", "réseau"})}
    assert polarity(c, d, lemmas) == ("attack", "antonyms mourir/perdurer")


def test_cross_document_pairs_come_from_similarity(nlp):
    from app.corpus import Corpus
    from app.extract.pipeline import extract_corpus

    first, second = (
        one_text("Les médias sociaux ne sont pas rentables pour les petites entreprises.").documents["t"],
        one_text("Les médias sociaux sont très rentables pour les petites entreprises.").documents["t"],
    )
    from dataclasses import replace

    corpus = Corpus(documents={"a": replace(first, id="a"), "b": replace(second, id="b")}, people={})
    extraction = extract_corpus(corpus, nlp)
    cross = [r for r in extraction.relations if r.evidence.startswith("similarity")]
    assert len(cross) == 1
    assert cross[0].kind == "attack" and "negation" in cross[0].evidence


def test_donc_inside_a_clause_makes_it_a_conclusion(nlp):
    from app.extract.pipeline import extract_corpus

    extraction = extract_corpus(
        one_text(
            "Les clients parlent des marques sur les forums sans leur demander leur avis. "
            "Il faut donc préparer toute l’entreprise à leur répondre."
        ),
        nlp,
    )
    rels = relations_of(extraction)
    link = rels[
        (
            "Les clients parlent des marques sur les forums sans leur demander leur avis.",
            "support",
            "Il faut donc préparer toute l’entreprise à leur répondre.",
        )
    ]
    assert link.evidence == "“donc” inside the clause"


def test_a_sentence_made_of_a_series_elaborates_the_sentence_before(nlp):
    from app.extract.pipeline import extract_corpus

    extraction = extract_corpus(
        one_text(
            "Les marques ont déjà réussi de belles campagnes sur les réseaux sociaux. "
            "Elles ont fait rire avec des vidéos drôles, elles ont aidé des clients en direct sur Twitter, "
            "elles ont fait voter leurs fans pour de nouveaux produits."
        ),
        nlp,
    )
    head = "Les marques ont déjà réussi de belles campagnes sur les réseaux sociaux."
    items = [r for r in extraction.relations if r.evidence == "item of a series elaborating the sentence before"]
    assert len(items) == 2
    quotes = {a.id: a.quote for a in extraction.arguments}
    assert all(quotes[r.target] == head and r.kind == "support" for r in items)


def test_main_claim_prefers_the_title_and_conclusion(nlp):
    from app.extract.claims import score_units
    from app.extract.relations import main_claim
    from app.extract.segment import SegmentRef, segment_units

    text = (
        "Beaucoup d’entreprises ouvrent une page Facebook sans stratégie. "
        "Elles publient des promotions et attendent des fans.\n\n"
        "C’est pourquoi les directions marketing doutent de l’intérêt des réseaux sociaux."
    )
    doc = nlp(text)
    scored = score_units(doc, segment_units(doc, SegmentRef("t", "body", None, 0)))
    main = main_claim(scored, text, 0, "Les directions marketing doutent des réseaux sociaux")
    assert main is not None and main.unit.text.startswith("C’est pourquoi les directions marketing")


def test_a_comment_bears_on_the_main_claim_it_answers(nlp):
    from app.extract.pipeline import extract_corpus

    extraction = extract_corpus(
        one_text(
            "Je suis persuadé que les marques doivent être présentes sur les médias sociaux. "
            "On y trouve des avis et des conseils.",
            [
                (
                    1,
                    None,
                    (),
                    "Je pense que les petites entreprises n’ont pas besoin d’y être. "
                    "Leurs clients achètent en boutique.",
                )
            ],
        ),
        nlp,
    )
    quotes = {a.id: a.quote for a in extraction.arguments}
    thread = [r for r in extraction.relations if r.evidence.startswith("main claim of a reply")]
    assert len(thread) == 1
    link = thread[0]
    assert quotes[link.target].startswith("Je suis persuadé que les marques")
    assert quotes[link.source].startswith("Je pense que les petites entreprises")
    assert link.kind == "attack" and "negation" in link.evidence


# ---------------------------------------------------------------- records, ids, store


def test_seed_records_match_the_text(seed_extraction, corpus):
    assert seed_extraction.arguments and seed_extraction.relations
    for a in seed_extraction.arguments:
        assert corpus.documents[a.document].text[a.start : a.end] == a.quote
        assert a.id.startswith("x-") and len(a.id) == 12
        assert a.origin == "extracted" and 0 < a.confidence <= 1
        segment = corpus.documents[a.document].segment_at(a.start, a.end)
        assert segment.id == a.segment and segment.speaker == a.speaker
    for r in seed_extraction.relations:
        assert r.origin == "extracted" and r.evidence and r.confidence is not None


def test_ids_depend_on_content_not_position():
    from app.extract.pipeline import argument_id

    assert argument_id("doc", "Le ROI n’est pas mesurable.") == argument_id("doc", "le  ROI n'est pas mesurable.")
    assert argument_id("doc", "Le ROI n’est pas mesurable.") != argument_id("other", "Le ROI n’est pas mesurable.")
    assert argument_id("doc", "x", 1) != argument_id("doc", "x")


def test_ids_survive_reordering(nlp):
    from app.extract.pipeline import extract_corpus

    a = "Les marques doivent être présentes, car leurs clients y sont."
    b = "Le ROI des médias sociaux n’est pas mesurable."
    first = {x.quote: x.id for x in extract_corpus(one_text(f"{a}\n\n{b}"), nlp).arguments}
    second = {x.quote: x.id for x in extract_corpus(one_text(f"{b}\n\n{a}"), nlp).arguments}
    assert first == second


def test_extraction_is_deterministic(tmp_path, seeds_copy, capsys):
    import shutil

    shutil.copytree(SEEDS / "curated", seeds_copy / "curated", dirs_exist_ok=True)
    assert main(["--seeds", str(seeds_copy), "extract"]) == 0
    first = (seeds_copy / "extracted.json").read_bytes()
    assert main(["--seeds", str(seeds_copy), "extract"]) == 0
    assert (seeds_copy / "extracted.json").read_bytes() == first
    assert first == (SEEDS / "extracted.json").read_bytes(), "seeds/extracted.json is stale: run argmap extract"


def test_store_round_trip(seed_extraction, corpus, tmp_path):
    from app.extract.store import dump_extracted, load_extracted

    path = tmp_path / "extracted.json"
    path.write_text(dump_extracted(seed_extraction.arguments, seed_extraction.relations), encoding="utf-8")
    loaded = load_extracted(path, corpus)
    assert [a.id for a in loaded.arguments] == [
        a.id for a in sorted(seed_extraction.arguments, key=lambda a: (a.document, a.start, a.end, a.id))
    ]
    assert len(loaded.relations) == len(seed_extraction.relations)
    assert dump_extracted(loaded.arguments, loaded.relations) == path.read_text(encoding="utf-8")


def test_store_keeps_the_twins_by_meaning_and_reports_one_of_an_unknown_argument(seed_extraction, corpus, tmp_path):
    from app.extract.store import dump_extracted, load_extracted
    from app.problems import DataError

    arguments, relations = seed_extraction.arguments, seed_extraction.relations
    twin = (arguments[0].id, "some-curated-argument", 0.812)
    path = tmp_path / "extracted.json"
    path.write_text(dump_extracted(arguments, relations, twins=[twin]), encoding="utf-8")
    loaded = load_extracted(path, corpus)
    assert loaded.twins == (twin,)
    assert dump_extracted(loaded.arguments, loaded.relations, twins=loaded.twins) == path.read_text(encoding="utf-8")
    path.write_text(dump_extracted(arguments, relations, twins=[("x-0000000000", "c", 0.9)]), encoding="utf-8")
    with pytest.raises(DataError, match="same_as\\[0\\]: unknown argument 'x-0000000000'"):
        load_extracted(path, corpus)


def test_store_absent_file_is_none(corpus, tmp_path):
    from app.extract.store import load_extracted

    assert load_extracted(tmp_path / "missing.json", corpus) is None


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d["arguments"][0].update(start=d["arguments"][0]["start"] + 1), "no longer matches the text"),
        (lambda d: d["arguments"][0].update(document="nowhere"), "unknown document 'nowhere'"),
        (lambda d: d["arguments"][0].pop("confidence"), "confidence"),
        (lambda d: d["relations"][0].update(to="x-0000000000"), "unknown argument 'x-0000000000'"),
        (lambda d: d["relations"][0].update(kind="loves"), "kind"),
    ],
)
def test_store_rejects_bad_content(corpus, tmp_path, mutate, message):
    from app.extract.store import load_extracted

    data = json.loads((SEEDS / "extracted.json").read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "extracted.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_extracted(path, corpus)
    assert message in err.value.report() and "extracted.json" in err.value.report()


def test_store_rejects_invalid_json(corpus, tmp_path):
    from app.extract.store import load_extracted

    path = tmp_path / "extracted.json"
    path.write_text('{"format": "argmap-extracted/1",\n  "arguments": [', encoding="utf-8")
    with pytest.raises(DataError, match="invalid JSON"):
        load_extracted(path, corpus)


# ---------------------------------------------------------------- commands


def test_extract_input_prints_arguments_and_json(tmp_path, capsys):
    path = tmp_path / "texte.txt"
    path.write_text(
        "Je pense que le télétravail est utile, car il réduit les trajets. Pourtant les managers ne sont pas d’accord.",
        encoding="utf-8",
    )
    assert main(["extract", "--input", str(path)]) == 0
    out = capsys.readouterr().out
    assert "car il réduit les trajets." in out and "supports" in out and "connective “car”" in out
    assert main(["extract", "--input", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["arguments"]) == 3 and data["relations"]


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\xff\xfeabc d\xe9f", "not UTF-8"),
        (b"\x00\x01\x02binary", "binary"),
        ("The quick brown fox jumps over the lazy dog because it wants to.".encode(), "does not look like French"),
        (
            "Der schnelle braune Fuchs springt über den faulen Hund, weil er es so will.".encode(),
            "does not look like French",
        ),
    ],
)
def test_extract_input_errors_are_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    assert main(["extract", "--input", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_extract_missing_input(capsys):
    assert main(["extract", "--input", "/nonexistent/file.txt"]) == 1
    assert "no such file" in capsys.readouterr().err


# ---------------------------------------------------------------- against the curated map


def seed_report(corpus, capsys) -> dict:
    curated = load_curated(SEEDS, corpus)
    if len(curated.arguments) < 20:
        pytest.skip("the curated map is still too small to measure against")
    assert main(["eval", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_seed_unit_f1_meets_the_threshold(corpus, capsys):
    report = seed_report(corpus, capsys)
    assert "50% of the shorter span" in report["unit_rule"]
    assert report["overall"]["units"]["f1"] >= 0.6, report["overall"]


@pytest.mark.xfail(
    strict=True,
    reason="relation F1 is 0.19 with the hand rules, and the learned link classifier "
    "does worse held out (0.16, leave-one-document-out), so the rules stay: 42 of the 242 curated "
    "relations cross documents, 58 link units of different segments or units the segmenter cuts "
    "differently, and within a segment the right target is the model's first choice for only about "
    "a third of the linked units (distant, unmarked conclusions); across documents the learned "
    "ranker (across.py) puts the curated target first for 2 of 35 sources held out, and its 80 most "
    "confident choices hold no curated relation",
)
def test_seed_relation_f1_meets_the_threshold(corpus, capsys):
    report = seed_report(corpus, capsys)
    assert report["overall"]["relations"]["f1"] >= 0.3, report["overall"]


def test_eval_table_states_the_matching_rule(capsys):
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out and "50% of the shorter span" in out and "kind is the same" in out


def test_eval_states_each_aim_with_its_figure_and_what_is_learned_and_held_out(capsys):
    assert main(["eval", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    across = next(d for d in report["documents"] if d["document"] == "(across documents)")["relations"]
    for name, value in (
        ("relation F1", report["overall"]["relations"]["f1"]),
        ("relation recall across documents", across["recall"]),
        ("unit F1", report["overall"]["units"]["f1"]),
        # "a suggestion counts when that relation is in the curated map": its source, target and kind
        ("suggestions, precision at 5", report["suggestions"]["with_kind"]),
    ):
        assert re.search(rf"^  {re.escape(name)} +{value:.2f}  \(aim ≥ 0\.\d\d: (met|not met)\)$", out, re.M), name
    assert "held out by document" in out and "nothing in them is trained on the curated map" in out
    limit = report["across"]
    assert limit["relations"] == across["curated"] and 0 < limit["extractable"] <= limit["relations"]
    assert f"{limit['extractable']} of the {limit['relations']} curated relations have both ends" in out
    learned = limit["learned"]
    assert learned["ranker"]["sources"] <= limit["extractable"]
    assert (
        f"puts the curated target first for {learned['ranker']['first']} of the {learned['ranker']['sources']} "
        f"sources that have one (in the first five for {learned['ranker']['first_five']})" in out
    )
    twins = report["twins"]
    assert twins["twins"] > 100 and 0 < twins["recall"] <= 1 and 0 < twins["precision"] <= 1
    assert f"seeds/extracted.json adds {twins['by_meaning']} twins that span overlap misses" in out


def test_eval_shows_the_suggestions_of_each_document_under_each_reading(capsys):
    assert main(["eval", "--json"]) == 0
    suggestions = json.loads(capsys.readouterr().out)["suggestions"]
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^suggestions, held out +arguments +same kind +any kind +either way +ceiling$", out, re.M)
    documents = suggestions["documents"]
    assert sum(m["arguments"] for m in documents.values()) == suggestions["arguments"]
    for name, m in [*documents.items(), ("overall", suggestions)]:
        either = (m["correct"] + m["reversed"]) / (m["arguments"] * m["at"])
        assert m["with_kind"] <= m["precision"] <= either <= m["ceiling"] + 1e-9, name
        row = rf"^{re.escape(name)} +{m['arguments']} +{m['with_kind']:.2f} +{m['precision']:.2f} +{either:.2f} +"
        assert re.search(row + rf"{m['ceiling']:.2f}$", out, re.M), name


def test_no_circular_support(seed_extraction):
    import networkx as nx

    support = nx.DiGraph((r.source, r.target) for r in seed_extraction.relations if r.kind == "support")
    assert nx.is_directed_acyclic_graph(support)


# ---------------------------------------------------------------- the learned link classifier


def pairs_of(nlp, text, rules=True):
    from app.corpus import Document, Segment
    from app.extract.pipeline import analyse_segment, segment_links
    from app.extract.segment import SegmentRef

    document = Document(
        id="t",
        file="t.txt",
        text=text,
        segments=(Segment("body", 0, len(text), None),),
    )
    analysis = analyse_segment(nlp(text), SegmentRef("t", "body", None, 0), text)
    return segment_links(document, analysis)


def test_pair_features_describe_a_connective_link(nlp):
    from app.extract.links import PAIR_FEATURES

    seg = pairs_of(
        nlp,
        "Les marques doivent être présentes sur les médias sociaux, car leurs clients y passent "
        "du temps. Pourtant la plupart des entreprises ne mesurent pas leurs résultats.",
    )
    texts = [s.unit.text for s in seg.pairs.units]
    assert texts[1] == "car leurs clients y passent du temps."
    name = {n: k for k, n in enumerate(PAIR_FEATURES)}
    rows = {(i, j): k for k, (i, j) in enumerate(zip(seg.pairs.source.tolist(), seg.pairs.target.tolist()))}
    assert len(rows) == 6  # every ordered pair of the three units
    car = seg.pairs.features[rows[(1, 0)]]
    assert car[name["d=-1"]] == 1 and car[name["same_sentence"]] == 1 and car[name["same_paragraph"]] == 1
    assert car[name["s_lead_premise&d=-1"]] == 1 and car[name["rule_marked"]] == 1
    assert seg.pairs.features[rows[(0, 1)]][name["rule_reverse"]] == 1
    pourtant = seg.pairs.features[rows[(2, 0)]]
    assert pourtant[name["d=-2"]] == 1 and pourtant[name["s_lead_contrast&t_before"]] == 1
    assert pourtant[name["same_sentence"]] == 0 and pourtant[name["rule_attack"]] == 1
    assert -1 <= pourtant[name["similarity"]] <= 1


def test_decoder_keeps_one_target_per_unit_above_the_threshold():
    import numpy as np

    from app.extract.links import SegmentPairs, decode

    source = np.array([0, 0, 1, 1, 2, 2])
    target = np.array([1, 2, 0, 2, 0, 1])
    pairs = SegmentPairs((), source, target, np.zeros((6, 1)), {})
    chosen = decode(pairs, np.array([0.2, 0.9, 0.6, 0.7, 0.1, 0.3]), threshold=0.5)
    assert chosen == [(0, 2, 0.9), (1, 2, 0.7)]  # unit 2's best (0.3) is under the threshold
    assert decode(pairs, np.array([0.6, 0.6, 0.0, 0.0, 0.0, 0.0]), 0.5) == [(0, 1, 0.6)]  # tie: the nearer


def test_model_links_carry_their_evidence(nlp):
    import numpy as np

    from app.extract.links import KIND_FEATURES, PAIR_FEATURES, LinkModel, Logistic, model_links

    seg = pairs_of(
        nlp,
        "Les marques doivent être présentes sur les médias sociaux. Leurs clients y passent "
        "du temps. Pourtant la plupart des entreprises ne mesurent pas leurs résultats.",
    )
    link = np.zeros(len(PAIR_FEATURES))
    link[PAIR_FEATURES.index("d=-1")] = 4.0
    kind = np.zeros(len(KIND_FEATURES))
    kind[KIND_FEATURES.index("s_lead_contrast")] = 6.0
    model = LinkModel(Logistic(-2.0, link), Logistic(-3.0, kind), 0.5, ("a", "b"))
    links = model_links(model, seg.pairs, seg.analysis.lemmas, seg.main)
    units = [s.unit.key for s in seg.pairs.units]
    assert [(link.source, link.kind, link.target) for link in links] == [
        (units[1], "support", units[0]),
        (units[2], "attack", units[1]),
    ]
    assert all(link.evidence.startswith("link model p=0.88") and link.confidence == 0.881 for link in links)
    assert "connective “pourtant”" in links[1].evidence


@pytest.fixture(scope="session")
def seed_training(nlp, corpus):
    from app.extract.pipeline import analyse_corpus, segment_links
    from app.extract.train import label_documents

    by_document = analyse_corpus(corpus, nlp)
    links = {d: [segment_links(corpus.documents[d], a) for a in analyses] for d, analyses in by_document.items()}
    return label_documents(corpus, load_curated(SEEDS, corpus), links)


def test_leave_one_document_out_never_trains_on_the_predicted_document(seed_training):
    from app.extract.links import load_models
    from app.extract.train import training_set

    total = len(training_set(seed_training)[1])
    for document, data in seed_training.items():
        x, y, origin = training_set(seed_training, exclude=document)
        assert document not in set(origin) and len(origin) == len(y) == len(x)
        assert len(y) == total - sum(int((labels >= 0).sum()) for _, labels in data.segments)
        assert set(y.tolist()) == {0, 1}
    stored = load_models()
    assert set(stored.held_out) == set(seed_training)
    for document, model in stored.held_out.items():
        assert document not in model.trained_on and len(model.trained_on) == len(seed_training) - 1
        assert stored.for_document(document, held_out=True) is model
        assert stored.for_document(document, held_out=False) is stored.all
    assert stored.all.trained_on == tuple(sorted(seed_training))


def test_the_weights_file_round_trips_and_reproduces_training(seed_training):
    import numpy as np

    from app.extract.links import MODEL_FILE, dump_models, parse_models
    from app.extract.train import train_models

    text = MODEL_FILE.read_text(encoding="utf-8")
    stored = parse_models(text)
    assert dump_models(stored) == text
    retrained = train_models(seed_training)
    assert dump_models(type(stored)(retrained.all, retrained.held_out, stored.enabled, stored.evaluation)) == text, (
        "app/extract/link_model.json is stale: run argmap extract --train"
    )
    pairs, _ = next((p, labels) for p, labels in sorted(seed_training.items())[0][1].segments if len(labels))
    assert np.allclose(stored.all.link.probability(pairs.features), retrained.all.link.probability(pairs.features))


def test_a_word_processor_arrow_reads_as_an_arrow_in_the_label_and_stays_in_the_quote(seed_graph):
    """Word's AutoCorrect writes "-->" as a Wingdings arrow (U+F0E0, private use), which
    the map's fonts cannot draw: the label shows "→", the verbatim quote keeps the original."""
    pasted = [n for n, q in seed_graph.g.nodes(data="quote") if q and "\uf0e0" in q]
    assert pasted, "the seeds hold a pasted Wingdings arrow"
    for arg_id in pasted:
        node = seed_graph.node(arg_id)
        assert "\uf0e0" not in node["label"] and "→" in node["label"]
        assert node["quote"] in seed_graph.corpus.documents[node["document"]].text
