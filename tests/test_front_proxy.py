"""The shipped nginx configuration (deploy/nginx/parvis.conf), run for real in front of
`parvis serve`: nginx accepts it, keeps what a reader without a session gets and answers
their conditional requests itself, never keeps nor serves a kept page to a signed-in
person, and keeps no page under an address made of a random query string.

`python3 dev.py test` installs nginx (Debian's nginx-light) as it installs Chromium.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from bench.frontproxy import SHIPPED_CONFIG, FrontProxy, site_config
from parvis.core.tests.subprocesses import parvis_env, parvis_server, run_parvis, with_database

#: A real session of a real account, made in the server's own database.
MAKE_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from parvis.accounts.models import User
user = User.objects.create_user("lea@example.org", "correct-horse-battery-staple-42")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "parvis.accounts.backends.AccountBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
PROFILE_LINK = 'href="/accounts/profile/"'


@pytest.fixture(scope="module")
def served(tmp_path_factory, migrated_sqlite, collected_static):
    """Parvis (its own SQLite database, migrated, its static files collected) behind the
    shipped nginx configuration: (nginx's base URL, a signed-in person's session key)."""
    folder = tmp_path_factory.mktemp("front-proxy")
    with_database(migrated_sqlite, folder)
    env = parvis_env(folder, TRUSTED_PROXY_COUNT="1", STATIC_ROOT=str(collected_static))
    made = run_parvis("shell", "-c", MAKE_SESSION, env=env)
    assert made.returncode == 0, made.stderr
    session_key = made.stdout.strip().splitlines()[-1]
    with parvis_server(env, folder / "server.log") as base:
        upstream_port = int(base.rsplit(":", 1)[1])
        with FrontProxy(upstream_port=upstream_port, folder=folder / "nginx") as proxy:
            yield f"http://127.0.0.1:{proxy.port}", session_key


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def get(url: str, **headers: str) -> Answer:
    """One request as a browser sends it (with the headers given); the answer as received."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Answer(response.status, _lower(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _lower(error.headers), error.read())


def _lower(headers) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def test_nginx_accepts_the_shipped_configuration(tmp_path):
    proxy = FrontProxy(upstream_port=8000, folder=tmp_path)

    checked = proxy.check()

    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_only_the_marked_lines_are_adapted_for_a_run(tmp_path):
    shipped = SHIPPED_CONFIG.read_text()

    adapted = site_config(port=18080, upstream_port=18000, folder=tmp_path)

    changed = set(adapted.splitlines()) - set(shipped.splitlines())
    assert {line.split("#")[0].split(" levels=")[0].strip() for line in changed} == {
        "listen 127.0.0.1:18080;",
        "server_name 127.0.0.1 localhost;",
        "server 127.0.0.1:18000;",
        f"proxy_cache_path {tmp_path}/cache-pages",
        f"proxy_cache_path {tmp_path}/cache-search",
    }
    assert "listen [::]:80;" not in adapted


def test_a_page_read_without_a_session_is_kept_and_revalidated_by_nginx(served):
    base, _session = served

    first = get(f"{base}/legal/notice/")
    second = get(f"{base}/legal/notice/")
    conditional = get(f"{base}/legal/notice/", **{"If-None-Match": first.headers["etag"]})

    assert first.status == 200
    assert first.headers["x-cache-status"] == "MISS"
    assert first.headers["cache-control"] == (
        "public, max-age=0, s-maxage=60, stale-while-revalidate=30"
    )
    assert second.status == 200
    assert second.headers["x-cache-status"] == "HIT"
    assert second.text == first.text
    assert conditional.status == 304
    assert conditional.headers["x-cache-status"] == "HIT"


def test_a_signed_in_person_is_never_served_nor_stored_by_the_proxy(served):
    base, session = served
    anonymous = get(f"{base}/spaces/")
    assert get(f"{base}/spaces/").headers["x-cache-status"] == "HIT"

    signed_in = [get(f"{base}/spaces/", Cookie=f"sessionid={session}") for _ in range(2)]
    after = get(f"{base}/spaces/")

    for answer in signed_in:
        assert answer.status == 200
        assert answer.headers["x-cache-status"] == "BYPASS"
        assert answer.headers["cache-control"] == "private, no-store"
        assert PROFILE_LINK in answer.text
    assert PROFILE_LINK not in anonymous.text
    assert after.headers["x-cache-status"] == "HIT"
    assert PROFILE_LINK not in after.text


@pytest.mark.parametrize("path", ["/health/", "/accounts/login/", "/en/backoffice/login/"])
def test_what_is_never_kept_is_passed_straight_through(served, path):
    base, _session = served

    answers = [get(f"{base}{path}") for _ in range(2)]

    assert [a.status for a in answers] == [200, 200]
    assert ["x-cache-status" in a.headers for a in answers] == [False, False]


def test_random_query_strings_are_passed_through_and_never_kept(served):
    base, _session = served

    answers = [get(f"{base}/?utm_source=newsletter&n={n}") for n in range(3)]
    answers += [get(f"{base}/?page=12345") for _ in range(2)]
    page_two = [get(f"{base}/spaces/?page=2") for _ in range(2)]

    assert [a.headers["x-cache-status"] for a in answers] == ["BYPASS"] * 5
    assert [a.headers["x-cache-status"] for a in page_two] == ["MISS", "HIT"]


def test_search_results_are_kept_in_a_zone_of_their_own(served, tmp_path):
    base, _session = served

    search = [get(f"{base}/search/?q=lavoir") for _ in range(2)]
    odd = [get(f"{base}/search/?q=lavoir&utm_medium=x") for _ in range(2)]

    assert [a.headers["x-cache-status"] for a in search] == ["MISS", "HIT"]
    assert [a.headers["x-cache-status"] for a in odd] == ["BYPASS", "BYPASS"]


def test_static_files_come_through_whitenoise_and_are_kept(served):
    base, _session = served
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', get(f"{base}/en/").text)[1]

    first = get(f"{base}{stylesheet}", **{"Accept-Encoding": "gzip, deflate, br"})
    second = get(f"{base}{stylesheet}", **{"Accept-Encoding": "gzip"})
    plain = [get(f"{base}{stylesheet}") for _ in range(2)]

    assert first.headers["x-cache-status"] == "MISS"
    assert first.headers["content-encoding"] == "gzip"
    assert "immutable" in first.headers["cache-control"]
    assert second.headers["x-cache-status"] == "HIT"
    assert second.body == first.body
    assert [a.headers["x-cache-status"] for a in plain] == ["MISS", "HIT"]
    assert "content-encoding" not in plain[1].headers
    assert b"{" in plain[1].body
