"""The demo town's news, announcements, comments and the contributions held for moderators."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pyotp
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from parvis.comments.models import Comment
from parvis.demo import bulletins, conversations, stories
from parvis.demo.people import RESIDENT_ACCOUNTS, STAFF_ACCOUNTS, VOICES
from parvis.demo.tests.conftest import DemoBuild
from parvis.moderation.models import Flag, ModerationStatus
from parvis.moderation.selectors import dashboard_counts
from parvis.moderation.services import word_list_matches
from parvis.news.models import (
    ANNOUNCEMENT_MAX_LENGTH,
    Announcement,
    AnnouncementStatus,
    Article,
    ArticleStatus,
)
from parvis.search.models import SearchDocument
from parvis.spaces.models import SpaceKind, SpacePage
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

DASHBOARD = "/backoffice/moderation/decision/dashboard/"


def test_two_hundred_articles_mostly_published_over_eighteen_months(demo: DemoBuild):
    now = timezone.now()

    statuses = Counter(Article.objects.values_list("status", flat=True))

    assert statuses == {
        ArticleStatus.PUBLISHED: 188,
        ArticleStatus.SCHEDULED: 3,
        ArticleStatus.IN_REVIEW: 4,
        ArticleStatus.DRAFT: 5,
    }
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    dates = sorted(published.values_list("published_at", flat=True))
    assert now - timedelta(days=545) < dates[0] < now - timedelta(days=500)
    assert now - timedelta(days=3) < dates[-1] < now
    # Spread evenly: every quarter of the 18 months has its share of the news (about 47; news
    # of a season gather in it). The oldest went out 540 whole days ago when the build ran
    # later in the day than its clock time: quarters of 136 days keep it in the fourth.
    quarters = Counter(int((now - date).days // 136) for date in dates)
    assert sorted(quarters) == [0, 1, 2, 3]
    assert min(quarters.values()) >= 33
    for article in Article.objects.filter(status=ArticleStatus.SCHEDULED):
        assert article.publish_at > now
        assert not article.is_public()
    assert (
        Article.objects.filter(status=ArticleStatus.DRAFT, published_at__isnull=False).count() == 0
    )
    assert len(set(Article.objects.values_list("title", flat=True))) == 200


def test_articles_are_markdown_with_headings_lists_links_tags_and_spaces(demo: DemoBuild):
    articles = list(Article.objects.prefetch_related("tags").select_related("space"))

    for article in articles:
        assert "\n## " in f"\n{article.body}", article.slug
        assert "\n- " in article.body or "\n1. " in article.body, article.slug
        assert "](" in article.body, article.slug
        assert 0 < len(article.lead) <= 400
        assert article.tags.all(), article.slug
    assert Tag.objects.count() == len(stories.TAGS) == 9
    in_neighbourhoods = [a for a in articles if a.space and a.space.kind == SpaceKind.NEIGHBOURHOOD]
    assert 30 <= len(in_neighbourhoods) <= 120
    assert len({a.space.slug for a in in_neighbourhoods}) == 10
    assert sum(1 for a in articles if a.space is None) >= 80


def test_every_article_has_a_generated_picture_with_a_text_alternative(demo: DemoBuild):
    for article in Article.objects.all():
        assert re.fullmatch(r"news/images/demo-[0-9a-f]{16}-v1\.jpg", article.image.name)
        assert article.image_alt.startswith("Illustration : ")
        assert len(article.image_alt) > 40  # it says what the picture shows
        assert article.image_size == default_storage.size(article.image.name)
        with default_storage.open(article.image.name, "rb") as stored, Image.open(stored) as image:
            assert (image.format, image.size) == ("JPEG", (800, 450))
    assert len(set(Article.objects.values_list("image_alt", flat=True))) >= 20


def test_five_hundred_short_announcements_from_the_town_its_services_and_spaces(demo: DemoBuild):
    announcements = list(Announcement.objects.select_related("space"))

    assert len(announcements) == 500
    assert Counter(a.status for a in announcements) == {
        AnnouncementStatus.PUBLISHED: 496,
        AnnouncementStatus.DRAFT: 4,
    }
    assert max(len(a.text) for a in announcements) <= ANNOUNCEMENT_MAX_LENGTH
    assert len({a.text for a in announcements}) == 500
    from_town = [a for a in announcements if a.space is None and not a.service]
    from_services = [a for a in announcements if a.service]
    from_spaces = [a for a in announcements if a.space is not None]
    assert min(len(from_town), len(from_services), len(from_spaces)) >= 80
    assert len({a.service for a in from_services}) == len(bulletins.SERVICES)
    illustrated = [a for a in announcements if a.image]
    assert 40 <= len(illustrated) <= 80
    assert all(a.image_alt.startswith("Illustration : ") for a in illustrated)
    assert all(not a.image_alt for a in announcements if not a.image)


def test_residents_comment_on_articles_announcements_and_space_pages(demo: DemoBuild):
    comments = list(
        Comment.objects.exclude(target_type__app_label="wiki").select_related(
            "target_type", "author", "parent"
        )
    )
    on = Counter(c.target_type.model for c in comments)

    assert len(comments) == len(conversations.comments()) == 258
    assert on["article"] >= 200
    assert on["announcement"] == 25 + sum(
        1 for c in conversations.comments() if c.target[0] == "announcement" and c.reply_to
    )
    assert on["spacepage"] >= 10
    replies = [c for c in comments if c.parent is not None]
    assert len(replies) >= 40
    for reply in replies:
        assert reply.parent.parent_id is None  # one level of replies
        assert (reply.target_type_id, reply.target_id) == (
            reply.parent.target_type_id,
            reply.parent.target_id,
        )
        assert reply.created_at > reply.parent.created_at
    residents = {a.email for a in RESIDENT_ACCOUNTS} | {v.email for v in VOICES}
    communication = next(a.email for a in STAFF_ACCOUNTS if a.email_local == "communication")
    assert {c.author.email for c in comments} == residents | {communication}
    # The town answers in some threads, always as a reply.
    assert all(c.parent_id for c in comments if c.author.email == communication)


def test_comments_are_dated_after_what_they_comment_and_not_in_the_future(demo: DemoBuild):
    now = timezone.now()
    article_type = ContentType.objects.get_for_model(Article)
    published = dict(Article.objects.values_list("pk", "published_at"))

    for comment in Comment.objects.all():
        assert comment.created_at < now
        assert comment.created_at < comment.edit_deadline < now or comment.is_pending
        if comment.target_type_id == article_type.pk:
            assert comment.created_at > published[comment.target_id]


def test_a_few_contributions_wait_for_the_moderators(client, demo: DemoBuild):
    pending = Comment.objects.filter(moderation_status=ModerationStatus.PENDING)

    assert pending.count() == 4
    in_youth_council = pending.filter(space__slug="conseil-municipal-des-jeunes")
    assert in_youth_council.count() == 3
    assert {c.target_type.model for c in in_youth_council} == {"spacepage", "article"}
    (caught,) = pending.exclude(pk__in=in_youth_council)
    assert word_list_matches(caught.body) == ["arnaque"]
    assert caught.space is None or caught.space.moderation_policy == "after"
    # Only that one: no other demo text contains a word of the list.
    assert [c.pk for c in Comment.objects.all() if word_list_matches(c.body)] == [caught.pk]
    (flag,) = Flag.objects.all()
    assert flag.resolved_at is None
    assert Comment.objects.get(pk=flag.object_id).is_visible
    counts = dashboard_counts()
    assert (counts.pending_total, counts.flagged_total) == (4, 1)

    moderator = next(a for a in STAFF_ACCOUNTS if a.email_local == "moderation")
    client.post("/accounts/login/", {"login": moderator.email, "password": moderator.password})
    cache.clear()
    client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(moderator.totp_secret).now()})
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "<strong>4</strong>" in response.content.decode()


def test_published_news_and_comments_are_searchable_and_the_rest_is_not(demo: DemoBuild):
    documents = Counter(SearchDocument.objects.values_list("kind", flat=True))

    assert documents["article"] == 188
    assert documents["announcement"] == 496
    visible = Comment.objects.filter(moderation_status=ModerationStatus.VISIBLE).count()
    assert visible == 258 - 4 + 24  # and the wiki's 24 talk-page comments
    assert documents.get("comment", 0) in (0, visible)  # comments join search when declared


def test_news_pages_show_the_demo_content(client, demo: DemoBuild):
    article = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, space__isnull=False)
        .order_by("-published_at")
        .first()
    )

    listing = client.get("/news/")
    detail = client.get(article.get_absolute_url())
    space_news = client.get(f"/spaces/{article.space.slug}/news/")

    assert listing.status_code == detail.status_code == space_news.status_code == 200
    html = unescape(detail.content.decode())
    assert article.title in html
    assert f'alt="{article.image_alt}"' in html
    assert article.title in unescape(space_news.content.decode())
    assert client.get("/announcements/").status_code == 200
    page = SpacePage.objects.get(space__slug="tram-t1", slug="impacts-des-travaux")
    assert client.get(page.get_absolute_url()).status_code == 200


# --- the texts read as a real town's --------------------------------------------------------

PARIS = ZoneInfo("Europe/Paris")
#: A street's kind said twice ("la rue rue des Aulnes"), or with the wrong article.
DOUBLED_STREET = re.compile(r"\b(rue|avenue|boulevard|place|quai|allée|chemin|côte) \1\b", re.I)
WRONG_ARTICLE = re.compile(r"\b(la (boulevard|quai|chemin)|le (rue|avenue|place|allée|côte))\b")
#: "de 9 h à 12 h", "à 18 h".
HOURS_RANGE = re.compile(r"de (\d+) h à (\d+) h")
AT_HOUR = re.compile(r"(?<!h )\bà (\d+) h\b")


def demo_texts() -> list[str]:
    """Every text a visitor reads in the demo's news, announcements and comments."""
    return [
        *(f"{a.title}\n{a.lead}\n{a.body}" for a in Article.objects.all()),
        *Announcement.objects.values_list("text", flat=True),
        *Comment.objects.values_list("body", flat=True),
    ]


