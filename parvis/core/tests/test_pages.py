import pytest

from conftest import PASSWORD


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
