"""Settings come from the environment: bad values are reported in one clear line.

Each case runs Parvis in a child process, since settings are read once per process.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import uuid

import pytest
import redis

from parvis.core.tests.subprocesses import parvis_env, run_parvis

PREFIX = "parvis: the configuration is not valid: "
#: The server's own database: these tests only connect, they create no table.
PG = "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean (use 1/0, true/false, yes/no)."),
        (
            {"DATABASE_URL": "mysql://town:secret@db.example/parvis"},
            "DATABASE_URL must be a PostgreSQL address such as "
            "postgres://user:password@host:5432/name (leave it unset to use SQLite).",
        ),
        (
            {"DATABASE_URL": "garbage"},
            "DATABASE_URL must be a PostgreSQL address such as "
            "postgres://user:password@host:5432/name (leave it unset to use SQLite).",
        ),
        ({"SITE_URL": "ftp://x"}, "SITE_URL='ftp://x' must be an absolute http(s) URL."),
        (
            {"SITE_URL": "villeneuve.fr"},
            "SITE_URL='villeneuve.fr' must be an absolute http(s) URL.",
        ),
        ({"STORAGE_BACKEND": "s3"}, "STORAGE_BACKEND=s3 needs S3_BUCKET."),
        (
            {"STORAGE_BACKEND": "cloud"},
            "STORAGE_BACKEND='cloud' must be one of: local, s3.",
        ),
        ({"TOWN_CENTRE": "500,1"}, "TOWN_CENTRE='500,1' is outside the globe."),
        ({"TOWN_CENTRE": "north"}, "TOWN_CENTRE='north' is not 'latitude,longitude'."),
        (
            {"OIDC_ISSUER": "https://fc.example/api/v2"},
            "OIDC_ISSUER is set: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are needed.",
        ),
        ({"MAX_REQUEST_BODY": "abc"}, "MAX_REQUEST_BODY='abc' is not a whole number."),
        ({"MAX_REQUEST_BODY": "10"}, "MAX_REQUEST_BODY=10 must be at least 1024."),
        (
            {"ALLOWED_HOSTS": ""},
            "ALLOWED_HOSTS is empty: give the site's host name(s), or unset it.",
        ),
        (
            {"DATABASE_POOL": "on"},
            "DATABASE_POOL is for PostgreSQL: set DATABASE_URL too.",
        ),
        (
            {"DATABASE_URL": PG, "DATABASE_POOL": "on", "DATABASE_CONN_MAX_AGE": "60"},
            "DATABASE_POOL is on: unset DATABASE_CONN_MAX_AGE (the pool keeps the connections).",
        ),
        (
            {
                "DATABASE_URL": PG,
                "DATABASE_POOL": "on",
                "DATABASE_POOL_MIN": "5",
                "DATABASE_POOL_MAX": "4",
            },
            "DATABASE_POOL_MAX=4 must be at least DATABASE_POOL_MIN=5.",
        ),
        ({"DATABASE_CONN_MAX_AGE": "-1"}, "DATABASE_CONN_MAX_AGE=-1 must be at least 0."),
        (
            {"SECRET_KEY_FILE": "/nonexistent/secret"},
            "SECRET_KEY_FILE='/nonexistent/secret' cannot be read: "
            "[Errno 2] No such file or directory: '/nonexistent/secret'",
        ),
    ],
    ids=lambda value: next(iter(value)) if isinstance(value, dict) else "",
)
def test_a_bad_value_is_reported_in_one_line_without_traceback(tmp_path, variables, message):
    done = run_parvis("check", env=parvis_env(tmp_path, **variables))

    assert done.returncode == 1
    assert done.stderr == f"{PREFIX}{message}\n"
    assert done.stdout == ""


def test_private_files_may_not_live_inside_the_public_media_folder(tmp_path):
    media = tmp_path / "media"
    env = parvis_env(tmp_path, MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=str(media / "private"))

    done = run_parvis("check", env=env)

    assert done.returncode == 1
    assert done.stderr == (
        f"{PREFIX}PRIVATE_MEDIA_ROOT={str(media / 'private')!r} is inside MEDIA_ROOT, whose "
        "files are public; choose a folder outside it.\n"
    )


def print_settings(tmp_path, code: str, **variables: str) -> dict:
    """Run `code` (which prints JSON) in `parvis shell` with `variables` set."""
    done = run_parvis("shell", "-v", "0", "-c", code, env=parvis_env(tmp_path, **variables))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


SHOW_SECRETS = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.SECRET_KEY, settings.EMAIL_HOST_PASSWORD]))"
)


def test_secrets_are_read_from_name_file_variables(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 60 + "\n")
    (tmp_path / "smtp_password").write_text("smtp-pass-from-a-file\n")

    shown = print_settings(
        tmp_path,
        SHOW_SECRETS,
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        EMAIL_HOST="smtp.example",
        EMAIL_HOST_PASSWORD_FILE=str(tmp_path / "smtp_password"),
    )

    assert shown == ["k" * 60, "smtp-pass-from-a-file"]


def test_a_variable_set_directly_wins_over_its_file(tmp_path):
    (tmp_path / "secret_key").write_text("from-the-file")

    shown = print_settings(
        tmp_path,
        SHOW_SECRETS,
        SECRET_KEY="from-the-variable",
        SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        EMAIL_HOST="smtp.example",
    )

    assert shown == ["from-the-variable", ""]


def test_without_database_url_sqlite_runs_in_wal_mode(tmp_path):
    pragmas = print_settings(
        tmp_path,
        "import json; from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    values = {}\n"
        "    for name in ['journal_mode', 'foreign_keys', 'synchronous', 'busy_timeout']:\n"
        "        c.execute(f'PRAGMA {name}')\n"
        "        values[name] = c.fetchone()[0]\n"
        "print(json.dumps([connection.vendor, str(connection.settings_dict['NAME']), values]))",
    )

    assert pragmas == [
        "sqlite",
        str(tmp_path.resolve() / "parvis.sqlite3"),
        {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1, "busy_timeout": 20000},
    ]
    # WAL is recorded in the file itself: bytes 18 and 19 of the header are 2 (1 is legacy).
    assert (tmp_path / "parvis.sqlite3").read_bytes()[18:20] == b"\x02\x02"


SHOW_CONNECTIONS = (
    "import json; from django.conf import settings; from django.db import connection; "
    "from django.test import Client\n"
    "response = Client(HTTP_HOST='127.0.0.1').get('/health/')\n"
    "database = settings.DATABASES['default']\n"
    "pool = getattr(connection, 'pool', None)\n"
    "print(json.dumps([response.status_code, response.json(), database['CONN_MAX_AGE'], "
    "database['OPTIONS'].get('pool'), [pool.min_size, pool.max_size] if pool else None]))"
)


def test_connections_persist_sixty_seconds_unless_told_otherwise(tmp_path):
    default = print_settings(tmp_path, SHOW_CONNECTIONS)
    per_request = print_settings(tmp_path, SHOW_CONNECTIONS, DATABASE_CONN_MAX_AGE="0")
    postgres = print_settings(
        tmp_path, SHOW_CONNECTIONS, DATABASE_URL=PG, DATABASE_CONN_MAX_AGE="300"
    )

    assert default == [200, {"status": "ok"}, 60, None, None]
    assert per_request == [200, {"status": "ok"}, 0, None, None]
    assert postgres == [200, {"status": "ok"}, 300, None, None]


def test_a_pooled_postgresql_configuration_serves_pages(tmp_path):
    pooled = print_settings(
        tmp_path,
        SHOW_CONNECTIONS,
        DATABASE_URL=PG,
        DATABASE_POOL="on",
        DATABASE_POOL_MIN="1",
        DATABASE_POOL_MAX="3",
    )

    assert pooled == [200, {"status": "ok"}, 0, {"min_size": 1, "max_size": 3}, [1, 3]]


RATE_LIMIT_HITS = (
    "import json; from django.conf import settings; "
    "from django.contrib.auth.models import AnonymousUser; "
    "from django.test import RequestFactory; from parvis.core import ratelimit\n"
    "request = RequestFactory().post('/', REMOTE_ADDR='203.0.113.9')\n"
    "request.user = AnonymousUser()\n"
    "waits = [ratelimit.check(request, 'shared', per_user='1/m', per_ip='{limit}') "
    "for _ in range({hits})]\n"
    "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, waits]))"
)


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own on the shared Redis server, cleaned afterwards."""
    prefix = f"parvis-test-{uuid.uuid4().hex}"
    yield prefix
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)


