"""`argmap extract`, `argmap eval` and `argmap relate`.

Both import spaCy only when they run, so that `argmap serve` never pays for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from app.extract.evaluate import RELATION_RULE, UNIT_RULE

EXTRACTED = "extracted.json"
LOCAL_LIMIT = 32  # documents: up to this many, extraction runs in this process unless told otherwise
SUGGESTIONS = "suggestions.json"


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register the extraction subcommands on the main parser."""
    extract = sub.add_parser(
        "extract",
        help="find arguments and relations with the French NLP pipeline",
        description="Without --input: run the spaCy French pipeline over the seed documents (bodies and "
        "comments) and write SEEDS/extracted.json (deterministic). With --input FILE: run it on "
        "any French text file and print the arguments and relations found. With --train: rebuild "
        "the link classifier's weights (app/extract/link_model.json) from the curated map, "
        "measure it leave-one-document-out against the hand rules, then write SEEDS/extracted.json.",
    )
    extract.add_argument("--input", type=Path, metavar="FILE", help="a UTF-8 French text file to analyse")
    extract.add_argument("--json", action="store_true", help="with --input: print JSON instead of text")
    extract.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="PATH",
        help="without --input: where to write (default: SEEDS/extracted.json)",
    )
    extract.add_argument(
        "--train",
        action="store_true",
        help="rebuild app/extract/link_model.json from SEEDS/curated (scikit-learn, deterministic: "
        "a model per curated document trained on the others, one on all of them for new text), "
        "print the held-out comparison with the hand rules, then extract the seeds; the "
        "pipeline uses the model only if its held-out relation F1 is higher",
    )
    extract.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="run on a local Dask cluster of N worker processes (default for a corpus of more "
        f"than {LOCAL_LIMIT} documents: one per core)",
    )
    extract.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on an existing Dask cluster (e.g. tcp://10.0.0.5:8786); its workers need Argmap with the 'nlp' extra",
    )
    extract.set_defaults(run=run_extract)

    evaluate = sub.add_parser(
        "eval",
        help="compare the extraction with the curated map",
        description="Precision, recall and F1 of SEEDS/extracted.json against the curated map, per document "
        f"and overall. Units: {UNIT_RULE}. Relations: {RELATION_RULE}.",
    )
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument(
        "--fresh", action="store_true", help="run the pipeline now instead of reading SEEDS/extracted.json"
    )
    evaluate.set_defaults(run=run_eval)

    relate = sub.add_parser(
        "relate",
        help="does claim A support or attack claim B?",
        description="Say whether French claim A supports, attacks or does not bear on claim B, with a confidence "
        'and the evidence, as JSON: {"kind": "support"|"attack"|"none", "confidence": …, '
        '"evidence": […]}. With --pairs FILE: read one JSON object {"a": …, "b": …} a line '
        "(FILE '-' for standard input) and write one JSON line per pair, in order, each with its line "
        'number; a malformed line gets {"line": N, "error": …} and the others are still answered '
        "(exit status 1 if any line failed). With --train: rebuild app/extract/relate_model.json from "
        "SEEDS/curated and print its held-out figures.",
    )
    relate.add_argument("a", nargs="?", help="claim A (the source)")
    relate.add_argument("b", nargs="?", help="claim B (the target)")
    relate.add_argument("--pairs", type=Path, metavar="FILE", help='a JSON Lines file of pairs {"a": …, "b": …}')
    relate.add_argument("--train", action="store_true", help="rebuild the pair model from the curated map")
    relate.set_defaults(run=run_relate)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def run_extract(args: argparse.Namespace) -> int:
    from app.extract.engine import EngineError
    from app.extract.pipeline import ExtractError

    if args.workers is not None and args.workers < 1:
        return _fail("--workers must be at least 1")
    if args.workers is not None and args.scheduler:
        return _fail("give either --workers (a local cluster) or --scheduler (an existing one), not both")
    try:
        if args.input is not None:
            if args.train or args.workers or args.scheduler:
                return _fail("--train, --workers and --scheduler work on the seeds: use them without --input")
            return _extract_file(args.input, args.json)
        if args.json:
            return _fail("--json only applies with --input FILE")
        if args.train:
            _train(args.seeds)
        return _extract_seeds(args.seeds, args.output, args.workers, args.scheduler)
    except (ExtractError, EngineError) as exc:
        return _fail(str(exc))


