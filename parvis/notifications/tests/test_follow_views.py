"""Following from any page (the follow button), and the "What I follow" page's forms."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from parvis.core.ratelimit import wait_message
from parvis.notifications.models import EmailPreference, Frequency, Subscription
from parvis.notifications.services import subscription_create
from parvis.spaces.tests.factories import make_space
from parvis.tags.models import Tag

pytestmark = pytest.mark.django_db
LIST = "/accounts/subscriptions/"


@pytest.fixture
def tag():
    return Tag.objects.create(name="Travaux", slug="travaux")


def followed(user) -> list[tuple[str, str]]:
    subscriptions = Subscription.objects.filter(user=user)
    return sorted((s.topic or str(s.followed), s.frequency) for s in subscriptions)


def messages_of(response) -> list[str]:
    return [p.text for p in BeautifulSoup(response.content, "html.parser").select(".message")]


def button(target, user) -> BeautifulSoup:
    request = RequestFactory().get("/news/?page=2")
    request.user = user
    html = render_to_string(
        "notifications/_follow_button.html", {"target": target}, request=request
    )
    return BeautifulSoup(html, "html.parser")


# --- the follow button -------------------------------------------------------------------------


def test_the_button_offers_to_follow_then_to_stop(resident, tag):
    form = button("news", resident).form

    assert form["action"] == "/accounts/subscriptions/follow/"
    assert {i["name"]: i["value"] for i in form.select("input[type=hidden]")} == {
        "csrfmiddlewaretoken": form.select_one("[name=csrfmiddlewaretoken]")["value"],
        "target": "topic:news",
        "next": "/news/?page=2",
    }
    subscription_create(user=resident, target=tag)

    form = button(tag, resident).form

    assert form["action"] == "/accounts/subscriptions/unfollow/"
    assert form.select_one("[name=target]")["value"] == f"tags.tag:{tag.pk}"
    with translation.override("fr"):
        assert form.button.text == gettext("Stop following") + " Travaux"


def test_a_visitor_is_offered_to_sign_in(tag):
    from django.contrib.auth.models import AnonymousUser

    page = button(tag, AnonymousUser())

    assert page.form is None
    assert page.a["href"] == "/accounts/login/?next=/news/%3Fpage%3D2"


def test_a_resident_follows_a_topic_and_a_tag_and_goes_back(client, resident, tag):
    client.force_login(resident)

    news = client.post(
        "/en/accounts/subscriptions/follow/", {"target": "topic:news", "next": "/en/news/"}
    )
    travaux = client.post(
        "/accounts/subscriptions/follow/",
        {"target": f"tags.tag:{tag.pk}", "next": "/tags/travaux/"},
    )

    assert (news.status_code, news["Location"]) == (302, "/en/news/")
    assert (travaux.status_code, travaux["Location"]) == (302, "/tags/travaux/")
    assert followed(resident) == [("Travaux", "immediate"), ("news", "immediate")]
    # The language of the page followed from became the language of the e-mails.
    assert EmailPreference.objects.get(user=resident).language == "en"


def test_a_resident_stops_following_a_topic(client, resident):
    subscription_create(user=resident, target="announcements")
    client.force_login(resident)

    response = client.post(
        "/accounts/subscriptions/unfollow/", {"target": "topic:announcements"}, follow=True
    )

    assert response.redirect_chain == [(LIST, 302)]
    assert followed(resident) == []
    with translation.override("fr"):
        expected = gettext("You no longer follow %(what)s.") % {
            "what": gettext("The town's announcements")
        }
    assert messages_of(response) == [expected]


def test_new_follows_take_the_persons_chosen_frequency(client, resident, tag):
    EmailPreference.objects.create(user=resident, frequency=Frequency.DAILY)
    client.force_login(resident)

    client.post("/accounts/subscriptions/follow/", {"target": f"tags.tag:{tag.pk}"})

    assert followed(resident) == [("Travaux", "daily")]


@pytest.mark.parametrize(
    "target",
    ["topic:weather", "tags.tag:999", "spaces.spacepage:1", "accounts.user:1", "news", ""],
)
def test_what_cannot_be_followed_is_refused(client, resident, target):
    client.force_login(resident)

    response = client.post("/accounts/subscriptions/follow/", {"target": target})

    assert response.status_code == 404
    assert Subscription.objects.count() == 0


def test_an_unpublished_space_cannot_be_followed_through_the_button(client, resident):
    hidden = make_space("secret", is_published=False)
    client.force_login(resident)

    response = client.post(
        "/accounts/subscriptions/follow/", {"target": f"spaces.space:{hidden.pk}"}
    )

    assert response.status_code == 404
    assert Subscription.objects.count() == 0


def test_the_return_address_must_be_on_this_site(client, resident):
    client.force_login(resident)

    response = client.post(
        "/accounts/subscriptions/follow/",
        {"target": "topic:news", "next": "https://evil.example/"},
    )

    assert response["Location"] == LIST


def test_following_needs_an_account_and_a_post(client):
    response = client.post("/accounts/subscriptions/follow/", {"target": "topic:news"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/subscriptions/follow/"
    assert Subscription.objects.count() == 0


def test_following_is_rate_limited(client, resident):
    client.force_login(resident)

    statuses = [
        client.post("/accounts/subscriptions/follow/", {"target": "topic:news"}).status_code
        for _ in range(31)
    ]

    assert statuses == [302] * 30 + [429]
    assert Subscription.objects.filter(user=resident).count() == 1


# --- the "What I follow" page ----------------------------------------------------------------


def test_the_page_lists_topics_tags_and_spaces_with_their_frequency(client, resident, tag):
    space = make_space("vieux-bourg", name="Vieux-Bourg")
    subscription_create(user=resident, target=space)
    subscription_create(user=resident, target=tag, frequency=Frequency.DAILY)
    subscription_create(user=resident, target="news")
    client.force_login(resident)

    response = client.get(LIST)

    page = BeautifulSoup(response.content, "html.parser")
    with translation.override("fr"):
        news = gettext("The town's news")
    assert [h.text for h in page.select(".subscription__name")] == [news, "Travaux", "Vieux-Bourg"]
    assert [
        s.select_one("option[selected]")["value"] for s in page.select(".subscription select")
    ] == ["immediate", "daily", "immediate"]
    assert page.select_one(".subscription__name a[href='/spaces/vieux-bourg/']") is not None


def test_changing_the_frequency_of_one_subscription(client, resident, tag):
    subscription_create(user=resident, target=tag)
    subscription = Subscription.objects.get(user=resident)
    client.force_login(resident)

    response = client.post(
        f"/accounts/subscriptions/{subscription.pk}/",
        {f"s{subscription.pk}-frequency": "daily"},
        follow=True,
    )

    assert response.redirect_chain == [(LIST, 302)]
    assert followed(resident) == [("Travaux", "daily")]
    with translation.override("fr"):
        assert messages_of(response) == [gettext("Your choice is saved.")]


def test_a_bad_frequency_is_shown_next_to_its_field_and_changes_nothing(client, resident, tag):
    subscription_create(user=resident, target=tag)
    subscription = Subscription.objects.get(user=resident)
    client.force_login(resident)

    response = client.post(
        f"/accounts/subscriptions/{subscription.pk}/", {f"s{subscription.pk}-frequency": "hourly"}
    )

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    field = page.select_one(f"#id_s{subscription.pk}-frequency")
    assert field["aria-invalid"] == "true"
    assert page.select_one(f"#id_s{subscription.pk}-frequency_error") is not None
    assert followed(resident) == [("Travaux", "immediate")]


def test_stopping_from_the_page(client, resident, tag):
    subscription_create(user=resident, target=tag)
    subscription = Subscription.objects.get(user=resident)
    client.force_login(resident)

    response = client.post(f"/accounts/subscriptions/{subscription.pk}/stop/")

    assert response["Location"] == LIST
    assert followed(resident) == []


def test_someone_elses_subscription_is_out_of_reach(client, resident, other_resident, tag):
    subscription_create(user=other_resident, target=tag)
    theirs = Subscription.objects.get(user=other_resident)
    client.force_login(resident)

    change = client.post(
        f"/accounts/subscriptions/{theirs.pk}/", {f"s{theirs.pk}-frequency": "daily"}
    )
    stop = client.post(f"/accounts/subscriptions/{theirs.pk}/stop/")

    assert (change.status_code, stop.status_code) == (404, 404)
    assert followed(other_resident) == [("Travaux", "immediate")]


def test_setting_the_language_and_frequency_for_everything(client, resident, tag):
    subscription_create(user=resident, target=tag)
    subscription_create(user=resident, target="news")
    client.force_login(resident)

    response = client.post(
        "/accounts/subscriptions/preferences/",
        {"language": "en", "frequency": "daily", "apply_to_all": "on"},
    )

    assert response["Location"] == LIST
    preference = EmailPreference.objects.get(user=resident)
    assert (preference.language, preference.frequency) == ("en", "daily")
    assert followed(resident) == [("Travaux", "daily"), ("news", "daily")]


def test_a_bad_language_is_refused_with_a_message(client, resident, tag):
    subscription_create(user=resident, target=tag)
    client.force_login(resident)

    response = client.post(
        "/accounts/subscriptions/preferences/", {"language": "xx", "frequency": "daily"}
    )

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#id_language_error") is not None
    assert EmailPreference.objects.get(user=resident).language == "fr"
    assert followed(resident) == [("Travaux", "immediate")]


def test_the_page_forms_are_rate_limited(client, resident, tag):
    subscription_create(user=resident, target=tag)
    subscription = Subscription.objects.get(user=resident)
    client.force_login(resident)
    url = f"/accounts/subscriptions/{subscription.pk}/"

    for _ in range(30):
        client.post(url, {f"s{subscription.pk}-frequency": "immediate"})
    response = client.post(url, {f"s{subscription.pk}-frequency": "daily"})

    assert response.status_code == 429
    assert followed(resident) == [("Travaux", "immediate")]
    with translation.override("fr"):
        assert wait_message(int(response["Retry-After"])) in response.content.decode()
