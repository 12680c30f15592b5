"""Preview cards: the PNG a chat app shows when an argument's permalink is pasted.

`render_card(...)` draws a 1200×630 image (the Open Graph size) with the claim,
the opening of its quote, who said it and when, and its support/attack tally.
"""

from __future__ import annotations

import io
import textwrap
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


@lru_cache(maxsize=1024)
def render_card(label: str, quote: str, byline: str, supporters: int, attackers: int) -> bytes:
    """PNG bytes of the preview card of one argument (cached: drawing takes ~50 ms)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=SUPPORT)
    draw.rectangle((WIDTH // 2, 0, WIDTH, 14), fill=ATTACK)
    draw.text((70, 52), "Argmap", font=_font(30, "Sans-Bold"), fill=MUTED)

    y = 120
    title_font = _font(54, "Sans-Bold")
    for line in _wrap(label, title_font, WIDTH - 140, 3):
        draw.text((70, y), line, font=title_font, fill=INK)
        y += 68
    y += 18
    quote_font = _font(32, "Serif-Italic")
    draw.rectangle((70, y, 76, y + 3 * 44 - 6), fill="#d8dee4")
    for line in _wrap(f"“{quote}”", quote_font, WIDTH - 180, 3):
        draw.text((96, y), line, font=quote_font, fill=MUTED)
        y += 44

    draw.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=WASH)
    draw.text((70, HEIGHT - 66), byline, font=_font(30), fill=INK)
    tally_font = _font(30, "Sans-Bold")
    against = f"{attackers} against"
    for_ = f"{supporters} for"
    x = WIDTH - 70 - tally_font.getlength(against)
    draw.text((x, HEIGHT - 66), against, font=tally_font, fill=ATTACK)
    x -= tally_font.getlength(for_ + " · ")
    draw.text((x, HEIGHT - 66), for_ + " · ", font=tally_font, fill=SUPPORT)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
