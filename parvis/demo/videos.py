"""The demo town's video library: the local TV channel's 1,400 videos, nearly all kept on
YouTube or Vimeo (their metadata stored as the worker would have, no network at load, their
posters generated here), and four short videos uploaded to Parvis (real WebM files made by
`parvis.videos.webm`, with French WebVTT captions), in eight categories and three
playlists. Some belong to a space (the reports on the youth council to its space, on the
river banks to Les Rives, the town hall's videos of the market hall to the Centre-Ville),
and most carry the tag of their category, so that the spaces' and tags' pages show them.

Deterministic (a seeded generator), written in bulk, built once: a later run finds the
first video and changes nothing."""

from __future__ import annotations

import io
import random
import string
from collections import Counter
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from parvis.search.indexing import index_objects
from parvis.spaces.models import Space
from parvis.tags.models import Tag
from parvis.videos.models import (
    CaptionTrack,
    Category,
    Playlist,
    PlaylistEntry,
    Processing,
    Provider,
    Video,
    VideoKind,
    VideoStatus,
)
from parvis.videos.providers import Reference
from parvis.videos.webm import frames, webm_bytes

SEED = 1400
COUNT = 1400
POSTERS = 16
CHANNEL = "TV Villeneuve"

CATEGORIES = [
    ("conseil-municipal", "Conseil municipal"),
    ("culture", "Culture"),
    ("sport", "Sport"),
    ("fetes-et-marches", "Fêtes et marchés"),
    ("ecoles", "Écoles"),
    ("patrimoine", "Patrimoine"),
    ("nature", "Nature"),
    ("portraits", "Portraits"),
]
SUBJECTS = {
    "conseil-municipal": [
        "Séance du conseil municipal",
        "Le budget en questions",
        "Le maire répond",
    ],
    "culture": ["Concert de l’harmonie", "Festival de théâtre", "Exposition à la médiathèque"],
    "sport": ["Match de l’Union sportive", "Cross des écoles", "Tournoi de pétanque"],
    "fetes-et-marches": ["Marché du samedi", "Fête de la Saint-Jean", "Brocante des Rives"],
    "ecoles": ["Rentrée des classes", "Conseil des jeunes", "Carnaval des écoles"],
    "patrimoine": ["Le lavoir restauré", "Journées du patrimoine", "Le moulin de la rivière"],
    "nature": ["L’étang des carpes", "Les jardins partagés", "Nettoyage des berges"],
    "portraits": ["Portrait d’une boulangère", "Le dernier tanneur", "Une centenaire raconte"],
}
#: The space (by its slug) of the reports on some subjects, and of some uploaded videos.
SUBJECT_SPACES = {
    "Conseil des jeunes": "conseil-municipal-des-jeunes",
    "Nettoyage des berges": "les-rives",
    "Brocante des Rives": "les-rives",
    "La halle en travaux, vue du ciel": "centre-ville",
    "Les couleurs du marché": "centre-ville",
}
#: The demo's tag (by its slug) carried by the videos of each category.
CATEGORY_TAGS = {
    "conseil-municipal": "vie-municipale",
    "culture": "culture",
    "sport": "sport",
    "ecoles": "ecoles",
    "nature": "environnement",
}
CAPTIONS = (
    "WEBVTT\n\n"
    "00:00.000 --> 00:02.000\nBonjour, voici les nouvelles de Villeneuve-du-Parvis.\n\n"
    "00:02.000 --> 00:04.000\nÀ bientôt sur TV Villeneuve.\n"
)


