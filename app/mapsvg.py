"""The whole map as a picture: an SVG written from the layout (app/layout.py), with a
caption (what is shown, how many arguments, when, from which URL); PNG and PDF are
rendered from that SVG by CairoSVG. Colours and shapes follow the interactive map."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from app.layout import LINE_HEIGHT, Box, Result

FONT_FAMILY = "DejaVu Sans, Verdana, sans-serif"
COLOURS = {
    "ink": "#1f2328",
    "muted": "#59636e",
    "accent": "#0b5cad",
    "support": "#1a7f37",
    "attack": "#cf222e",
    "border": "#8c959f",
    "paper": "#ffffff",
    "main": "#eef4fb",
    "extracted": "#fbf8ff",
    "extracted_border": "#8250df",
    "badge": "#eaeef2",
    "same_as": "#8c959f",
    "IN": "#e9f6ec",
    "OUT": "#f3f4f6",
    "UNDEC": "#fff6d6",
}
MARGIN = 32
CAPTION = {"title": 22, "line": 13}


@dataclass(frozen=True)
class Caption:
    """What the picture says about itself, printed above the map."""

    title: str
    lines: tuple[str, ...]


def _f(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _clip(b: Box, toward: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from the centre of `b` toward a point leaves the box."""
    dx, dy = toward[0] - b.x, toward[1] - b.y
    if dx == 0 and dy == 0:
        return b.x, b.y
    t = min(b.w / 2 / abs(dx) if dx else float("inf"), b.h / 2 / abs(dy) if dy else float("inf"))
    t = min(t, 1.0)
    return b.x + dx * t, b.y + dy * t


def _text(b: Box, colour: str, anchor_x: float | None = None) -> str:
    lh = b.font * LINE_HEIGHT
    top = b.y - len(b.lines) * lh / 2 + lh / 2
    x = b.x if anchor_x is None else anchor_x
    spans = "".join(
        f'<tspan x="{_f(x)}" y="{_f(top + i * lh)}">{escape(line)}</tspan>' for i, line in enumerate(b.lines)
    )
    weight = ' font-weight="bold"' if b.bold else ""
    return (
        f'<text text-anchor="middle" dominant-baseline="central" font-size="{b.font}"{weight} '
        f'fill="{colour}">{spans}</text>'
    )


def _node(b: Box, data: dict) -> str:
    x, y = b.x - b.w / 2, b.y - b.h / 2
    if b.kind == "group":
        return _text(b, COLOURS["accent"])
    if b.kind == "badge":
        return (
            f'<g class="badge"><rect x="{_f(x)}" y="{_f(y)}" width="{_f(b.w)}" height="{_f(b.h)}" rx="11" '
            f'fill="{COLOURS["badge"]}" stroke="{COLOURS["border"]}"/>{_text(b, COLOURS["ink"])}</g>'
        )
    main = b.kind == "main"
    extracted = data.get("origin") == "extracted"
    fill = COLOURS["main"] if main else COLOURS["extracted"] if extracted else COLOURS["paper"]
    fill = COLOURS.get(data.get("grounded") or "", fill)
    stroke = COLOURS["accent"] if main else COLOURS["extracted_border"] if extracted else COLOURS["border"]
    attrs = f'fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if main else 1.5}"' + (
        ' stroke-dasharray="5 3"' if extracted else ""
    )
    if main:
        k = 8
        points = [
            (x + k, y),
            (x + b.w - k, y),
            (x + b.w, y + k),
            (x + b.w, y + b.h - k),
            (x + b.w - k, y + b.h),
            (x + k, y + b.h),
            (x, y + b.h - k),
            (x, y + k),
        ]
        shape = f'<polygon points="{" ".join(f"{_f(px)},{_f(py)}" for px, py in points)}" {attrs}/>'
    else:
        shape = f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(b.w)}" height="{_f(b.h)}" rx="8" {attrs}/>'
    colour = COLOURS["muted"] if data.get("grounded") == "OUT" else COLOURS["ink"]
    return f'<g class="argument" id={quoteattr("arg-" + b.id)}>{shape}{_text(b, colour)}</g>'


def _edges(boxes: dict[str, Box], edges: list[dict]) -> list[str]:
    """Relations between drawn arguments; an undercut points at the middle of the
    arrow it attacks."""
    out = []
    middles: dict[str, tuple[float, float]] = {}
    plain = [e for e in edges if e["kind"] != "undercut" or not e.get("undercuts")]
    for e in plain:
        s, t = boxes.get(e["source"]), boxes.get(e["target"])
        if s is None or t is None:
            continue
        a, b = _clip(s, (t.x, t.y)), _clip(t, (s.x, s.y))
        middles[f"{e['source']}->{e['target']}"] = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        out.append(_line(a, b, e))
    for e in edges:
        if e not in plain and e["source"] in boxes:
            end = middles.get(e["undercuts"])
            if end is None and e["target"] in boxes:
                end = _clip(boxes[e["target"]], (boxes[e["source"]].x, boxes[e["source"]].y))
            if end is not None:
                out.append(_line(_clip(boxes[e["source"]], end), end, e))
    return out