def _extract_seeds(seeds: Path, output: Path | None, workers: int | None = None, scheduler: str | None = None) -> int:
    from app.corpus import load_corpus
    from app.curation import load_curated, settled
    from app.extract.pipeline import MODEL_NAME, extract_corpus, load_model
    from app.extract.store import write_extracted
    from app.records import Records

    corpus = load_corpus(seeds)
    # held out: each curated document's relations come from the link model trained without it
    if workers or scheduler or len(corpus.documents) > LOCAL_LIMIT:
        from app.extract import engine

        extraction = engine.run(corpus, workers=workers, scheduler=scheduler, held_out=True)
        nlp = load_model()  # here only for its name and version
    else:
        nlp = load_model()
        extraction = extract_corpus(corpus, nlp, held_out=True)
    # what curators accepted or turned down is not proposed again
    kept = settled(Records(extraction.arguments, extraction.relations), load_curated(seeds, corpus))
    path = output or seeds / EXTRACTED
    twins = _twins_by_meaning(seeds, corpus, kept.arguments)
    write_extracted(
        path,
        kept.arguments,
        kept.relations,
        _model_name(nlp, MODEL_NAME),
        [(t.extracted, t.curated, t.similarity) for t in twins],
    )
    print(
        f"wrote {len(kept.arguments)} arguments, {len(kept.relations)} relations and "
        f"{len(twins)} twins by meaning from {len(corpus.documents)} documents to {path}"
    )
    if output is None:
        _write_suggestions(seeds, corpus)
    return 0


def _twin_inputs(seeds: Path, corpus, extracted_arguments):
    """Curated and extracted arguments (sorted by id) and their sentence vectors."""
    from app.curation import load_curated

    curated = sorted(load_curated(seeds, corpus).arguments, key=lambda a: a.id)
    extracted = sorted(extracted_arguments, key=lambda a: a.id)
    encoder = _encoder()
    vc = encoder.encode([a.quote for a in curated])
    vx = encoder.encode([a.quote for a in extracted])
    encoder.save()
    return curated, extracted, vc, vx


def _twins_by_meaning(seeds: Path, corpus, extracted_arguments) -> list:
    """The restatements of curated arguments that span overlap misses, with the threshold
    chosen on the whole curated map (`twins.choose_threshold`)."""
    from app.extract import twins

    curated, extracted, vc, vx = _twin_inputs(seeds, corpus, extracted_arguments)
    if not curated or not extracted:
        return []
    pairs = twins.closest(curated, extracted, vc, vx)
    threshold = twins.choose_threshold(pairs, twins.overlap_twins(curated, extracted))
    return twins.meaning_twins(curated, extracted, vc, vx, threshold)


def _write_suggestions(seeds: Path, corpus) -> None:
    """SEEDS/suggestions.json: five relations proposed for each curated argument, held out by document."""
    from app.curation import load_curated, rejected_relations
    from app.extract.encoder import MODEL
    from app.extract.evaluate import precision_at
    from app.extract.store import load_extracted
    from app.extract.suggest import suggest
    from app.extract.suggestion_store import dump_suggestions

    curated = load_curated(seeds, corpus)
    arguments = sorted(curated.arguments, key=lambda a: a.id)
    encoder = _encoder()
    vectors = encoder.encode([a.quote for a in arguments])
    encoder.save()
    extracted = load_extracted(seeds / EXTRACTED, corpus)
    suggestions = suggest(arguments, corpus, vectors, curated, _pair_models(), extracted)
    rejected = rejected_relations(curated)  # turned down by a curator: never suggested again
    suggestions = {k: [s for s in v if (s.source, s.kind, s.target) not in rejected] for k, v in suggestions.items()}
    measured = precision_at(suggestions, curated)
    path = seeds / SUGGESTIONS
    text = dump_suggestions(suggestions, MODEL, measured)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(
        f"wrote {sum(map(len, suggestions.values()))} suggestions for {len(suggestions)} curated arguments "
        f"to {path} (precision at 5, held out by document: {measured['with_kind']:.3f} with the kind, "
        f"{measured['precision']:.3f} in any kind)"
    )


