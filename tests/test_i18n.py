"""The interface in French and in English: a complete catalog, every page kind without
an English interface string when read in French, one rule choosing the language
(`?lang=` > cookie > Accept-Language > English), and a response cache that never
serves one language's page to a reader of the other."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from app import i18n
from app.web import create_app
from app.web.language import negotiated_language

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "fr" / "LC_MESSAGES" / "messages.po"
FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}


def _source_messages() -> dict[str, list[str]]:
    """Every message of the sources (babel.cfg), as Babel's extractor finds it: the
    msgid (singular) with the files it comes from."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, list[str]] = {}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.setdefault(msgid, []).append(filename)
    return found


@pytest.fixture(scope="module")
def sources() -> dict[str, list[str]]:
    return _source_messages()


@pytest.fixture(scope="module")
def catalog():
    with CATALOG.open("rb") as f:
        return read_po(f, locale="fr")


class Reader:
    """A client with no memory between requests: each one carries only the cookies given."""

    def __init__(self, app):
        self.client = TestClient(app)

    def get(self, url: str, headers: dict | None = None, cookies: dict | None = None, **kwargs):
        self.client.cookies.clear()
        for name, value in (cookies or {}).items():
            self.client.cookies.set(name, value)
        return self.client.get(url, headers=headers, **kwargs)


@pytest.fixture(scope="module")
def app_client(seed_graph):
    """The app as served, response cache included."""
    return Reader(create_app(graph=seed_graph))


