"""Adding a document (app/adding.py): all of it or nothing, the rest of the corpus untouched,
the new document readable at once: its page, its highlighted arguments, their permalinks."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.adding import Duplicate, add_document, merged_extracted
from app.corpus import load_corpus
from app.ingest import Given, ingest
from app.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BLOG = ROOT / "tests" / "fixtures" / "adding" / "blog-teletravail.html"
DOC_ID = "le-teletravail-va-t-il-tuer-le-bureau"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")  # the store's lock file is not data
    }


def fresh_seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """The seeds before, and a copy to which the blog page was added (extraction included)."""
    seeds = fresh_seeds(tmp_path_factory.mktemp("adding"))
    before = snapshot(seeds)
    stages = []
    result = add_document(Store(seeds), ingest(BLOG.read_bytes(), BLOG.name), lambda s, p: stages.append((s, p)))
    return seeds, before, result, stages


def served(seeds: Path) -> TestClient:
    from app.reloading import Reloadable
    from app.seeds import load_graph
    from app.settings import Settings
    from app.web import create_app

    settings = Settings(seeds_dir=seeds)
    return TestClient(Reloadable(lambda g: create_app(settings, g), lambda: load_graph(seeds)))


def test_a_failure_during_extraction_leaves_the_seeds_byte_identical(tmp_path):
    seeds = fresh_seeds(tmp_path)
    before = snapshot(seeds)

    def broken(document, people, progress):
        raise RuntimeError("the model crashed")

    with pytest.raises(RuntimeError, match="the model crashed"):
        add_document(Store(seeds), ingest(BLOG.read_bytes(), BLOG.name), extract=broken)

    assert snapshot(seeds) == before


def test_an_extraction_the_loader_refuses_writes_nothing(tmp_path):
    from app.store import Invalid

    seeds = fresh_seeds(tmp_path)
    before = snapshot(seeds)

    def off_by_one(document, people, progress):
        from app.adding import extract_document

        real = extract_document(document, people, progress)
        moved = [type(a)(**{**a.__dict__, "start": a.start + 1}) for a in real.arguments]
        return type(real)(tuple(moved), real.relations)

    with pytest.raises(Invalid, match="no longer matches the text"):
        add_document(Store(seeds), ingest(BLOG.read_bytes(), BLOG.name), extract=off_by_one)

    assert snapshot(seeds) == before


def test_the_document_its_original_its_people_and_its_extraction_are_written_together(added):
    seeds, before, result, _ = added

    assert result.document_id == DOC_ID
    assert result.extracted and result.arguments > 10 and result.relations > 5 and result.comments == 4
    files = result.change.files
    original = [p for p in files if p.startswith("documents/originals/")]
    text = [p for p in files if p.startswith("documents/") and p.endswith(".txt")]
    assert len(original) == len(text) == 1
    assert sorted(files) == sorted(["documents.yaml", "extracted.json", *original, *text])
    assert set(snapshot(seeds)) - set(before) == {*original, *text}
    assert (seeds / original[0]).read_bytes() == BLOG.read_bytes()
    people = load_corpus(seeds).people
    assert {"claire-montel", "julien-ferrand", "nadia-b", "pierre-yves"} <= set(people)
    assert people["nadia-b"].name == "Nadia B."


def test_progress_goes_from_reading_to_done_through_named_stages(added):
    *_, stages = added

    percents = [p for _, p in stages]
    assert percents == sorted(percents) and percents[0] > 0 and percents[-1] == 100
    assert [s for s, _ in stages][:2] == ["Reading the file", "Loading the French model"]


def test_nothing_of_the_other_documents_changes(added):
    seeds, before, _, _ = added
    after = snapshot(seeds)

    for path in before:
        if path not in ("documents.yaml", "extracted.json"):
            assert after[path] == before[path], path
    old = json.loads(before["extracted.json"])
    new = json.loads(after["extracted.json"])
    assert [a for a in new["arguments"] if a["document"] != DOC_ID] == old["arguments"]
    new_ids = {a["id"] for a in new["arguments"] if a["document"] == DOC_ID}
    assert [r for r in new["relations"] if r["from"] not in new_ids and r["to"] not in new_ids] == old["relations"]
    assert new.get("retired") == old.get("retired") and new["model"] == old["model"]
    # documents.yaml: the file as it was, comments included, with the new entries added
    old_lines = before["documents.yaml"].decode().splitlines()
    new_lines = after["documents.yaml"].decode().splitlines()
    edits = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()
    assert {op for op, *_ in edits} == {"equal", "insert"}


def test_merging_no_arguments_rewrites_extracted_json_byte_for_byte():
    from app.extract.pipeline import Extraction

    current = (SEEDS / "extracted.json").read_text(encoding="utf-8")

    assert merged_extracted(current, Extraction((), ())) == current


def test_the_new_document_page_shows_its_text_comments_and_highlighted_arguments(added):
    seeds, _, result, _ = added
    client = served(seeds)

    page = client.get(f"/documents/{DOC_ID}")

    assert page.status_code == 200
    assert "Le télétravail va-t-il tuer le bureau ?" in page.text
    assert 'href="/authors/julien-ferrand">Julien Ferrand</a>' in page.text
    assert 'href="#comment-1">#1</a></span>' in page.text  # comment 2 answers comment 1
    twin = client.get(f"/documents/{DOC_ID}.json").json()["document"]
    assert twin["arguments"] == result.arguments
    assert twin["date"] == "2012-03-14" and twin["authors"] == [{"id": "claire-montel", "name": "Claire Montel"}]
    highlighted = {i for s in twin["segments"] for r in s["runs"] for i in r["ids"]}
    assert len(highlighted) == result.arguments


def test_each_extracted_argument_has_a_permalink_quoting_the_document_at_its_offsets(added):
    seeds, _, _, _ = added
    client = served(seeds)
    document_text = load_corpus(seeds).documents[DOC_ID].text
    extracted = [a for a in json.loads((seeds / "extracted.json").read_text())["arguments"] if a["document"] == DOC_ID]

    for a in extracted:
        res = client.get(f"/arguments/{a['id']}.json")
        assert res.status_code == 200
        assert document_text[a["start"] : a["end"]] == a["quote"] == res.json()["argument"]["quote"]


def test_the_same_file_again_is_refused_as_a_duplicate(added):
    seeds, *_ = added

    with pytest.raises(Duplicate) as refused:
        add_document(Store(seeds), ingest(BLOG.read_bytes(), "again.html"))

    assert refused.value.document_id == DOC_ID


def test_a_document_not_in_french_is_added_without_extraction_and_says_so(tmp_path):
    seeds = fresh_seeds(tmp_path)
    text = b"Offices will not disappear, because trust between colleagues is built in person.\n"

    result = add_document(Store(seeds), ingest(text, "note.txt", Given(title="Offices and trust")))

    assert not result.extracted and result.arguments == 0 and result.language == "en"
    assert "extracted.json" not in result.change.files
    page = served(seeds).get(f"/documents/{result.document_id}")
    assert "Added for manual curation: extraction runs on French documents only." in page.text


def test_the_upload_runs_as_a_job_whose_progress_ends_on_the_new_document(tmp_path):
    from app.reloading import Reloadable
    from app.seeds import load_graph
    from app.settings import Settings
    from app.web import create_app
    from app.web.auth import Curator, require_curator

    seeds = fresh_seeds(tmp_path)
    settings = Settings(seeds_dir=seeds)

    def build(graph):
        app = create_app(settings, graph)
        app.dependency_overrides[require_curator] = lambda: Curator("ann", "curator")
        return app

    client = TestClient(Reloadable(build, lambda: load_graph(seeds)))
    started = client.post("/api/documents", files={"file": ("page.html", BLOG.read_bytes(), "text/html")})
    assert started.status_code == 202
    job = started.json()
    deadline = time.monotonic() + 120
    while not (status := client.get(job["status"]).json())["finished"]:
        assert time.monotonic() < deadline, status
        time.sleep(0.2)

    assert status["status"] == "done" and status["progress"] == 100
    assert status["result"]["url"] == f"/documents/{DOC_ID}"
    # served at once, without a reload from disk
    assert client.get(f"/documents/{DOC_ID}").status_code == 200
    page = client.get(job["url"])
    # a job changes while the corpus does not: never revalidated by the corpus's ETag
    assert page.headers["cache-control"] == "no-store" and "etag" not in page.headers
    assert "etag" not in client.get(job["status"]).headers
    assert f'href="/documents/{DOC_ID}" id="job-link"' in page.text


def test_an_unknown_job_is_a_404_page(client):
    assert client.get("/jobs/0123456789abcdef").status_code == 404
    assert client.get("/jobs/0123456789abcdef.json").status_code == 404


def test_argmap_add_prints_the_new_id_and_counts(tmp_path):
    seeds = fresh_seeds(tmp_path)
    text = tmp_path / "note.txt"
    text.write_text("Offices will not disappear, because trust between colleagues is built in person.\n")

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--seeds",
            str(seeds),
            "add",
            str(text),
            "--title",
            "Offices and trust",
            "--date",
            "2012-03-20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "offices-and-trust"
    assert "added for manual curation" in run.stdout


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "the file is empty"),
        (b"texte\x00binaire", [], "the file is binary"),
        (b"Un texte.", ["--date", "14/03/2012"], "is not a date like 2012-03-14"),
    ],
    ids=["empty", "binary", "bad-date"],
)
def test_argmap_add_refuses_bad_input_with_a_readable_message(tmp_path, content, args, message):
    seeds = fresh_seeds(tmp_path)
    before = snapshot(seeds)
    path = tmp_path / "input.txt"
    path.write_bytes(content)

    run = subprocess.run(
        [sys.executable, "-m", "app", "--seeds", str(seeds), "add", str(path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert run.returncode == 1
    assert message in run.stderr and "Traceback" not in run.stderr
    assert snapshot(seeds) == before
