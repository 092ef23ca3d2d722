"""Measure the video library's pages with 5,000 videos.

    .venv/bin/python bench/video_pages.py                   # SQLite
    .venv/bin/python bench/video_pages.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench_videos \\
        --create-database                                   # the same on PostgreSQL

The setting, written in bulk from a seeded generator (the same rows every run): 12
categories, 5,000 published videos (nine in ten on another site, one in ten uploaded, each
in one or two categories, dates spread over ten years). Then the production server
(`python -m parvis serve`, granian, 2 workers x 4 threads, DEBUG off) is started three
times, side by side, as `bench/agenda.py` does: `uncached` (`PAGE_CACHE=off`: what a page
costs after every change), `cold` (`FRAGMENT_CACHE=off` too) and `cached`. Each page is
warmed up for a second, then loaded for `--seconds` by `bench/load.py` (2 processes x 4
threads): the list, its 50th page, a category, its 20th page and a video's page. Printed:
requests per second, p50 and p95 latency. Nothing is asserted.
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
SEED = 5_000
CATEGORIES = [
    "Conseil municipal", "Culture", "Sport", "Fêtes", "Écoles", "Travaux", "Nature",
    "Patrimoine", "Associations", "Jeunesse", "Seniors", "Reportages",
]  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL (default: SQLite)")
    parser.add_argument("--create-database", action="store_true")
    parser.add_argument("--videos", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the run's database and files")
    return parser.parse_args()


def fill(count: int) -> dict[str, str]:
    """The categories and videos, in bulk; what the pages will ask for."""
    from django.db import transaction
    from django.utils import timezone

    from parvis.videos.models import Category, Processing, Video, VideoKind, VideoStatus

    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            Category(name=name, slug=f"categorie-{n}", position=n)
            for n, name in enumerate(CATEGORIES)
        )
        videos = []
        for n in range(count):
            uploaded = rng.random() < 0.1
            videos.append(
                Video(
                    kind=VideoKind.UPLOAD if uploaded else VideoKind.REFERENCE,
                    title=f"Reportage {n}",
                    slug=f"video-{n}",
                    description="Un reportage de la chaîne locale.",
                    status=VideoStatus.PUBLISHED,
                    published_at=now - datetime.timedelta(hours=rng.randint(1, 24 * 3650)),
                    duration=rng.randint(30, 7200),
                    poster=f"videos/posters/{n % 40}.jpg",
                    poster_alt=f"Image du reportage {n}",
                    file=f"videos/files/{n}.webm" if uploaded else "",
                    mime_type="video/webm" if uploaded else "",
                    file_size=100_000 if uploaded else None,
                    source_url="" if uploaded else "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    provider="" if uploaded else "youtube",
                    provider_id="" if uploaded else "dQw4w9WgXcQ",
                    watch_url="" if uploaded else "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    embed_url=""
                    if uploaded
                    else "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
                    processing=Processing.READY,
                )
            )
        videos = Video.objects.bulk_create(videos, batch_size=1_000)
        through = Video.categories.through
        links = []
        for video in videos:
            for category in rng.sample(categories, rng.choice([1, 1, 2])):
                links.append(through(video_id=video.pk, category_id=category.pk))
        through.objects.bulk_create(links, batch_size=2_000)
    return {"category": categories[0].slug, "video": videos[count // 2].slug}


def start_server(port: int, args: argparse.Namespace, log: Path, *, mode: str) -> subprocess.Popen:
    env = {}
    if mode in ("uncached", "cold"):
        env["PAGE_CACHE"] = "off"
    if mode == "cold":
        env["FRAGMENT_CACHE"] = "off"
    return serve(ROOT, port, workers=args.workers, threads=args.threads, log=log, env=env)


def pages(found: dict[str, str]) -> list[tuple[str, str]]:
    return [
        ("list", "/videos/"),
        ("list-page-50", "/videos/?page=50"),
        ("category", f"/videos/categories/{found['category']}/"),
        ("category-page-20", f"/videos/categories/{found['category']}/?page=20"),
        ("video", f"/videos/{found['video']}/"),
    ]


def main() -> None:
    args = parse_args()
    run_dir = RESULTS / datetime.datetime.now(UTC).strftime("videos-%Y%m%dT%H%M%SZ")
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
        found = fill(args.videos)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()
        ports = {"uncached": free_port(), "cold": free_port(), "cached": free_port()}
        say(
            f"Serving on ports {ports} ({args.workers} workers x {args.threads} threads); "
            f"machine: {machine()}, Python {platform.python_version()}, load {load_average()}"
        )
        for mode, port in ports.items():
            servers.append(start_server(port, args, run_dir / f"server-{mode}.log", mode=mode))
        print(f"\nVideo pages, {database}, {args.videos:,} videos")
        results = measure_pages(pages(found), ports, seconds=args.seconds)
        summary = {
            "database": database,
            "machine": machine(),
            "python": platform.python_version(),
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
