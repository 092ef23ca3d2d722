"""Officers write and publish news in the back office; every write goes through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.core.tests.images import photo_with_gps
from parvis.news.models import ANNOUNCEMENT_MAX_LENGTH, Announcement, Article, ArticleStatus
from parvis.news.tests.factories import make_announcement, make_article
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db

ARTICLES = "/backoffice/news/article/"
ANNOUNCEMENTS = "/backoffice/news/announcement/"


@pytest.fixture
def staff(client, officer):
    sign_in(client, officer)
    return client


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def errors_next_to(response, field: str) -> list[str]:
    row = soup_of(response).select_one(f".field-{field}")
    return [li.text for li in row.select(".errorlist li")] if row else []


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def actions() -> list[str]:
    """The audit trail of articles, oldest first."""
    entries = AuditEntry.objects.filter(action__startswith="article.").order_by("id")
    return list(entries.values_list("action", flat=True))


def workflow_buttons(response) -> list[str]:
    return [
        form["action"].rstrip("/").rsplit("/", 1)[1] for form in soup_of(response).select(
            ".news-workflow form"
        )
    ]  # fmt: skip


@pytest.mark.parametrize("form", [f"{ARTICLES}add/", f"{ANNOUNCEMENTS}add/"])
def test_the_empty_space_choice_says_it_means_the_whole_town(staff, form):
    # Django's autocomplete writes `<option value=""></option>`, an option without a label
    # (invalid HTML, and silent for a screen reader without JavaScript).
    response = staff.get(form, HTTP_ACCEPT_LANGUAGE="fr")

    select = soup_of(response).select_one("select[name=space]")
    assert [(o["value"], o.text) for o in select.select("option")] == [("", "Toute la commune")]
    assert select["data-placeholder"] == "Toute la commune"


def test_an_officer_writes_an_article_with_a_checked_image_as_a_draft(staff, officer):
    space = make_space("vieux-bourg")
    works = Tag.objects.create(name="Travaux", slug="travaux")

    response = staff.post(
        f"{ARTICLES}add/",
        {
            "title": "The bridge reopens",
            "slug": "bridge",
            "lead": "After six months.",
            "body": "## Traffic\n\nBack to normal.",
            "space": space.pk,
            "tags": [works.pk],
            "image": SimpleUploadedFile("bridge.jpg", photo_with_gps(), "image/jpeg"),
            "image_alt": "The bridge at dawn",
        },
    )

    assert response.status_code == 302, errors_next_to(response, "image")
    article = Article.objects.get()
    assert (article.status, article.author, article.space) == (ArticleStatus.DRAFT, officer, space)
    assert list(article.tags.all()) == [works]
    # Re-encoded under a random name; its size is kept for the feeds' enclosures.
    assert article.image.name.startswith("news/images/") and article.image.name.endswith(".jpg")
    assert article.image_size == article.image.size
    assert actions() == ["article.create"]
    assert staff.get("/news/bridge/").status_code == 404  # a draft is not public


def test_an_image_without_its_text_alternative_is_refused_next_to_the_field(staff):
    response = staff.post(
        f"{ARTICLES}add/",
        {
            "title": "Picture",
            "slug": "picture",
            "lead": "Lead.",
            "body": "Body.",
            "image": SimpleUploadedFile("p.jpg", photo_with_gps(), "image/jpeg"),
            "image_alt": "  ",
        },
    )

    assert response.status_code == 400
    assert errors_next_to(response, "image_alt") == [
        fr("Describe the image for people who cannot see it.")
    ]
    assert not Article.objects.exists()


def test_an_article_text_longer_than_100000_characters_is_refused_next_to_the_field(staff):
    # Rendering grows with the length: a text without bound would tie up a worker (issue 7).
    response = staff.post(
        f"{ARTICLES}add/",
        {"title": "Long", "slug": "long", "lead": "Lead.", "body": "- a\n  - b\n" * 10_001},
    )

    assert response.status_code == 400
    (error,) = errors_next_to(response, "body")
    assert "100" in error and "000" in error
    assert not Article.objects.exists()


def test_the_workflow_buttons_follow_the_status_and_call_the_services(staff, officer):
    article = make_article("bridge", title="Bridge", actor=officer, publish=False)
    change = f"{ARTICLES}{article.pk}/change/"
    assert workflow_buttons(staff.get(change)) == ["submit"]

    response = staff.post(f"{ARTICLES}{article.pk}/workflow/submit/")
    assert response["Location"] == change
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    page = staff.get(change)
    assert workflow_buttons(page) == ["publish"]
    assert soup_of(page).select_one(f'a[href="{ARTICLES}{article.pk}/schedule/"]') is not None

    staff.post(f"{ARTICLES}{article.pk}/workflow/publish/")
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert workflow_buttons(staff.get(change)) == ["unpublish"]
    assert staff.get("/news/bridge/").status_code == 200

    staff.post(f"{ARTICLES}{article.pk}/workflow/unpublish/")
    article.refresh_from_db()
    assert article.status == ArticleStatus.UNPUBLISHED
    assert actions() == ["article.create", "article.submit", "article.publish", "article.unpublish"]


def test_a_transition_the_status_does_not_allow_is_refused_with_a_message(staff, officer):
    article = make_article("draft", title="Draft", actor=officer, publish=False)
    entries = AuditEntry.objects.count()

    response = staff.post(f"{ARTICLES}{article.pk}/workflow/publish/", follow=True)

    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert AuditEntry.objects.count() == entries
    (message,) = soup_of(response).select(".messagelist .error")
    with translation.override("fr"):
        expected = gettext(
            "Only an article in review, scheduled or unpublished can be published; "
            "“%(title)s” is “%(status)s”."
        ) % {"title": "Draft", "status": ArticleStatus.DRAFT.label}
    assert message.text.strip() == expected


def test_the_workflow_answers_only_posts(staff, officer):
    article = make_article("draft", actor=officer, publish=False)

    assert staff.get(f"{ARTICLES}{article.pk}/workflow/submit/").status_code == 405
    assert staff.post(f"{ARTICLES}{article.pk}/workflow/explode/").status_code == 404
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_an_officer_schedules_an_article_and_bad_times_are_refused(staff, officer):
    article = make_article("festival", actor=officer, publish=False)
    staff.post(f"{ARTICLES}{article.pk}/workflow/submit/")
    url = f"{ARTICLES}{article.pk}/schedule/"
    local = timezone.localtime()
    past, future = local - timedelta(hours=1), local + timedelta(days=2)

    def post(when, until=None):
        data = {"publish_at_0": f"{when:%Y-%m-%d}", "publish_at_1": f"{when:%H:%M:%S}"}
        if until is not None:
            data |= {"unpublish_at_0": f"{until:%Y-%m-%d}", "unpublish_at_1": f"{until:%H:%M:%S}"}
        return staff.post(url, data)

    assert staff.get(url).status_code == 200
    refused = post(past)
    assert refused.status_code == 400
    assert errors_next_to(refused, "publish_at") == [fr("Choose a publication time in the future.")]
    refused = post(future, until=future - timedelta(hours=1))
    assert refused.status_code == 400
    assert errors_next_to(refused, "unpublish_at") == [
        fr("The unpublication time must come after the publication time.")
    ]
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW

    assert post(future, until=future + timedelta(days=7)).status_code == 302

    article.refresh_from_db()
    assert article.status == ArticleStatus.SCHEDULED
    assert article.publish_at == future.replace(microsecond=0)
    assert article.unpublish_at == (future + timedelta(days=7)).replace(microsecond=0)
    assert actions()[-1] == "article.schedule"


def test_list_actions_publish_what_they_may_and_say_what_they_refused(staff, officer):
    reviewed = make_article("reviewed", title="Reviewed", actor=officer, publish=False)
    staff.post(f"{ARTICLES}{reviewed.pk}/workflow/submit/")
    draft = make_article("draft", title="Draft", actor=officer, publish=False)

    response = staff.post(
        ARTICLES,
        {"action": "publish_selected", "_selected_action": [reviewed.pk, draft.pk]},
        follow=True,
    )

    assert dict(Article.objects.values_list("slug", "status")) == {
        "reviewed": ArticleStatus.PUBLISHED,
        "draft": ArticleStatus.DRAFT,
    }
    shown = [
        (li["class"][0], li.text.strip()) for li in soup_of(response).select(".messagelist li")
    ]
    with translation.override("fr"):
        refused = gettext(
            "Only an article in review, scheduled or unpublished can be published; "
            "“%(title)s” is “%(status)s”."
        ) % {"title": "Draft", "status": ArticleStatus.DRAFT.label}
        done = ngettext("%(count)d item changed.", "%(count)d items changed.", 1) % {"count": 1}
    assert shown[-2:] == [("success", done), ("error", refused)]


def test_an_elected_official_can_neither_see_nor_change_news(client, staff_member, officer):
    article = make_article("bridge", actor=officer, publish=False)
    sign_in(client, staff_member(Role.ELECTED_OFFICIAL))

    assert client.post(f"{ARTICLES}{article.pk}/workflow/submit/").status_code == 403
    assert client.get(f"{ARTICLES}{article.pk}/schedule/").status_code == 403
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


# --- announcements --------------------------------------------------------------------------------


def test_an_announcement_of_more_than_500_characters_is_refused_next_to_the_field(staff):
    response = staff.post(
        f"{ANNOUNCEMENTS}add/", {"text": "x" * (ANNOUNCEMENT_MAX_LENGTH + 1), "service": ""}
    )

    assert response.status_code == 400
    (error,) = errors_next_to(response, "text")
    assert "500" in error
    assert not Announcement.objects.exists()


def test_an_announcement_comes_from_a_space_or_a_service(staff):
    space = make_space("bourg")

    response = staff.post(
        f"{ANNOUNCEMENTS}add/",
        {"text": "Both.", "space": space.pk, "service": "Office de tourisme"},
    )

    assert response.status_code == 400
    assert errors_next_to(response, "service") == [
        fr("An announcement comes from a space or from a service, not both.")
    ]
    assert not Announcement.objects.exists()


def test_an_officer_publishes_an_announcement_from_a_service(staff, officer):
    response = staff.post(
        f"{ANNOUNCEMENTS}add/", {"text": "We are on the evening news tonight!", "service": "Mairie"}
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    change = f"{ANNOUNCEMENTS}{announcement.pk}/change/"
    assert workflow_buttons(staff.get(change)) == ["publish"]

    staff.post(f"{ANNOUNCEMENTS}{announcement.pk}/workflow/publish/")

    page = BeautifulSoup(staff.get("/announcements/").content, "html.parser")
    assert [p.text for p in page.select(".announcement__text")] == [
        "We are on the evening news tonight!"
    ]
    assert workflow_buttons(staff.get(change)) == ["unpublish"]
    assert list(
        AuditEntry.objects.filter(action__startswith="announcement.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["announcement.create", "announcement.publish"]


def test_deleting_from_the_back_office_goes_through_the_service(staff, officer):
    announcement = make_announcement(actor=officer)

    response = staff.post(f"{ANNOUNCEMENTS}{announcement.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Announcement.objects.exists()
    assert AuditEntry.objects.filter(action="announcement.delete").count() == 1
