"""Preview cards: the PNG a chat app shows when a link to Argmap is pasted.

`render_card(card)` draws a 1200×630 image (the Open Graph size) of a `Card`: for
an argument, its claim, the opening of its quote, who said it and when, and its
tally; for a debate, the map or the home page, their title, question and counts.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
INK, MUTED, SUPPORT, ATTACK, WASH = "#1f2328", "#59636e", "#1a7f37", "#cf222e", "#f6f8fa"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


@lru_cache(maxsize=16)
def _font(size: int, style: str = "Sans") -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu when the system has it (any accent renders), else Pillow's built-in font."""
    for folder in _FONT_DIRS:
        path = folder / f"DejaVu{style}.ttf"
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(text: str, font, width_px: int, max_lines: int) -> list[str]:
    average = max(1, int(font.getlength("abcdefghijklmnopqrstuvwxyz") / 26))
    lines = textwrap.wrap(text, width=max(10, width_px // average))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,;:.") + "…"
    return lines


@dataclass(frozen=True)
class Card:
    """What a preview card says: a kicker over the title, a body (a verbatim quote in
    italics, or plain text), a byline, and the tally as (kind, text) pairs, where kind
    is supports, attacks or undercuts (see views.tally_parts)."""

    kicker: str
    title: str
    body: str
    byline: str
    tally: tuple[tuple[str, str], ...] = ()
    quoted: bool = False


TALLY_COLOURS = {"supports": SUPPORT, "attacks": ATTACK, "undercuts": ATTACK}


@lru_cache(maxsize=1024)
def render_card(card: Card) -> bytes:
    """PNG bytes of a 1200×630 preview card (cached: drawing takes ~50 ms)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=SUPPORT)
    draw.rectangle((WIDTH // 2, 0, WIDTH, 14), fill=ATTACK)
    draw.text((70, 52), card.kicker, font=_font(30, "Sans-Bold"), fill=MUTED)

    y = 120
    title_font = _font(54, "Sans-Bold")
    for line in _wrap(card.title, title_font, WIDTH - 140, 3):
        draw.text((70, y), line, font=title_font, fill=INK)
        y += 68
    y += 18
    if card.body:
        body_font = _font(32, "Serif-Italic" if card.quoted else "Sans")
        text = f"“{card.body}”" if card.quoted else card.body
        lines = _wrap(text, body_font, WIDTH - 180, 3)
        draw.rectangle((70, y, 76, y + len(lines) * 44 - 6), fill="#d8dee4")
        for line in lines:
            draw.text((96, y), line, font=body_font, fill=MUTED)
            y += 44

    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=WASH)
    draw.text((70, HEIGHT - 66), card.byline, font=_font(30), fill=INK)
    tally_font = _font(30, "Sans-Bold")
    x = WIDTH - 70
    for i, (kind, text) in reversed(list(enumerate(card.tally))):
        shown = text if i == len(card.tally) - 1 else text + " · "
        x -= tally_font.getlength(shown)
        draw.text((x, HEIGHT - 66), shown, font=tally_font, fill=TALLY_COLOURS.get(kind, INK))

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
