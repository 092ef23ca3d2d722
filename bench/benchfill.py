"""Fill the database to a chosen size for the benchmarks in `bench/`.

    .venv/bin/python bench/benchfill.py --spaces 1000 --pages-per-space 5 --users 10000 \\
        --articles 10000 --announcements 2000 --tags 24 [--json] [--force]

It reads the same environment as `parvis` (DATABASE_URL, PARVIS_DATA_DIR…) and refuses to
run on a real town's site (TOWN_NAME set) unless `--force`. It is a benchmark tool, not part
of the `parvis` package that a town installs: `bench/run.py` runs it, and a script that has
already set Django up may import `bench_fill` from it.

Rows are written with `bulk_create`, not through the services: a benchmark needs 10,000
accounts and 10,000 news articles in seconds, and these rows need none of what the services
add (audit entries, notifications) but search indexing, done here in bulk
(`search.indexing.index_objects`). The bounding boxes that `space_save` would keep are
computed here the same way (`core.geo.area_bbox`). Every bench row is recognisable (slug
prefix for spaces, articles and tags; e-mail domain for accounts, and for the authors of
announcements), so a new fill first removes the previous one and the demo town is left
alone. A seeded `random.Random` makes two fills of the same size identical; news dates are
spread back from a fixed day (`NEWS_UNTIL`), not from now, for the same reason.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    import django

    from parvis.core.datadir import prepare

    prepare()  # as `parvis` does: the data directory and its secret key
    django.setup()

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from parvis.accounts.models import User
from parvis.core.geo import area_bbox
from parvis.core.tasks import refresh_database_statistics
from parvis.core.town import current_town
from parvis.news.models import Announcement, AnnouncementStatus, Article, ArticleStatus
from parvis.notifications.models import Subscription
from parvis.search.indexing import index_objects, unindex_objects
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership, SpacePage
from parvis.tags.models import Tag

SLUG_PREFIX = "bench-"
EMAIL_DOMAIN = "bench.example"
BATCH = 2_000
#: Side of a bench neighbourhood's square, in degrees of latitude (about 200 m).
CELL_DEG = 0.0018
#: News dates go back from this day over NEWS_YEARS: fixed, so two fills are identical.
NEWS_UNTIL = datetime(2026, 1, 1, tzinfo=UTC)
NEWS_YEARS = 4
#: The one image bench news carry (a third of them), written once to the public storage.
IMAGE_NAME = "news/images/bench.png"

# A small vocabulary of town words, enough for varied texts and for search to find things.
WORDS = [
    "quartier",
    "rue",
    "place",
    "marché",
    "école",
    "jardin",
    "parc",
    "lavoir",
    "église",
    "mairie",
    "gare",
    "tram",
    "bus",
    "vélo",
    "piscine",
    "stade",
    "médiathèque",
    "association",
    "fête",
    "voisins",
    "habitants",
    "commerce",
    "boulangerie",
    "travaux",
    "chantier",
    "réunion",
    "conseil",
    "projet",
    "budget",
    "enfants",
    "jeunes",
    "famille",
    "culture",
    "patrimoine",
    "rivière",
    "canal",
    "moulin",
    "verger",
    "forêt",
    "chemin",
    "sentier",
    "arbre",
    "fleurs",
    "printemps",
    "été",
    "automne",
    "hiver",
    "samedi",
    "dimanche",
    "matin",
    "soir",
    "concert",
    "exposition",
    "atelier",
    "repas",
]
NAME_WORDS = [
    "Tilleuls",
    "Chênes",
    "Peupliers",
    "Vergers",
    "Moulin",
    "Lavoir",
    "Prairie",
    "Coteau",
    "Fontaine",
    "Halles",
    "Remparts",
    "Cerisiers",
    "Saules",
    "Rives",
    "Garenne",
    "Bellevue",
    "Cressonnière",
    "Écluse",
    "Marronniers",
    "Bruyères",
]
KIND_PREFIX = {
    SpaceKind.NEIGHBOURHOOD: "Quartier",
    SpaceKind.PROJECT: "Projet",
    SpaceKind.COUNCIL: "Conseil",
    SpaceKind.THEME: "Thème",
}
# Most spaces of a real town are neighbourhoods; a few are projects, councils and themes.
KIND_CYCLE = (
    [SpaceKind.NEIGHBOURHOOD] * 5
    + [SpaceKind.PROJECT] * 2
    + [
        SpaceKind.COUNCIL,
        SpaceKind.THEME,
    ]
)


@dataclass(frozen=True)
class FillResult:
    spaces: int
    pages: int
    users: int
    memberships: int
    subscriptions: int
    #: A space and one of its pages in the middle of the data, for the benchmark to request.
    sample_space_url: str
    sample_page_url: str
    sample_kind: str
    articles: int = 0
    announcements: int = 0
    tags: int = 0
    #: A public article in the middle of the data, and a tag carried by many of them.
    sample_article_url: str = ""
    sample_tag_url: str = ""
    sample_tag_slug: str = ""


def space_slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:05d}"


def page_slug(index: int) -> str:
    return f"page-{index + 1}"


def article_slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:05d}"


def tag_slug(word: str) -> str:
    return f"{SLUG_PREFIX}{slugify(word)}"


def bench_clear() -> None:
    """Remove every row a previous fill wrote (and nothing else)."""
    space_ids = list(
        Space.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    bench_users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    articles = Article.objects.filter(slug__startswith=SLUG_PREFIX)
    unindex_objects(Article, articles.values_list("pk", flat=True))
    articles.delete()
    announcements = Announcement.objects.filter(author__in=bench_users)
    unindex_objects(Announcement, announcements.values_list("pk", flat=True))
    announcements.delete()
    Tag.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    space_type = ContentType.objects.get_for_model(Space)
    Subscription.objects.filter(target_type=space_type, target_id__in=space_ids).delete()
    Subscription.objects.filter(user__in=bench_users).delete()
    SpaceMembership.objects.filter(space_id__in=space_ids).delete()
    SpacePage.objects.filter(space_id__in=space_ids).delete()
    unindex_objects(Space, space_ids)  # their pages' documents go with the spaces
    Space.objects.filter(pk__in=space_ids).delete()
    bench_users.delete()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def _square(index: int, side: int, centre: tuple[float, float]) -> dict:
    """A square cell of a grid centred on the town, as a GeoJSON Polygon."""
    lat0, lon0 = centre
    row, column = divmod(index, side)
    lat_step = CELL_DEG
    lon_step = CELL_DEG / math.cos(math.radians(lat0))
    south = lat0 + (row - side / 2) * lat_step
    west = lon0 + (column - side / 2) * lon_step
    ring = [
        [west, south],
        [west + lon_step, south],
        [west + lon_step, south + lat_step],
        [west, south + lat_step],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [[[round(x, 6) for x in p] for p in ring]]}


SERVICES = ["Office de tourisme", "Médiathèque", "Services techniques", "Piscine municipale"]


def _bench_image() -> int:
    """Write the bench news image to the public storage, once; its size in bytes."""
    if not default_storage.exists(IMAGE_NAME):
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (960, 540), (70, 120, 160)).save(buffer, format="PNG")
        default_storage.save(IMAGE_NAME, ContentFile(buffer.getvalue()))
    return default_storage.size(IMAGE_NAME)


def _some_tags(rng: random.Random, tags: list[Tag], weights: list[float], most: int) -> set[Tag]:
    """Up to `most` distinct tags, the first ones much more often (as real tags are used)."""
    if not tags:
        return set()
    wanted = rng.randint(0, most)
    return {rng.choices(tags, weights=weights)[0] for _ in range(wanted)}


def _fill_news(
    rng: random.Random,
    *,
    spaces: list[Space],
    authors: list[User],
    articles: int,
    announcements: int,
    tags: int,
) -> tuple[list[Article], list[Announcement], list[Tag]]:
    """Tags, articles (with their tags) and announcements, in bulk; indexed for search.

    Articles: 40 % in a space, a third with an image, one in 50 a draft and one in 100
    unpublished (as in a real newsroom: lists and feeds must skip them), the rest published,
    dates spread over NEWS_YEARS. Announcements: from a space, a service or the town.
    """
    words = rng.sample(WORDS, min(tags, len(WORDS)))
    tag_rows = Tag.objects.bulk_create(
        Tag(name=f"{word.capitalize()} (bench)", slug=tag_slug(word)) for word in words
    )
    weights = [1 / (rank + 1) for rank in range(len(tag_rows))]
    image_size = _bench_image() if articles or announcements else None
    span = NEWS_YEARS * 365 * 24 * 3600

    article_rows: list[Article] = []
    article_tags: list[set[Tag]] = []
    for i in range(articles):
        published = NEWS_UNTIL - timedelta(seconds=rng.randrange(span))
        status = ArticleStatus.PUBLISHED
        if i % 50 == 49:
            status = ArticleStatus.DRAFT
        elif i % 100 == 24:
            status = ArticleStatus.UNPUBLISHED
        illustrated = rng.random() < 1 / 3
        article_rows.append(
            Article(
                slug=article_slug(i),
                title=_sentence(rng, rng.randint(4, 9)).rstrip("."),
                lead=_sentence(rng, rng.randint(14, 24)),
                body="\n\n".join(
                    [_paragraph(rng, 4), f"## {_sentence(rng, 3)}", _paragraph(rng, 5)]
                    + [f"- {_sentence(rng, 8)}" for _ in range(3)]
                    + [_paragraph(rng, 3)]
                ),
                space=rng.choice(spaces) if rng.random() < 0.4 else None,
                author=authors[i % len(authors)],
                status=status,
                publish_at=None if status == ArticleStatus.DRAFT else published,
                published_at=None if status == ArticleStatus.DRAFT else published,
                created_at=published - timedelta(days=1),
                image=IMAGE_NAME if illustrated else "",
                image_alt=_sentence(rng, 6) if illustrated else "",
                image_size=image_size if illustrated else None,
            )
        )
        article_tags.append(_some_tags(rng, tag_rows, weights, 3))
    article_rows = Article.objects.bulk_create(article_rows, batch_size=BATCH)
    Article.tags.through.objects.bulk_create(
        (
            Article.tags.through(article_id=article.pk, tag_id=tag.pk)
            for article, chosen in zip(article_rows, article_tags, strict=True)
            for tag in chosen
        ),
        batch_size=BATCH,
    )

    announcement_rows: list[Announcement] = []
    announcement_tags: list[set[Tag]] = []
    for i in range(announcements):
        source = rng.random()
        illustrated = rng.random() < 0.1
        announcement_rows.append(
            Announcement(
                text=_paragraph(rng, rng.randint(1, 3))[:500],
                space=rng.choice(spaces) if source < 0.3 else None,
                service=rng.choice(SERVICES) if 0.3 <= source < 0.6 else "",
                author=authors[i % len(authors)],
                status=AnnouncementStatus.PUBLISHED,
                published_at=NEWS_UNTIL - timedelta(seconds=rng.randrange(span)),
                image=IMAGE_NAME if illustrated else "",
                image_alt=_sentence(rng, 6) if illustrated else "",
                image_size=image_size if illustrated else None,
            )
        )
        announcement_tags.append(_some_tags(rng, tag_rows, weights, 1))
    announcement_rows = Announcement.objects.bulk_create(announcement_rows, batch_size=BATCH)
    Announcement.tags.through.objects.bulk_create(
        (
            Announcement.tags.through(announcement_id=announcement.pk, tag_id=tag.pk)
            for announcement, chosen in zip(announcement_rows, announcement_tags, strict=True)
            for tag in chosen
        ),
        batch_size=BATCH,
    )

    # Indexed from fresh rows with their space and tags prefetched, as `search_rebuild` does:
    # the documents carry the tags' names and the space's visibility.
    for model, rows in ((Article, article_rows), (Announcement, announcement_rows)):
        ids = [row.pk for row in rows]
        for start in range(0, len(ids), BATCH):
            index_objects(
                model.objects.filter(pk__in=ids[start : start + BATCH])
                .select_related("space")
                .prefetch_related("tags")
            )
    return article_rows, announcement_rows, tag_rows


def bench_fill(
    *,
    spaces: int,
    pages_per_space: int,
    users: int,
    members_per_space: int = 2,
    follows_per_user: int = 3,
    articles: int = 0,
    announcements: int = 0,
    tags: int = 0,
    seed: str = "parvis-bench",
) -> FillResult:
    """Replace the previous bench rows with exactly these numbers, in one transaction."""
    if spaces < 1 or users < 1 or pages_per_space < 1:
        raise ValueError("A fill needs at least one space, one page per space and one user.")
    if min(articles, announcements, tags) < 0:
        raise ValueError("Numbers of articles, announcements and tags cannot be negative.")
    if tags > len(WORDS):
        raise ValueError(f"A fill has at most {len(WORDS)} tags.")
    rng = random.Random(seed)
    centre = current_town().centre
    side = math.ceil(math.sqrt(spaces))
    with transaction.atomic():
        bench_clear()

        space_rows = []
        for i in range(spaces):
            kind = KIND_CYCLE[i % len(KIND_CYCLE)]
            name = f"{KIND_PREFIX[kind]} {rng.choice(NAME_WORDS)} {i + 1}"
            space = Space(
                kind=kind,
                slug=space_slug(i),
                name=name,
                summary=_sentence(rng, 14),
                description=f"{_paragraph(rng, 3)}\n\n## {_sentence(rng, 3)}\n\n"
                + "\n".join(f"- {_sentence(rng, 6)}" for _ in range(4)),
            )
            if kind == SpaceKind.NEIGHBOURHOOD:
                space.boundary = _square(i, side, centre)
                box = area_bbox(space.boundary)
                space.bbox_min_lat, space.bbox_min_lon = box.min_lat, box.min_lon
                space.bbox_max_lat, space.bbox_max_lon = box.max_lat, box.max_lon
            space_rows.append(space)
        space_rows = Space.objects.bulk_create(space_rows, batch_size=BATCH)

        page_rows = [
            SpacePage(
                space=space,
                slug=page_slug(j),
                title=_sentence(rng, 4).rstrip("."),
                body="\n\n".join(
                    [_paragraph(rng, 4), f"## {_sentence(rng, 3)}", _paragraph(rng, 5)]
                    + [f"- {_sentence(rng, 8)}" for _ in range(3)]
                ),
                position=j,
            )
            for space in space_rows
            for j in range(pages_per_space)
        ]
        SpacePage.objects.bulk_create(page_rows, batch_size=BATCH)
        index_objects([*space_rows, *page_rows])

        user_rows = User.objects.bulk_create(
            (
                User(
                    email=f"habitant{i:05d}@{EMAIL_DOMAIN}",
                    display_name=f"{rng.choice(NAME_WORDS)} {i}",
                    # Unusable: bench accounts never sign in (no hashing, so the fill is fast).
                    password=UNUSABLE_PASSWORD_PREFIX + "bench",
                )
                for i in range(users)
            ),
            batch_size=BATCH,
        )

        roles = [MemberRole.COUNCILLOR, MemberRole.OFFICIAL, MemberRole.FACILITATOR]
        membership_rows = [
            SpaceMembership(
                space=space,
                user=user_rows[(i * members_per_space + k) % len(user_rows)],
                role=roles[k % len(roles)],
                title=_sentence(rng, 5).rstrip("."),
                position=k,
            )
            for i, space in enumerate(space_rows)
            for k in range(members_per_space)
        ]
        SpaceMembership.objects.bulk_create(
            membership_rows, batch_size=BATCH, ignore_conflicts=True
        )

        space_type = ContentType.objects.get_for_model(Space)
        follows = min(follows_per_user, len(space_rows))
        subscription_rows = [
            Subscription(user=user, target_type=space_type, target_id=space.pk)
            for user in user_rows
            for space in rng.sample(space_rows, follows)
        ]
        Subscription.objects.bulk_create(subscription_rows, batch_size=BATCH)

        # Drawn after everything else from the same generator: a fill without news keeps
        # exactly the rows it had before news existed.
        article_rows, announcement_rows, tag_rows = _fill_news(
            rng,
            spaces=space_rows,
            authors=user_rows,
            articles=articles,
            announcements=announcements,
            tags=tags,
        )

    # What the worker's periodic job would have done by the time a site held this much.
    refresh_database_statistics.call()

    middle = space_rows[len(space_rows) // 2]
    public = [a for a in article_rows if a.status == ArticleStatus.PUBLISHED]
    sample_article = public[len(public) // 2] if public else None
    # The second most used tag: a tag page with hundreds of articles, not the largest one.
    sample_tag = tag_rows[1] if len(tag_rows) > 1 else (tag_rows[0] if tag_rows else None)
    return FillResult(
        spaces=len(space_rows),
        pages=len(page_rows),
        users=len(user_rows),
        memberships=SpaceMembership.objects.filter(space__slug__startswith=SLUG_PREFIX).count(),
        subscriptions=len(subscription_rows),
        sample_space_url=middle.get_absolute_url(),
        sample_page_url=f"{middle.get_absolute_url()}pages/{page_slug(pages_per_space // 2)}/",
        sample_kind=SpaceKind.NEIGHBOURHOOD.value,
        articles=len(article_rows),
        announcements=len(announcement_rows),
        tags=len(tag_rows),
        sample_article_url=sample_article.get_absolute_url() if sample_article else "",
        sample_tag_url=reverse("tags:detail", kwargs={"slug": sample_tag.slug})
        if sample_tag
        else "",
        sample_tag_slug=sample_tag.slug if sample_tag else "",
    )


# --- the command line ----------------------------------------------------------------------


class RefusedError(Exception):
    """The fill was refused (a real town, an impossible size); nothing was written."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/benchfill.py",
        description=(
            "Replace the benchmark rows with exactly this many spaces, pages, accounts, news "
            "articles, announcements and tags (the same data for the same numbers). For "
            "benchmarks only: never on a real town."
        ),
    )
    parser.add_argument("--spaces", type=int, default=1000)
    parser.add_argument("--pages-per-space", type=int, default=5)
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--members-per-space", type=int, default=2)
    parser.add_argument("--follows-per-user", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--announcements", type=int, default=2000)
    parser.add_argument("--tags", type=int, default=24)
    parser.add_argument("--json", action="store_true", help="Print the result as one line of JSON.")
    parser.add_argument(
        "--force",
        action="store_true",
        help="Run even though TOWN_NAME says this site serves a real town.",
    )
    return parser.parse_args(argv)


def run(options: argparse.Namespace) -> tuple[FillResult, float]:
    """The fill `options` ask for; its result and how many seconds it took."""
    town = current_town()
    if not town.is_demo and not options.force:
        raise RefusedError(
            f"This site serves a real town ({town.name}; TOWN_NAME is set): "
            "bench/benchfill.py only fills databases made for benchmarks."
        )
    started = time.perf_counter()
    try:
        result = bench_fill(
            spaces=options.spaces,
            pages_per_space=options.pages_per_space,
            users=options.users,
            members_per_space=options.members_per_space,
            follows_per_user=options.follows_per_user,
            articles=options.articles,
            announcements=options.announcements,
            tags=options.tags,
        )
    except ValueError as exc:
        raise RefusedError(str(exc)) from exc
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        result, seconds = run(options)
    except RefusedError as exc:
        print(f"benchfill: {exc}", file=sys.stderr)
        return 2
    if options.json:
        print(json.dumps({**dataclasses.asdict(result), "seconds": seconds}), file=out)
    else:
        print(
            f"Filled in {seconds:.1f} s: {result.spaces} spaces, {result.pages} pages, "
            f"{result.users} accounts, {result.memberships} memberships, "
            f"{result.subscriptions} subscriptions, {result.articles} articles, "
            f"{result.announcements} announcements, {result.tags} tags.",
            file=out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
