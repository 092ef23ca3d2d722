"""The pages of live sessions, without JavaScript: forms post and redirect back, bad input
and floods are answered next to the field, the queue is the moderators', the transcript
is a page of its own; the anonymous page cache is made fresh by each change."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from parvis.live import services
from parvis.live.models import Answer, Question, SessionState, Vote
from parvis.live.tests.factories import question_create, session_create

pytestmark = pytest.mark.django_db


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_an_anonymous_reader_reads_the_published_questions_and_is_asked_to_sign_in(
    client, live_session, resident
):
    question_create(live_session, resident, text="Publiée", votes=2)
    question_create(live_session, resident, text="En attente", status="pending")
    question_create(live_session, resident, text="Rejetée", status="rejected")

    response = client.get(f"/en/live/{live_session.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")

    texts = [p.get_text() for p in soup.select("#live-questions [data-q=text]")]
    assert texts == ["Publiée"]
    assert (
        soup.select_one("[data-live-socket]")["data-live-socket"] == f"/ws/live/{live_session.pk}/"
    )
    assert soup.select_one("#ask a")["href"] == (
        f"/en/accounts/login/?next=%2Fen%2Flive%2F{live_session.pk}%2F"
    )
    assert not soup.select(".live form")
    assert "Set-Cookie" not in response.headers and not response.cookies


def test_a_resident_asks_and_is_told_it_waits_for_a_moderator(client, live_session, resident):
    client.force_login(resident)

    response = client.post(f"/en/live/{live_session.pk}/ask/", {"text": "Et les arbres ?"})

    assert response.status_code == 302
    assert response["Location"] == f"/en/live/{live_session.pk}/#ask"
    assert Question.objects.get().text == "Et les arbres ?"
    follow = client.get(response["Location"])
    assert "A moderator reads it before it is published." in follow.content.decode()


def test_an_empty_question_is_refused_next_to_the_field_and_nothing_is_saved(
    client, live_session, resident
):
    client.force_login(resident)

    response = client.post(f"/en/live/{live_session.pk}/ask/", {"text": "  "})

    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("#id_text")
    described = " ".join(
        soup.select_one(f"#{i}").get_text() for i in field["aria-describedby"].split()
    )
    assert "This field is required." in described
    assert not Question.objects.exists()


def test_a_flood_of_questions_is_throttled_with_the_time_to_wait(client, live_session, resident):
    client.force_login(resident)
    answers = [
        client.post(f"/en/live/{live_session.pk}/ask/", {"text": f"Question {n}"}).status_code
        for n in range(6)
    ]

    # Three wait for a moderator, the fourth and fifth are refused by the service, the
    # sixth by the rate limit of five in five minutes.
    assert answers == [302, 302, 302, 400, 400, 429]
    last = client.post(f"/en/live/{live_session.pk}/ask/", {"text": "Encore"})
    assert last.status_code == 429
    assert "Please wait" in last.content.decode()
    assert int(last["Retry-After"]) > 0
    assert Question.objects.count() == 3
    cache.clear()


def test_a_resident_votes_once_without_javascript(client, live_session, resident, other_resident):
    question = question_create(live_session, resident)
    client.force_login(other_resident)
    url = f"/en/live/{live_session.pk}/questions/{question.pk}/vote/"

    first = client.post(url)
    second = client.post(url, follow=True)

    assert first.status_code == 302
    assert first["Location"] == f"/en/live/{live_session.pk}/#question-{question.pk}"
    assert "You have already voted for this question." in second.content.decode()
    assert Question.objects.get().votes == 1
    soup = page(client, f"/en/live/{live_session.pk}/")
    assert soup.select_one(f"#question-{question.pk} .live-question__voted")
    assert soup.select_one(f"#question-{question.pk} [data-q=votes]").get_text() == "1"


def test_an_official_answers_on_the_page_and_others_may_not(
    client, live_session, resident, official
):
    question = question_create(live_session, resident)
    url = f"/en/live/{live_session.pk}/questions/{question.pk}/answer/"
    client.force_login(resident)
    assert client.post(url, {"text": "Moi aussi"}).status_code == 403

    client.force_login(official)
    soup = page(client, f"/en/live/{live_session.pk}/")
    assert soup.select_one(f"form[action='{url}'] textarea#answer-{question.pk}")
    response = client.post(url, {"text": "Au printemps."})

    assert response.status_code == 302
    assert list(Answer.objects.values_list("text", "official_name")) == [
        ("Au printemps.", "Jeanne Martin")
    ]
    soup = page(client, f"/en/live/{live_session.pk}/")
    assert soup.select_one(f"#question-{question.pk} [data-a=text]").get_text() == "Au printemps."


def test_the_moderators_queue_publishes_rejects_and_moves_the_session(
    client, live_session, resident, session_moderator
):
    waiting = question_create(live_session, resident, text="À publier", status="pending")
    other = question_create(live_session, resident, text="À rejeter", status="pending")
    client.force_login(session_moderator)
    queue = f"/en/live/{live_session.pk}/queue/"

    soup = page(client, queue)
    assert [p.get_text() for p in soup.select("#live-queue [data-q=text]")] == [
        "À publier",
        "À rejeter",
    ]
    assert soup.select_one("[data-live-socket]")["data-live-socket"] == (
        f"/ws/live/{live_session.pk}/?queue=1"
    )
    decide = f"/en/live/{live_session.pk}/questions/{{}}/decide/"
    assert client.post(decide.format(waiting.pk), {"decision": "publish"})["Location"] == queue
    client.post(decide.format(other.pk), {"decision": "reject"})
    assert client.post(decide.format(other.pk), {"decision": "maybe"}).status_code == 400
    client.post(f"/en/live/{live_session.pk}/state/", {"state": "closed"})

    assert dict(Question.objects.values_list("text", "status")) == {
        "À publier": "published",
        "À rejeter": "rejected",
    }
    live_session.refresh_from_db()
    assert live_session.state == "closed"
    assert client.get(queue)["Cache-Control"].startswith("max-age=0")


def test_the_queue_is_not_for_residents_nor_anonymous_readers(client, live_session, resident):
    queue = f"/en/live/{live_session.pk}/queue/"
    assert client.get(queue).status_code == 302  # to sign in
    client.force_login(resident)
    assert client.get(queue).status_code == 403
    question = question_create(live_session, resident, status="pending")
    response = client.post(
        f"/en/live/{live_session.pk}/questions/{question.pk}/decide/", {"decision": "publish"}
    )
    assert response.status_code == 403
    assert Question.objects.get().status == "pending"


def test_the_transcript_is_a_page_once_published(client, space, resident, official):
    session = session_create(space, state=SessionState.CLOSED, officials=[official])
    question = question_create(session, resident, text="Combien de stations ?", votes=4)
    Answer.objects.create(question=question, official_name="Jeanne Martin", text="Douze.")
    assert client.get(f"/en/live/{session.pk}/transcript/").status_code == 404

    services.session_state_set(session=session, state="published", by=None)
    soup = page(client, f"/en/live/{session.pk}/transcript/")

    assert soup.select_one(".live-question__text").get_text() == "Combien de stations ?"
    assert soup.select_one(".live-answer__text").get_text() == "Douze."
    data = [json.loads(s.string) for s in soup.select("script[type='application/ld+json']")]
    page_data = next(d for d in data if d["@type"] == "WebPage")
    assert page_data["mainEntity"]["itemListElement"] == [
        {
            "@type": "Question",
            "position": 1,
            "text": "Combien de stations ?",
            "answerCount": 1,
            "upvoteCount": 4,
            "suggestedAnswer": [{"@type": "Answer", "text": "Douze."}],
        }
    ]
    listing = page(client, "/en/live/")
    assert listing.select_one(f"a[href='/en/live/{session.pk}/transcript/']")


def test_the_transcript_is_found_by_the_search(client, space, resident):
    from parvis.search.models import SearchDocument

    session = session_create(space, state=SessionState.CLOSED)
    question = question_create(session, resident, text="Le viaduc sera-t-il démoli ?")
    Answer.objects.create(question=question, official_name="Jeanne Martin", text="Non.")
    services.session_state_set(session=session, state="published", by=None)

    document = SearchDocument.objects.get(object_id=session.pk, kind="live_sessions")
    assert "viaduc" in document.text


@pytest.mark.parametrize("order,expected", [("", ["B", "A"]), ("?order=time", ["C", "B", "A"])])
def test_published_questions_by_votes_or_by_time(client, live_session, resident, order, expected):
    question_create(live_session, resident, text="A", votes=1)
    question_create(live_session, resident, text="B", votes=5)
    question_create(live_session, resident, text="C", votes=0)

    soup = page(client, f"/en/live/{live_session.pk}/{order}")

    texts = [p.get_text() for p in soup.select("#live-questions [data-q=text]")]
    assert texts[: len(expected)] == expected


def test_a_change_makes_the_session_page_fresh_in_the_page_cache(
    client, live_session, resident, official, session_moderator, page_cache
):
    other = session_create(live_session.space, title="Une autre")
    url, other_url = f"/live/{live_session.pk}/", f"/live/{other.pk}/"
    for path in (url, other_url):
        assert client.get(path)["X-Parvis-Cache"] == "miss"
        assert client.get(path)["X-Parvis-Cache"] == "hit"

    question = services.question_ask(session=live_session, author=resident, text="Cachée ?")
    assert client.get(url)["X-Parvis-Cache"] == "hit"  # a waiting question changes no page
    services.question_publish(question=question, by=session_moderator)
    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Cachée ?" in fresh.content.decode()
    assert client.get(other_url)["X-Parvis-Cache"] == "hit"

    services.question_upvote(question=question, user=official)
    assert client.get(url)["X-Parvis-Cache"] == "miss"
    services.answer_give(question=question, by=official, text="Réponse en direct")
    assert "Réponse en direct" in client.get(url).content.decode()
    assert Vote.objects.count() == 1


def test_the_transcript_is_fresh_after_a_change_in_the_page_cache(
    client, space, resident, page_cache
):
    session = session_create(space, state=SessionState.PUBLISHED)
    question = question_create(session, resident, text="Avant")
    url = f"/live/{session.pk}/transcript/"
    assert client.get(url)["X-Parvis-Cache"] == "miss"
    assert client.get(url)["X-Parvis-Cache"] == "hit"

    question.text = "Après correction"
    question.save()

    fresh = client.get(url)
    assert fresh["X-Parvis-Cache"] == "miss"
    assert "Après correction" in fresh.content.decode()