def test_with_redis_url_two_processes_share_their_rate_limit_counters(tmp_path, redis_prefix):
    redis_env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "CACHE_KEY_PREFIX": redis_prefix}
    # A window of about 31 years: the test cannot straddle two windows.
    limit = "3/1000000000s"

    first = print_settings(tmp_path, RATE_LIMIT_HITS.format(limit=limit, hits=3), **redis_env)
    second = print_settings(tmp_path, RATE_LIMIT_HITS.format(limit=limit, hits=1), **redis_env)

    assert first[:2] == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]
    assert first[2] == [0, 0, 0]
    (wait,) = second[2]
    assert wait > 0  # the fourth attempt, counted by the other process, is refused
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    assert len(list(server.scan_iter(f"{redis_prefix}*"))) == 1


def test_without_redis_url_each_process_counts_on_its_own(tmp_path):
    limit = "3/1000000000s"

    first = print_settings(tmp_path, RATE_LIMIT_HITS.format(limit=limit, hits=3))
    second = print_settings(tmp_path, RATE_LIMIT_HITS.format(limit=limit, hits=1))

    assert first == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
        [0, 0, 0],
    ]
    assert second[2] == [0]


# --- the data directory: settings read it, `parvis` prepares it -------------------------------

READ_SETTINGS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'parvis.settings'; "
    "django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"
)


def test_reading_the_settings_writes_nothing(tmp_path):
    data_dir = tmp_path / "var"
    env = parvis_env(data_dir, SECRET_KEY="k" * 60)
    env["PARVIS_DATA_DIR"] = str(data_dir)

    done = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout == "60\n"
    assert list(tmp_path.iterdir()) == []


def test_without_a_key_reading_the_settings_says_how_to_make_one(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env=parvis_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )

    assert done.returncode == 1
    assert (
        f"SECRET_KEY is not set and there is no generated key in {tmp_path.resolve()}/secret_key: "
        "set SECRET_KEY (or SECRET_KEY_FILE), or run a `parvis` command once (`parvis migrate`), "
        "which generates it there."
    ) in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_first_parvis_command_generates_the_key_and_later_ones_keep_it(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"

    first = run_parvis("shell", "-v", "0", "-c", show_key, env=parvis_env(data_dir))
    second = run_parvis("shell", "-v", "0", "-c", show_key, env=parvis_env(data_dir))

    assert first.returncode == 0, first.stderr
    key_file = data_dir / "secret_key"
    assert first.stdout == f"{key_file.read_text()}\n"
    assert len(key_file.read_text()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert second.stdout == first.stdout
    assert sorted(path.name for path in data_dir.iterdir()) == ["secret_key", "static"]