def _train(seeds: Path) -> None:
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.links import MODEL_FILE, dump_models, load_models
    from app.extract.pipeline import ExtractError, load_model

    try:
        import sklearn  # noqa: F401

        from app.extract.train import train_and_evaluate
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExtractError("scikit-learn is not installed: install the 'nlp' extra (make setup)") from exc
    corpus = load_corpus(seeds)
    models = train_and_evaluate(corpus, load_curated(seeds, corpus), load_model())
    MODEL_FILE.write_text(dump_models(models), encoding="utf-8")
    load_models.cache_clear()
    print(f"wrote {MODEL_FILE.name}: {len(models.held_out)} held-out models and one on all documents")
    print("relations, leave-one-document-out (each document predicted by a model trained on the others):")
    for name, result in models.evaluation.items():
        o = result["overall"]
        print(
            f"  {name:<22} extracted {o['extracted']:>4}  correct {o['matched']:>3}  "
            f"P {o['precision']:.2f}  R {o['recall']:.2f}  F1 {o['f1']:.2f}"
        )
    print("the pipeline uses the " + ("link model" if models.enabled else "hand rules (the model does not beat them)"))
    curated = load_curated(seeds, corpus)
    _compare_targets(corpus, curated, load_model())
    _compare_twins(seeds, corpus)


def _compare_targets(corpus, curated, nlp) -> None:
    """Print how a learned scorer picks targets in other segments and documents, held out."""
    from app.extract.targets import held_out_comparison

    figures = held_out_comparison(corpus, curated, nlp, _encoder())
    print(
        f"targets in other segments and documents, leave-one-document-out: {figures['curated']} curated "
        f"relations among {figures['labelled']:,} labelled candidate pairs"
    )
    for name in ("learned", "similarity"):
        f = figures[name]
        confident = ", ".join(f"{k} of the first {n}" for n, k in f["curated_among_most_confident"].items())
        print(
            f"  {name:<10} right target first for {f['first_choice']} of {f['sources_with_a_curated_target']} "
            f"units, in the first five for {f['in_first_five']}; curated among the most confident: {confident}"
        )
    print("cross-segment links are not added: neither ranking holds enough curated relations to raise F1")


def _compare_twins(seeds: Path, corpus) -> None:
    """Print how well meaning finds twins, held out by document, and what it adds to span overlap."""
    from app.extract import twins
    from app.extract.store import load_extracted

    extracted = load_extracted(seeds / EXTRACTED, corpus)
    if extracted is None:
        return
    curated, arguments, vc, vx = _twin_inputs(seeds, corpus, extracted.arguments)
    pairs = twins.closest(curated, arguments, vc, vx)
    gold = twins.overlap_twins(curated, arguments)
    o = twins.held_out(pairs, gold)["overall"]
    threshold = twins.choose_threshold(pairs, gold)
    print(
        f"twins by meaning, leave-one-document-out against the {o['twins']} twins of span overlap: "
        f"P {o['precision']:.2f} R {o['recall']:.2f}; threshold on every document {threshold:.3f}"
    )
    for t in twins.meaning_twins(curated, arguments, vc, vx, threshold):
        quote = {a.id: a.quote for a in (*curated, *arguments)}
        print(f"  added {t.similarity:.2f}  “{short(quote[t.extracted])}” ~ “{short(quote[t.curated])}”")
    for m in twins.nearest_misses(curated, arguments, vc, vx):
        if m["blocked_by"]:
            print(
                f"  blocked {m['similarity']:.2f} ({', '.join(m['blocked_by'])})  “{short(m['extracted_quote'])}” "
                f"~ “{short(m['curated_quote'])}”"
            )


def short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _model_name(nlp, default: str) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'fr')}_{meta.get('name', default)} {meta.get('version', '')}".strip()


def read_text_file(path: Path) -> str:
    """The text of a user's input file, or ExtractError with a one-line reason."""
    from app.extract.pipeline import ExtractError

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a directory, not a text file") from None
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in raw:
        raise ExtractError(f"{path}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{path}: not UTF-8 text (invalid byte at position {exc.start}); convert it with iconv -t UTF-8"
        ) from None
    if not text.strip():
        raise ExtractError(f"{path}: the file is empty")
    return text


def check_french(text: str, name: str) -> None:
    from app.extract.language import guess_language
    from app.extract.pipeline import ExtractError

    guess = guess_language(text)
    if guess.words == 0:
        raise ExtractError(f"{name}: no words to analyse")
    if not guess.is_french:
        raise ExtractError(
            f"{name}: this does not look like French ({guess.describe()}); the pipeline only handles French"
        )


def extract_text(text: str, name: str, nlp):
    """Run the pipeline on one free text; returns (document, extraction)."""
    from app.corpus import Corpus, Document, Segment
    from app.extract.pipeline import extract_corpus

    document = Document(
        id="input",
        file=name,
        text=text,
        segments=(Segment("body", 0, len(text), None),),
    )
    return document, extract_corpus(Corpus(documents={"input": document}, people={}), nlp)