def test_streets_are_named_once_with_their_own_article(demo: DemoBuild):
    texts = demo_texts()

    assert [t for t in texts if DOUBLED_STREET.search(t)] == []
    assert [t for t in texts if WRONG_ARTICLE.search(t)] == []
    # The tram's works are announced on the streets it goes through.
    tram_streets = {
        "avenue de la Gare", "rue Nationale", "boulevard des Remparts", "boulevard de l'Ouest",
        "quai des Mariniers", "rue de l'Église",
    }  # fmt: skip
    tram = Announcement.objects.filter(text__startswith="Tram T1 : travaux de nuit ")
    assert tram.exists()
    for announcement in tram:
        assert any(f"nuit {street} " in announcement.text for street in tram_streets)


def test_hours_said_in_announcements_are_hours_a_town_keeps(demo: DemoBuild):
    night_works = 0
    for text in Announcement.objects.values_list("text", flat=True):
        for start, end in HOURS_RANGE.findall(text):
            start, end = int(start), int(end)
            if "travaux de nuit" in text:
                # Night works start in the evening and end before the morning traffic.
                assert 21 <= start <= 23 and end == 5, text
                night_works += 1
            else:
                assert 6 <= start < end <= 21, text
        for hour in AT_HOUR.findall(text):
            assert 7 <= int(hour) <= 21, text
    assert night_works >= 3


