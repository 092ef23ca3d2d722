"""The page cache across processes: two `parvis serve` servers on one database, each with
its own in-process cache, and changes made through the services by a third process.

Each change must make the affected page fresh on both servers, which poll the generations
(GENERATIONS_REFRESH, half a second by default). On SQLite the servers share the data
directory's database file; when this run is on PostgreSQL they share a database of their
own on the same server, and Redis (the shared `pages` cache) under a key prefix of their own.
The deadline of the polling is generous for a loaded machine: the delays seen are printed,
nothing is asserted about them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from django.db import connection

from parvis.core.tests.subprocesses import (
    http_get,
    parvis_env,
    parvis_server,
    run_parvis,
    with_database,
)

PRELUDE = """
from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.comments.models import Comment
from parvis.news.models import Announcement, Article
from parvis.spaces.models import Space
from parvis.tags.models import Tag
officer = User.objects.get(email="officer@mairie.example")
"""

SETUP = """
from parvis.accounts.services import role_grant
from parvis.news.tests.factories import make_article
from parvis.spaces.tests.factories import make_space
from parvis.tags.services import tag_save
officer = User.objects.create_user("officer@mairie.example", "x" * 20)
role_grant(user=officer, role=Role.COMMUNICATION_OFFICER, granted_by=None)
moderator = User.objects.create_user("moderator@mairie.example", "x" * 20)
role_grant(user=moderator, role=Role.MODERATOR, granted_by=None)
User.objects.create_user("camille@example.org", "x" * 20, display_name="Camille")
space = make_space("centre", name="Centre-ville")
tag = tag_save(tag=Tag(slug="parks", name="Parks"), actor=officer)
make_article("library", title="The library opens", actor=officer, space=space, tags=[tag])
"""

#: (what is done, the code doing it through the services, the page, what it must show).
CHANGES = [
    (
        "an article published",
        "from parvis.news.tests.factories import make_article\n"
        "make_article('storm', title='Storm: schools closed', actor=officer)",
        "/news/",
        "Storm: schools closed",
    ),
    (
        "an article edited",
        "from parvis.news.services import article_save\n"
        "a = Article.objects.get(slug='library'); a.title = 'The library opens on Monday'\n"
        "article_save(article=a, actor=officer)",
        "/news/library/",
        "The library opens on Monday",
    ),
    (
        "an announcement published",
        "from parvis.news.tests.factories import make_announcement\n"
        "make_announcement('Buses run on the winter timetable', actor=officer)",
        "/announcements/",
        "Buses run on the winter timetable",
    ),
    (
        "a comment posted",
        "from parvis.comments.services import comment_create\n"
        "comment_create(target=Article.objects.get(slug='library'),"
        " author=User.objects.get(email='camille@example.org'), body='See you there!')",
        "/news/library/",
        "See you there!",
    ),
    (
        "a comment hidden by a moderator",
        "from parvis.moderation.services import contribution_hide\n"
        "contribution_hide(obj=Comment.objects.get(body='See you there!'),"
        " moderator=User.objects.get(email='moderator@mairie.example'), reason='Spam')",
        "/news/library/",
        re.compile(r"^(?![\s\S]*See you there!)"),
    ),
    (
        "a space edited",
        "from parvis.spaces.services import space_save\n"
        "s = Space.objects.get(slug='centre'); s.name = 'Old town'\n"
        "space_save(space=s, actor=officer)",
        "/spaces/centre/",
        "Old town",
    ),
    (
        "a tag renamed",
        "from parvis.tags.services import tag_save\n"
        "t = Tag.objects.get(slug='parks'); t.name = 'Parks and gardens'\n"
        "tag_save(tag=t, actor=officer)",
        "/tags/parks/",
        "Parks and gardens",
    ),
    (
        "a space followed",
        "from parvis.notifications.services import subscription_create\n"
        "subscription_create(user=User.objects.get(email='camille@example.org'),"
        " target=Space.objects.get(slug='centre'))",
        "/spaces/centre/",
        "Suivi par 1 personne",
    ),
    (
        "an article unpublished",
        "from parvis.news.services import article_unpublish\n"
        "article_unpublish(article=Article.objects.get(slug='storm'), actor=officer)",
        "/news/",
        re.compile(r"^(?![\s\S]*Storm: schools closed)"),
    ),
]


@pytest.fixture
def backend(tmp_path) -> Iterator[dict[str, str]]:
    """The variables giving the servers this run's kind of database (and Redis with
    PostgreSQL), each of their own; removed afterwards."""
    if connection.vendor != "postgresql":
        yield {}
        return
    import psycopg
    import redis

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_pagecache"[:60]
    server = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}"
        f":{settings_dict['PORT'] or 5432}"
    )
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    prefix = f"parvis-test-{uuid.uuid4().hex}"
    try:
        yield {
            "DATABASE_URL": f"{server}/{name}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "CACHE_KEY_PREFIX": prefix,
        }
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shared = redis.Redis.from_url("redis://127.0.0.1:6379/0")
        for key in shared.scan_iter(f"*{prefix}*"):
            shared.delete(key)


def _shows(text: str, expected: str | re.Pattern[str]) -> bool:
    if isinstance(expected, str):
        return expected in text
    return expected.search(text) is not None


#: The third process: one `parvis shell` for the whole test, which runs each line of its
#: input (a JSON string of code) and answers "done", or "failed" after the traceback.
DRIVER = """
import json, sys, traceback
namespace = {}
for line in sys.stdin:
    try:
        exec(json.loads(line), namespace)
    except Exception:
        traceback.print_exc()
        print("failed", flush=True)
    else:
        print("done", flush=True)
