"""Reading an uploaded file as a document (app/ingest.py), and the upload's refusals
(POST /api/documents): too large, empty, binary, undecodable, already a document."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.ingest import Given, Refused, ingest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "adding"
BLOG = FIXTURES / "blog-teletravail.html"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FRENCH = "Le bureau ne disparaîtra pas, car il reste le lieu où se construit la confiance entre collègues.\n"


def test_a_saved_blog_page_gives_its_main_text_metadata_and_comment_thread():
    page = ingest(BLOG.read_bytes(), "teletravail.html")

    assert page.kind == "html"
    assert page.original == BLOG.read_bytes()
    assert not page.text_is_original
    assert page.title == "Le télétravail va-t-il tuer le bureau ?"
    assert page.author == "Claire Montel"
    assert page.date == dt.date(2012, 3, 14)
    assert page.language == "fr"
    assert page.source == "https://carnet-numerique.example/2012/03/teletravail-bureau/"
    body = page.text[slice(*page.body)]
    assert body.startswith("Depuis quelques mois, les annonces se multiplient")
    assert body.endswith("garderont leurs meilleurs éléments.")
    # navigation, sharing links, related posts, the comment form and the footer are not text
    for boilerplate in ("Articles similaires", "Laisser un commentaire", "Archives", "Plan du site", "Accueil"):
        assert boilerplate not in page.text


def test_each_comment_keeps_its_author_time_text_and_the_comment_it_answers():
    page = ingest(BLOG.read_bytes(), "teletravail.html")

    found = [(c.number, c.author, c.posted, c.replies_to) for c in page.comments]
    assert found == [
        (1, "Julien Ferrand", "2012-03-14 11:40", ()),
        (2, "Claire Montel", "2012-03-14 13:05", (1,)),
        (3, "Nadia B.", "2012-03-15 08:22", ()),
        (4, "Pierre-Yves", "2012-03-16 18:47", ()),
    ]
    texts = [page.text[c.start : c.end] for c in page.comments]
    assert texts[0].startswith("Je ne suis pas d'accord.") and texts[0].endswith("et non la présence.")
    assert texts[1].startswith("@Julien : c'est justement")
    assert texts[3].endswith("le gain pour l'entreprise est faible.")
    assert all("dit :" not in t and "Répondre" not in t for t in texts)


def test_each_inferred_value_says_how_it_was_inferred():
    page = ingest(BLOG.read_bytes(), "teletravail.html")

    assert "trafilatura" in page.title_note
    assert "trafilatura" in page.authors_note
    assert "htmldate" in page.year_note
    assert "py3langid" in page.language_note
    assert "byte for byte" in page.original_note


def test_given_metadata_wins_over_what_the_page_says():
    given = Given(
        title="Télétravail et bureau",
        author="C. M.",
        date=dt.date(2012, 3, 20),
        language="fr",
        url="https://x.example/a",
    )
    page = ingest(BLOG.read_bytes(), "teletravail.html", given)

    assert (page.title, page.author, page.date, page.source) == (
        "Télétravail et bureau",
        "C. M.",
        dt.date(2012, 3, 20),
        "https://x.example/a",
    )
    assert page.title_note == page.year_note == page.language_note == "Given when the document was added."


def test_a_utf8_plain_text_is_its_own_text_and_offsets_point_into_the_original():
    data = FRENCH.encode("utf-8")
    page = ingest(data, "note.txt")

    assert page.text_is_original and page.text.encode("utf-8") == data
    assert page.text[slice(*page.body)] == FRENCH.strip()
    assert page.title is None and page.title_note == "Untitled in the text."
    assert page.language == "fr"


def test_a_byte_order_mark_is_not_part_of_the_text():
    data = b"\xef\xbb\xbf" + FRENCH.encode("utf-8")
    page = ingest(data, "note.txt")

    assert page.original == data
    assert not page.text_is_original
    assert page.text == FRENCH
    assert "byte order mark" in page.original_note


def test_markdown_gives_its_first_heading_as_title_and_the_rest_as_body():
    data = (FIXTURES / "note.md").read_bytes()
    page = ingest(data, "note.md")

    assert page.kind == "markdown" and page.extension == ".md" and page.text_is_original
    assert page.title == "Faut-il encore bloguer en 2012 ?"
    assert page.text[slice(*page.body)].startswith("Les réseaux sociaux ont pris la place des blogs")
    assert page.text[slice(*page.body)].endswith("moins souvent et mieux.")


def test_a_latin1_text_is_decoded_and_kept_as_it_was():
    data = FRENCH.encode("latin-1") * 3
    page = ingest(data, "ancien.txt")

    assert page.original == data
    assert not page.text_is_original
    assert page.text == FRENCH * 3
    assert page.encoding.replace("_", "-").lower() in {
        "latin-1",
        "iso8859-1",
        "cp1252",
        "windows-1252",
        "iso-8859-1",
        "iso8859-15",
    }


def test_an_english_text_is_detected_as_english_and_a_given_language_wins():
    text = b"Offices will not disappear, because trust between colleagues is built in person.\n"

    assert ingest(text, "note.txt").language == "en"
    assert ingest(text, "note.txt", Given(language="fr")).language == "fr"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\t\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary (it holds NUL bytes)"),
        (bytes(range(1, 32)) * 40, "binary (it holds control characters)"),
    ],
    ids=["empty", "blank", "png", "control-characters"],
)
def test_what_cannot_be_a_document_is_refused_with_its_reason(data, reason):
    with pytest.raises(Refused, match=reason.replace("(", r"\(").replace(")", r"\)")):
        ingest(data, "upload.txt")


# ---------------------------------------------------------------- the upload endpoint


@pytest.fixture
def web(tmp_path):
    """A TestClient over a private copy of the seeds, with a curator logged in."""
    from app.settings import Settings
    from app.web import create_app
    from app.web.auth import Curator, require_curator

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    app = create_app(Settings(seeds_dir=seeds, max_upload_bytes=20_000))
    app.dependency_overrides[require_curator] = lambda: Curator("ann", "curator")
    return TestClient(app), seeds


def upload(client, data: bytes, name: str = "doc.txt", **fields):
    return client.post("/api/documents", files={"file": (name, data, "text/plain")}, data=fields)


def test_a_file_over_the_size_limit_is_refused_with_413_and_nothing_is_written(web):
    client, seeds = web
    before = (seeds / "documents.yaml").read_bytes()

    res = upload(client, FRENCH.encode() * 400)

    assert res.status_code == 413
    assert res.json()["errors"][0]["message"] == "The file is too large: at most 20 KB can be added."
    assert (seeds / "documents.yaml").read_bytes() == before


def test_a_body_larger_than_its_content_length_announces_is_refused_with_413(web):
    client, _ = web
    body = b"x" * 200_000

    res = client.post(
        "/api/documents",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=b", "Content-Length": "100"},
    )

    assert res.status_code == 413


def test_an_announced_content_length_over_the_limit_is_refused_before_reading(web):
    client, _ = web

    res = client.post(
        "/api/documents",
        content=b"--b--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=b", "Content-Length": "9000000"},
    )

    assert res.status_code == 413


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01binary\x00", "the file is binary"),
        (b"\xff\xfe\xfa\x00\xfb", "the file is binary"),
    ],
    ids=["empty", "binary", "undecodable"],
)
def test_empty_binary_or_undecodable_uploads_are_refused_with_422(web, data, reason):
    client, _ = web

    res = upload(client, data)

    assert res.status_code == 422
    assert reason in res.json()["errors"][0]["message"]


def test_a_file_already_in_the_corpus_is_refused_with_409_and_a_link_to_it(web):
    client, seeds = web
    existing = (seeds / "documents" / "003_255d3019f044c002.txt").read_bytes()

    res = upload(client, existing, "copy.txt")

    assert res.status_code == 409
    assert res.json()["document"] == "/documents/directions-marketing-roi"


def test_a_refusal_to_a_plain_form_post_is_the_form_again_with_the_reason(web):
    client, seeds = web
    existing = (seeds / "documents" / "003_255d3019f044c002.txt").read_bytes()

    res = client.post(
        "/api/documents",
        files={"file": ("copy.txt", existing, "text/plain")},
        data={"title": "Une copie"},
        headers={"Accept": "text/html"},
    )

    assert res.status_code == 409
    assert "This file is already the document" in res.text
    assert 'href="/documents/directions-marketing-roi"' in res.text
    assert 'value="Une copie"' in res.text


def test_an_invalid_date_is_refused_with_422(web):
    client, _ = web

    res = upload(client, FRENCH.encode(), date="14/03/2012")

    assert res.status_code == 422
    assert "is not a date like 2012-03-14" in res.json()["errors"][0]["message"]


def test_adding_is_refused_without_a_curator(tmp_path):
    from app.settings import Settings
    from app.web import create_app

    shutil.copytree(SEEDS, tmp_path / "seeds")
    client = TestClient(create_app(Settings(seeds_dir=tmp_path / "seeds")))

    assert upload(client, FRENCH.encode()).status_code == 401