def test_no_two_articles_share_a_lead(demo: DemoBuild):
    leads = list(Article.objects.values_list("lead", flat=True))

    assert len(leads) == 200
    assert len(set(leads)) == 200


def test_a_reply_answers_the_comment_it_is_under(demo: DemoBuild):
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent", "author")
    answered: dict[str, set[str]] = {}

    for reply in replies:
        answered.setdefault(reply.body, set()).add(reply.parent.body)
    # The same answer never turns up under two different comments.
    assert {body: parents for body, parents in answered.items() if len(parents) > 1} == {}
    # The town answers questions, about what they ask.
    town = [r for r in replies if r.author.email.startswith("communication@")]
    assert len(town) >= 10
    for reply in town:
        assert "?" in reply.parent.body, reply.parent.body
    market = "Est-ce que le marché du samedi est maintenu pendant le chantier ?"
    assert all("marché" in r.body for r in town if r.parent.body == market)
    # Residents speak of what the news is about: shade in the playground under news of a
    # playground, thanks for an edition that was under its pictures.
    shade = Comment.objects.filter(body__startswith="Enfin de l'ombre dans la cour")
    thanks = Comment.objects.filter(body__startswith="Merci à tous les bénévoles, quelle ambiance")
    assert shade.exists() and thanks.exists()
    assert all("rénove sa cour" in comment.target.title for comment in shade)
    assert all("retour en images" in comment.target.title for comment in thanks)