def _line(a: tuple[float, float], b: tuple[float, float], e: dict) -> str:
    kind = e["kind"]
    colour = {"support": COLOURS["support"], "same_as": COLOURS["same_as"]}.get(kind, COLOURS["attack"])
    dash = {"undercut": ' stroke-dasharray="7 4"', "same_as": ' stroke-dasharray="2 3"'}.get(kind, "")
    if not dash and e.get("origin") == "extracted":
        dash = ' stroke-dasharray="3 3"'
    marker = "" if kind == "same_as" else f' marker-end="url(#head-{kind})"'
    return (
        f'<line x1="{_f(a[0])}" y1="{_f(a[1])}" x2="{_f(b[0])}" y2="{_f(b[1])}" stroke="{colour}" '
        f'stroke-width="2"{dash}{marker}/>'
    )


def _defs() -> str:
    heads = {
        "support": f'<path d="M0 0 L10 5 L0 10 z" fill="{COLOURS["support"]}"/>',
        "attack": f'<path d="M0 0 L10 5 L0 10 z" fill="{COLOURS["attack"]}"/>'
        f'<path d="M-3 0 L-3 10" stroke="{COLOURS["attack"]}" stroke-width="2"/>',
        "undercut": f'<path d="M9 0 L9 10" stroke="{COLOURS["attack"]}" stroke-width="3"/>',
    }
    markers = "".join(
        f'<marker id="head-{k}" viewBox="-4 0 14 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="7" orient="auto">{v}</marker>'
        for k, v in heads.items()
    )
    return f"<defs>{markers}</defs>"


def size(result: Result, caption: Caption) -> tuple[float, float]:
    """Width and height of the picture: the map, its caption and margins."""
    head_h = CAPTION["title"] * 1.4 + len(caption.lines) * CAPTION["line"] * 1.5 + 16
    return max(result.width, 640) + 2 * MARGIN, result.height + head_h + 2 * MARGIN


def write_svg(result: Result, nodes: dict[str, dict], edges: list[dict], caption: Caption) -> str:
    """The laid-out map as a standalone SVG document, caption on top. `nodes` maps ids
    to argument data (origin, grounded), `edges` are /api/graph edge data."""
    width, height = size(result, caption)
    head_h = height - result.height - 2 * MARGIN
    boxes = {b.id: b for b in result.boxes if b.kind in ("arg", "main")}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}" height="{_f(height)}" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" font-family="{FONT_FAMILY}">',
        f"<title>{escape(caption.title)}</title>",
        _defs(),
        f'<rect width="100%" height="100%" fill="{COLOURS["paper"]}"/>',
        f'<g class="caption" transform="translate({MARGIN} {MARGIN})">',
        f'<text x="0" y="{CAPTION["title"]}" font-size="{CAPTION["title"]}" font-weight="bold" '
        f'fill="{COLOURS["ink"]}">{escape(caption.title)}</text>',
    ]
    for i, line in enumerate(caption.lines):
        y = CAPTION["title"] * 1.4 + (i + 1) * CAPTION["line"] * 1.5
        parts.append(
            f'<text x="0" y="{_f(y)}" font-size="{CAPTION["line"]}" fill="{COLOURS["muted"]}">{escape(line)}</text>'
        )
    parts.append("</g>")
    parts.append(f'<g class="map" transform="translate({MARGIN} {_f(MARGIN + head_h)})">')
    parts.extend(_edges(boxes, edges))
    parts.extend(_node(b, nodes.get(b.id, {})) for b in result.boxes)
    parts.append("</g></svg>")
    return "\n".join(parts)


MAX_PIXELS = 16_000_000  # a bigger PNG is slow to make and to open: draw it smaller


def to_png(svg: str, width: float, height: float, scale: float = 1.5) -> bytes:
    """PNG of a `width` × `height` SVG, sharper than 1:1 when that stays under MAX_PIXELS."""
    import cairosvg

    scale = min(scale, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
    return cairosvg.svg2png(bytestring=svg.encode(), scale=scale)


def to_pdf(svg: str) -> bytes:
    import cairosvg

    return cairosvg.svg2pdf(bytestring=svg.encode())
