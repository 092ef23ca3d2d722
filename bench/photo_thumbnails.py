"""Thumbnails of 12-megapixel JPEGs: images per second through Parvis's rendition pipeline
(`parvis.core.renditions.render`) against the fastest plain Pillow loop written for the same
job (JPEG draft mode, the same widths, JPEG and WebP, the same qualities), in the same run,
on the same files. Prints both, and the ratio (target: at least 0.7). Also prints the
worker's full path (`original=True`: the clean full-size copy too, which decodes every pixel).

    .venv/bin/python bench/photo_thumbnails.py [--count 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django

django.setup()

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402

from bench.common import machine, say  # noqa: E402
from parvis.core import renditions  # noqa: E402

WIDTH, HEIGHT = 4000, 3000


def make_photo(seed: int) -> bytes:
    """A 4000 x 3000 JPEG with detail everywhere (shapes and noise), about as costly to
    decode as a camera's."""
    rng = random.Random(seed)
    small = Image.effect_noise((WIDTH // 4, HEIGHT // 4), 60).convert("RGB")
    draw = ImageDraw.Draw(small)
    for _ in range(60):
        x, y = rng.randrange(WIDTH // 4), rng.randrange(HEIGHT // 4)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300)), fill=colour)
    image = small.resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR).filter(ImageFilter.DETAIL)
    noise = Image.effect_noise((WIDTH, HEIGHT), 25).convert("RGB")
    image = Image.blend(image, noise, 0.15)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def plain_pillow(data: bytes) -> int:
    """The fastest loop written for the job: draft to the largest width, then each smaller
    size from the previous, JPEG and WebP at the pipeline's qualities."""
    written = 0
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (renditions.WIDTHS[-1] + 1, renditions.WIDTHS[-1] * 3 // 4 + 1))
        current = image.convert("RGB")
    for width in sorted(renditions.WIDTHS, reverse=True):
        height = round(HEIGHT * width / WIDTH)
        current = current.resize((width, height), Image.Resampling.BICUBIC, reducing_gap=2.0)
        for fmt, options in (
            ("JPEG", {"quality": renditions.JPEG_QUALITY, "progressive": True}),
            ("WEBP", {"quality": renditions.WEBP_QUALITY, "method": 2}),
        ):
            out = io.BytesIO()
            current.save(out, fmt, **options)
            written += out.tell()
    return written


def pipeline(data: bytes) -> int:
    rendered = renditions.render(data, original=False)
    return sum(len(content) for content in rendered.files.values())


def worker_path(data: bytes) -> int:
    renditions.inspect(data)
    rendered = renditions.render(data, original=True)
    return sum(len(content) for content in rendered.files.values()) + len(rendered.original)


def rate(function, files: list[bytes], rounds: int) -> float:
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for data in files:
            function(data)
        best = max(best, len(files) / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=8, help="12-megapixel JPEGs (default 8)")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many (default 2)")
    args = parser.parse_args()
    say(machine())
    cache = Path(tempfile.gettempdir()) / "parvis-bench-photos"
    cache.mkdir(exist_ok=True)
    files = []
    for n in range(args.count):
        path = cache / f"photo-{n}.jpg"
        if not path.exists():
            path.write_bytes(make_photo(n))
        files.append(path.read_bytes())
    say(
        f"{len(files)} JPEGs of {WIDTH} × {HEIGHT}, {sum(map(len, files)) / len(files) / 1e6:.1f} MB each on average"
    )
    # Alternate, so both share what the machine does meanwhile.
    plain = parvis = full = 0.0
    for _ in range(args.rounds):
        plain = max(plain, rate(plain_pillow, files, 1))
        parvis = max(parvis, rate(pipeline, files, 1))
        full = max(full, rate(worker_path, files, 1))
    print(f"plain Pillow (draft)          {plain:6.2f} images/s")
    print(f"Parvis renditions             {parvis:6.2f} images/s")
    print(f"ratio Parvis / plain          {parvis / plain:6.2f}  (target ≥ 0.7)")
    print(f"worker's whole job (+ clean original, inspect) {full:6.2f} images/s")


if __name__ == "__main__":
    main()