def _extract_file(path: Path, as_json: bool) -> int:
    from app.extract.pipeline import MODEL_NAME, load_model
    from app.extract.store import dump_extracted

    text = read_text_file(path)
    check_french(text, str(path))
    nlp = load_model()
    _, extraction = extract_text(text, path.name, nlp)
    if as_json:
        data = json.loads(dump_extracted(extraction.arguments, extraction.relations, _model_name(nlp, MODEL_NAME)))
        data["file"] = str(path)
        for argument in data["arguments"]:
            del argument["document"]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return 0
    number = {a.id: n for n, a in enumerate(extraction.arguments, 1)}
    out = [f"{path}: {len(extraction.arguments)} arguments, {len(extraction.relations)} relations", ""]
    if extraction.arguments:
        out.append("Arguments (confidence, role, characters):")
    for a in extraction.arguments:
        role = "premise" if "premise" in a.tags else "claim"
        out.append(f"  [{number[a.id]}] {a.confidence:.2f} {role:<7} {a.start}-{a.end}  {a.id}")
        out.append(f"      {' '.join(a.quote.split())}")
    if extraction.relations:
        out += ["", "Relations (confidence, evidence):"]
    for r in sorted(extraction.relations, key=lambda r: (number[r.source], number[r.target])):
        out.append(f"  [{number[r.source]}] {r.kind}s [{number[r.target]}]  {r.confidence:.2f}  {r.evidence}")
    if not extraction.arguments:
        out.append("No argumentative unit found.")
    print("\n".join(out))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.evaluate import evaluate, format_table
    from app.extract.pipeline import ExtractError

    corpus = load_corpus(args.seeds)
    curated = load_curated(args.seeds, corpus)
    if args.fresh:
        from app.extract.pipeline import extract_corpus, load_model

        try:
            extracted = extract_corpus(corpus, load_model()).as_map()
        except ExtractError as exc:
            return _fail(str(exc))
    else:
        from app.extract.store import load_extracted

        extracted = load_extracted(args.seeds / EXTRACTED, corpus)
        if extracted is None:
            return _fail(f"{args.seeds / EXTRACTED} does not exist: run `argmap extract` first (or use --fresh)")
    report = evaluate(corpus, curated, extracted)
    from app.extract.evaluate import precision_at
    from app.extract.suggestion_store import load_suggestions

    suggestions = load_suggestions(args.seeds / SUGGESTIONS, (a.id for a in curated.arguments))
    if suggestions:
        report["suggestions"] = precision_at(suggestions, curated)
        document = {a.id: a.document for a in curated.arguments}
        report["suggestions"]["documents"] = {
            d: precision_at({k: v for k, v in suggestions.items() if document.get(k) == d}, curated)
            for d in corpus.documents
        }
    report.update(_meaning_figures(args.seeds, corpus, curated, extracted))
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    else:
        print(format_table(report))
    return 0


def _meaning_figures(seeds: Path, corpus, curated, extracted) -> dict:
    """What the sentence vectors give, held out by document: twins by meaning against the
    twins of span overlap, and what bounds cross-document recall."""
    from app.extract import twins
    from app.extract.targets import cross_document_limit

    if not curated.arguments or not extracted.arguments:
        return {}
    curated_args, extracted_args, vc, vx = _twin_inputs(seeds, corpus, extracted.arguments)
    pairs = twins.closest(curated_args, extracted_args, vc, vx)
    held = twins.held_out(pairs, twins.overlap_twins(curated_args, extracted_args))["overall"]
    ordered = dataclasses.replace(curated, arguments=tuple(curated_args))
    across = cross_document_limit(ordered, dataclasses.replace(extracted, arguments=tuple(extracted_args)), vc, vx)
    try:
        import sklearn  # noqa: F401
    except ImportError:  # pragma: no cover - scikit-learn comes with the 'nlp' extra
        sklearn = None
    if sklearn is not None:
        from app.extract import across as learned

        vectors = dict(zip((a.id for a in curated_args), vc))
        across["learned"] = learned.held_out(extracted_args, corpus, vx, ordered, vectors, extracted)
    return {
        "twins": {
            **{k: round(v, 3) if isinstance(v, float) else v for k, v in held.items()},
            "by_meaning": len(extracted.twins),
        },
        "across": across,
    }


def _encoder():
    from app.extract.encoder import Encoder, default_cache
    from app.snapshot import default_cache_dir

    return Encoder(cache=default_cache(default_cache_dir()))


