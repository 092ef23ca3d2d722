"""Content for the cross-cutting tests (privacy, browser): a small town made through services.

Everything is created through `parvis.spaces.services`, as the back office and the demo
town do, so the pages under test show what a real town would show: a neighbourhood with a
boundary, a cover image and its text alternative, members who answer for it, pages, and
enough projects for the list of projects to have a second page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from parvis.accounts.models import User
from parvis.addresses.services import addresses_import
from parvis.comments.services import comment_create
from parvis.directory.models import DirectoryCategory, Entry
from parvis.family.models import MenuDay
from parvis.jobs.models import Offer
from parvis.jobs.services import offer_save
from parvis.news.models import Announcement, Article
from parvis.news.services import (
    announcement_publish,
    announcement_save,
    article_publish,
    article_save,
    article_submit,
)
from parvis.observations.models import Campaign, Member, Observation
from parvis.reports.models import Category, Report
from parvis.roadworks.models import Impact, ImpactKind, Works
from parvis.roadworks.services import works_save
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpacePage
from parvis.spaces.services import membership_add, space_page_save, space_save
from parvis.spaces.views import PAGE_SIZE
from parvis.tags.models import Tag

# A rough quadrilateral around the centre of the demo town (longitude, latitude).
OLD_TOWN_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [
            [1.6850, 46.8070],
            [1.6980, 46.8065],
            [1.7000, 46.8140],
            [1.6870, 46.8150],
            [1.6850, 46.8070],
        ]
    ],
}
COVER_ALT = "The church square of the old town, seen from the town hall steps"
PROJECT_COUNT = PAGE_SIZE + 3  # one full page of projects and a second one


@dataclass
class TownContent:
    neighbourhood: Space
    history: SpacePage
    practical: SpacePage
    projects: list[Space]
    councillor: User
    tag: Tag
    article: Article
    announcement: Announcement
    report: Report
    works: Works
    campaign: Campaign
    #: An event of the agenda, held once in two weeks (`parvis.agenda`).
    event: Any = None
    #: Consultations (`parvis.votes`): a participatory budget open now, and a ranked vote
    #: closed yesterday with its ballots.
    consultation: Any = None
    closed_consultation: Any = None
    #: A photo of the album "Le marché" (`parvis.photos`), processed, taken in May 2026.
    photo: Any = None


def cover_image() -> ContentFile:
    """A small real PNG (a sky, a roof, a door), as an upload would bring."""
    image = Image.new("RGB", (960, 480), (172, 205, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, 960, 480), fill=(120, 110, 100))
    draw.polygon([(380, 330), (480, 200), (580, 330)], fill=(150, 60, 40))
    draw.rectangle((455, 270, 505, 330), fill=(70, 50, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="vieux-bourg.png")


def make_town_content(*, actor: Any, councillor: User) -> TownContent:
    neighbourhood = Space(
        kind=SpaceKind.NEIGHBOURHOOD,
        slug="vieux-bourg",
        name="Vieux-Bourg",
        summary="The old town around the church and the market hall.",
        description=(
            "The **Vieux-Bourg** grew around the church from the twelfth century.\n\n"
            "- Market on Saturday mornings\n- Library in the old presbytery\n\n"
            "[Read its history](/spaces/vieux-bourg/pages/histoire/)."
        ),
        boundary=OLD_TOWN_BOUNDARY,
        cover_alt=COVER_ALT,
    )
    neighbourhood.cover.save("vieux-bourg.png", cover_image(), save=False)
    space_save(space=neighbourhood, actor=actor)
    membership_add(
        space=neighbourhood,
        user=councillor,
        role=MemberRole.COUNCILLOR,
        title="Deputy mayor for the old town",
        actor=actor,
    )
    history = space_page_save(
        page=SpacePage(
            space=neighbourhood,
            slug="histoire",
            title="History of the old town",
            body=(
                "## Origins\n\nA village around a priory, walled in 1350.\n\n"
                "## Today\n\n| Year | Residents |\n|---|---|\n| 1900 | 1 200 |\n| 2020 | 2 450 |\n"
            ),
            position=1,
        ),
        actor=actor,
    )
    practical = space_page_save(
        page=SpacePage(
            space=neighbourhood,
            slug="infos-pratiques",
            title="Practical information",
            body="Bins are collected on **Tuesday** mornings. Parking is free after 7 pm.",
            position=2,
        ),
        actor=actor,
    )
    projects = [
        space_save(
            space=Space(
                kind=SpaceKind.PROJECT,
                slug=f"projet-{number:02d}",
                name=f"Project {number:02d}",
                summary=f"Works and consultation number {number}.",
            ),
            actor=actor,
        )
        for number in range(1, PROJECT_COUNT + 1)
    ]
    tag = Tag.objects.create(name="Travaux", slug="travaux")
    article = Article(
        slug="new-library",
        title="The library opens in the old presbytery",
        lead="After two years of works, the library welcomes readers on Saturday.",
        body="## Opening hours\n\n- Tuesday to Saturday, 10 am to 6 pm\n\nEntry is **free**.",
        space=neighbourhood,
        image_alt="The new reading room, with its oak shelves",
    )
    article.image.save("library.png", cover_image(), save=False)
    article_save(article=article, actor=actor, tags=[tag])
    article_submit(article=article, actor=actor)
    article_publish(article=article, actor=actor)
    announcement = announcement_save(
        announcement=Announcement(
            text="The market moves to the church square this Saturday.", space=neighbourhood
        ),
        actor=actor,
        tags=[tag],
    )
    announcement_publish(announcement=announcement, actor=actor)
    # A resident's comment under the history page: pages are read with their discussion.
    comment_create(
        target=history,
        author=councillor,
        body="My grandmother still called the market hall *la halle aux grains*.",
    )
    # Three addresses of the old town, imported as a BAN file would be.
    addresses_import(
        lines=[
            "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n",
            "36999_0010_00001;1;;Rue de la Halle;36000;36999;Villeneuve-du-Parvis;1.6910;46.8100\n",
            "36999_0010_00002;2;;Rue de la Halle;36000;36999;Villeneuve-du-Parvis;1.6912;46.8101\n",
            "36999_0010_00002_bis;2;bis;Rue de la Halle;36000;36999;Villeneuve-du-Parvis;"
            "1.6913;46.8102\n",
        ]
    )
    potholes = Category.objects.create(
        name="Nids-de-poule",
        slug="nids-de-poule",
        extra_fields=[{"key": "size", "label": "Taille", "kind": "choice",
                       "choices": ["petit", "grand"], "required": True}],
    )  # fmt: skip
    report = Report.objects.create(
        reference="VB0001",
        category=potholes,
        lat=46.81,
        lon=1.692,
        address_text="1 Rue de la Halle",
        description="A deep pothole in front of the market hall.",
        extra={"size": "grand"},
        author=councillor,
    )
    # Works along the market hall's street, with a detour, going on.
    works = works_save(
        works=Works(
            slug="rue-de-la-halle",
            title="Réseau d'eau, rue de la Halle",
            description="Remplacement de la conduite d'eau **sous la chaussée**.",
            geometry={"type": "LineString", "coordinates": [[1.6905, 46.8098], [1.6925, 46.8103]]},
            location_text="Rue de la Halle",
            starts_on=timezone.localdate() - timedelta(days=2),
            ends_on=timezone.localdate() + timedelta(days=30),
            owner="Ville de Villeneuve-du-Parvis",
            contractor="TP Centre",
            space=neighbourhood,
            is_published=True,
        ),
        actor=actor,
    )
    Impact.objects.create(works=works, kind=ImpactKind.DETOUR, text="Par la rue du Moulin")
    # An odour panel the councillor belongs to, with one observation by the market hall.
    campaign = Campaign.objects.create(
        name="Nez du bourg",
        slug="nez-du-bourg",
        category=Category.objects.create(
            name="Odeurs",
            slug="odeurs",
            extra_fields=[{"key": "intensity", "label": "Intensité", "kind": "integer",
                           "min": 1, "max": 5, "required": True}],
        ),
        starts_on=timezone.localdate() - timedelta(days=10),
        is_published=True,
    )  # fmt: skip
    Observation.objects.create(
        campaign=campaign,
        member=Member.objects.create(campaign=campaign, user=councillor),
        observed_at=timezone.now() - timedelta(days=1),
        lat=46.8101,
        lon=1.6911,
        values={"intensity": 3},
    )
    # A post open at the town's green spaces.
    offer_save(
        offer=Offer(
            slug="agent-des-espaces-verts",
            reference="2026-RH-007",
            title="Agent des espaces verts",
            department="Espaces verts",
            category="C",
            framework="Technique — adjoints techniques",
            contract_type="civil_servant",
            place="Centre technique municipal, 4 rue du Moulin, 36000 Villeneuve-du-Parvis",
            salary_min=1850,
            salary_max=2150,
            description="Entretien des **parcs** et des jardins de la commune.",
            profile="Goût du travail en extérieur, permis B.",
            published_on=timezone.localdate() - timedelta(days=5),
            closes_on=timezone.localdate() + timedelta(days=25),
            is_published=True,
        ),
        actor=actor,
    )
    # The canteen's menus of this week, Monday and Tuesday published.
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    MenuDay.objects.create(
        day=monday, starter="Carottes râpées", main_course="Poisson pané", side="Riz",
        dairy="Yaourt", dessert="Pomme", note="Pomme du verger de la commune", is_published=True,
    )  # fmt: skip
    MenuDay.objects.create(
        day=monday + timedelta(days=1), main_course="Lasagnes végétariennes", dessert="Clémentine",
        is_published=True,
    )  # fmt: skip
    # The town hall in the directory, open on weekdays.
    Entry.objects.create(
        name="Mairie",
        slug="mairie",
        category=DirectoryCategory.objects.create(name="Mairie", slug="mairie", kind="town"),
        lat=46.8100,
        lon=1.6910,
        address_text="1 Rue de la Halle",
        opening_hours="Mo-Fr 08:30-12:00,13:30-17:00",
        phone="02 54 00 00 00",
    )
    # A page of the wiki in two versions, in a category, linking to a page not written yet.
    from parvis.wiki.services import article_create, article_edit

    first = article_create(title="Le Lavoir", body="Le lavoir de la rue de la Halle.", author=actor)
    article_edit(
        article=first.article,
        author=actor,
        base=first,
        body="Le lavoir de la [[Rue de la Halle]], restauré en 1998.\n\n[[Catégorie:Lieux]]",
        summary="Date de la restauration",
    )
    # Videos: a council meeting uploaded with its captions (of the neighbourhood, tagged, so
    # that its page and the tag's show their videos), a concert on YouTube, in a category and
    # a playlist.
    from parvis.videos.tests.factories import (
        make_category as make_video_category,
    )
    from parvis.videos.tests.factories import (
        make_playlist,
        make_reference,
        make_upload,
    )

    video_category = make_video_category("conseil", "Conseil municipal")
    meeting_video = make_upload(
        "seance-du-conseil",
        title="Séance du conseil",
        categories=[video_category],
        space=neighbourhood,
    )
    meeting_video.tags.add(tag)
    concert_video = make_reference("concert-d-ete", title="Concert d'été", resolved=True)
    make_playlist("le-mandat", [meeting_video, concert_video], title="Le mandat")
    # An event of the agenda, held once in two weeks at the town hall.
    from parvis.agenda.tests.factories import category_create, event_create

    event = event_create(
        title="Concert de l'harmonie",
        slug="concert-de-l-harmonie",
        category=category_create(),
        actor=actor,
    )
    # Consultations of the neighbourhood: one open, one closed with three ballots.
    from parvis.votes.tests.factories import make_town_consultations

    consultation, closed_consultation = make_town_consultations(neighbourhood)
    # Two photos of the neighbourhood's album "Le marché", ready (renditions made), taken in
    # May 2026, one tagged: the space's page shows the album, the tag's page the photo.
    from parvis.photos.tests.factories import make_album, make_photo

    market = make_album(space=neighbourhood)
    make_photo(title="Les étals", album=market)
    photo = make_photo(title="La halle", album=market)
    photo.tags.add(tag)
    # The neighbourhood's podcast show with one episode and its WebVTT transcript.
    from parvis.podcasts.tests.factories import make_episode, make_show

    make_episode(
        make_show("la-voix-du-bourg", title="La voix du bourg", space=neighbourhood),
        "le-marche",
        title="Le marché du samedi",
        seconds=3,
        number=1,
        transcript="WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n",
        transcript_format="vtt",
    )
    return TownContent(
        photo=photo,
        consultation=consultation,
        closed_consultation=closed_consultation,
        event=event,
        neighbourhood=neighbourhood,
        history=history,
        practical=practical,
        projects=projects,
        councillor=councillor,
        tag=tag,
        article=article,
        announcement=announcement,
        report=report,
        works=works,
        campaign=campaign,
    )


@pytest.fixture
def town_content(officer: User, other_resident: User) -> TownContent:
    """The small town: made by the communication officer, `other_resident` answers for it."""
    return make_town_content(actor=officer, councillor=other_resident)
