"""`bench/benchfill.py`: exactly the asked size, the same data every time, demo left alone."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from bench.benchfill import RefusedError, main, parse_args, run
from parvis.accounts.models import User
from parvis.core.geo import parse_area
from parvis.core.tests.subprocesses import parvis_env
from parvis.news.models import Announcement, Article, ArticleStatus
from parvis.news.selectors import visible_articles
from parvis.notifications.models import Subscription
from parvis.search.models import SearchDocument
from parvis.spaces.models import Space, SpaceKind, SpaceMembership, SpacePage
from parvis.tags.models import Tag

ROOT = Path(__file__).resolve().parent.parent
NEWS = ["--articles", "60", "--announcements", "15", "--tags", "5"]
NO_NEWS = ["--articles", "0", "--announcements", "0", "--tags", "0"]
SIZE = ["--spaces", "18", "--pages-per-space", "3", "--users", "25", *NEWS]


def fill(*args: str) -> dict:
    out = io.StringIO()
    assert main([*args, "--json"], out) == 0
    return json.loads(out.getvalue())


def bench_rows() -> dict:
    spaces = Space.objects.filter(slug__startswith="bench-")
    return {
        "spaces": list(spaces.order_by("slug").values_list("slug", "kind", "name", "boundary")),
        "bboxes": list(spaces.order_by("slug").values_list("bbox_min_lat", "bbox_max_lon")),
        "pages": list(
            SpacePage.objects.filter(space__in=spaces)
            .order_by("space__slug", "slug")
            .values_list("space__slug", "slug", "title", "body")
        ),
        "users": list(User.objects.order_by("email").values_list("email", "display_name")),
        "members": sorted(
            SpaceMembership.objects.values_list("space__slug", "user__email", "role", "title")
        ),
        "follows": sorted(
            (email, Space.objects.get(pk=target).slug)
            for email, target in Subscription.objects.values_list("user__email", "target_id")
        ),
        "articles": list(
            Article.objects.order_by("slug").values_list(
                "slug", "title", "lead", "body", "space__slug", "status", "published_at", "image"
            )
        ),
        "article_tags": sorted(
            Article.tags.through.objects.values_list("article__slug", "tag__slug")
        ),
        "announcements": sorted(
            Announcement.objects.values_list("text", "space__slug", "service", "published_at")
        ),
        "tags": list(Tag.objects.order_by("slug").values_list("slug", "name")),
    }


@pytest.mark.django_db
def test_a_fill_has_exactly_the_asked_size():
    result = fill(*SIZE)

    assert (result["spaces"], result["pages"], result["users"]) == (18, 54, 25)
    assert (result["memberships"], result["subscriptions"]) == (36, 75)
    assert Space.objects.count() == 18
    assert SpacePage.objects.count() == 54
    assert User.objects.count() == 25
    assert SpaceMembership.objects.count() == 36
    assert Subscription.objects.count() == 75
    assert result["sample_space_url"] == "/spaces/bench-00009/"
    assert result["sample_page_url"] == "/spaces/bench-00009/pages/page-2/"
    assert set(Space.objects.values_list("kind", flat=True)) == set(SpaceKind.values)


@pytest.mark.django_db
def test_filling_again_gives_the_same_rows():
    fill(*SIZE)
    first = bench_rows()

    fill(*SIZE)

    assert bench_rows() == first


@pytest.mark.django_db
def test_a_new_size_replaces_the_previous_fill():
    fill(*SIZE)

    fill("--spaces", "5", "--pages-per-space", "1", "--users", "3", *NO_NEWS)

    assert Space.objects.count() == 5
    assert SpacePage.objects.count() == 5
    assert User.objects.count() == 3
    assert Subscription.objects.count() == 9


@pytest.mark.django_db
def test_bench_neighbourhoods_have_valid_boundaries_and_boxes():
    fill(*SIZE)

    neighbourhoods = Space.objects.filter(kind=SpaceKind.NEIGHBOURHOOD)
    assert neighbourhoods.count() == 10
    for space in neighbourhoods:
        assert parse_area(space.boundary) == space.boundary
        ring = space.boundary["coordinates"][0]
        assert space.bbox_min_lon == min(lon for lon, _ in ring)
        assert space.bbox_max_lat == max(lat for _, lat in ring)
    assert (
        Space.objects.exclude(kind=SpaceKind.NEIGHBOURHOOD).filter(boundary__isnull=False).count()
        == 0
    )


@pytest.mark.django_db
def test_the_fill_leaves_the_demo_town_alone(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    demo_spaces = set(Space.objects.values_list("slug", flat=True))
    demo_people = User.objects.filter(email__endswith="@villeneuve-du-parvis.example").count()

    fill(*SIZE)
    fill("--spaces", "2", "--pages-per-space", "1", "--users", "1", *NEWS)

    assert set(Space.objects.exclude(slug__startswith="bench-").values_list("slug", flat=True)) == (
        demo_spaces
    )
    assert User.objects.filter(email__endswith="@villeneuve-du-parvis.example").count() == (
        demo_people
    )
    assert User.objects.filter(email__endswith="@bench.example").count() == 1


@pytest.mark.django_db
def test_benchfill_refuses_a_real_town_and_an_empty_size(settings):
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": "Saint-Réel", "is_demo": False}
    with pytest.raises(RefusedError, match="real town"):
        run(parse_args(SIZE))
    assert Space.objects.count() == 0

    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "is_demo": True}
    with pytest.raises(RefusedError, match="at least one space"):
        run(parse_args(["--spaces", "0"]))
    with pytest.raises(RefusedError, match="cannot be negative"):
        run(parse_args([*SIZE[:6], "--articles", "-1"]))
    assert Space.objects.count() == 0


@pytest.mark.django_db
def test_a_fill_has_news_with_tags_and_dates_and_indexes_the_public_ones():
    result = fill(*SIZE)

    assert (result["articles"], result["announcements"], result["tags"]) == (60, 15, 5)
    assert Article.objects.count() == 60
    assert Announcement.objects.count() == 15
    assert Tag.objects.filter(slug__startswith="bench-").count() == 5
    public = visible_articles()
    # One in 50 is a draft and one in 100 unpublished, as in a real newsroom.
    assert public.count() == 58
    assert Article.objects.filter(status=ArticleStatus.DRAFT).count() == 1
    assert Article.objects.filter(status=ArticleStatus.UNPUBLISHED).count() == 1
    assert Article.objects.filter(space__isnull=False).exists()
    assert Article.objects.filter(space__isnull=True).exists()
    assert Article.tags.through.objects.exists()
    assert SearchDocument.objects.filter(kind="article").count() == public.count()
    assert SearchDocument.objects.filter(kind="announcement").count() == 15
    article = public.get(slug=result["sample_article_url"].split("/")[-2])
    assert result["sample_article_url"] == article.get_absolute_url()
    assert result["sample_tag_url"] == f"/tags/{result['sample_tag_slug']}/"
    assert Tag.objects.get(slug=result["sample_tag_slug"]).articles.exists()


@pytest.mark.django_db
def test_a_fill_without_news_removes_the_previous_news_and_its_documents():
    fill(*SIZE)

    fill(*SIZE[:6], *NO_NEWS)

    assert Article.objects.count() == 0
    assert Announcement.objects.count() == 0
    assert Tag.objects.count() == 0
    assert not SearchDocument.objects.filter(kind__in=["article", "announcement"]).exists()


def test_the_script_reads_the_environment_as_parvis_does(tmp_path):
    # Given a site configured for a real town, in a process of its own (as bench/run.py runs it)
    env = parvis_env(tmp_path, TOWN_NAME="Saint-Réel")

    # When the filler is run as a script
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "benchfill.py"), *SIZE],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )

    # Then Django was set up from that environment, and the fill refused
    assert result.returncode == 2, result.stderr
    assert "This site serves a real town (Saint-Réel; TOWN_NAME is set)" in result.stderr