def _pair_models():
    from app.extract.pipeline import ExtractError
    from app.extract.relate import MODEL_FILE, load_models

    models = load_models()
    if models is None:
        raise ExtractError(f"{MODEL_FILE.name} is missing: run `argmap relate --train`")
    return models


def run_relate(args: argparse.Namespace) -> int:
    from app.extract.encoder import EncoderError
    from app.extract.pipeline import ExtractError

    given = [x for x in (args.a, args.b) if x is not None]
    try:
        if args.train:
            if given or args.pairs:
                return _fail("--train takes no pair")
            return _train_relate(args.seeds)
        if args.pairs is not None:
            if given:
                return _fail("give either two claims or --pairs FILE, not both")
            return _relate_file(args.pairs)
        if len(given) != 2 or not all(x.strip() for x in given):
            return _fail('give two non-empty claims: argmap relate "claim A" "claim B" (or --pairs FILE)')
        from app.extract.relate import relate_texts

        models, encoder = _pair_models(), _encoder()
        verdict = relate_texts(models.all, encoder, [(args.a, args.b)], models.polarity)[0]
        encoder.save()
        print(json.dumps(verdict.as_json(), ensure_ascii=False))
        return 0
    except (ExtractError, EncoderError) as exc:
        return _fail(str(exc))


def parse_pair_line(line: str) -> tuple[str, str]:
    """(a, b) from one line of a pairs file, or ValueError saying what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError(f'expected an object {{"a": …, "b": …}}, got {type(data).__name__}')
    for key in ("a", "b"):
        if key not in data:
            raise ValueError(f'missing "{key}"')
        if not isinstance(data[key], str) or not data[key].strip():
            raise ValueError(f'"{key}" must be a non-empty string')
    return data["a"], data["b"]


def _relate_file(path: Path) -> int:
    from app.extract.relate import relate_texts

    if str(path) == "-":
        lines = sys.stdin.read().splitlines()
    else:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            return _fail(f"{path}: no such file")
        except UnicodeDecodeError as exc:
            return _fail(f"{path}: not UTF-8 text (invalid byte at position {exc.start})")
        except OSError as exc:
            return _fail(f"{path}: cannot read ({exc.strerror})")
    pairs: list[tuple[int, str, str]] = []
    results: dict[int, dict] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            a, b = parse_pair_line(line)
        except ValueError as exc:
            results[number] = {"line": number, "error": f"line {number}: {exc}"}
            print(f"{path}:{number}: {exc}", file=sys.stderr)
            continue
        pairs.append((number, a, b))
    if pairs:
        models, encoder = _pair_models(), _encoder()
        verdicts = relate_texts(models.all, encoder, [(a, b) for _, a, b in pairs], models.polarity)
        encoder.save()
        for (number, _, _), verdict in zip(pairs, verdicts):
            results[number] = {"line": number, **verdict.as_json()}
    out = sys.stdout
    for number in sorted(results):
        out.write(json.dumps(results[number], ensure_ascii=False) + "\n")
    return 1 if any("error" in r for r in results.values()) else 0


def _train_relate(seeds: Path) -> int:
    from app.corpus import load_corpus
    from app.curation import load_curated
    from app.extract.pipeline import ExtractError
    from app.extract.relate import MODEL_FILE, dump_models, load_models

    try:
        import sklearn  # noqa: F401

        from app.extract.relate_train import train_and_evaluate
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ExtractError("scikit-learn is not installed: install the 'nlp' extra (make setup)") from exc
    corpus = load_corpus(seeds)
    encoder = _encoder()
    models = train_and_evaluate(load_curated(seeds, corpus), encoder)
    encoder.save()
    MODEL_FILE.write_text(dump_models(models), encoding="utf-8")
    load_models.cache_clear()
    figures = models.evaluation
    polarity = figures["polarity_balanced_accuracy"]
    print(
        f"wrote {MODEL_FILE.name}: {len(models.held_out)} held-out models and one on all documents "
        f"({figures['relations']} curated relations, {figures['pairs']} pairs)"
    )
    print("held out by document (each document's pairs scored by the models trained without it):")
    print(f"  related or not: ROC AUC {figures['link_roc_auc']:.3f}")
    print(
        f"  polarity, balanced accuracy: learned {polarity['learned']:.3f}, rule {polarity['rules']:.3f} "
        f"→ the {'learned regression' if models.polarity == 'learned' else 'rule'} decides support or attack"
    )
    return 0
