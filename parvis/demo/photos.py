"""The demo town's photo library: 600 photos over the twelve months before the first build
(so twelve monthly albums), in six thematic albums of 100.

The pictures are drawn with Pillow (800 x 600: a sky, hills, a sun, houses, in seeded
colours) and go through the same pipeline as an upload (`parvis.core.renditions`: inspect,
renditions in JPEG and WebP, the clean original). Rendering 600 of them would add about 45 s
to every demo build (the tests build the demo several times), so 30 distinct pictures are
drawn and rendered, and the 600 photos share them, each with its own title, text
alternative, date, licence and album. Three albums belong to a space (the market to the
Centre-Ville, the tram's works to the tram project, the river banks to Les Rives), whose
page shows them, and their photos carry a tag, whose page shows them. Built once: a later
run finds the first photo and changes nothing."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from parvis.core import renditions
from parvis.core.pagecache import objects_changed
from parvis.core.storage import private_storage
from parvis.photos.models import Album, Licence, Photo, PhotoStatus
from parvis.photos.services import RENDITIONS_FOLDER, taken_month
from parvis.search.indexing import index_objects
from parvis.spaces.models import Space
from parvis.tags.models import Tag

SEED = 14
PHOTOS = 600
PICTURES = 30
FIRST_NAME = "demo-photo-000.jpg"

#: (slug, title, description, the words of its photos' titles and text alternatives)
ALBUMS = [
    ("marche-du-samedi", "Le marché du samedi", "Les étals de la place de la Halle.",
     "Le marché", "Des étals colorés sous les platanes de la place de la Halle"),
    ("fete-de-la-musique", "La fête de la musique", "Concerts dans les rues du Vieux Bourg.",
     "La fête de la musique", "Un groupe joue sur une scène devant la mairie"),
    ("chantier-du-tram", "Le chantier du tram", "Les travaux de la ligne T1, mois après mois.",
     "Le chantier du tram", "Des engins de chantier le long de l'avenue de la République"),
    ("bords-de-riviere", "Les bords de rivière", "Les berges, le lavoir et les saules.",
     "Les berges", "La rivière bordée de saules, vue depuis le pont de pierre"),
    ("ecoles-en-fete", "Les écoles en fête", "Kermesses et spectacles des écoles.",
     "La kermesse", "Des enfants devant les stands de la kermesse de l'école"),
    ("patrimoine", "Patrimoine", "L'église, les lavoirs, les façades anciennes.",
     "Le patrimoine", "La façade de l'église Saint-Martin au soleil couchant"),
]  # fmt: skip
#: The space (by its slug) and the tag each of some albums belongs to, by the album's slug.
ALBUM_SPACES = {
    "marche-du-samedi": "centre-ville",
    "chantier-du-tram": "tram-t1",
    "bords-de-riviere": "les-rives",
}
ALBUM_TAGS = {
    "chantier-du-tram": "travaux",
    "bords-de-riviere": "environnement",
    "ecoles-en-fete": "ecoles",
    "fete-de-la-musique": "culture",
}
LICENCES = [
    Licence.CC_BY,
    Licence.CC_BY,
    Licence.CC_BY_SA,
    Licence.CC0,
    Licence.ALL_RIGHTS_RESERVED,
]


def _picture(rng: random.Random) -> bytes:
    def colour() -> tuple[int, int, int]:
        return (rng.randrange(256), rng.randrange(256), rng.randrange(256))

    image = Image.new("RGB", (800, 600), colour())
    draw = ImageDraw.Draw(image)
    draw.ellipse((rng.randrange(500, 700), 40, rng.randrange(720, 780), 120), fill=colour())
    draw.polygon(
        [
            (0, 420),
            (rng.randrange(150, 400), rng.randrange(250, 350)),
            (800, 430),
            (800, 600),
            (0, 600),
        ],
        fill=colour(),
    )
    for n in range(rng.randrange(3, 7)):
        x = 60 + n * 120 + rng.randrange(-20, 20)
        draw.rectangle((x, 430, x + 80, 520), fill=colour())
        draw.polygon([(x - 10, 430), (x + 40, 390), (x + 90, 430)], fill=colour())
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def photos_ensure(*, now: datetime, spaces: dict[str, Space]) -> Counter[str]:
    """The photo library, once; what it created, by kind ("photo": 600, "album": 6). Some
    albums go to `spaces` (by slug, `ALBUM_SPACES`), their photos carry the demo's tags
    (made before, by the newsroom: `ALBUM_TAGS`)."""
    created: Counter[str] = Counter()
    if Photo.objects.filter(upload_name=FIRST_NAME).exists():
        return created
    rng = random.Random(SEED)
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=ALBUM_TAGS.values())}
    albums = []
    for slug, title, description, _words, _alt in ALBUMS:
        album, made = Album.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "published": True,
                "space": spaces.get(ALBUM_SPACES.get(slug, "")),
            },
        )
        albums.append(album)
        created["album"] += made
    pictures = []
    for n in range(PICTURES):
        data = _picture(rng)
        rendered = renditions.render(data)
        stored = renditions.store(rendered, default_storage, RENDITIONS_FOLDER)
        original = default_storage.save(
            f"photos/originals/demo-{n:02d}.jpg", ContentFile(rendered.original)
        )
        upload = private_storage().save(f"photos/uploads/demo-{n:02d}.jpg", ContentFile(data))
        pictures.append((stored, original, upload))
    rows = []
    for n in range(PHOTOS):
        stored, original, upload = pictures[n % PICTURES]
        _slug, _title, _description, words, alt = ALBUMS[n % len(ALBUMS)]
        taken = now - timedelta(days=n * 365 / PHOTOS, hours=rng.randrange(0, 10))
        rows.append(
            Photo(
                title=f"{words} ({n // len(ALBUMS) + 1})",
                alt_text=alt,
                credit="Service communication, mairie de Villeneuve-du-Parvis",
                licence=LICENCES[n % len(LICENCES)],
                upload=upload,
                upload_name=f"demo-photo-{n:03d}.jpg",
                original=original,
                renditions=stored.as_json(),
                width=stored.width,
                height=stored.height,
                taken_at=taken,
                taken_month=taken_month(taken),
                taken_from_exif=True,
                status=PhotoStatus.READY,
                created_at=now,
            )
        )
    photos = Photo.objects.bulk_create(rows)
    through = Photo.albums.through
    through.objects.bulk_create(
        through(photo_id=photo.pk, album_id=albums[n % len(albums)].pk)
        for n, photo in enumerate(photos)
    )
    tagged = Photo.tags.through
    tagged.objects.bulk_create(
        tagged(photo_id=photo.pk, tag_id=tag.pk)
        for n, photo in enumerate(photos)
        if (tag := tags.get(ALBUM_TAGS.get(albums[n % len(albums)].slug, ""))) is not None
    )
    for album in albums:
        album.cover = next(p for n, p in enumerate(photos) if albums[n % len(albums)] == album)
        album.save(update_fields=["cover"])
    objects_changed(Photo, [photo.pk for photo in photos])
    index_objects(photos)
    index_objects(albums)
    created["photo"] += len(photos)
    return created