"""


def test_a_change_made_anywhere_is_fresh_on_every_server(
    tmp_path, backend, collected_static, migrated_sqlite
):
    env = parvis_env(tmp_path, PAGE_CACHE="on", STATIC_ROOT=str(collected_static), **backend)
    if backend:
        migrated = run_parvis("migrate", "-v0", env=env)
        assert migrated.returncode == 0, migrated.stderr
    else:
        with_database(migrated_sqlite, tmp_path)

    with ExitStack() as stack:
        errors = stack.enter_context((tmp_path / "shell.log").open("w"))
        shell = stack.enter_context(
            subprocess.Popen(
                [sys.executable, "-m", "parvis", "shell", "-v", "0", "-c", DRIVER],
                env=env,
                cwd=tmp_path,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        )

        def in_parvis(code: str, prelude: str = PRELUDE) -> None:
            assert shell.stdin is not None and shell.stdout is not None
            shell.stdin.write(json.dumps(prelude + code) + "\n")
            shell.stdin.flush()
            line = shell.stdout.readline()  # "" only at the end of the output
            while line and line.strip() not in ("done", "failed"):
                line = shell.stdout.readline()
            assert line.strip() == "done", (tmp_path / "shell.log").read_text()

        in_parvis(SETUP, prelude=PRELUDE.split("officer =")[0])
        servers = [
            stack.enter_context(parvis_server(env, tmp_path / f"server-{n}.log")) for n in (1, 2)
        ]
        delays = []
        for what, code, path, expected in CHANGES:
            for base in servers:
                http_get(base + path)
                warm = http_get(base + path)
                assert warm.headers.get("x-parvis-cache") == "hit", (what, base)
                assert not _shows(warm.text, expected), what

            in_parvis(code)
            changed_at = time.monotonic()

            for base in servers:
                deadline = time.monotonic() + 60
                answer = http_get(base + path)
                while not _shows(answer.text, expected) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    answer = http_get(base + path)
                assert _shows(answer.text, expected), (what, base, answer.status)
                delays.append((what, round(time.monotonic() - changed_at, 2)))
                # Rendered once again, then served from the cache again.
                assert http_get(base + path).headers.get("x-parvis-cache") == "hit", what
        print("seconds from the change to a fresh page:", delays)
    if backend:
        import redis

        shared = redis.Redis.from_url(backend["REDIS_URL"])
        # The pages were shared through Redis too.
        assert list(shared.scan_iter(f"{backend['CACHE_KEY_PREFIX']}:pages:*"))
