"""The suggestion pages: lists (town, space) with their filters and median, a suggestion's
page (answers signed, supports, JSON-LD, the answer form for officials only), the form
(bad input next to the field, 400, nothing saved), private suggestions (404 for others),
support and answer from the page, the space page's section, search, the e-mail of an
answer, and the page cache."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import Mailbox
from parvis.addresses.tests.conftest import ban_file, ban_line, run_import
from parvis.moderation.services import contribution_approve, contribution_hide, contribution_restore
from parvis.notifications.services import subscription_create
from parvis.search.models import SearchDocument
from parvis.spaces.models import ModerationPolicy
from parvis.suggestions import services
from parvis.suggestions.models import Answer, Suggestion, Visibility
from parvis.suggestions.tests.factories import make_category, make_neighbourhood, make_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return make_neighbourhood()


def png() -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def json_ld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_the_lists_show_public_suggestions_with_filters(client, resident, place):
    space, councillor = place
    benches = make_suggestion(resident, space, title="Des bancs")
    make_suggestion(resident, space, title="Plus de vélos", category=make_category("velo", "Vélo"))
    make_suggestion(resident, space, title="Secret", visibility=Visibility.PRIVATE)
    services.suggestion_answer(
        suggestion=benches, actor=councillor, text="Étudiée.", to_status="under_study"
    )
    page = client.get("/en/suggestions/").content.decode()
    assert "Des bancs" in page and "Plus de vélos" in page and "Secret" not in page
    assert "Median time to a first answer: 1 hour." in page
    filtered = client.get("/en/suggestions/?status=under_study").content.decode()
    assert "Des bancs" in filtered and "Plus de vélos" not in filtered
    by_category = client.get("/en/suggestions/?category=velo").content.decode()
    assert "Plus de vélos" in by_category and "Des bancs" not in by_category
    other, _ = make_neighbourhood("gare")
    make_suggestion(resident, other, title="À la gare")
    by_space = client.get("/en/suggestions/?space=gare").content.decode()
    assert "À la gare" in by_space and "Des bancs" not in by_space
    space_page = client.get(f"/en/spaces/{space.slug}/suggestions/").content.decode()
    assert "Des bancs" in space_page and "À la gare" not in space_page
    assert f'href="/en/spaces/{space.slug}/suggestions/new/"' in space_page


def test_a_suggestion_page_shows_the_signed_answers_and_its_json_ld(client, resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space, title="Des bancs")
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Nous étudions.", to_status="under_study"
    )
    response = client.get(f"/en/suggestions/{suggestion.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hélène Garnier" in html and "Conseillère du quartier centre-ville" in html
    assert "Answer as an official" not in html  # the form is for officials only
    posting = next(d for d in json_ld(html) if d.get("@type") == "DiscussionForumPosting")
    assert posting["headline"] == "Des bancs"
    assert posting["comment"][0]["author"] == {
        "@type": "Person",
        "name": "Hélène Garnier",
        "jobTitle": "Conseillère du quartier centre-ville",
    }
    assert "Set-Cookie" not in response.headers


def test_the_form_refuses_bad_input_next_to_the_field(client, resident, place):
    space, _councillor = place
    make_category()
    client.force_login(resident)
    response = client.post(
        f"/en/spaces/{space.slug}/suggestions/new/",
        {
            "title": "",
            "text": "Du texte.",
            "category": "cadre-de-vie",
            "visibility": "public",
            "lat": "48.85",
            "lon": "2.35",
            "photo": SimpleUploadedFile("p.png", png(), content_type="image/png"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert "This position is outside the town." in html
    assert "Describe the photo for people who cannot see it." in html
    assert Suggestion.objects.count() == 0


def test_the_form_has_a_pin_filling_latitude_and_longitude(client, resident, place):
    space, _councillor = place
    make_category()
    client.force_login(resident)
    page = BeautifulSoup(
        client.get(f"/en/spaces/{space.slug}/suggestions/new/").content, "html.parser"
    )
    canvas = page.select_one("form #pin-map")
    assert (canvas["data-pin-lat"], canvas["data-pin-lon"]) == ("id_lat", "id_lon")
    assert page.select_one("input#id_lat") and page.select_one("input#id_lon")
    assert page.select_one('script[src$="parvis/js/pin.js"]')
    # Without JavaScript, an address or the two numbers; the address autocompletes with it.
    assert page.select_one('input[name="address"]')
    assert page.select_one('script[src$="addresses/address-field.js"]')


def test_a_suggestion_placed_by_an_address_shows_it_and_its_pin(client, resident, place):
    space, _councillor = place
    make_category()
    run_import(
        ban_file(ban_line("36044_0100_00003", "3", "", "Rue Nationale", "1.6912", "46.8103"))
    )
    client.force_login(resident)
    response = client.post(
        f"/en/spaces/{space.slug}/suggestions/new/",
        {
            "title": "Un banc",
            "text": "Devant le numéro 3.",
            "category": "cadre-de-vie",
            "visibility": "public",
            "address": "3 rue nationale",
            "lat": "",
            "lon": "",
        },
    )
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert (suggestion.lat, suggestion.lon) == (46.8103, 1.6912)
    assert suggestion.address_text == "3 Rue Nationale, 59999 Villeneuve-du-Parvis"
    client.logout()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "3 Rue Nationale, 59999 Villeneuve-du-Parvis — " in html
    assert "Position: latitude 46.810300, longitude 1.691200." in html  # for everyone
    canvas = BeautifulSoup(html, "html.parser").select_one("#pin-map")
    assert canvas["data-pin-at"] == "46.8103,1.6912"
    assert not canvas.has_attr("data-pin-lat")  # shown, not chosen
    assert "Set-Cookie" not in page.headers


def test_a_suggestion_without_a_place_has_no_pin(client, resident, place):
    space, _councillor = place
    suggestion = make_suggestion(resident, space, title="Partout")
    html = client.get(f"/en/suggestions/{suggestion.pk}/").content.decode()
    assert suggestion.lat is None
    assert "pin-map" not in html and "Position:" not in html


def test_only_one_of_latitude_and_longitude_is_refused_under_the_missing_one(
    client, resident, place
):
    space, _councillor = place
    make_category()
    client.force_login(resident)
    response = client.post(
        f"/en/spaces/{space.slug}/suggestions/new/",
        {
            "title": "Un banc",
            "text": "Ici.",
            "category": "cadre-de-vie",
            "visibility": "public",
            "lat": "46.81",
            "lon": "",
        },
    )
    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").select_one("#id_lon_error")
    assert error.get_text(" ", strip=True) == (
        "Error: Give both the latitude and the longitude, or neither."
    )
    assert Suggestion.objects.count() == 0


def test_a_resident_posts_with_a_photo_and_follows(client, resident, place):
    space, _councillor = place
    make_category()
    client.force_login(resident)
    response = client.post(
        f"/en/spaces/{space.slug}/suggestions/new/",
        {
            "title": "Un jardin",
            "text": "Sur la friche.",
            "category": "cadre-de-vie",
            "visibility": "public",
            "lat": "46.811",
            "lon": "1.691",
            "photo": SimpleUploadedFile("p.png", png(), content_type="image/png"),
            "photo_alt": "La friche au printemps",
        },
    )
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/suggestions/{suggestion.pk}/"
    assert suggestion.photo.name.startswith("suggestions/photos/")
    assert (suggestion.lat, suggestion.lon) == (46.811, 1.691)
    page = client.get(response["Location"]).content.decode()
    assert 'alt="La friche au printemps"' in page
    assert "Stop following" in page


def test_the_form_needs_an_account(client, place):
    space, _councillor = place
    response = client.get(f"/en/spaces/{space.slug}/suggestions/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_private_suggestion_is_404_for_others(client, resident, other_resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space, title="Secret", visibility=Visibility.PRIVATE)
    url = f"/en/suggestions/{suggestion.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(other_resident)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}support/").status_code == 404
    client.force_login(resident)
    page = client.get(url).content.decode()
    assert "Secret" in page and "only its author and the space" in page
    assert 'name="robots" content="noindex, nofollow"' in page
    client.force_login(councillor)
    page = client.get(url).content.decode()
    assert "Answer as an official" in page
    assert SearchDocument.objects.filter(kind="suggestion").count() == 0


def test_support_from_the_page(client, resident, other_resident, place):
    space, _councillor = place
    suggestion = make_suggestion(resident, space)
    client.force_login(other_resident)
    url = f"/en/suggestions/{suggestion.pk}/"
    assert "I support it" in client.get(url).content.decode()
    assert client.post(f"{url}support/")["Location"] == url
    assert client.post(f"{url}support/")["Location"] == url
    page = client.get(url).content.decode()
    assert "1 resident supports it." in page and "You support this suggestion." in page


def test_the_councillor_answers_from_the_page(client, resident, other_resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space)
    url = f"/en/suggestions/{suggestion.pk}/"
    client.force_login(other_resident)
    assert client.post(f"{url}answer/", {"to_status": "accepted", "text": "Oui"}).status_code == 403
    client.force_login(councillor)
    refused = client.post(f"{url}answer/", {"to_status": "declined", "text": ""})
    assert refused.status_code == 400
    assert "Give the reason why the suggestion is declined." in refused.content.decode()
    assert Answer.objects.count() == 0
    done = client.post(f"{url}answer/", {"to_status": "accepted", "text": "Retenue !"})
    assert done.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert Answer.objects.get().signed_name == "Hélène Garnier"


def test_the_space_page_has_the_section_with_the_median(client, resident, place):
    space, councillor = place
    suggestion = make_suggestion(resident, space, title="Des bancs")
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Vu.", to_status="under_study"
    )
    page = client.get(f"/en/spaces/{space.slug}/").content.decode()
    assert "Des bancs" in page
    assert "Median time to a first answer: 1 hour." in page


def test_the_search_finds_public_suggestions_only(client, resident, place):
    space, _councillor = place
    public = make_suggestion(resident, space, title="Des bancs publics", text="Pour le marché.")
    private = make_suggestion(
        resident, space, title="Des bancs secrets", text="Privé.", visibility=Visibility.PRIVATE
    )
    (document,) = SearchDocument.objects.filter(kind="suggestion")
    assert document.title == "Des bancs publics"
    page = client.get("/en/search/?q=bancs").content.decode()
    assert f"/suggestions/{public.pk}/" in page
    assert f"/suggestions/{private.pk}/" not in page and "secrets" not in page


def test_the_follower_gets_the_signed_answer_by_e_mail(
    resident, other_resident, place, mailbox: Mailbox, run_tasks
):
    space, councillor = place
    suggestion = make_suggestion(resident, space, title="Des bancs")
    subscription_create(user=other_resident, target=suggestion, language="en")
    run_tasks()
    mailbox.clear()
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Nous les installons.", to_status="accepted"
    )
    run_tasks()
    (mine,) = mailbox.to(resident.email)
    text = Mailbox.text(mine)
    assert "Nous les installons." in text
    assert "— Hélène Garnier, Conseillère du quartier centre-ville" in text
    assert f"/suggestions/{suggestion.pk}/#answer-" in text
    (theirs,) = mailbox.to(other_resident.email)
    assert theirs["Subject"] == "Answer to “Des bancs”: Accepted"
    assert mailbox.to(councillor.email) == []


def test_the_followers_of_the_space_hear_of_a_public_suggestion_once_it_shows(
    resident, other_resident, moderator, mailbox: Mailbox, run_tasks
):
    space, _councillor = make_neighbourhood("gare", moderation_policy=ModerationPolicy.BEFORE)
    subscription_create(user=other_resident, target=space, language="en")
    subscription_create(user=resident, target=space, language="en")
    held = make_suggestion(resident, space, title="Un abri à vélos")
    make_suggestion(resident, space, title="Entre nous", visibility=Visibility.PRIVATE)
    run_tasks()
    assert mailbox.messages == []  # waiting for a moderator; the private one never goes

    contribution_approve(obj=held, moderator=moderator)
    run_tasks()

    (message,) = mailbox.to(other_resident.email)
    assert message["Subject"] == "New suggestion in Gare: Un abri à vélos"
    assert f"/suggestions/{held.pk}/" in Mailbox.text(message)
    assert mailbox.to(resident.email) == []  # its author knows
    # Hidden, then restored: its followers were told already.
    mailbox.clear()
    contribution_hide(obj=held, moderator=moderator, reason="Doublon ?")
    contribution_restore(obj=held, moderator=moderator)
    run_tasks()
    assert mailbox.to(other_resident.email) == []


def test_a_change_makes_the_cached_pages_fresh(client, resident, other_resident, place, page_cache):
    space, councillor = place
    suggestion = make_suggestion(resident, space, title="Des bancs")
    other = make_suggestion(resident, space, title="Des arbres")
    pages = [
        f"/en/suggestions/{suggestion.pk}/",
        f"/en/suggestions/{other.pk}/",
        "/en/suggestions/",
        f"/en/spaces/{space.slug}/suggestions/",
    ]
    for path in pages:
        assert client.get(path)["X-Parvis-Cache"] == "miss"
        assert client.get(path)["X-Parvis-Cache"] == "hit"
    services.suggestion_answer(
        suggestion=suggestion, actor=councillor, text="Étudiée.", to_status="under_study"
    )
    fresh = client.get(pages[0])
    assert fresh["X-Parvis-Cache"] == "miss" and "Étudiée." in fresh.content.decode()
    assert client.get(pages[1])["X-Parvis-Cache"] == "hit"  # another suggestion's page
    listing = client.get(pages[2])
    assert listing["X-Parvis-Cache"] == "miss" and "Under study" in listing.content.decode()
    assert client.get(pages[3])["X-Parvis-Cache"] == "miss"
    services.suggestion_support(suggestion=other, user=other_resident)
    counted = client.get(pages[1])
    assert (
        counted["X-Parvis-Cache"] == "miss"
        and "1 resident supports it." in counted.content.decode()
    )


def test_the_map_layer_shows_public_suggestions_with_a_position(client, resident, place):
    space, _councillor = place
    pinned = make_suggestion(resident, space, title="Ici", lat=46.81, lon=1.69)
    make_suggestion(resident, space, title="Nulle part")
    make_suggestion(
        resident, space, title="Secret", lat=46.81, lon=1.69, visibility=Visibility.PRIVATE
    )
    answer = client.get("/map/suggestions/?bbox=1.68,46.80,1.70,46.82&zoom=14").json()
    assert [f["properties"]["title"] for f in answer["features"]] == ["Ici"]
    assert answer["features"][0]["properties"]["url"].endswith(f"/suggestions/{pinned.pk}/")