def _poster(number: int) -> bytes:
    image = Image.new("RGB", (640, 360), ((37 * number) % 200 + 30, 90, 160 - 7 * number % 100))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 290, 620, 340), fill=(0, 0, 0))
    draw.text((32, 305), f"{CHANNEL} · {number + 1}", fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def _reference(rng: random.Random) -> Reference:
    if rng.random() < 0.8:
        alphabet = string.ascii_letters + string.digits + "-_"
        return Reference("youtube", "".join(rng.choice(alphabet) for _ in range(11)), "", "https")
    return Reference("vimeo", str(rng.randrange(10_000_000, 999_999_999)), "", "https")


def videos_ensure(*, now: datetime, spaces: dict[str, Space]) -> Counter[str]:
    """The video library, once; what it created, by kind ("video": 1404, …). Some go to
    `spaces` (by slug, `SUBJECT_SPACES`), and they carry the demo's tags (made before, by the
    newsroom: `CATEGORY_TAGS`)."""
    created: Counter[str] = Counter()
    if Video.objects.filter(slug="tv-villeneuve-1").exists():
        return created
    rng = random.Random(SEED)
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=CATEGORY_TAGS.values())}
    categories = Category.objects.bulk_create(
        Category(slug=slug, name=name, position=n) for n, (slug, name) in enumerate(CATEGORIES)
    )
    created["video category"] += len(categories)
    posters = [
        default_storage.save(f"videos/posters/demo-{n}.jpg", ContentFile(_poster(n)))
        for n in range(POSTERS)
    ]
    videos: list[Video] = []
    chosen: list[Category] = []
    for n in range(COUNT):
        category = categories[n % len(categories)]
        subject = rng.choice(SUBJECTS[category.slug])
        when = now - timedelta(days=3650 * (n + 1) / COUNT, hours=rng.randrange(0, 12))
        reference = _reference(rng)
        title = f"{subject} ({when:%d/%m/%Y})"
        videos.append(
            Video(
                kind=VideoKind.REFERENCE,
                title=title,
                slug=f"tv-villeneuve-{n + 1}",
                description=f"{subject}, un reportage de {CHANNEL}.",
                status=VideoStatus.PUBLISHED,
                published_at=when,
                created_at=when,
                duration=rng.randrange(45, 5400),
                poster=posters[n % POSTERS],
                poster_alt=f"Image du reportage « {title} »",
                source_url=reference.watch_url,
                provider=Provider(reference.provider),
                provider_id=reference.video_id,
                watch_url=reference.watch_url,
                embed_url=reference.embed_url,
                author_name=CHANNEL,
                processing=Processing.READY,
                space=spaces.get(SUBJECT_SPACES.get(subject, "")),
            )
        )
        chosen.append(category)
    for n, (title, category_slug) in enumerate(
        [
            ("Le mot du maire", "conseil-municipal"),
            ("La halle en travaux, vue du ciel", "patrimoine"),
            ("Les couleurs du marché", "fetes-et-marches"),
            ("Le printemps au jardin partagé", "nature"),
        ]
    ):
        data = webm_bytes(frames(4, size=(320, 180), label=title))
        video = Video(
            kind=VideoKind.UPLOAD,
            title=title,
            slug=f"video-de-la-mairie-{n + 1}",
            description=f"{title} : une courte vidéo de la mairie, sous-titrée.",
            status=VideoStatus.PUBLISHED,
            published_at=now - timedelta(days=n + 1),
            created_at=now - timedelta(days=n + 1),
            duration=4,
            poster=posters[n],
            poster_alt=f"Image de la vidéo « {title} »",
            mime_type="video/webm",
            file_size=len(data),
            processing=Processing.READY,
            space=spaces.get(SUBJECT_SPACES.get(title, "")),
        )
        video.file.save(f"demo-{n + 1}.webm", ContentFile(data), save=False)
        videos.append(video)
        chosen.append(next(c for c in categories if c.slug == category_slug))
    videos = Video.objects.bulk_create(videos, batch_size=500)
    created["video"] += len(videos)
    through = Video.categories.through
    through.objects.bulk_create(
        [through(video_id=v.pk, category_id=c.pk) for v, c in zip(videos, chosen, strict=True)],
        batch_size=1000,
    )
    tagged = Video.tags.through
    tagged.objects.bulk_create(
        [
            tagged(video_id=v.pk, tag_id=tag.pk)
            for v, c in zip(videos, chosen, strict=True)
            if (tag := tags.get(CATEGORY_TAGS.get(c.slug, ""))) is not None
        ],
        batch_size=1000,
    )
    for video in videos[COUNT:]:
        track = CaptionTrack(video=video, language="fr", label="Français")
        track.file.save("captions.vtt", ContentFile(CAPTIONS.encode()), save=False)
        track.save()
        created["caption track"] += 1
    for slug, title, members in [
        (
            "seances-du-conseil",
            "Les séances du conseil",
            [v for v, c in zip(videos, chosen, strict=True) if c.slug == "conseil-municipal"][:12],
        ),
        (
            "patrimoine-en-images",
            "Le patrimoine en images",
            [v for v, c in zip(videos, chosen, strict=True) if c.slug == "patrimoine"][:10],
        ),
        ("videos-de-la-mairie", "Les vidéos de la mairie", videos[COUNT:]),
    ]:
        playlist = Playlist.objects.create(slug=slug, title=title)
        PlaylistEntry.objects.bulk_create(
            PlaylistEntry(playlist=playlist, video=video, position=position)
            for position, video in enumerate(members, start=1)
        )
        created["playlist"] += 1
        created["video of the playlist"] += len(members)
    index_objects(
        Video.objects.filter(pk__in=[v.pk for v in videos]).prefetch_related("categories", "tags")
    )
    return created
