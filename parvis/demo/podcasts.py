"""The demo town's podcasts: two shows, the town hall's magazine and the youth council's, with
a few episodes each, their notes and (for some) a WebVTT transcript. The youth council's
belongs to its space, whose page shows it.

The audio is generated, without network and without an encoder: MP3 frames of silence built
by hand (`podcasts.audio.silent_mp3`, 4 KB a second), read back by mutagen as an upload is,
so every episode is a real, playable file with its real duration. Dates are counted from
the first build; a show already there (by its address) is left as it is, so a second run
writes nothing. The episodes are read here, not queued for the worker: the demo is ready
when the command ends.
"""

from __future__ import annotations

import io
import random
from datetime import datetime, timedelta

from django.core.files.base import ContentFile

from parvis.demo.covers import _MOTIF_PAINTERS, _landscape
from parvis.podcasts import audio, services
from parvis.podcasts.models import Episode, Processing, Show, TranscriptFormat
from parvis.spaces.models import Space

COVER_SIDE = 1400
#: The space (by its slug) of some shows, by the show's slug.
SHOW_SPACES = {"paroles-de-jeunes": "conseil-municipal-des-jeunes"}

#: (slug, title, author, description, motif, episodes as (slug, title, seconds, notes))
SHOWS = [
    (
        "la-voix-du-parvis",
        "La voix du Parvis",
        "Mairie de Villeneuve-du-Parvis",
        "Le magazine audio de la mairie : chaque mois, les projets de la ville racontés par "
        "celles et ceux qui les mènent.",
        "council",
        [
            ("le-budget-explique", "Le budget 2026 expliqué", 42,
             "L'adjointe aux finances détaille les **grandes lignes** du budget."),
            ("le-tram-en-questions", "Le tram en questions", 38,
             "Le chef de projet répond aux questions des habitants sur le tracé du tram T1."),
            ("la-rentree-des-ecoles", "La rentrée des écoles", 30,
             "Cantine, horaires et nouveaux équipements : ce qui change à la rentrée."),
            ("le-marche-du-samedi", "Le marché du samedi", 26,
             "Rencontre avec les producteurs du marché de la place de la Halle."),
        ],
    ),
    (
        "paroles-de-jeunes",
        "Paroles de jeunes",
        "Conseil municipal des jeunes",
        "Les élus du conseil municipal des jeunes interrogent la ville et ses habitants.",
        "theme",
        [
            ("un-skatepark-aux-berges", "Un skatepark aux Berges ?", 34,
             "Le projet de skatepark, de l'idée au vote."),
            ("le-sport-pour-toutes", "Le sport pour toutes", 28,
             "Les clubs de la ville et la place des filles dans le sport."),
            ("la-fete-de-la-musique", "La fête de la musique", 24,
             "Les groupes du lycée se préparent pour le 21 juin."),
        ],
    ),
]  # fmt: skip


def _cover(seed: str, motif: str) -> tuple[bytes, str]:
    rng = random.Random(f"podcast:{seed}")
    image, canvas, palette = _landscape(rng, width=COVER_SIDE, height=COVER_SIDE, scale=1)
    _MOTIF_PAINTERS[motif](canvas, rng, palette)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue(), f"Illustration : des collines {palette.name}, un micro imaginaire."


def _transcript(title: str, seconds: int) -> str:
    middle = seconds // 2
    return (
        "WEBVTT\n\n"
        f"00:00:00.000 --> 00:00:05.000\nBonjour et bienvenue dans cet épisode : {title}.\n\n"
        f"00:00:{middle:02d}.000 --> 00:00:{middle + 4:02d}.000\n"
        "Retrouvez toutes les informations sur le site de la ville.\n"
    )


def podcasts_ensure(*, now: datetime, spaces: dict[str, Space]) -> dict[str, int]:
    """The two shows and their episodes, if not there yet (some in `spaces`, by slug:
    `SHOW_SPACES`); what was created."""
    created = {"podcast show": 0, "podcast episode": 0}
    for index, (slug, title, author, description, motif, episodes) in enumerate(SHOWS):
        if Show.objects.filter(slug=slug).exists():
            continue
        cover, alt = _cover(slug, motif)
        show = Show(
            slug=slug,
            title=title,
            author=author,
            description=description,
            owner_name="Service communication",
            owner_email="podcast@villeneuve-du-parvis.fr",
            category="Government",
            language="fr",
            is_published=True,
            space=spaces.get(SHOW_SPACES.get(slug, "")),
            cover_alt=alt,
        )
        show.cover.save(f"{slug}.jpg", ContentFile(cover), save=False)
        services.show_save(show=show, actor=None)
        created["podcast show"] += 1
        count = len(episodes)
        for number, (episode_slug, episode_title, seconds, notes) in enumerate(episodes, 1):
            data = audio.silent_mp3(seconds)
            info = audio.read_audio(io.BytesIO(data), len(data))
            episode = Episode(
                show=show,
                slug=episode_slug,
                title=episode_title,
                description=notes,
                season=1,
                number=number,
                is_published=True,
                # Monthly, the last one a week before the first build.
                published_at=now - timedelta(days=7 + 30 * (count - number) + index),
                transcript=_transcript(episode_title, seconds) if number % 2 else "",
                transcript_format=TranscriptFormat.VTT,
                audio_size=len(data),
                audio_type=info.kind.mime_type,
                duration=info.duration,
                processing=Processing.READY,
            )
            episode.audio.save(f"{episode_slug}.mp3", ContentFile(data), save=False)
            services.episode_save(episode=episode, actor=None)
            created["podcast episode"] += 1
    return {kind: count for kind, count in created.items() if count}
