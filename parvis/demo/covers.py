"""Illustrations for the demo town, drawn with Pillow: space covers and news pictures.

Each picture is a small landscape (sky gradient, sun, hills) with a motif: roofs for a
neighbourhood, a tram for a project, speech bubbles for a council, leaves for a theme; for
news, a subject such as roadworks cones, a school or a bookshelf. Covers are drawn at twice
their size and scaled down, for smooth edges; news pictures, of which there are hundreds,
are smaller (and drawn at twice their size too, then halved with a fast box filter). The same seed gives the same
bytes on every run, so a second `parvis demo` finds nothing to change.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 500
SCALE = 2

#: News pictures: 16:9, light enough for hundreds of them (20 to 40 KB each).
NEWS_WIDTH, NEWS_HEIGHT = 800, 450
#: Goes into the demo's news picture file names: change it when the drawing changes, so a
#: second run of `parvis demo` knows it must draw them again (it does not redraw hundreds
#: of pictures only to compare their bytes).
NEWS_DRAWING_VERSION = 1


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


@dataclass
class Canvas:
    """What the painters draw on: `w` by `h` pixels, `unit` pixels per point of a 1200-point
    wide picture (motifs keep their proportions whatever the size)."""

    draw: ImageDraw.ImageDraw
    w: int
    h: int
    unit: float

    def px(self, points: float) -> int:
        """A width in whole pixels, as lines and ranges need."""
        return max(1, round(points * self.unit))


MOTIFS = {
    "neighbourhood": "les toits d'un quartier",
    "project": "un tramway sur sa voie",
    "council": "des bulles de dialogue",
    "theme": "des feuilles et des fleurs",
}


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    red, green, blue = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return red, green, blue


def _hill(
    canvas: Canvas, rng: random.Random, base: float, height: float
) -> list[tuple[float, float]]:
    w, h = canvas.w, canvas.h
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


def _houses(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    x = rng.uniform(-40, 20) * u
    ground = h * 0.93
    while x < w:
        width = rng.uniform(70, 130) * u
        height = rng.uniform(60, 120) * u
        roof = rng.uniform(30, 55) * u
        wall = _mix(palette.walls, (255, 255, 255), rng.uniform(-0.15, 0.2))
        draw.rectangle([x, ground - height, x + width, ground], fill=wall)
        draw.polygon(
            [(x - 8 * u, ground - height), (x + width / 2, ground - height - roof),
             (x + width + 8 * u, ground - height)],
            fill=palette.roofs,
        )  # fmt: skip
        for wx in (x + width * 0.2, x + width * 0.6):
            draw.rectangle(
                [wx, ground - height * 0.7, wx + width * 0.2, ground - height * 0.45],
                fill=(90, 120, 150),
            )
        x += width + rng.uniform(10, 40) * u


def _tram(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    rail = h * 0.9
    draw.rectangle([0, rail, w, rail + 6 * u], fill=(70, 70, 80))
    for px in range(0, w, canvas.px(160)):
        draw.line(
            [(px + 40 * u, rail), (px + 40 * u, h * 0.42)],
            fill=(80, 80, 90),
            width=canvas.px(4),
        )
    draw.line([(0, h * 0.43), (w, h * 0.43)], fill=(80, 80, 90), width=canvas.px(2))
    x0 = rng.uniform(0.15, 0.35) * w
    length = 0.5 * w
    body = [x0, h * 0.55, x0 + length, rail - 8 * u]
    draw.rounded_rectangle(
        body, radius=40 * u, fill=(235, 240, 245), outline=(40, 60, 90), width=canvas.px(3)
    )
    draw.rectangle([x0, rail - 40 * u, x0 + length, rail - 26 * u], fill=(30, 110, 170))
    for i in range(8):
        wx = x0 + 30 * u + i * (length - 60 * u) / 8
        draw.rounded_rectangle(
            [wx, h * 0.6, wx + (length - 60 * u) / 8 - 12 * u, h * 0.72],
            radius=8 * u, fill=(120, 170, 210),
        )  # fmt: skip
    draw.line(
        [(x0 + length * 0.45, h * 0.55), (x0 + length * 0.55, h * 0.43)],
        fill=(40, 40, 50),
        width=canvas.px(3),
    )


def _bubbles(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    colours = [(255, 255, 255), palette.walls, _mix(palette.sun, (255, 255, 255), 0.4)]
    for i in range(5):
        cx = w * (0.15 + 0.17 * i) + rng.uniform(-30, 30) * u
        cy = h * rng.uniform(0.28, 0.5)
        rx, ry = rng.uniform(80, 120) * u, rng.uniform(50, 70) * u
        colour = colours[i % len(colours)]
        draw.ellipse(
            [cx - rx, cy - ry, cx + rx, cy + ry],
            fill=colour,
            outline=(60, 60, 90),
            width=canvas.px(3),
        )
        draw.polygon(
            [(cx - rx * 0.3, cy + ry * 0.8), (cx - rx * 0.55, cy + ry * 1.6), (cx, cy + ry * 0.9)],
            fill=colour,
        )
        for dot in (-1, 0, 1):
            r = 9 * u
            draw.ellipse(
                [cx + dot * 35 * u - r, cy - r, cx + dot * 35 * u + r, cy + r],
                fill=(60, 60, 90),
            )


def _leaves(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    for _ in range(26):
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.55, h * 0.98)
        size = rng.uniform(18, 40) * u
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
        r = rng.uniform(10, 16) * u
        petal = _mix(palette.sun, (255, 255, 255), 0.2)
        for k in range(5):
            a = 2 * math.pi * k / 5
            px, py = cx + math.cos(a) * r, cy + math.sin(a) * r
            draw.ellipse([px - r * 0.7, py - r * 0.7, px + r * 0.7, py + r * 0.7], fill=petal)
        draw.ellipse([cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5], fill=palette.roofs)


# --- news subjects ----------------------------------------------------------------------------

BLUE, WHITE, RED = (0, 85, 164), (250, 250, 250), (239, 65, 53)
BOOK_COLOURS = ((180, 60, 50), (40, 100, 160), (60, 140, 90), (220, 170, 50), (120, 70, 140))


def _flag(canvas: Canvas, x: float, top: float, size: float) -> None:
    """A pole with the French flag at its top."""
    draw, u = canvas.draw, canvas.unit
    draw.rectangle([x, top, x + 4 * u, top + size * 2.2], fill=(90, 90, 100))
    for index, colour in enumerate((BLUE, WHITE, RED)):
        left = x + 4 * u + index * size / 2
        draw.rectangle([left, top, left + size / 2, top + size], fill=colour)


def _roadworks(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    road = h * 0.8
    draw.rectangle([0, road, w, h], fill=(85, 85, 92))
    for x in range(0, w, canvas.px(120)):
        draw.rectangle([x, h * 0.9, x + 60 * u, h * 0.9 + 6 * u], fill=(240, 240, 240))
    left = rng.uniform(0.1, 0.3) * w
    width, top = 0.4 * w, road - 110 * u
    for leg in (left + 20 * u, left + width - 30 * u):
        draw.rectangle([leg, top, leg + 10 * u, road + 20 * u], fill=(70, 70, 70))
    stripes = 8
    for k in range(stripes):
        colour = (210, 40, 40) if k % 2 == 0 else WHITE
        stripe = left + k * width / stripes
        draw.rectangle([stripe, top, stripe + width / stripes, top + 30 * u], fill=colour)
    for _ in range(rng.randint(3, 5)):
        cx = rng.uniform(0.05, 0.95) * w
        base = road + rng.uniform(20, 60) * u
        size = rng.uniform(40, 60) * u
        draw.polygon([(cx - size / 2, base), (cx, base - size * 1.6), (cx + size / 2, base)],
                     fill=(245, 120, 30))  # fmt: skip
        draw.polygon(
            [(cx - size * 0.3, base - size * 0.6), (cx - size * 0.2, base - size * 0.9),
             (cx + size * 0.2, base - size * 0.9), (cx + size * 0.3, base - size * 0.6)],
            fill=WHITE,
        )  # fmt: skip
        draw.rectangle([cx - size * 0.7, base, cx + size * 0.7, base + 8 * u], fill=(245, 120, 30))


def _school(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    ground = h * 0.94
    left = rng.uniform(0.15, 0.3) * w
    width, height = 0.5 * w, 0.4 * h
    draw.rectangle([left, ground - height, left + width, ground], fill=palette.walls)
    draw.polygon([(left - 15 * u, ground - height), (left + width / 2, ground - height - 90 * u),
                  (left + width + 15 * u, ground - height)], fill=palette.roofs)  # fmt: skip
    cx, cy, r = left + width / 2, ground - height - 35 * u, 22 * u
    draw.ellipse(
        [cx - r, cy - r, cx + r, cy + r], fill=WHITE, outline=(50, 50, 60), width=canvas.px(3)
    )
    draw.line([(cx, cy), (cx, cy - r * 0.7)], fill=(50, 50, 60), width=canvas.px(3))
    draw.line([(cx, cy), (cx + r * 0.5, cy)], fill=(50, 50, 60), width=canvas.px(3))
    for row in range(2):
        for col in range(6):
            if row == 1 and col in (2, 3):
                continue
            wx = left + width * (0.06 + col * 0.155)
            wy = ground - height * (0.85 - row * 0.45)
            draw.rectangle([wx, wy, wx + width * 0.1, wy + height * 0.28], fill=(110, 150, 190))
    draw.rectangle([cx - 30 * u, ground - height * 0.38, cx + 30 * u, ground], fill=(120, 80, 50))
    _flag(canvas, left + width + 40 * u, ground - height - 60 * u, 50 * u)


def _canteen(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    table = h * 0.68
    draw.rectangle([0, table, w, h], fill=(200, 160, 110))
    for x in range(0, w, canvas.px(90)):
        draw.line([(x, table), (x, h)], fill=(185, 145, 95), width=canvas.px(3))
    cx, cy = w * rng.uniform(0.4, 0.6), table + (h - table) * 0.5
    rx, ry = 190 * u, 70 * u
    draw.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], fill=WHITE, outline=(200, 200, 210),
                 width=canvas.px(4))  # fmt: skip
    draw.ellipse(
        [cx - rx * 0.65, cy - ry * 0.6, cx + rx * 0.65, cy + ry * 0.6], fill=(240, 240, 245)
    )
    for dx in (-rx * 0.3, 0.0, rx * 0.3):
        colour = (90, 160, 70) if dx else (230, 140, 60)
        draw.ellipse([cx + dx - 35 * u, cy - 22 * u, cx + dx + 35 * u, cy + 22 * u], fill=colour)
    fork = cx - rx - 40 * u
    draw.rectangle([fork - 5 * u, cy - ry, fork + 5 * u, cy + ry], fill=(170, 170, 180))
    knife = cx + rx + 40 * u
    draw.rectangle([knife - 6 * u, cy - ry, knife + 6 * u, cy + ry], fill=(170, 170, 180))
    ax, ay, ar = cx + rx + 160 * u, cy - 20 * u, 45 * u
    draw.ellipse([ax - ar, ay - ar, ax + ar, ay + ar], fill=(200, 40, 40))
    draw.ellipse([ax, ay - ar * 1.5, ax + ar * 0.8, ay - ar * 0.9], fill=(80, 150, 60))


def _festival(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    colours = ((230, 60, 70), (250, 200, 50), (60, 150, 220), (90, 190, 110), (240, 130, 200))
    for line in range(3):
        top = h * (0.12 + line * 0.2)
        sag = rng.uniform(40, 80) * u
        flags = 14
        points = [
            (w * k / flags, top + sag * 4 * (k / flags) * (1 - k / flags)) for k in range(flags + 1)
        ]
        draw.line(points, fill=(70, 70, 80), width=canvas.px(3))
        for k in range(flags):
            (x0, y0), (x1, y1) = points[k], points[k + 1]
            draw.polygon(
                [(x0 + 4 * u, y0), (x1 - 4 * u, y1), ((x0 + x1) / 2, (y0 + y1) / 2 + 50 * u)],
                fill=colours[(k + line) % len(colours)],
            )
    for _ in range(40):
        x, y, r = rng.uniform(0, w), rng.uniform(h * 0.6, h), rng.uniform(4, 9) * u
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colours[rng.randrange(len(colours))])


def _town_hall(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    ground = h * 0.95
    left, width = w * 0.2, w * 0.6
    top = ground - h * 0.45
    draw.rectangle([left, top, left + width, ground], fill=palette.walls)
    draw.polygon([(left - 20 * u, top), (left + width / 2, top - 100 * u),
                  (left + width + 20 * u, top)], fill=_mix(palette.walls, (0, 0, 0), 0.12))  # fmt: skip
    columns = 6
    for k in range(columns):
        x = left + width * (0.08 + k * 0.84 / (columns - 1))
        draw.rectangle([x - 14 * u, top + 20 * u, x + 14 * u, ground - 30 * u], fill=WHITE)
    for step in range(3):
        draw.rectangle(
            [left - step * 15 * u, ground - (3 - step) * 10 * u, left + width + step * 15 * u,
             ground - (2 - step) * 10 * u],
            fill=(200, 195, 185),
        )  # fmt: skip
    _flag(canvas, left + width / 2 - 2 * u, top - 190 * u, 55 * u)


def _bookshelf(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    left, right, top, bottom = w * 0.12, w * 0.88, h * 0.18, h * 0.98
    draw.rectangle([left, top, right, bottom], fill=(120, 80, 50))
    shelves = 3
    for shelf in range(shelves):
        floor = top + (bottom - top) * (shelf + 1) / shelves - 12 * u
        ceiling = floor - (bottom - top) / shelves + 24 * u
        draw.rectangle([left + 12 * u, ceiling, right - 12 * u, floor], fill=(80, 50, 30))
        x = left + 16 * u
        while True:
            width = rng.uniform(14, 34) * u
            if x + width > right - 16 * u:
                break
            height = (floor - ceiling) * rng.uniform(0.7, 0.95)
            colour = _mix(BOOK_COLOURS[rng.randrange(len(BOOK_COLOURS))], palette.walls, 0.15)
            draw.rectangle([x, floor - height, x + width, floor], fill=colour)
            draw.rectangle([x, floor - height * 0.8, x + width, floor - height * 0.75], fill=WHITE)
            x += width + rng.uniform(1, 4) * u
        draw.rectangle([left, floor, right, floor + 12 * u], fill=(150, 105, 70))


def _sport(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    field = h * 0.7
    draw.rectangle([0, field, w, h], fill=(70, 150, 80))
    draw.line([(0, field + 20 * u), (w, field + 20 * u)], fill=WHITE, width=canvas.px(5))
    gx, gw, gh = w * rng.uniform(0.15, 0.3), w * 0.4, h * 0.3
    for k in range(1, 10):
        x = gx + gw * k / 10
        draw.line(
            [(x, field + 20 * u - gh), (x, field + 20 * u)],
            fill=(220, 220, 220),
            width=canvas.px(1),
        )
    for k in range(1, 5):
        y = field + 20 * u - gh * k / 5
        draw.line([(gx, y), (gx + gw, y)], fill=(220, 220, 220), width=canvas.px(1))
    draw.line(
        [(gx, field + 20 * u), (gx, field + 20 * u - gh), (gx + gw, field + 20 * u - gh),
         (gx + gw, field + 20 * u)],
        fill=WHITE, width=canvas.px(10),
    )  # fmt: skip
    bx, by, br = gx + gw + rng.uniform(80, 200) * u, h * 0.86, 45 * u
    draw.ellipse(
        [bx - br, by - br, bx + br, by + br], fill=WHITE, outline=(30, 30, 30), width=canvas.px(3)
    )
    for k in range(5):
        a = 2 * math.pi * k / 5
        px, py = bx + math.cos(a) * br * 0.6, by + math.sin(a) * br * 0.6
        draw.ellipse(
            [px - br * 0.2, py - br * 0.2, px + br * 0.2, py + br * 0.2], fill=(30, 30, 30)
        )


def _trees(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    for _ in range(rng.randint(5, 8)):
        x, ground = rng.uniform(0.05, 0.95) * w, h * rng.uniform(0.88, 0.98)
        height = rng.uniform(120, 200) * u
        draw.rectangle([x - 9 * u, ground - height, x + 9 * u, ground], fill=(110, 75, 45))
        for _crown in range(3):
            cx = x + rng.uniform(-30, 30) * u
            cy = ground - height + rng.uniform(-20, 20) * u
            r = rng.uniform(45, 70) * u
            colour = _mix(palette.hills[1], (40, 110, 50), rng.uniform(0.3, 0.8))
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)


def _hearts(canvas: Canvas, rng: random.Random, palette: Palette) -> None:
    draw, w, h, u = canvas.draw, canvas.w, canvas.h, canvas.unit
    _houses(canvas, rng, palette)
    for _ in range(6):
        cx, cy, r = rng.uniform(0.1, 0.9) * w, rng.uniform(0.15, 0.45) * h, rng.uniform(20, 35) * u
        colour = _mix((230, 60, 90), palette.sun, rng.uniform(0, 0.4))
        draw.ellipse([cx - 2 * r, cy - r, cx, cy + r], fill=colour)
        draw.ellipse([cx, cy - r, cx + 2 * r, cy + r], fill=colour)
        draw.polygon([(cx - 1.95 * r, cy + r * 0.3), (cx + 1.95 * r, cy + r * 0.3), (cx, cy + 2.4 * r)],
                     fill=colour)  # fmt: skip


Painter = Callable[[Canvas, random.Random, Palette], None]

#: The subjects of news pictures: (painter, what the picture shows, in French, for its alt).
NEWS_SUBJECTS: dict[str, tuple[Painter, str]] = {
    "roadworks": (_roadworks, "des plots et une barrière de chantier sur une route"),
    "school": (_school, "la façade d'une école, avec son horloge et un drapeau tricolore"),
    "canteen": (_canteen, "une assiette garnie, des couverts et une pomme sur une table"),
    "festival": (_festival, "des guirlandes de fanions colorés et des confettis"),
    "council": (_town_hall, "la façade à colonnes de la mairie et son drapeau tricolore"),
    "library": (_bookshelf, "une grande étagère remplie de livres colorés"),
    "sport": (_sport, "un ballon devant les buts d'un terrain de sport"),
    "nature": (_trees, "des arbres au feuillage rond sur une colline"),
    "tram": (_tram, "un tramway sur sa voie, sous les lignes électriques"),
    "solidarity": (_hearts, "des cœurs qui flottent au-dessus des toits d'un quartier"),
}


_MOTIF_PAINTERS: dict[str, Painter] = {
    "neighbourhood": _houses,
    "project": _tram,
    "council": _bubbles,
    "theme": _leaves,
}


def _landscape(
    rng: random.Random, *, width: int, height: int, scale: float
) -> tuple[Image.Image, Canvas, Palette]:
    """A sky, a sun and three hills, drawn at `scale` times (width, height)."""
    palette = PALETTES[rng.randrange(len(PALETTES))]
    w, h = round(width * scale), round(height * scale)
    image = Image.new("RGB", (w, h))
    canvas = Canvas(ImageDraw.Draw(image), w, h, scale * width / WIDTH)
    draw = canvas.draw
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=_mix(palette.sky_top, palette.sky_bottom, y / h))
    sun_x, sun_y = rng.uniform(0.6, 0.9) * w, rng.uniform(0.15, 0.3) * h
    sun_r = 55 * canvas.unit
    for ring in range(6, 0, -1):
        r = sun_r * (1 + ring * 0.18)
        glow = _mix(palette.sky_bottom, palette.sun, 1 - ring / 7)
        draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=glow)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=palette.sun)
    for index, colour in enumerate(palette.hills):
        draw.polygon(_hill(canvas, rng, 0.55 + index * 0.12, 0.06), fill=colour)
    return image, canvas, palette


def _jpeg(image: Image.Image, *, size: tuple[int, int], quality: int) -> bytes:
    image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def cover_image(*, seed: str, motif: str) -> tuple[bytes, str]:
    """(JPEG bytes, French text alternative) of a cover for the space named by `seed`."""
    rng = random.Random(f"cover:{seed}")
    image, canvas, palette = _landscape(rng, width=WIDTH, height=HEIGHT, scale=SCALE)
    _MOTIF_PAINTERS[motif](canvas, rng, palette)
    alt = f"Illustration : des collines {palette.name}, avec {MOTIFS[motif]}."
    return _jpeg(image, size=(WIDTH, HEIGHT), quality=85), alt


def news_image_alt(*, seed: str, subject: str) -> str:
    """The text alternative of `news_image(seed=seed, subject=subject)`, without drawing it."""
    palette = PALETTES[random.Random(f"news:{seed}").randrange(len(PALETTES))]
    return f"Illustration : {NEWS_SUBJECTS[subject][1]}, {palette.name}."


def news_image(*, seed: str, subject: str) -> tuple[bytes, str]:
    """(JPEG bytes, French text alternative) of a news picture about `subject` (a key of
    NEWS_SUBJECTS), different for each `seed`."""
    painter, _shows = NEWS_SUBJECTS[subject]
    rng = random.Random(f"news:{seed}")
    # `_landscape` draws the palette first, as `news_image_alt` expects.
    image, canvas, palette = _landscape(rng, width=NEWS_WIDTH, height=NEWS_HEIGHT, scale=SCALE)
    painter(canvas, rng, palette)
    alt = news_image_alt(seed=seed, subject=subject)
    # Halving with `reduce` and a baseline JPEG: a third of the time of LANCZOS and a
    # progressive file, which counts when the first run draws hundreds of them.
    out = io.BytesIO()
    image.reduce(SCALE).save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue(), alt