def visible_text(page: str) -> str:
    """What a reader sees of an HTML page: no scripts, styles, tags or attributes."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<head\b.*?</head>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


# ---------------------------------------------------------------- the catalog


def test_every_interface_string_of_the_sources_has_a_french_translation(sources, catalog):
    assert len(sources) > 300  # templates, error messages, tally words, the map's words
    missing = [m for m in sources if m not in catalog or not catalog[m].string]
    assert missing == [], f"not in locale/fr/LC_MESSAGES/messages.po (run `make messages`): {missing}"
    empty = [m.id for m in catalog if m.id and m.pluralizable and not all(m.string)]
    assert empty == []
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert fuzzy == [], f"fuzzy translations to review: {fuzzy}"


def test_the_catalog_keeps_every_placeholder_of_its_messages(catalog):
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = {p for i in ids for p in re.findall(r"%\(\w+\)s|\{\w+\}", i)} - {"%(num)s"}
        for s in strings:
            assert wanted <= set(re.findall(r"%\(\w+\)s|\{\w+\}", s)), (m.id, s)


def test_french_counts_zero_and_one_as_singular():
    with i18n.using("fr"):
        assert i18n.ngettext("%(num)s argument", "%(num)s arguments", 0) == "0 argument"
        assert i18n.ngettext("%(num)s attack", "%(num)s attacks", 1) == "1 attaque"
        assert i18n.ngettext("%(num)s attack", "%(num)s attacks", 2) == "2 attaques"
    with i18n.using("en"):
        assert i18n.ngettext("%(num)s attack", "%(num)s attacks", 0) == "0 attacks"


def test_numbers_and_dates_are_written_for_the_locale():
    with i18n.using("fr"):
        assert i18n.number(2600) == "2600"
        assert i18n.number(12345) == "12\u202f345"
        assert i18n.day("2011-11-29") == "29 novembre 2011"
        assert i18n.percent(0.75) == "75\u00a0%"
    with i18n.using("en"):
        assert i18n.number(2600) == "2600"
        assert i18n.number(12345) == "12,345"
        assert i18n.day("2011-11-29") == "November 29, 2011"
        assert i18n.percent(0.75) == "75%"


# ---------------------------------------------------------------- choosing the language


def _scope(query: str = "", cookie: str | None = None, accept: str | None = None) -> dict:
    headers = []
    if cookie is not None:
        headers.append((b"cookie", cookie.encode()))
    if accept is not None:
        headers.append((b"accept-language", accept.encode()))
    return {"type": "http", "query_string": query.encode(), "headers": headers}


@pytest.mark.parametrize(
    "query, cookie, accept, expected",
    [
        ("", None, None, "en"),  # nothing said: English
        ("", None, "fr-CA,fr;q=0.9,en;q=0.8", "fr"),  # the browser's first choice
        ("", None, "de-DE,de;q=0.9,fr;q=0.8,en;q=0.5", "fr"),  # the first one the interface speaks
        ("", None, "en;q=0.4,fr;q=0.9", "fr"),  # by weight, not by order
        ("", None, "fr;q=0,en", "en"),  # q=0: not wanted
        ("", None, "de, ja", "en"),  # nothing spoken: English
        ("", "lang=fr", "en", "fr"),  # the cookie beats the browser
        ("", "session=abc; lang=en", "fr", "en"),
        ("", "lang=xx", "fr", "fr"),  # an unknown cookie value is no choice
        ("lang=en", "lang=fr", "fr", "en"),  # the query beats everything
        ("year=2011&lang=fr", None, "en", "fr"),
        ("lang=xx", "lang=fr", None, "fr"),  # an unknown ?lang= is no choice
        ("lang=FR", None, None, "fr"),
    ],
)
def test_the_language_is_the_query_else_the_cookie_else_the_browser_else_english(query, cookie, accept, expected):
    assert negotiated_language(_scope(query, cookie, accept)) == expected


def test_lang_in_the_query_is_remembered_in_a_cookie_on_an_answer_no_cache_keeps(app_client):
    for _ in range(2):  # the second answer would come from the cache if the first were stored
        r = app_client.get("/arguments?lang=fr")
        assert r.headers["set-cookie"].startswith("lang=fr;")
        assert "no-store" in r.headers["cache-control"]
        assert '<html lang="fr">' in r.text
    plain = app_client.get("/arguments", headers={"Accept-Language": "en"})
    assert "set-cookie" not in plain.headers


def test_pages_say_their_language_and_what_it_depends_on(app_client):
    for headers, language in (({"Accept-Language": "en"}, "en"), (FRENCH, "fr")):
        r = app_client.get("/", headers=headers)
        assert f'<html lang="{language}">' in r.text
        assert r.headers["content-language"] == language
        vary = {v.strip().lower() for v in r.headers["vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary


# ---------------------------------------------------------------- the cache


def test_the_cache_never_serves_the_english_page_to_a_french_reader(seed_graph):
    client = Reader(create_app(graph=seed_graph))  # a fresh cache
    english = client.get("/arguments/presence-imperative", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in english.text
    again = client.get("/arguments/presence-imperative", headers={"Accept-Language": "en"})
    assert again.text == english.text and again.headers["etag"] == english.headers["etag"]

    french = client.get("/arguments/presence-imperative", headers=FRENCH)
    assert '<html lang="fr">' in french.text
    assert french.headers["etag"] != english.headers["etag"]
    by_cookie = client.get("/arguments/presence-imperative", cookies={"lang": "fr"})
    assert '<html lang="fr">' in by_cookie.text

    # a French reader revalidating the English copy gets the French page, not a 304
    revalidated = client.get(
        "/arguments/presence-imperative", headers={**FRENCH, "If-None-Match": english.headers["etag"]}, cookies={}
    )
    assert revalidated.status_code == 200 and '<html lang="fr">' in revalidated.text
    # and the English reader still gets English from the cache
    last = client.get("/arguments/presence-imperative", headers={"Accept-Language": "en"})
    assert '<html lang="en">' in last.text


# ---------------------------------------------------------------- every page kind, in French


@pytest.fixture(scope="module")
def page_kinds(app_client) -> dict[str, str]:
    documents = app_client.get("/documents.json").json()["documents"]
    authors = app_client.get("/authors.json").json()["authors"]
    debates = app_client.get("/api/debates").json()["items"]
    return {
        "home": "/",
        "arguments": "/arguments?year=2011",
        "argument": "/arguments/presence-imperative",
        "rejected argument": "/arguments/" + _rejected(app_client),
        "documents": "/documents",
        "document": documents[0]["url"],
        "authors": "/authors",
        "author": authors[0]["url"],
        "debate": f"/debates/{debates[0]['id']}",
        "outline": f"/debates/{debates[0]['id']}/outline",
        "map": "/map",
        "search": "/search?q=marque",
        "export": "/export",
        "timeline": "/timeline",
        "debate timeline": f"/debates/{debates[0]['id']}/timeline",
        "debate as it stood": "/debates/presence-vs-roi?asof=revelation-exclusive%230",
        "login": "/login",
        "add a document": "/documents/new",
        "empty history": "/history",
        "api docs": "/docs",
        "not found": "/arguments/no-such-argument",
        "invalid": "/arguments?year=abc",
    }


def _rejected(client) -> str:
    items = client.get("/api/arguments", params={"limit": 500}).json()["items"]
    return next(a["id"] for a in items if a["grounded"] == "OUT")


def _english_fragments(sources, catalog, content: str) -> set[str]:
    """The English pieces of every translated message (split at its placeholders) long
    enough to be recognised, less those the corpus itself says (debate titles, names)."""
    pieces = set()
    for msgid in sources:
        entry = catalog[msgid]
        translated = entry.string if isinstance(entry.string, str) else entry.string[0]
        if translated == msgid:
            continue  # the same word in both languages (Documents, Source…)
        for piece in re.split(r"%\(\w+\)s|\{\w+\}", msgid):
            piece = piece.strip(" .,:;()·")
            if len(piece) >= 8 and " " in piece and piece not in content and piece not in translated:
                pieces.add(piece)
    return pieces


@pytest.fixture(scope="module")
def english(sources, catalog, seed_graph) -> set[str]:
    """The English interface strings a French page must not say."""
    content = " ".join(
        [d.title + " " + d.question + " " + " ".join(s.name for s in d.sides) for d in seed_graph.debates]
        + [a["label"] for _, a in seed_graph.g.nodes(data=True) if not a.get("label_fr")]
        + [r.get("note") or "" for _, _, r in seed_graph.g.edges(data=True)]  # curators' notes on relations
        + [d.display_title for d in seed_graph.corpus.documents.values()]
        + [p.note or "" for p in seed_graph.corpus.people.values()]
        + [d.year_note or "" for d in seed_graph.corpus.documents.values()]  # how curators dated them
    )
    return _english_fragments(sources, catalog, content)


def _reads_in_french(client, kinds: dict[str, str], english: set[str]) -> None:
    for kind, url in kinds.items():
        r = client.get(url, headers=FRENCH)
        assert r.status_code == 200, (kind, r.status_code)
        assert '<html lang="fr">' in r.text, kind
        seen = visible_text(r.text)
        left = sorted(p for p in english if p in seen)
        assert left == [], f"{kind} ({url}) still says in English: {left}"
        # and it reads in French: its navigation and title are translated
        assert "Débats" in seen and "Auteurs" in seen, kind


def test_every_page_kind_reads_in_french_without_an_english_interface_string(app_client, page_kinds, english):
    assert len(english) > 150
    _reads_in_french(app_client, {k: u for k, u in page_kinds.items() if k not in ("not found", "invalid")}, english)
    for kind in ("not found", "invalid"):
        r = app_client.get(page_kinds[kind], headers=FRENCH)
        assert r.status_code in (404, 422) and not sorted(p for p in english if p in visible_text(r.text)), kind


def test_the_history_and_its_changes_read_in_french(empty_database, seeds_full_copy, seed_graph, english):
    """A change and its undo, recorded as the curation endpoints record them."""
    from app import database, history
    from app.store import Change
    from tests.curators import settings_for

    path = "curated/annee-maturite-2011.yaml"
    before = (seeds_full_copy / path).read_bytes()
    after = before.replace(b"label:", b"label: ", 1)
    at = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
    settings = settings_for(empty_database, seeds_full_copy)
    with database.session(settings) as db:
        made = history.record(
            db, "ana", Change("Relabel", {path: before}, {path: after}), ["debate:presence-vs-roi"], at
        )
        undo = history.record(
            db, "ana", Change("Undo", {path: after}, {path: before}), ["debate:presence-vs-roi"], at, undoes=made
        )
    client = Reader(create_app(settings, seed_graph))
    kinds = {
        "history": "/history",
        "change": f"/history/{made}",
        "undo": f"/history/{undo}",
        "history of a debate": "/history?debate=presence-vs-roi",
    }
    _reads_in_french(client, kinds, english)
    page = visible_text(client.get(f"/history/{made}", headers=FRENCH).text)
    assert re.search(rf"Annulée par la modification nº\s{undo}\b", page) and "modifié" in page
    assert "Ouvrir ce débat" in visible_text(client.get("/history?debate=presence-vs-roi", headers=FRENCH).text)


def test_the_english_pages_are_unchanged_by_the_catalog(app_client, page_kinds):
    for kind, url in page_kinds.items():
        r = app_client.get(url, headers={"Accept-Language": "en"})
        seen = visible_text(r.text)
        assert "Debates" in seen and "Authors" in seen and "Débats" not in seen, kind


def test_argument_labels_follow_the_interface_and_quotes_stay_in_their_language(app_client, seed_graph):
    a = seed_graph.node("presence-imperative")
    assert a["label_fr"] and a["label_fr"] != a["label"]
    english = app_client.get("/arguments/presence-imperative", headers={"Accept-Language": "en"}).text
    french = app_client.get("/arguments/presence-imperative", headers=FRENCH).text
    assert f"<h1>{html.escape(a['label'], quote=False)}</h1>" in english
    assert f"<h1>{html.escape(a['label_fr'], quote=False)}</h1>" in french
    quote = html.escape(a["quote"], quote=False)
    # the words as said, between the marks each language writes them with
    assert f"<p>“{quote}”</p>" in english
    assert f"<p>«\u00a0{quote}\u00a0»</p>" in french
    # the map's labels too: its data and layout are in the reader's language
    nodes = app_client.get("/api/graph?lang=fr").json()["elements"]["nodes"]
    label = next(n["data"]["label"] for n in nodes if n["data"]["id"] == "presence-imperative")
    assert label == a["label_fr"]


def test_tallies_keep_their_numbers_in_both_languages(app_client, seed_graph):
    from app.graph import tally

    counts = tally(seed_graph, "presence-imperative")
    english = visible_text(app_client.get("/arguments/presence-imperative?lang=en").text)
    french = visible_text(app_client.get("/arguments/presence-imperative?lang=fr").text)
    assert f"{counts['supports']} supports · {counts['attacks']} attacks" in english
    assert f"{counts['supports']} soutiens · {counts['attacks']} attaques" in french


def test_dates_are_written_for_the_locale_on_pages(app_client, seed_graph):
    dated = next(d for d in seed_graph.corpus.documents.values() if d.date)
    french = visible_text(app_client.get("/documents", headers=FRENCH).text)
    with i18n.using("fr"):
        assert i18n.day(dated.date) in french


def test_the_language_switch_keeps_the_other_parameters(app_client):
    page = app_client.get("/arguments?year=2011&offset=0", headers=FRENCH).text
    switch = re.search(r'<div class="languages"[^>]*>(.*?)</div>', page, re.S).group(1)
    links = dict((code, html.unescape(href)) for href, code in re.findall(r'href="([^"]+)" hreflang="(\w+)"', switch))
    assert links == {"en": "/arguments?year=2011&offset=0&lang=en", "fr": "/arguments?year=2011&offset=0&lang=fr"}
    assert 'aria-current="true">Français' in switch


def test_the_map_script_gets_every_word_it_says_from_the_page(app_client, catalog):
    words, counted = set(), set()
    for script in (ROOT / "static" / "js" / "map").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        words |= set(re.findall(r'\bt\("([^"]+)"', text))
        counted |= {one for one, _many in re.findall(r'\btn\([^,]+,\s*"([^"]+)",\s*"([^"]+)"', text)}
        names = re.search(r"KIND_NAMES = \{([^}]*)\}", text)
        if names:
            words |= set(re.findall(r':\s*"([^"]+)"', names.group(1)))
    assert len(words) > 40 and len(counted) >= 4
    for url in ("/map", "/arguments/presence-imperative"):
        page = app_client.get(url, headers=FRENCH).text
        block = re.search(r'<div id="argmap-strings" data-words="([^"]*)" hidden>', page)
        given = json.loads(html.unescape(block.group(1)))
        assert words | counted <= set(given), (words | counted) - set(given)
        # every word reaches the script as the French catalog says it
        assert all(given[w] == catalog[w].string for w in words)
        assert all(given[c] == list(catalog[c].string) for c in counted)
        assert given["{n} drawn"] == ["{n} dessiné", "{n} dessinés"]


def test_previews_speak_the_language_of_the_link(app_client):
    french = app_client.get("/arguments/presence-imperative?lang=fr").text
    image = re.search(r'<meta property="og:image" content="([^"]+)"', french).group(1)
    assert html.unescape(image).endswith("/arguments/presence-imperative/card.png?lang=fr")
    description = re.search(r'<meta property="og:description" content="([^"]+)"', french).group(1)
    assert "soutiens" in html.unescape(description)
    # French typography: a space before the colon, « » around the words said
    assert html.unescape(description).startswith("Fred : «\u00a0Être présent sur les médias sociaux")
    plain = app_client.get("/arguments/presence-imperative", headers=FRENCH).text
    assert re.search(r'<meta property="og:image" content="[^"]+/card.png">', plain)  # no ?lang=: no choice made
    canonical = re.search(r'<meta property="og:url" content="([^"]+)"', french).group(1)
    assert canonical.endswith("/arguments/presence-imperative")  # the same permalink in both languages
    en = app_client.get("/arguments/presence-imperative/card.png?lang=en")
    fr = app_client.get("/arguments/presence-imperative/card.png?lang=fr")
    assert en.status_code == fr.status_code == 200 and en.content != fr.content
    assert fr.headers["content-language"] == "fr"


def test_error_messages_are_in_plain_french(app_client):
    r = app_client.get("/arguments?year=abc", headers=FRENCH)
    assert r.status_code == 422
    assert "L’année doit être un nombre, comme 2011." in visible_text(r.text)
    r = app_client.get("/api/arguments?year=abc", headers=FRENCH)
    assert r.json()["detail"] == ["L’année doit être un nombre, comme 2011."]
    r = app_client.get("/arguments/no-such-argument", headers=FRENCH)
    assert r.status_code == 404 and "Il n’y a pas d’argument « no-such-argument »." in visible_text(r.text)


def test_search_results_lead_with_the_label_in_the_readers_language(app_client, seed_graph):
    a = seed_graph.node("presence-imperative")
    query = "impératif"
    french = app_client.get(f"/search?q={query}", headers=FRENCH).text
    english = app_client.get(f"/search?q={query}", headers={"Accept-Language": "en"}).text

    def titles(page: str) -> list[str]:
        return [visible_text(t).strip() for t in re.findall(r'class="arg-label"[^>]*>(.*?)</a>', page)]

    assert a["label_fr"] in titles(french)
    assert a["label"] in titles(english) and a["label_fr"] not in titles(english)


def test_debates_read_in_the_readers_language_where_the_map_has_both(app_client, seed_graph):
    debate = next(d for d in seed_graph.debates if d.id == "presence-vs-roi")
    assert debate.title_fr and debate.question_fr and all(s.name_fr for s in debate.sides)

    def seen(text: str) -> str:  # as visible_text writes spaces
        return re.sub(r"\s+", " ", text)

    french = visible_text(app_client.get("/", headers=FRENCH).text)
    english = visible_text(app_client.get("/", headers={"Accept-Language": "en"}).text)
    for shown in (french, english):
        assert (seen(debate.title_fr) in shown) == (shown is french) and (debate.title in shown) == (shown is english)
    assert seen(debate.sides[0].name_fr).upper() in french.upper()
    page = visible_text(app_client.get(f"/debates/{debate.id}", headers=FRENCH).text)
    assert seen(debate.title_fr) in page and seen(debate.question_fr) in page
    # the map's debate groups and the JSON twin too
    boxes = app_client.get("/api/graph?lang=fr").json()["layout"]["boxes"]
    group = next(b for b in boxes if b["id"] == f"group:{debate.id}")
    assert group["lines"][0] == "Les marques doivent-elles"
    twin = app_client.get(f"/debates/{debate.id}.json", headers=FRENCH).json()["debate"]
    assert twin["title"] == debate.title_fr
    # the API keeps both
    listed = next(d for d in app_client.get("/api/debates").json()["items"] if d["id"] == debate.id)
    assert (listed["title"], listed["title_fr"]) == (debate.title, debate.title_fr)
    assert [s["name_fr"] for s in listed["sides"]] == [s.name_fr for s in debate.sides]


def test_a_debate_with_no_french_reads_in_english_on_a_french_page(seed_graph):
    import dataclasses

    from app.i18n import debate_question, debate_title, side_name

    debate = dataclasses.replace(seed_graph.debates[0], title_fr=None, question_fr=None)
    with i18n.using("fr"):
        assert debate_title(debate) == debate.title and debate_question(debate) == debate.question
        assert side_name(dataclasses.replace(debate.sides[0], name_fr=None)) == debate.sides[0].name
        assert side_name(debate.sides[0]) == debate.sides[0].name_fr
