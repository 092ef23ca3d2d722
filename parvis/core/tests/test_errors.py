"""Friendly error pages: never a traceback, even when the database is gone."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.test.client import ClientHandler, RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from parvis.core.tests import urls as failing_urls
from parvis.core.tests.subprocesses import http_get, parvis_env, parvis_server

LEAKS = ("Traceback", "hunter2", "secret internal detail", "10.0.0.5", 'File "/')


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def assert_friendly(response, *, status: int, title: str, language: str) -> BeautifulSoup:
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = page_of(response)
    with translation.override(language):
        assert page.h1.text == gettext(title)
        assert page.select_one(".error-page__code").text == gettext("Error %(status)s") % {
            "status": status
        }
        assert page.select_one(".error-page a.button").text == gettext("Back to the home page")
    assert page.html["lang"] == language
    for leak in LEAKS:
        assert leak not in response.content.decode()
    return page


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_an_unknown_address_gives_the_friendly_404(client, prefix, language):
    response = client.get(f"{prefix}/no-such-page/")

    page = assert_friendly(response, status=404, title="Page not found", language=language)
    with translation.override(language):
        assert (
            gettext(
                "The page you asked for does not exist or has moved. Check the address, or "
                "search the site."
            )
            in page.text
        )
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_a_refused_page_gives_the_friendly_403(client, prefix, language):
    response = client.get(f"{prefix}/test/forbidden/")

    page = assert_friendly(response, status=403, title="Access denied", language=language)
    with translation.override(language):
        assert (
            gettext(
                "You cannot open this page with your account. If you think you should, contact "
                "the town hall."
            )
            in page.text
        )


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_a_suspicious_request_gives_the_friendly_400(client, prefix, language):
    response = client.get(f"{prefix}/test/suspicious/")

    assert_friendly(
        response, status=400, title="The request could not be understood", language=language
    )


def test_an_unknown_host_gives_the_friendly_400(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert_friendly(
        response, status=400, title="The request could not be understood", language="fr"
    )


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_a_crash_gives_the_friendly_500_without_any_detail(settings, prefix, language):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get(f"{prefix}/test/explode/")

    page = assert_friendly(
        response, status=500, title="Something went wrong on our side", language=language
    )
    with translation.override(language):
        assert gettext("The team has been told. Please try again in a few minutes.") in page.text


@pytest.mark.urls("parvis.core.tests.urls")
def test_a_lost_database_gives_the_503_page_with_retry_after(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/en/test/database-lost/")

    assert_friendly(response, status=503, title="The service is briefly unavailable", language="en")
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_health_answers_200_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_an_unreachable_database_gives_503_pages_for_real(tmp_path, collected_static):
    """A real server whose database does not answer: every page says so, kindly."""
    env = parvis_env(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere",
        STATIC_ROOT=str(collected_static),
    )
    with parvis_server(env, tmp_path / "server.log") as base:
        home = http_get(f"{base}/")
        spaces_en = http_get(f"{base}/en/spaces/")
        health = http_get(f"{base}/health/")

    for answer, language in [(home, "fr"), (spaces_en, "en")]:
        assert answer.status == 503
        assert answer.headers["retry-after"] == "30"
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        page = BeautifulSoup(answer.text, "html.parser")
        assert page.html["lang"] == language
        with translation.override(language):
            assert page.h1.text == gettext("The service is briefly unavailable")
            assert gettext(
                "We are doing maintenance or facing a technical problem. Please try again in a "
                "few minutes."
            ) in (page.text)
        for leak in ("Traceback", "OperationalError", "Connection refused", "127.0.0.1:1"):
            assert leak not in answer.text
    assert health.status == 503
    assert health.text == '{"status": "unavailable"}'


# --- bodies too large or malformed ------------------------------------------------------------


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def post_raw(path: str, body: bytes, *, content_length: str) -> tuple[object, CountingStream]:
    """POST `body` through Django's request handler, as the WSGI server would hand it over."""
    stream = CountingStream(body)
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE="application/octet-stream",
        CONTENT_LENGTH=content_length,
    )
    environ["wsgi.input"] = stream
    return ClientHandler(enforce_csrf_checks=False)(environ), stream


@pytest.fixture
def received():
    failing_urls.RECEIVED.clear()
    yield failing_urls.RECEIVED
    failing_urls.RECEIVED.clear()


@pytest.mark.urls("parvis.core.tests.urls")
def test_a_body_within_the_limit_reaches_the_view(settings, received):
    settings.MAX_REQUEST_BODY = 4096

    response, stream = post_raw("/test/upload/", b"x" * 4096, content_length="4096")

    assert response.status_code == 200
    assert received == [4096]
    assert stream.bytes_read == 4096


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize(("prefix", "language"), [("", "fr"), ("/en", "en")])
def test_a_body_over_the_limit_is_refused_with_413_before_being_read(
    settings, received, prefix, language
):
    settings.MAX_REQUEST_BODY = 4096

    response, stream = post_raw(f"{prefix}/test/upload/", b"x" * 4097, content_length="4097")

    assert_friendly(response, status=413, title="What you sent is too large", language=language)
    assert not response.has_header("Connection")  # hop-by-hop: WSGI servers refuse it
    assert received == []  # the view never ran
    assert stream.bytes_read == 0  # and not a byte of the body was read


@pytest.mark.urls("parvis.core.tests.urls")
def test_a_declared_length_over_the_limit_is_refused_whatever_is_really_sent(settings, received):
    settings.MAX_REQUEST_BODY = 4096

    response, stream = post_raw("/test/upload/", b"x" * 10, content_length=str(10**12))

    assert response.status_code == 413
    assert received == []
    assert stream.bytes_read == 0


@pytest.mark.urls("parvis.core.tests.urls")
@pytest.mark.parametrize("content_length", ["abc", "-1", "12x", "1e3", " "])
def test_a_malformed_content_length_is_refused_with_400(received, content_length):
    response, stream = post_raw("/test/upload/", b"x" * 10, content_length=content_length)

    assert_friendly(
        response, status=400, title="The request could not be understood", language="fr"
    )
    assert received == []
    assert stream.bytes_read == 0