def test_announcements_go_out_at_uneven_times_in_the_day(demo: DemoBuild):
    dates = sorted(
        Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).values_list(
            "published_at", flat=True
        )
    )
    gaps = [later - earlier for earlier, later in itertools.pairwise(dates)]
    hours = [date.astimezone(PARIS).hour for date in dates]

    assert len(set(gaps)) > len(gaps) * 0.9  # no steady step
    assert min(gaps) < timedelta(hours=12) and max(gaps) > timedelta(hours=36)
    assert all(8 <= hour <= 21 for hour in hours)
    assert sum(1 for hour in hours if hour < 18) > 0.8 * len(hours)  # mostly office hours
    # Nothing goes out on a Sunday, news or announcement.
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    for date in [*dates, *published.values_list("published_at", flat=True)]:
        assert date.astimezone(PARIS).weekday() != 6, date


#: (words of a text, the months it may be dated): what the text says of its season.
SEASONS = (
    ("La braderie de septembre", {7, 8, 9}),
    ("Le marché de Noël", {10, 11, 12}),
    ("La Fête de la musique", {4, 5, 6, 7}),
    ("Plan grand froid", {11, 12, 1, 2}),
    ("Canicule", {6, 7, 8}),
    ("Le budget de la ville voté", {3, 4}),
    ("ouvre une classe de plus à la rentrée", {5, 6, 7, 8, 9}),
    (" plantés ", {11, 12, 1, 2, 3}),
    ("Collecte de la Banque alimentaire", {11}),
    ("Le repas des aînés", {1, 2}),
    ("Restos du cœur", {11, 12}),
    ("Fête des voisins", {5, 6}),
    ("Semaine du goût", {10}),
    ("Repas de fête à la cantine", {12}),
    ("Le recensement commence", {1}),
    ("Forum des associations samedi", {8, 9}),
    ("saisonniers pour l'été", {2, 3, 4}),
)


def test_texts_of_a_season_are_dated_in_it(demo: DemoBuild):
    dated = [
        *Article.objects.filter(status=ArticleStatus.PUBLISHED).values_list(
            "title", "published_at"
        ),
        *Announcement.objects.filter(status=AnnouncementStatus.PUBLISHED).values_list(
            "text", "published_at"
        ),
    ]

    for words, months in SEASONS:
        found = [(text, date.astimezone(PARIS)) for text, date in dated if words in text]
        assert found, words
        for text, date in found:
            assert date.month in months, (text, date)
    # No school meals in the summer holidays.
    for text, date in dated:
        if "cantine" in text.lower():
            assert date.astimezone(PARIS).month not in (7, 8), (text, date)


def test_the_same_texts_on_every_build():
    assert stories.articles.__wrapped__() == stories.articles()
    assert bulletins.announcements.__wrapped__() == bulletins.announcements()
    assert conversations.comments.__wrapped__() == conversations.comments()
