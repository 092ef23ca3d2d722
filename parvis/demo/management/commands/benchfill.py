"""`parvis benchfill`: fill the database to a chosen size, for the benchmarks in `bench/`."""

from __future__ import annotations

import dataclasses
import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parvis.core.town import current_town
from parvis.demo.benchfill import bench_fill


class Command(BaseCommand):
    help = (
        "Replace the benchmark rows with exactly this many spaces, pages, accounts, news "
        "articles, announcements and tags "
        "(the same data for the same numbers). For benchmarks only: never on a real town."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--spaces", type=int, default=1000)
        parser.add_argument("--pages-per-space", type=int, default=5)
        parser.add_argument("--users", type=int, default=10000)
        parser.add_argument("--members-per-space", type=int, default=2)
        parser.add_argument("--follows-per-user", type=int, default=3)
        parser.add_argument("--articles", type=int, default=10000)
        parser.add_argument("--announcements", type=int, default=2000)
        parser.add_argument("--tags", type=int, default=24)
        parser.add_argument(
            "--json", action="store_true", help="Print the result as one line of JSON."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though TOWN_NAME says this site serves a real town.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        town = current_town()
        if not town.is_demo and not options["force"]:
            raise CommandError(
                f"This site serves a real town ({town.name}; TOWN_NAME is set): "
                "`parvis benchfill` only fills databases made for benchmarks."
            )
        started = time.perf_counter()
        try:
            result = bench_fill(
                spaces=options["spaces"],
                pages_per_space=options["pages_per_space"],
                users=options["users"],
                members_per_space=options["members_per_space"],
                follows_per_user=options["follows_per_user"],
                articles=options["articles"],
                announcements=options["announcements"],
                tags=options["tags"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps({**dataclasses.asdict(result), "seconds": seconds}))
            return
        self.stdout.write(
            f"Filled in {seconds:.1f} s: {result.spaces} spaces, {result.pages} pages, "
            f"{result.users} accounts, {result.memberships} memberships, "
            f"{result.subscriptions} subscriptions, {result.articles} articles, "
            f"{result.announcements} announcements, {result.tags} tags."
        )
