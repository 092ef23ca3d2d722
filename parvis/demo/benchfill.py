"""Fill the database to a chosen size for the benchmarks in `bench/`.

Rows are written with `bulk_create`, not through the services: a benchmark needs 10,000
accounts in seconds, and these rows need none of what the services add (audit entries,
search indexing, notifications). The bounding boxes that `space_save` would keep are
computed here the same way (`core.geo.area_bbox`). Every bench row is recognisable (slug
prefix, e-mail domain), so a new fill first removes the previous one and the demo town is
left alone. A seeded `random.Random` makes two fills of the same size identical.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from parvis.accounts.models import User
from parvis.core.geo import area_bbox
from parvis.core.town import current_town
from parvis.notifications.models import Subscription
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership, SpacePage

SLUG_PREFIX = "bench-"
EMAIL_DOMAIN = "bench.example"
BATCH = 2_000
#: Side of a bench neighbourhood's square, in degrees of latitude (about 200 m).
CELL_DEG = 0.0018

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


def space_slug(index: int) -> str:
    return f"{SLUG_PREFIX}{index:05d}"


def page_slug(index: int) -> str:
    return f"page-{index + 1}"


def bench_clear() -> None:
    """Remove every row a previous fill wrote (and nothing else)."""
    space_ids = list(
        Space.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    bench_users = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    space_type = ContentType.objects.get_for_model(Space)
    Subscription.objects.filter(target_type=space_type, target_id__in=space_ids).delete()
    Subscription.objects.filter(user__in=bench_users).delete()
    SpaceMembership.objects.filter(space_id__in=space_ids).delete()
    SpacePage.objects.filter(space_id__in=space_ids).delete()
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


def bench_fill(
    *,
    spaces: int,
    pages_per_space: int,
    users: int,
    members_per_space: int = 2,
    follows_per_user: int = 3,
    seed: str = "parvis-bench",
) -> FillResult:
    """Replace the previous bench rows with exactly these numbers, in one transaction."""
    if spaces < 1 or users < 1 or pages_per_space < 1:
        raise ValueError("A fill needs at least one space, one page per space and one user.")
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

    middle = space_rows[len(space_rows) // 2]
    return FillResult(
        spaces=len(space_rows),
        pages=len(page_rows),
        users=len(user_rows),
        memberships=SpaceMembership.objects.filter(space__slug__startswith=SLUG_PREFIX).count(),
        subscriptions=len(subscription_rows),
        sample_space_url=middle.get_absolute_url(),
        sample_page_url=f"{middle.get_absolute_url()}pages/{page_slug(pages_per_space // 2)}/",
        sample_kind=SpaceKind.NEIGHBOURHOOD.value,
    )
