"""The map's layout (app/layout.py) on the real seeds: boxes never overlap, a full view
has the shape of the screen it is drawn for and fits it at a readable zoom, folded
arguments are counted in badges, and the whole-map pictures hold every argument."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from app import layout
from app.graph import Filters, select
from app.web import views
from app.web.api import graph_ids

DESKTOP = (990.0, 640.0)  # the map's free area on a 1366×900 screen
PHONE = (340.0, 420.0)  # and on a 390×844 phone
SVG = "{http://www.w3.org/2000/svg}"


def overlaps(boxes: list[layout.Box]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if abs(a.x - b.x) * 2 < a.w + b.w and abs(a.y - b.y) * 2 < a.h + b.h:
                out.append((a.id, b.id))
    return out


def views_of(graph) -> list[dict]:
    ten = sorted(graph.g.nodes, key=lambda n: (-graph.g.degree(n), n))[:10]
    return [{}] + [{"debate": d.id} for d in graph.debates] + [{"around_id": a} for a in ten]


def selection(graph, debate=None, around_id=None) -> list[str]:
    return graph_ids(graph, Filters(), debate, around_id, 1)


def plan(graph, viewport, **scope) -> layout.Result:
    ids = selection(graph, **scope)
    return views.map_layout(graph, ids, viewport, debate=scope.get("debate"), around_id=scope.get("around_id"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_overview_fits_its_screen_readably_without_overlaps(seed_graph, viewport):
    for scope in views_of(seed_graph):
        result = plan(seed_graph, viewport, **scope)
        assert overlaps(result.boxes) == [], scope
        zoom = layout.fit_zoom(result.width, result.height, viewport)
        smallest = min(b.font for b in result.boxes)
        assert zoom * smallest >= layout.READABLE_PX, (scope, zoom)


def test_the_whole_map_takes_the_shape_of_the_screen(seed_graph):
    ids = select(seed_graph, Filters())
    for viewport in ((1600.0, 900.0), (900.0, 1200.0)):
        result = views.map_layout(seed_graph, ids, viewport, whole=True)
        ratio = (result.width / result.height) / (viewport[0] / viewport[1])
        assert 0.5 <= ratio <= 2, (viewport, result.width, result.height)
        assert {b.id for b in result.boxes if b.kind in ("arg", "main")} == set(ids)
        assert overlaps(result.boxes) == []


def test_folded_arguments_are_counted_in_the_badges(seed_graph):
    ids = selection(seed_graph, debate="presence-vs-roi")
    result = views.map_layout(seed_graph, ids, DESKTOP, debate="presence-vs-roi")
    drawn = {b.id for b in result.boxes if b.kind in ("arg", "main")}
    counted = sum(sum(b.counts.values()) for b in result.boxes if b.kind == "badge" and not b.of.startswith("group:"))
    claims = sum(b.counts["claims"] for b in result.boxes if b.kind == "badge" and b.of.startswith("group:"))
    assert drawn and counted > 0
    assert len(drawn) + counted + claims <= len(ids)  # a badge counts direct answers, the rest lies below them
    unfolded = views.map_layout(
        seed_graph, ids, DESKTOP, debate="presence-vs-roi", unfold=tuple(result.unfolded) + ("presence-imperative",)
    )
    shown = {b.id for b in unfolded.boxes}
    assert set(seed_graph.g.predecessors("presence-imperative")) & set(ids) <= shown


def test_a_label_is_broken_into_lines_that_fit_its_box():
    b = layout.box("x", "arg", "Les marques doivent mesurer le retour sur investissement des réseaux sociaux " * 2)
    assert 1 < len(b.lines) <= layout.MAX_LINES["arg"] and b.lines[-1].endswith("…")
    assert b.w <= layout.MAX_TEXT["arg"] + 2 * layout.PAD["arg"][0] + 1


@pytest.fixture(scope="module")
def client(seed_graph):
    from app.web import create_app

    return TestClient(create_app(graph=seed_graph))


def test_the_whole_map_svg_has_every_label_and_the_caption(client, seed_graph):
    response = client.get("/map.svg", params={"debate": "presence-vs-roi"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    ids = selection(seed_graph, debate="presence-vs-roi")
    argument_groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "argument"]
    assert {g.get("id")[4:] for g in argument_groups} == set(ids)
    for g in argument_groups:
        lines = [s for t in g.iter(f"{SVG}text") for s in t.itertext()]
        drawn = " ".join(line for line in lines if not line.startswith("extracted · ")).rstrip("…")
        assert seed_graph.g.nodes[g.get("id")[4:]]["label"].startswith(drawn), g.get("id")
    assert "Must brands be on social media" in text
    assert f"{len(ids)} arguments" in text and "/map?debate=presence-vs-roi" in text


def test_the_whole_map_png_and_pdf_are_pictures_of_it(client):
    from PIL import Image

    png = client.get("/map.png", params={"debate": "who-runs-social-media"})
    image = Image.open(io.BytesIO(png.content))
    svg = ET.fromstring(client.get("/map.svg", params={"debate": "who-runs-social-media"}).content)
    assert image.width >= float(svg.get("width")) and image.height >= float(svg.get("height"))
    pdf = client.get("/map.pdf", params={"debate": "who-runs-social-media"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/map.gif").status_code == 404


def test_a_picture_of_an_unknown_debate_or_argument_is_a_404(client):
    assert client.get("/map.svg", params={"debate": "nope"}).status_code == 404
    assert client.get("/map.png", params={"around": "nope"}).status_code == 404


def test_what_the_reader_folds_stays_folded_in_the_overview(seed_graph):
    ids = selection(seed_graph)
    overview = views.map_layout(seed_graph, ids, DESKTOP)
    shown = next(u for u in overview.unfolded if u.startswith("root:"))
    group = "group:" + overview.group_of[shown[len("root:") :]]
    folded = views.map_layout(seed_graph, ids, DESKTOP, fold=(group,))
    assert not any(
        b.kind in ("arg", "main") and folded.group_of.get(b.id) == group[len("group:") :] for b in folded.boxes
    )
    debate = selection(seed_graph, debate="presence-vs-roi")
    overview = views.map_layout(seed_graph, debate, (1400.0, 900.0), debate="presence-vs-roi")
    opened = sorted(u for u in overview.unfolded if u in seed_graph.g)
    assert opened, "the debate's overview unfolds some arguments"
    again = views.map_layout(seed_graph, debate, (1400.0, 900.0), debate="presence-vs-roi", fold=(opened[0],))
    assert opened[0] not in again.unfolded
    assert any(b.kind == "badge" and b.of == opened[0] for b in again.boxes)
