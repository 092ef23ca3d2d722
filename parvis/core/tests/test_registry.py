"""The app contract: one registry kind, one lookup rule, one duplicate rule, and shared apps
that name no feature app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from parvis.comments.registry import commentable, commentable_type_of
from parvis.core.registry import Registry
from parvis.news.models import Article
from parvis.notifications.registry import followable, get_topic, notification_kind, topic
from parvis.search.registry import searchable_type_for
from parvis.spaces.models import Space
from parvis.tags.models import Tag


class Animal:
    pass


class Dog(Animal):
    pass


class Puppy(Dog):
    pass


def test_a_key_declared_twice_stops_the_start_up_naming_both_places():
    registry: Registry[str] = Registry("test entry")
    registry.add("key", "first")
    with pytest.raises(ImproperlyConfigured) as refused:
        registry.add("key", "second")
    message = str(refused.value)
    assert "The test entry 'key' is declared twice" in message
    assert message.count("test_registry.py:") == 2
    assert registry["key"] == "first"


def test_a_declaration_for_a_class_answers_for_its_subclasses_the_nearest_winning():
    registry: Registry[str] = Registry("test entry")
    registry.add(Animal, "animal")
    registry.add(Puppy, "puppy")
    assert registry.for_model(Animal) == "animal"
    assert registry.for_model(Dog()) == "animal"
    assert registry.for_model(Puppy) == "puppy"
    assert registry.for_model(str) is None


def test_an_unknown_key_is_a_lookup_error_that_names_it():
    registry: Registry[str] = Registry("test entry")
    with pytest.raises(LookupError, match="No test entry 'nothing' is declared"):
        registry["nothing"]
    assert registry.get("nothing") is None


@pytest.mark.parametrize(
    "declare_again",
    [
        lambda: commentable(
            Article,
            space_of=lambda a: None,
            public=Article.objects.none,
            is_public=lambda a: False,
        ),
        lambda: followable(Space),
        lambda: notification_kind(
            "news.article_published", render=lambda o, r, lang: ("", "", None)
        ),
        lambda: topic("news", label="Again"),
    ],
    ids=["commentable", "followable", "notification kind", "topic"],
)
def test_every_registry_refuses_a_second_declaration(declare_again):
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        declare_again()


def test_the_apps_registries_look_up_subclasses_as_their_parent():
    class SpecialArticle(Article):
        class Meta:
            proxy = True
            app_label = "news"

    assert commentable_type_of(SpecialArticle).model is Article
    assert searchable_type_for(SpecialArticle).key == "article"


def test_topics_are_registry_entries():
    assert get_topic("news").url_name == "news:list"
    with pytest.raises(LookupError):
        get_topic("weather")


def test_a_tag_is_followable_through_the_tags_manifest():
    from parvis.notifications.registry import is_followable

    assert is_followable(Tag(name="x", slug="x"))


SHARED_APPS = ("core", "spaces", "tags", "notifications", "search")
# What would tie a shared app to a feature app: importing it, naming its URLs or templates.
FEATURE_REFERENCE = re.compile(
    r"parvis\.news\b|from parvis import news|['\"]news[:/]|['\"]news_feeds|{% load [^%]*\bnews\b"
)


def test_the_shared_apps_name_no_feature_app():
    package = Path(__file__).resolve().parents[2]
    found = []
    for app in SHARED_APPS:
        for path in sorted((package / app).rglob("*")):
            if path.suffix not in {".py", ".html", ".txt"} or "tests" in path.parts:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if FEATURE_REFERENCE.search(line):
                    found.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    for path in sorted((package / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if FEATURE_REFERENCE.search(line):
                found.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert found == []


def test_the_check_of_shared_apps_is_able_to_fail():
    assert FEATURE_REFERENCE.search("from parvis.news import selectors")
    assert FEATURE_REFERENCE.search('{% url "news:list" %}')
    assert FEATURE_REFERENCE.search("{% load i18n news %}")
    assert not FEATURE_REFERENCE.search("{% translate 'News from the town' %}")


@pytest.mark.django_db
def test_a_topic_an_app_declares_is_followed_without_a_migration_and_an_unknown_one_refused(
    django_user_model,
):
    from parvis.notifications import registry as notifications_registry
    from parvis.notifications.models import Subscription
    from parvis.notifications.services import subscription_create

    person = django_user_model.objects.create_user(email="lea@example.org", password="x" * 12)
    with pytest.raises(ValueError, match="No topic 'weather' is declared"):
        subscription_create(user=person, target="weather")
    assert not Subscription.objects.exists()

    topic("weather", label="The town's weather alerts")
    try:
        assert subscription_create(user=person, target="weather") is True
        assert Subscription.objects.get().topic == "weather"
    finally:
        notifications_registry._topics.remove("weather")
    # Once no app declares it any more, what people followed is left out of their list.
    from parvis.notifications.selectors import subscriptions_of

    assert subscriptions_of(user=person) == []


@pytest.mark.django_db
def test_the_spaces_dataset_holds_the_published_spaces_only_with_its_columns(settings):
    from parvis.core.datasets import dataset_rows, datasets
    from parvis.spaces.tests.factories import make_space

    settings.SITE_URL = "https://ville.example"
    make_space("les-rives", name="Les Rives", summary="Au bord du canal.")
    make_space("brouillon", name="Brouillon", is_published=False)

    assert "spaces" in [entry.key for entry in datasets()]
    assert dataset_rows("spaces") == [
        {
            "slug": "les-rives",
            "name": "Les Rives",
            "kind": "neighbourhood",
            "summary": "Au bord du canal.",
            "url": "https://ville.example/spaces/les-rives/",
        }
    ]


def test_a_dataset_is_declared_once_with_a_key_and_distinct_columns():
    from parvis.core.datasets import dataset

    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        dataset("spaces", title="Again", description="", columns=("a",), rows=list)
    with pytest.raises(ValueError, match="not a dataset key"):
        dataset("no spaces/", title="", description="", columns=("a",), rows=list)
    with pytest.raises(ValueError, match="must be distinct"):
        dataset("twice", title="", description="", columns=("a", "a"), rows=list)
