import pytest
from bs4 import BeautifulSoup

from conftest import PASSWORD
from parvis.spaces.tests.factories import make_space


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/",
        "/legal/notice/",
        "/legal/accessibility/",
        "/legal/privacy/",
        "/en/legal/privacy/",
    ],
)
def test_site_pages_answer_in_the_language_of_their_address(client, url):
    response = client.get(url)

    assert response.status_code == 200
    expected = "en" if url.startswith("/en/") else "fr"
    assert f'<html lang="{expected}">' in response.content.decode()


@pytest.mark.django_db
def test_worker_delivers_queued_mail_to_the_smtp_server(client, resident, mailbox, run_tasks):
    response = client.post("/accounts/password/reset/", {"email": resident.email})
    assert response.status_code == 302
    assert mailbox.to(resident.email) == []

    run_tasks()

    (message,) = mailbox.to(resident.email)
    assert "/accounts/password/reset/key/" in mailbox.text(message)
    assert PASSWORD not in mailbox.text(message)


@pytest.mark.django_db
def test_a_form_sent_back_with_errors_answers_400_and_keeps_what_was_typed(client):
    response = client.post("/accounts/signup/", {"email": "not-an-address", "password1": "x"})

    assert response.status_code == 400
    assert 'value="not-an-address"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "titles"),
    [
        (
            "/",
            [
                "Actualités",
                "Annonces",
                "Agenda",
                "Travaux",
                "Délibérations du conseil municipal",
                "Emplois",
                "Photos",
                "Vidéos",
                "Podcasts",
                "Photos et vidéos",
                "Suggestions",
                "Signalements",
                "Commentaires",
            ],
        ),
        (
            "/en/",
            [
                "News",
                "Announcements",
                "Agenda",
                "Roadworks",
                "Deliberations of the town council",
                "Jobs",
                "Photos",
                "Videos",
                "Podcasts",
                "Photos and videos",
                "Suggestions",
                "Reports",
                "Comments",
            ],
        ),
    ],
)
def test_the_home_page_offers_the_town_s_news_first_and_the_comments_last(client, path, titles):
    soup = BeautifulSoup(client.get(path).content, "html.parser")

    links = soup.select('head link[rel="alternate"][type$="+xml"]')
    assert [link["href"] for link in links] == [
        "/news/feed/rss/",
        "/news/feed/atom/",
        "/announcements/feed/rss/",
        "/announcements/feed/atom/",
        "/agenda/feed/rss/",
        "/agenda/feed/atom/",
        "/roadworks/feed/rss/",
        "/roadworks/feed/atom/",
        "/council/deliberations/feed/rss/",
        "/council/deliberations/feed/atom/",
        "/jobs/feed/rss/",
        "/jobs/feed/atom/",
        "/photos/feed/rss/",
        "/photos/feed/atom/",
        "/videos/feed/rss/",
        "/videos/feed/atom/",
        "/podcasts/feed/rss/",
        "/podcasts/feed/atom/",
        "/media/feed/rss/",
        "/media/feed/atom/",
        "/suggestions/feed/rss/",
        "/suggestions/feed/atom/",
        "/reports/feed/rss/",
        "/reports/feed/atom/",
        "/comments/feed/rss/",
        "/comments/feed/atom/",
    ]
    town = "Villeneuve-du-Parvis"
    assert [link["title"] for link in links] == [
        f"{title} — {town} ({kind})" for title in titles for kind in ("RSS", "Atom")
    ]


@pytest.mark.django_db
def test_a_space_page_offers_its_news_first_and_its_comments_last(client):
    make_space("les-rives", name="Les Rives")

    soup = BeautifulSoup(client.get("/spaces/les-rives/").content, "html.parser")

    assert [link["href"] for link in soup.select('head link[type="application/rss+xml"]')] == [
        "/spaces/les-rives/news/feed/rss/",
        "/spaces/les-rives/announcements/feed/rss/",
        "/spaces/les-rives/suggestions/feed/rss/",
        "/spaces/les-rives/comments/feed/rss/",
    ]
