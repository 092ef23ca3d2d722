"""Followers hear of news: published in one transaction with its notification, sent by the
real worker through a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import make_user
from parvis.news.models import Article, ArticleStatus
from parvis.news.services import (
    article_publish,
    article_schedule,
    article_submit,
    article_unpublish,
    articles_publish_due,
)
from parvis.news.tests.factories import make_announcement, make_article
from parvis.notifications.models import Frequency, Notification
from parvis.notifications.services import email_preference_update, subscription_create
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

SITE = "https://ville.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def space():
    return make_space("vieux-bourg", name="Vieux-Bourg")


@pytest.fixture
def works():
    return Tag.objects.create(name="Travaux", slug="travaux")


def follows(user, *targets) -> None:
    for target in targets:
        subscription_create(user=user, target=target, frequency=Frequency.IMMEDIATE)


def subject_fr(title: str) -> str:
    with translation.override("fr"):
        return gettext("News from %(town)s: %(title)s") % {
            "town": "Villeneuve-du-Parvis",
            "title": title,
        }


def test_the_followers_of_the_space_the_tag_or_the_news_get_one_message_each(
    space, works, officer, resident, other_resident, mailbox, run_tasks
):
    news_reader = make_user("lecteur@example.org", display_name="Lecteur")
    follows(resident, space, works)  # both: still one message
    follows(other_resident, works)
    follows(news_reader, "news")
    follows(officer, space)  # who publishes hears nothing of it
    bystander = make_user("ailleurs@example.org")
    follows(bystander, make_space("les-rives"))

    make_article(
        "bridge",
        title="The bridge reopens",
        lead="After six months of works.",
        space=space,
        tags=[works],
        actor=officer,
    )
    run_tasks()

    assert sorted(m["X-Envelope-To"] for m in mailbox.messages) == sorted(
        [resident.email, other_resident.email, news_reader.email]
    )
    (message,) = mailbox.to(resident.email)
    assert message["Subject"] == subject_fr("The bridge reopens")
    text = mailbox.text(message)
    assert "After six months of works." in text
    assert f"{SITE}/news/bridge/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{SITE}/news/bridge/"' in html


def test_a_message_speaks_the_recipients_language(space, officer, resident, mailbox, run_tasks):
    follows(resident, space)
    email_preference_update(user=resident, language="en", frequency=Frequency.IMMEDIATE)

    make_article("bridge", title="The bridge reopens", space=space, actor=officer)
    run_tasks()

    (message,) = mailbox.to(resident.email)
    assert message["Subject"] == "News from Villeneuve-du-Parvis: The bridge reopens"
    assert f"{SITE}/en/news/bridge/" in mailbox.text(message)


def test_a_publication_rolled_back_sends_nothing(space, officer, resident, mailbox, run_tasks):
    follows(resident, space)
    article = make_article("bridge", space=space, actor=officer, publish=False)
    article_submit(article=article, actor=officer)

    with pytest.raises(RuntimeError), transaction.atomic():
        article_publish(article=article, actor=officer)
        raise RuntimeError("the request failed after publishing")
    run_tasks()

    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert not Notification.objects.exists()
    assert mailbox.messages == []


def test_publishing_again_after_an_unpublication_does_not_notify_twice(
    space, officer, resident, mailbox, run_tasks
):
    follows(resident, space)
    article = make_article("bridge", space=space, actor=officer)
    run_tasks()
    article_unpublish(article=article, actor=officer)
    article_publish(article=article, actor=officer)
    run_tasks()

    assert len(mailbox.to(resident.email)) == 1
    assert Notification.objects.count() == 1


def test_a_scheduled_article_notifies_when_the_job_publishes_it_and_only_then(
    space, officer, resident, mailbox, run_tasks
):
    follows(resident, space)
    article = make_article("festival", title="Festival", space=space, actor=officer, publish=False)
    article_submit(article=article, actor=officer)
    article_schedule(article=article, actor=officer, publish_at=timezone.now() + timedelta(hours=1))
    run_tasks()
    assert mailbox.messages == []

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert articles_publish_due() == 1
    assert articles_publish_due() == 0
    run_tasks()

    (message,) = mailbox.to(resident.email)
    assert message["Subject"] == subject_fr("Festival")


def test_an_article_unpublished_before_its_message_leaves_is_not_announced(
    space, officer, resident, mailbox, run_tasks
):
    follows(resident, space)
    article = make_article("mistake", space=space, actor=officer)
    article_unpublish(article=article, actor=officer)

    run_tasks()

    assert mailbox.messages == []


def test_the_followers_of_announcements_hear_of_one(officer, resident, mailbox, run_tasks):
    follows(resident, "announcements")

    announcement = make_announcement(
        "A new holiday cottage opened.", service="Office de tourisme", actor=officer
    )
    run_tasks()

    (message,) = mailbox.to(resident.email)
    with translation.override("fr"):
        assert message["Subject"] == gettext("Announcement from %(source)s: %(headline)s") % {
            "source": "Office de tourisme",
            "headline": "A new holiday cottage opened.",
        }
    assert f"{SITE}/announcements/{announcement.pk}/" in mailbox.text(message)
