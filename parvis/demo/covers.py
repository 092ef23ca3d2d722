"""Cover illustrations for the demo spaces, drawn with Pillow.

Each picture is a small landscape (sky gradient, sun, hills) with a motif for the kind of
space: roofs for a neighbourhood, a tram for a project, speech bubbles for a council, leaves
for a theme. Drawn at twice the size and scaled down, for smooth edges. The same seed gives
the same bytes on every run, so a second `parvis demo` finds nothing to change.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 500
SCALE = 2


@dataclass(frozen=True)
class Palette:
    name: str  # in French: it goes into the alt text
    sky_top: tuple[int, int, int]
    sky_bottom: tuple[int, int, int]
    sun: tuple[int, int, int]
    hills: tuple[tuple[int, int, int], ...]
    roofs: tuple[int, int, int]
    walls: tuple[int, int, int]


PALETTES = (
    Palette(
        "au petit matin",
        (126, 182, 226),
        (250, 220, 190),
        (255, 236, 170),
        ((150, 196, 140), (112, 168, 110), (76, 134, 88)),
        (184, 84, 64),
        (246, 232, 210),
    ),
    Palette(
        "en plein midi",
        (70, 140, 210),
        (190, 226, 245),
        (255, 248, 214),
        ((160, 205, 120), (118, 176, 96), (80, 140, 78)),
        (170, 70, 55),
        (250, 244, 230),
    ),
    Palette(
        "au soleil couchant",
        (88, 84, 160),
        (250, 170, 120),
        (255, 210, 120),
        ((170, 120, 140), (128, 90, 120), (86, 62, 98)),
        (120, 50, 60),
        (240, 210, 190),
    ),
    Palette(
        "par un jour d'automne",
        (120, 160, 200),
        (240, 214, 170),
        (255, 230, 160),
        ((214, 160, 80), (182, 118, 60), (130, 86, 52)),
        (150, 60, 40),
        (244, 230, 200),
    ),
)

MOTIFS = {
    "neighbourhood": "les toits d'un quartier",
    "project": "un tramway sur sa voie",
    "council": "des bulles de dialogue",
    "theme": "des feuilles et des fleurs",
}


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def _hill(rng: random.Random, base: float, height: float) -> list[tuple[float, float]]:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    waves = [(rng.uniform(0.6, 2.2), rng.uniform(0, 2 * math.pi)) for _ in range(3)]
    points = [(0.0, float(h))]
    for i in range(0, 121):
        x = w * i / 120
        y = base - height * sum(
            math.sin(2 * math.pi * f * i / 120 + p) / (n + 1) for n, (f, p) in enumerate(waves)
        )
        points.append((x, y * h))
    points.append((float(w), float(h)))
    return points


def _houses(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    x = rng.uniform(-40, 20) * SCALE
    ground = h * 0.93
    while x < w:
        width = rng.uniform(70, 130) * SCALE
        height = rng.uniform(60, 120) * SCALE
        roof = rng.uniform(30, 55) * SCALE
        wall = _mix(palette.walls, (255, 255, 255), rng.uniform(-0.15, 0.2))
        draw.rectangle([x, ground - height, x + width, ground], fill=wall)
        draw.polygon(
            [(x - 8 * SCALE, ground - height), (x + width / 2, ground - height - roof),
             (x + width + 8 * SCALE, ground - height)],
            fill=palette.roofs,
        )  # fmt: skip
        for wx in (x + width * 0.2, x + width * 0.6):
            draw.rectangle(
                [wx, ground - height * 0.7, wx + width * 0.2, ground - height * 0.45],
                fill=(90, 120, 150),
            )
        x += width + rng.uniform(10, 40) * SCALE


def _tram(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    rail = h * 0.9
    draw.rectangle([0, rail, w, rail + 6 * SCALE], fill=(70, 70, 80))
    for px in range(0, w, 160 * SCALE):
        draw.line(
            [(px + 40 * SCALE, rail), (px + 40 * SCALE, h * 0.42)],
            fill=(80, 80, 90),
            width=4 * SCALE,
        )
    draw.line([(0, h * 0.43), (w, h * 0.43)], fill=(80, 80, 90), width=2 * SCALE)
    x0 = rng.uniform(0.15, 0.35) * w
    length = 0.5 * w
    body = [x0, h * 0.55, x0 + length, rail - 8 * SCALE]
    draw.rounded_rectangle(
        body, radius=40 * SCALE, fill=(235, 240, 245), outline=(40, 60, 90), width=3 * SCALE
    )
    draw.rectangle([x0, rail - 40 * SCALE, x0 + length, rail - 26 * SCALE], fill=(30, 110, 170))
    for i in range(8):
        wx = x0 + 30 * SCALE + i * (length - 60 * SCALE) / 8
        draw.rounded_rectangle(
            [wx, h * 0.6, wx + (length - 60 * SCALE) / 8 - 12 * SCALE, h * 0.72],
            radius=8 * SCALE, fill=(120, 170, 210),
        )  # fmt: skip
    draw.line(
        [(x0 + length * 0.45, h * 0.55), (x0 + length * 0.55, h * 0.43)],
        fill=(40, 40, 50),
        width=3 * SCALE,
    )


def _bubbles(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    colours = [(255, 255, 255), palette.walls, _mix(palette.sun, (255, 255, 255), 0.4)]
    for i in range(5):
        cx = w * (0.15 + 0.17 * i) + rng.uniform(-30, 30) * SCALE
        cy = h * rng.uniform(0.28, 0.5)
        rx, ry = rng.uniform(80, 120) * SCALE, rng.uniform(50, 70) * SCALE
        colour = colours[i % len(colours)]
        draw.ellipse(
            [cx - rx, cy - ry, cx + rx, cy + ry], fill=colour, outline=(60, 60, 90), width=3 * SCALE
        )
        draw.polygon(
            [(cx - rx * 0.3, cy + ry * 0.8), (cx - rx * 0.55, cy + ry * 1.6), (cx, cy + ry * 0.9)],
            fill=colour,
        )
        for dot in (-1, 0, 1):
            r = 9 * SCALE
            draw.ellipse(
                [cx + dot * 35 * SCALE - r, cy - r, cx + dot * 35 * SCALE + r, cy + r],
                fill=(60, 60, 90),
            )


def _leaves(draw: ImageDraw.ImageDraw, rng: random.Random, palette: Palette) -> None:
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    for _ in range(26):
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.55, h * 0.98)
        size = rng.uniform(18, 40) * SCALE
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle) * size, math.sin(angle) * size
        colour = _mix(palette.hills[0], palette.roofs, rng.uniform(0, 0.7))
        draw.polygon(
            [
                (cx - dx, cy - dy),
                (cx - dy * 0.4, cy + dx * 0.4),
                (cx + dx, cy + dy),
                (cx + dy * 0.4, cy - dx * 0.4),
            ],
            fill=colour,
        )
    for _ in range(9):
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.65, h * 0.95)
        r = rng.uniform(10, 16) * SCALE
        petal = _mix(palette.sun, (255, 255, 255), 0.2)
        for k in range(5):
            a = 2 * math.pi * k / 5
            px, py = cx + math.cos(a) * r, cy + math.sin(a) * r
            draw.ellipse([px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7], fill=petal)
        draw.ellipse([cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5], fill=palette.roofs)


_MOTIF_PAINTERS = {
    "neighbourhood": _houses,
    "project": _tram,
    "council": _bubbles,
    "theme": _leaves,
}


def cover_image(*, seed: str, motif: str) -> tuple[bytes, str]:
    """(JPEG bytes, French text alternative) of a cover for the space named by `seed`."""
    rng = random.Random(f"cover:{seed}")
    palette = PALETTES[rng.randrange(len(PALETTES))]
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    image = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(image)
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=_mix(palette.sky_top, palette.sky_bottom, y / h))
    sun_x, sun_y, sun_r = rng.uniform(0.6, 0.9) * w, rng.uniform(0.15, 0.3) * h, 55 * SCALE
    for ring in range(6, 0, -1):
        r = sun_r * (1 + ring * 0.18)
        glow = _mix(palette.sky_bottom, palette.sun, 1 - ring / 7)
        draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=glow)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=palette.sun)
    for index, colour in enumerate(palette.hills):
        draw.polygon(_hill(rng, 0.55 + index * 0.12, 0.06), fill=colour)
    _MOTIF_PAINTERS[motif](draw, rng, palette)
    image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    alt = f"Illustration : des collines {palette.name}, avec {MOTIFS[motif]}."
    return out.getvalue(), alt
