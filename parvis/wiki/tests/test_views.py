"""The wiki's pages through HTTP: reading (links to written and unwritten pages, JSON-LD),
a former address's 301, history and differences, editing (the conflict screen keeps the
text), bad input next to its field, the talk page, recent changes, categories, patrol,
the watch list, and the page cache made fresh by an edit."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from parvis.notifications.services import subscription_create
from parvis.wiki import services
from parvis.wiki.models import Article, Revision, RevisionStatus
from parvis.wiki.tests.factories import make_article, trust

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def field_error(response, name: str) -> str:
    element = soup(response).select_one(f"#id_{name}_error")
    return element.get_text(" ", strip=True).removeprefix("Error: ") if element else ""


def test_an_article_links_written_pages_and_offers_to_write_missing_ones(client):
    make_article(
        "La Mairie", body="Voir [[La Gare|la gare]] et [[la mairie]].\n[[Catégorie:Lieux]]"
    )
    article = Article.objects.get(slug="la-mairie")
    services._categories_sync(article, article.current.body)

    response = client.get("/en/wiki/la-mairie/")

    assert response.status_code == 200
    page = soup(response)
    links = [(a.get_text(), a["href"], a.get("class")) for a in page.select(".prose a")]
    assert links == [
        ("la gare (page not written yet)", "/en/wiki/new/?title=La+Gare", ["link-missing"]),
        ("la mairie", "/en/wiki/la-mairie/", None),
    ]
    assert [a.get_text() for a in page.select("#wiki-categories + ul a")] == ["Lieux"]
    data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    article_ld = next(d for d in data if d.get("@type") == "Article")
    assert article_ld["headline"] == "La Mairie"
    assert article_ld["dateModified"] == article.modified_at.isoformat()


def test_a_former_address_answers_301_and_a_missing_page_404_with_a_link_to_write_it(
    client, moderator
):
    article = make_article("Rue du Moulin")
    services.article_rename(article=article, title="Rue du Vieux Moulin", actor=moderator)

    moved = client.get("/en/wiki/rue-du-moulin/")
    missing = client.get("/en/wiki/le-lavoir/")

    assert (moved.status_code, moved["Location"]) == (301, "/en/wiki/rue-du-vieux-moulin/")
    assert missing.status_code == 404
    assert (
        soup(missing).find("a", string="Write this page")["href"] == "/en/wiki/new/?title=Le+lavoir"
    )


def test_history_diff_and_an_old_version(client):
    article = make_article("Le Pont", body="Le pont de pierre.\nIl a trois arches.", revisions=3)
    newest, older = list(Revision.objects.filter(article=article).order_by("-created_at"))[:2]

    history = client.get("/en/wiki/le-pont/history/")
    diff = client.get(f"/en/wiki/le-pont/diff/?from_rev={older.pk}&to_rev={newest.pk}")
    old = client.get(f"/en/wiki/le-pont/version/{older.pk}/")

    assert history.status_code == diff.status_code == old.status_code == 200
    assert len(soup(history).select(".wiki-changes li")) == 3
    cells = [
        td.get_text(" ", strip=True) for td in soup(diff).select(".diff__removed, .diff__added")
    ]
    assert "Removed: Version 1." in cells
    assert [d.get_text() for d in soup(diff).select(".diff del")] == ["Version 1."]
    assert "This is a former version" in old.content.decode()


def test_the_edit_form_carries_its_base_and_publishes_a_trusted_edit(client, resident):
    trust(resident)
    article = make_article("Le Pont", body="Texte.")
    client.force_login(resident)

    form = client.get("/en/wiki/le-pont/edit/")
    base = soup(form).select_one('input[name="base"]')["value"]
    saved = client.post(
        "/en/wiki/le-pont/edit/", {"body": "Texte corrigé.", "summary": "coquille", "base": base}
    )

    assert base == str(article.current_id)
    assert (saved.status_code, saved["Location"]) == (302, "/en/wiki/le-pont/")
    article.refresh_from_db()
    assert (article.current.body, article.current.summary) == ("Texte corrigé.", "coquille")


def test_the_second_editor_sees_the_conflict_with_their_text_kept(client, resident, other_resident):
    trust(resident)
    trust(other_resident)
    article = make_article("Le Pont", body="Ligne une.\nLigne deux.")
    base = article.current_id
    services.article_edit(
        article=article, author=resident, base=article.current, body="Ligne une.\nLigne 2."
    )
    client.force_login(other_resident)

    response = client.post(
        "/en/wiki/le-pont/edit/", {"body": "Ligne 1.\nLigne deux.", "base": str(base)}
    )

    assert response.status_code == 409
    page = soup(response)
    assert page.select_one("#edit-conflict h2").get_text() == (
        "Someone else changed this page while you were editing it"
    )
    assert page.select_one("textarea[name=body]").get_text().strip() == "Ligne 1.\nLigne deux."
    assert page.select_one('input[name="base"]')["value"] == str(
        Article.objects.get(slug="le-pont").current_id
    )
    assert Revision.objects.filter(article=article).count() == 2


def test_bad_input_is_told_next_to_its_field_and_nothing_saved(client, resident):
    trust(resident)
    make_article("Le Pont", body="Texte.")
    client.force_login(resident)
    revisions = Revision.objects.count()

    unchanged = client.post(
        "/en/wiki/le-pont/edit/",
        {"body": "Texte.", "base": Article.objects.get(slug="le-pont").current_id},
    )
    empty_title = client.post("/en/wiki/new/", {"title": "", "body": "Texte."})
    clash = client.post("/en/wiki/new/", {"title": "Le pont", "body": "Texte."})
    too_long = client.post("/en/wiki/new/", {"title": "Long", "body": "a" * 100_001})

    assert unchanged.status_code == empty_title.status_code == clash.status_code == 400
    assert too_long.status_code == 400
    assert field_error(unchanged, "body") == "You changed nothing in the text."
    assert field_error(empty_title, "title") == "This field is required."
    assert field_error(clash, "title") == "A page with this title exists already."
    assert "at most 100000 characters" in field_error(too_long, "body")
    assert Revision.objects.count() == revisions


def test_a_rename_onto_an_existing_page_is_refused_next_to_the_title(client, moderator):
    make_article("Le Pont")
    make_article("La Gare")
    client.force_login(moderator)

    response = client.post("/en/wiki/le-pont/rename/", {"title": "La gare"})

    assert response.status_code == 400
    assert field_error(response, "title") == "A page with this title exists already."
    assert Article.objects.filter(slug="le-pont").exists()


def test_anonymous_visitors_are_sent_to_sign_in_to_edit(client):
    make_article("Le Pont")

    response = client.get("/en/wiki/le-pont/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_the_talk_page_holds_the_shared_comments(client, resident):
    make_article("Le Pont")
    client.force_login(resident)

    response = client.get("/en/wiki/le-pont/talk/")

    assert response.status_code == 200
    assert soup(response).select_one("form textarea[name=body]") is not None


def test_recent_changes_filtered_by_kind(client, resident, moderator):
    trust(resident)
    article = make_article("Le Pont", body="Texte.")
    services.article_edit(article=article, author=resident, base=article.current, body="Neuf.")
    services.article_rename(article=article, title="Le Grand Pont", actor=moderator)

    every = client.get("/en/wiki/recent/")
    renames = client.get("/en/wiki/recent/?change=rename")

    def kinds(response):
        return [kind.get_text() for kind in soup(response).select(".wiki-changes__kind")]

    assert kinds(renames) == ["Rename"]
    assert kinds(every)[:3] == ["Rename", "Edit", "New page"]


def test_a_category_page_lists_its_articles(client, resident):
    trust(resident)
    article = make_article("Le Pont", body="Texte.")
    services.article_edit(
        article=article, author=resident, base=article.current, body="Texte.\n[[Catégorie:Ponts]]"
    )
    make_article("La Gare")

    response = client.get("/en/wiki/category/ponts/")

    assert [a.get_text() for a in soup(response).select(".wiki-index a")] == ["Le Pont"]


def test_a_held_edit_is_shown_to_its_author_and_patrollers_only_and_accepted_in_one_click(
    client, resident, moderator
):
    article = make_article("Le Pont", body="Texte.")
    held = services.article_edit(
        article=article, author=resident, base=article.current, body="Neuf."
    )
    url = f"/en/wiki/le-pont/pending/{held.pk}/"

    assert client.get(url).status_code == 404
    assert "Neuf." not in client.get("/en/wiki/le-pont/").content.decode()
    client.force_login(resident)
    assert client.get(url).status_code == 200
    assert client.post(f"{url}patrol/", {"decision": "accept"}).status_code == 404
    client.force_login(moderator)
    accepted = client.post(f"{url}patrol/", {"decision": "accept"})

    assert accepted.status_code == 302
    held.refresh_from_db()
    assert held.status == RevisionStatus.PUBLISHED
    client.logout()
    assert "Neuf." in client.get("/en/wiki/le-pont/").content.decode()


def test_vandalism_is_rolled_back_in_one_click(client, resident, other_resident, moderator):
    trust(resident)
    trust(other_resident)
    article = make_article("Le Pont", body="Texte juste.", author=resident)
    services.article_edit(article=article, author=other_resident, base=article.current, body="Tag")
    client.force_login(moderator)

    response = client.post("/en/wiki/le-pont/rollback/")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.current.body == "Texte juste."


def test_a_residents_watch_list_shows_the_changes_of_the_pages_they_follow(
    client, resident, other_resident
):
    trust(other_resident)
    followed = make_article("Le Pont", body="Texte.")
    other = make_article("La Gare", body="Texte.")
    subscription_create(user=resident, target=followed)
    for article in (followed, other):
        services.article_edit(
            article=article, author=other_resident, base=article.current, body="Neuf."
        )
    client.force_login(resident)

    response = client.get("/en/wiki/watchlist/")

    titles = [title.get_text() for title in soup(response).select(".wiki-changes__title")]
    assert titles == ["Le Pont", "Le Pont"]


def test_an_edit_makes_the_cached_article_page_fresh(client, resident, page_cache):
    trust(resident)
    article = make_article("Le Pont", body="Ancien texte.")

    first = client.get("/en/wiki/le-pont/")
    again = client.get("/en/wiki/le-pont/")
    services.article_edit(
        article=article, author=resident, base=article.current, body="Nouveau texte."
    )
    fresh = client.get("/en/wiki/le-pont/")

    assert (first["X-Parvis-Cache"], again["X-Parvis-Cache"]) == ("miss", "hit")
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Nouveau texte." in fresh.content.decode()


def test_a_new_page_makes_the_links_to_it_and_the_index_fresh(client, resident, page_cache):
    trust(resident)
    make_article("Le Pont", body="Près de [[La Gare]].")
    for url in ("/en/wiki/le-pont/", "/en/wiki/", "/en/wiki/recent/"):
        client.get(url)
        assert client.get(url)["X-Parvis-Cache"] == "hit"

    services.article_create(title="La Gare", body="La gare.", author=resident)

    page = client.get("/en/wiki/le-pont/")
    assert page["X-Parvis-Cache"] == "miss"
    assert soup(page).select_one(".prose a")["href"] == "/en/wiki/la-gare/"
    assert "La Gare" in client.get("/en/wiki/").content.decode()
    assert "La Gare" in client.get("/en/wiki/recent/").content.decode()


def test_a_held_edit_waits_in_the_moderation_queue_with_a_link_to_its_page(
    client, resident, moderator
):
    from parvis.accounts.tests.helpers import sign_in
    from parvis.moderation.tests.test_queue import QUEUE

    article = make_article("Le Pont", body="Texte.")
    held = services.article_edit(
        article=article, author=resident, base=article.current, body="Neuf.", summary="ajout"
    )
    sign_in(client, moderator)

    queue = soup(client.get(f"{QUEUE}?type=wiki"))
    (link,) = queue.select(".moderation-item__decide a")
    page = client.get(link["href"])
    client.post(f"{link['href']}patrol/", {"decision": "accept"})

    assert link["href"] == f"/wiki/le-pont/pending/{held.pk}/"
    assert "ajout" in queue.get_text()
    assert page.status_code == 200
    assert soup(page).select_one("button[value=accept]") is not None
    assert soup(client.get(f"{QUEUE}?type=wiki")).select(".moderation-item__decide a") == []


def test_edits_are_rate_limited(client, resident):
    trust(resident)
    make_article("Le Pont", body="Texte.")
    client.force_login(resident)

    statuses = []
    for number in range(31):
        base = Article.objects.get(slug="le-pont").current_id
        statuses.append(
            client.post(
                "/en/wiki/le-pont/edit/", {"body": f"Texte {number}.", "base": base}
            ).status_code
        )

    assert statuses[:30] == [302] * 30 and statuses[30] == 429
    assert Article.objects.get(slug="le-pont").current.body == "Texte 29."
