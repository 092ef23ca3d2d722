"""Measure the media library's pages with 20,000 photos and 5,000 videos.

    .venv/bin/python bench/media_pages.py                  # SQLite
    .venv/bin/python bench/media_pages.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_media \\
        --create-database                              # the same on PostgreSQL

The setting, written in bulk from a seeded generator (the same rows every run): 50
published thematic albums and 20,000 ready photos taken over the two years before the run
(so 24 monthly albums), each photo in one or two albums. The pages read no image file (the
renditions are named in each row), so none is written. Then the production server
(`python -m parvis serve`, 2 workers x 4 threads, DEBUG off) is started twice, side by side,
as `bench/agenda.py` does: `uncached` (`PAGE_CACHE=off`: what a page costs after a change)
and `cached` (as it starts by default). Each page is warmed up for a second, then loaded for
`--seconds` by `bench/load.py`. Printed: requests per second, p50 and p95 latency.

The videos are those of `bench/video_pages.py` (which measures them alone, also without the
fragment cache), written in the same database.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import subprocess
import sys
from datetime import UTC
from pathlib import Path

from common import (
    clean_up,
    free_port,
    load_average,
    machine,
    measure_pages,
    prepare_environment,
    say,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SEED = 14_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--photos", type=int, default=20_000)
    parser.add_argument("--albums", type=int, default=50)
    parser.add_argument("--videos", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the run's database and files")
    return parser.parse_args()


def fill_photos(count: int, album_count: int) -> list[tuple[str, str]]:
    """The albums and photos, in bulk; the photo pages to measure."""
    from django.db import transaction
    from django.utils import timezone

    from parvis.photos.models import Album, Licence, Photo, PhotoStatus
    from parvis.photos.services import taken_month
    from parvis.search.indexing import index_objects

    rng = random.Random(SEED)
    now = timezone.now()
    licences = list(Licence)
    with transaction.atomic():
        albums = Album.objects.bulk_create(
            Album(title=f"Album {n}", slug=f"album-{n}", published=True) for n in range(album_count)
        )
        for start in range(0, count, 2_000):
            rows = []
            for n in range(start, min(count, start + 2_000)):
                taken = now - datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
                rows.append(
                    Photo(
                        title=f"Photo {n}",
                        alt_text=f"Une vue de la ville, numéro {n}",
                        credit="Mairie",
                        licence=licences[n % len(licences)],
                        upload=f"photos/uploads/{n}.jpg",
                        original=f"photos/originals/{n}.jpg",
                        renditions={
                            "prefix": f"photos/r/{n}",
                            "widths": [320, 640, 1024, 1600],
                            "width": 4000,
                            "height": 3000,
                        },
                        width=4000,
                        height=3000,
                        taken_at=taken,
                        taken_month=taken_month(taken),
                        status=PhotoStatus.READY,
                    )
                )
            photos = Photo.objects.bulk_create(rows)
            through = Photo.albums.through
            links = []
            for photo in photos:
                for album in rng.sample(albums, rng.choice([1, 1, 2])):
                    links.append(through(photo_id=photo.pk, album_id=album.pk))
            through.objects.bulk_create(links)
            index_objects(photos)
    middle = Photo.objects.order_by("-taken_at")[count // 2]
    month = middle.taken_month
    return [
        ("photos", "/photos/"),
        ("photos-page-50", "/photos/?page=50"),
        ("albums", "/photos/albums/"),
        ("album", "/photos/albums/album-7/"),
        ("album-page-10", "/photos/albums/album-7/?page=10"),
        ("months", "/photos/months/"),
        ("month", f"/photos/months/{month.year}/{month.month}/"),
        ("photo", f"/photos/{middle.pk}/"),
        ("photo-in-album", f"/photos/albums/album-7/{Photo.objects.filter(albums__slug='album-7').order_by('-taken_at')[100].pk}/"),
        ("photo-feed", "/photos/feed/rss/"),
    ]  # fmt: skip


def fill_videos(count: int) -> list[tuple[str, str]]:
    """The video library of `bench/video_pages.py` (the same rows), and its pages, each
    named "videos-…"."""
    import video_pages

    return [(f"videos-{name}", path) for name, path in video_pages.pages(video_pages.fill(count))]


def start_server(port: int, args: argparse.Namespace, log: Path, *, mode: str) -> subprocess.Popen:
    env = {"PAGE_CACHE": "off"} if mode == "uncached" else {}
    return serve(ROOT, port, workers=args.workers, threads=args.threads, log=log, env=env)


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.datetime.now(UTC).strftime("media-%Y%m%dT%H%M%SZ")
    run_dir.mkdir(parents=True)
    postgres = prepare_environment(run_dir, args.database_url, create=args.create_database)
    database = "PostgreSQL" if args.database_url else "SQLite"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    from parvis.core.datadir import prepare as prepare_data_dir

    prepare_data_dir()
    django.setup()
    from django.db import connection

    servers: list[subprocess.Popen] = []
    try:
        say(f"Preparing the {database} database in {run_dir.relative_to(ROOT)}")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        pages = fill_photos(args.photos, args.albums) + fill_videos(args.videos)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        connection.close()
        ports = {"uncached": free_port(), "cached": free_port()}
        say(
            f"Serving on ports {ports} ({args.workers} workers x {args.threads} threads); "
            f"machine: {machine()}, Python {platform.python_version()}, load {load_average()}"
        )
        for mode, port in ports.items():
            servers.append(start_server(port, args, run_dir / f"server-{mode}.log", mode=mode))
        print(
            f"\nMedia pages, {database}, {args.photos:,} photos in {args.albums} albums, "
            f"{args.videos:,} videos"
        )
        results = measure_pages(pages, ports, seconds=args.seconds)
        summary = {
            "database": database,
            "machine": machine(),
            "python": platform.python_version(),
            "photos": args.photos,
            "videos": args.videos,
            "pages": results,
            "load_average_after": round(os.getloadavg()[0], 2),
        }
        (run_dir / "results.json").write_text(json.dumps(summary, indent=1))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        connection.close()
        clean_up(run_dir, postgres, drop=args.create_database, keep=args.keep)
    say(f"Results in {(run_dir / 'results.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
