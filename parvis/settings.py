"""The one settings module of Parvis, driven by environment variables.

Safe defaults make `parvis run` work with nothing set: SQLite in WAL mode, media on local
disk under the data directory, e-mail printed on the console, the demo town's identity.
Every variable is listed once in `.env.example` and `docs/configuration.md`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from parvis.accounts.oidc.config import FRANCECONNECT_SCOPES, oidc_settings
from parvis.core import datadir, env

PACKAGE_DIR = Path(__file__).resolve().parent
# Read only: the `parvis` command makes the directory and the key (`datadir.prepare()`).
DATA_DIR = datadir.data_dir()


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the one `parvis` generated in the data dir."""
    key = env.string("SECRET_KEY")
    if key:
        return key
    path = datadir.secret_key_path()
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set and there is no generated key in {path}: set SECRET_KEY "
            "(or SECRET_KEY_FILE), or run a `parvis` command once (`parvis migrate`), which "
            "generates it there."
        ) from None


SECRET_KEY = _secret_key()
# Former keys, still accepted while rotating SECRET_KEY: signed links and sessions made with
# them stay valid, and two-factor secrets encrypted with them can still be read until
# `parvis mfa_rekey` re-encrypts them (docs/configuration.md, "Rotating SECRET_KEY").
SECRET_KEY_FALLBACKS = env.listing("SECRET_KEY_FALLBACKS")
DEBUG = env.boolean("DEBUG", False)

# The address the town's residents use; absolute links in e-mails and feeds are built on it.
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must be an absolute http(s) URL.")
SITE_IS_HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", [_site.hostname, "127.0.0.1", "localhost"])
if not ALLOWED_HOSTS:
    # Django would then refuse every request with 400, which looks like a broken site.
    raise ImproperlyConfigured("ALLOWED_HOSTS is empty: give the site's host name(s), or unset it.")
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    # Parvis first, so its templates override those of the libraries below.
    "parvis.core",
    "parvis.accounts",
    "parvis.spaces",
    "parvis.tags",
    "parvis.notifications",
    "parvis.search",
    "parvis.moderation",
    "parvis.comments",
    "parvis.news",
    "parvis.addresses",
    "parvis.reports",
    "parvis.roadworks",
    "parvis.observations",
    "parvis.open311",
    "parvis.directory",
    "parvis.jobs",
    "parvis.family",
    "parvis.payments",
    "parvis.agenda",
    "parvis.council",
    "parvis.suggestions",
    "parvis.votes",
    "parvis.wiki",
    "parvis.live",
    "parvis.photos",
    "parvis.videos",
    "parvis.podcasts",
    "parvis.demo",
    "parvis.backoffice.apps.BackofficeConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "parvis.accounts.oidc",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
]

MIDDLEWARE = [
    # First, so that every answer carries it, static files and error pages included.
    "parvis.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # HTTP caching (parvis/core/httpcache.py), outside the page cache: a 304 on a cached
    # page costs no more than a hit. ETags and 304s; then `public` Cache-Control for what
    # every reader without a session gets.
    "parvis.core.httpcache.ConditionalRequestMiddleware",
    "parvis.core.httpcache.PublicCachingMiddleware",
    # Just inside the security and HTTP caching headers, before everything else: a page
    # served from the cache runs no session, CSRF or authentication code. The headers the
    # middlewares below add are stored with the page.
    "parvis.core.pagecache.PageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: it signs idle staff out with a message, and marks
    # every answer to a signed-in person as not to be stored by any cache.
    "parvis.core.middleware.StaffIdleTimeoutMiddleware",
    "parvis.core.middleware.SignedInNoStoreMiddleware",
    "parvis.core.middleware.FormErrorStatusMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so its 413 and 400 pages get the security headers and the page's language;
    # nothing above reads the body before views run, so it still refuses before reading.
    "parvis.core.middleware.RequestBodyLimitMiddleware",
]

ROOT_URLCONF = "parvis.urls"
WSGI_APPLICATION = "parvis.wsgi.application"
ASGI_APPLICATION = "parvis.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The back office app is Django's admin under another config (its label is "admin"),
        # so its template folder is not an app folder: it is listed here.
        "DIRS": [PACKAGE_DIR / "templates", PACKAGE_DIR / "backoffice" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parvis.core.context_processors.town",
            ],
        },
    },
]
# Accessible field markup (labels, described-by, invalid state) for every form, allauth's too.
FORM_RENDERER = "parvis.core.forms.ParvisFormRenderer"

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env.string("DATABASE_URL")
# Seconds a web or worker thread keeps its connection between requests (0: one per request).
# Each thread has its own connection (SQLite too: WAL lets them read while one writes).
_conn_max_age = env.integer("DATABASE_CONN_MAX_AGE", 60, minimum=0)
if DATABASE_URL:
    # Checked before parsing: the parser's own error lists every scheme it knows (MySQL…).
    if urlsplit(DATABASE_URL).scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostgreSQL address such as "
            "postgres://user:password@host:5432/name (leave it unset to use SQLite)."
        )
    try:
        _database = dj_database_url.parse(
            DATABASE_URL, conn_max_age=_conn_max_age, conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from exc
    _database.setdefault("OPTIONS", {})
    _database["OPTIONS"].setdefault("connect_timeout", env.integer("DATABASE_CONNECT_TIMEOUT", 5))
    if env.boolean("DATABASE_POOL", False):
        # psycopg's pool, shared by the threads of a process; Django then opens no
        # connection of its own, so a persistent one is not possible alongside.
        if env.string("DATABASE_CONN_MAX_AGE") not in ("", "0"):
            raise ImproperlyConfigured(
                "DATABASE_POOL is on: unset DATABASE_CONN_MAX_AGE (the pool keeps the connections)."
            )
        _pool_min = env.integer("DATABASE_POOL_MIN", 2, minimum=1)
        _pool_max = env.integer("DATABASE_POOL_MAX", 10, minimum=1)
        if _pool_max < _pool_min:
            raise ImproperlyConfigured(
                f"DATABASE_POOL_MAX={_pool_max} must be at least DATABASE_POOL_MIN={_pool_min}."
            )
        _database["CONN_MAX_AGE"] = 0
        _database["CONN_HEALTH_CHECKS"] = False
        _database["OPTIONS"]["pool"] = {"min_size": _pool_min, "max_size": _pool_max}
else:
    if env.boolean("DATABASE_POOL", False):
        raise ImproperlyConfigured("DATABASE_POOL is for PostgreSQL: set DATABASE_URL too.")
    # How long a write waits for another one to finish before failing with "database is
    # locked" (the worker then waits and tries again; a web request answers an error).
    _busy_seconds = env.integer("DATABASE_BUSY_TIMEOUT", 20, minimum=1)
    # Each thread's connection keeps its own cache of the file's pages, on top of the
    # system's: SQLite's 2,000 KiB by default; `parvis serve` lowers it (see its command).
    _cache_kib = env.integer("SQLITE_CACHE_KB", 2000, minimum=64)
    _database = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "parvis.sqlite3"),
        "CONN_MAX_AGE": _conn_max_age,
        "OPTIONS": {
            # WAL lets readers work while the worker writes; IMMEDIATE avoids lock upgrades.
            "transaction_mode": "IMMEDIATE",
            "timeout": _busy_seconds,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                f"PRAGMA busy_timeout={_busy_seconds * 1000};"
                f"PRAGMA cache_size=-{_cache_kib};"
            ),
        },
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, rate limits ------------------------------------------------------------
REDIS_URL = env.string("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "parvis"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Rendered pages shared by every process and server (parvis.core.pagecache), each still
    # checked against the generations in the database before it is served.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.string("CACHE_KEY_PREFIX", "parvis") + ":pages",
        "TIMEOUT": 24 * 60 * 60,  # type: ignore[dict-item]  # the dict's first entries are all str
    }
else:
    # One process serves the embedded default, so a local-memory cache is shared by all
    # its requests; deployments with several web processes set REDIS_URL.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The channel layer carries what services broadcast to WebSocket consumers
# (parvis.core.websockets). In memory, it reaches only the consumers of the same process: the
# embedded default serves pages and WebSockets from one (`parvis run`). With REDIS_URL,
# every process (WSGI ones included) reaches every consumer.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [REDIS_URL],
                "prefix": env.string("CACHE_KEY_PREFIX", "parvis") + ":ws",
                # A reader whose connection stalls loses the oldest events, not the server.
                "capacity": 200,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# HTTP caching of what readers without a session get (parvis/core/httpcache.py): browsers
# keep a page max-age seconds, shared caches (a front proxy) s-maxage seconds, then may serve
# it stale for stale-while-revalidate seconds while they ask the server again. Browsers ask
# every time by default (a 304 when nothing changed): a reader sees a change at once.
HTTP_CACHE_MAX_AGE = env.integer("HTTP_CACHE_MAX_AGE", 0, minimum=0)
HTTP_CACHE_S_MAXAGE = env.integer("HTTP_CACHE_S_MAXAGE", 60, minimum=0)
HTTP_CACHE_STALE_WHILE_REVALIDATE = env.integer("HTTP_CACHE_STALE_WHILE_REVALIDATE", 30, minimum=0)
# Feed readers poll: their copy may be older (their requests are conditional anyway).
HTTP_CACHE_FEED_MAX_AGE = env.integer("HTTP_CACHE_FEED_MAX_AGE", 300, minimum=0)
# The anonymous page cache (parvis.core.pagecache): on unless PAGE_CACHE=off; the bytes of
# rendered pages each process keeps, and apart those of pages with a query string (?page=2),
# so that a flood of query strings never evicts the plain pages.
PAGE_CACHE = env.boolean("PAGE_CACHE", True)
PAGE_CACHE_BYTES = env.integer("PAGE_CACHE_BYTES", 32 * 1024 * 1024, minimum=64 * 1024)
PAGE_CACHE_VARIANT_BYTES = env.integer("PAGE_CACHE_VARIANT_BYTES", 4 * 1024 * 1024, minimum=0)
# Parts of pages kept rendered in each process (parvis.core.fragments): on unless
# FRAGMENT_CACHE=off; the bytes they may take.
FRAGMENT_CACHE = env.boolean("FRAGMENT_CACHE", True)
FRAGMENT_CACHE_BYTES = env.integer("FRAGMENT_CACHE_BYTES", 4 * 1024 * 1024, minimum=64 * 1024)
# Seconds a page with a query string stays in Redis (plain pages: a day, or until a change).
PAGE_CACHE_VARIANT_TIMEOUT = 300
# Seconds between two reads of the generations by a server process: how late, at most, a
# process sees a change made elsewhere (parvis.core.generations). In milliseconds in the
# environment, so that it stays a whole number.
GENERATIONS_REFRESH = env.integer("GENERATIONS_REFRESH_MS", 500, minimum=0) / 1000

# How many reverse proxies in front of Parvis add themselves to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# Staff (anyone holding a staff role) are signed out after this many seconds without a
# request, whatever "remember me" said; residents keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_TIMEOUT = env.integer("STAFF_SESSION_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_HTTPONLY = True
# The CSRF cookie lasts as long as the browser session, not a year.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "parvis.core.views.csrf_failure"

# --- Tasks -------------------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "QUEUES": ["default", "mail", "maintenance"],
    }
}

# --- Files ----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
# Leaflet, the map library, from its pinned package (xstatic-leaflet), served at /static/leaflet/.
_leaflet = importlib.util.find_spec("xstatic.pkg.leaflet")
if _leaflet is None or _leaflet.origin is None:
    raise ImproperlyConfigured(
        "xstatic-leaflet is not installed: pip install -r requirements/base.txt"
    )
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("leaflet", Path(_leaflet.origin).parent / "data")]
STATIC_ROOT = datadir.static_root()
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(DATA_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.string("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
STORAGE_BACKEND = env.choice("STORAGE_BACKEND", ("local", "s3"), "local")

if STORAGE_BACKEND == "s3":
    _s3_options: dict[str, Any] = {
        "bucket_name": env.string("S3_BUCKET"),
        "endpoint_url": env.string("S3_ENDPOINT_URL") or None,
        "region_name": env.string("S3_REGION") or None,
        "access_key": env.string("S3_ACCESS_KEY_ID"),
        "secret_key": env.string("S3_SECRET_ACCESS_KEY"),
        "custom_domain": env.string("S3_CUSTOM_DOMAIN") or None,
        "file_overwrite": False,
        "querystring_auth": False,
        "default_acl": None,
    }
    if not _s3_options["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET.")
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "STORAGE_BACKEND=s3 needs django-storages: install Parvis with `pip install parvis[s3]`."
        )
    _public_media = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options}
    _private_media = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": env.string("S3_PRIVATE_BUCKET", _s3_options["bucket_name"]),
            "location": "private",
            "custom_domain": None,
            # Private files are reached only through short-lived signed links.
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
else:
    _public_media = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
    _private_media = {
        # Private files have no public address (its url() refuses); views stream them
        # after an access check.
        "BACKEND": "parvis.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
    # /media/ serves MEDIA_ROOT as it is: private files inside it would be public.
    if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
        raise ImproperlyConfigured(
            f"PRIVATE_MEDIA_ROOT={str(PRIVATE_MEDIA_ROOT)!r} is inside MEDIA_ROOT, whose files "
            "are public; choose a folder outside it."
        )

STORAGES = {
    "default": _public_media,
    "private": _private_media,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Media are served by the app itself only in the embedded default (local disk).
SERVE_MEDIA = STORAGE_BACKEND == "local" and env.boolean("SERVE_MEDIA", True)

# Requests larger than this are refused before their body is read (413).
MAX_REQUEST_BODY = env.integer("MAX_REQUEST_BODY", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500
MAX_IMAGE_UPLOAD = env.integer("MAX_IMAGE_UPLOAD", 10 * 1024 * 1024, minimum=1024)
# The largest photo staff may upload to the photo library (one file per request from the
# bulk uploader: keep it under MAX_REQUEST_BODY), and the most an archive given to
# `parvis import_photos` may expand to (a ZIP bomb is refused as a whole beyond it).
PHOTOS_MAX_UPLOAD = env.integer("PHOTOS_MAX_UPLOAD", 15 * 1024 * 1024, minimum=1024)
PHOTOS_IMPORT_MAX_TOTAL = env.integer(
    "PHOTOS_IMPORT_MAX_TOTAL", 20 * 1024 * 1024 * 1024, minimum=1024 * 1024
)
# The largest council PDF (minutes, deliberations) staff may upload; the request body limit
# above must leave room for it (a larger request is refused before it is read).
COUNCIL_MAX_PDF = env.integer("COUNCIL_MAX_PDF", 15 * 1024 * 1024, minimum=1024)
# The largest podcast episode staff may upload (MP3, M4A or Ogg); the request body limit above
# must leave room for it: raise both for long episodes.
PODCAST_MAX_AUDIO = env.integer("PODCAST_MAX_AUDIO", 18 * 1024 * 1024, minimum=1024)

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Parvis's catalogue, then the libraries' words (allauth's, the admin's) said as Parvis says
# them ("Sign in", "e-mail"): both are read before the installed apps' own catalogues.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_libraries"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # allauth's e-mail and password sign-in, answering no permission question itself.
    "parvis.accounts.backends.AccountBackend",
    # Answers has_perm() from the roles declared in Python: the one permission layer.
    "parvis.accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "parvis.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "parvis.accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Sign-up, sign-in and reset answer alike whether or not the address has an account here;
# an address in use gets an e-mail instead (allauth's default, stated because it matters).
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address without an account sends nothing (not an e-mail to a
# stranger's mailbox on anyone's request).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Only a confirmed address is taken, a typed one blocks nobody; sign-up and reset cost the
# same whether or not the address has an account (parvis.accounts.forms).
ACCOUNT_FORMS = {
    "signup": "parvis.accounts.forms.SignupForm",
    "reset_password": "parvis.accounts.forms.ResetPasswordForm",
}
ACCOUNT_MAX_EMAIL_ADDRESSES = 2
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Throttling of login, sign-up and the other account forms (kept in the cache).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_RECOVERY_CODE_COUNT = 10
MFA_ADAPTER = "parvis.accounts.adapter.MFAAdapter"
# A code stays good one step (30 s) either side: phones' clocks drift and people type slowly.
MFA_TOTP_TOLERANCE = 1

# OpenID Connect for residents (FranceConnect profile); off unless OIDC_ISSUER is set.
# `oidc_settings` builds both settings from the same values, so they stay in step.
try:
    OIDC, SOCIALACCOUNT_PROVIDERS = oidc_settings(
        issuer=env.string("OIDC_ISSUER"),
        name=env.string("OIDC_NAME", "FranceConnect"),
        client_id=env.string("OIDC_CLIENT_ID"),
        client_secret=env.string("OIDC_CLIENT_SECRET"),
        scopes=env.listing("OIDC_SCOPES", list(FRANCECONNECT_SCOPES)),
        acr_values=env.string("OIDC_ACR_VALUES", "eidas1"),
        verifies_identity=env.boolean("OIDC_VERIFIES_IDENTITY", True),
        token_auth_method=env.string("OIDC_TOKEN_AUTH_METHOD", "client_secret_post"),
        trust_email=env.boolean("OIDC_TRUST_EMAIL", True),
    )
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_HOST = env.string("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.integer("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env.string("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.boolean("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 20)
else:
    # Nothing configured: messages are printed where the worker runs (the embedded default).
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", f"Parvis <no-reply@{_site.hostname}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Notifications (parvis.notifications: the outbox) ---------------------------------------------
# The hour (Europe/Paris) after which each person's daily digest goes out.
NOTIFICATION_DIGEST_HOUR = env.integer("NOTIFICATION_DIGEST_HOUR", 7, minimum=0)
if NOTIFICATION_DIGEST_HOUR > 23:
    raise ImproperlyConfigured("NOTIFICATION_DIGEST_HOUR must be an hour from 0 to 23.")
# E-mails sent per task over one SMTP connection.
NOTIFICATION_BATCH_SIZE = env.integer("NOTIFICATION_BATCH_SIZE", 50, minimum=1)
# Seconds after which what a silent worker held is taken back: its waiting e-mails go to
# another worker, the one it was handing over is marked "uncertain" (never sent twice).
NOTIFICATION_CLAIM_TIMEOUT = env.integer("NOTIFICATION_CLAIM_TIMEOUT", 900, minimum=0)
# Waits (seconds) before each new try after the mail server refused for now; then "failed".
NOTIFICATION_RETRY_DELAYS = (60, 300, 1800, 7200, 21600)
# Days sent, dropped and failed deliveries are kept (they tell who received what).
NOTIFICATION_RETENTION_DAYS = env.integer("NOTIFICATION_RETENTION_DAYS", 30, minimum=1)

# --- Comments and moderation (parvis.comments, parvis.moderation) ------------------------------
# Whether town-wide contributions (on content that belongs to no space) are read by a
# moderator before ("before") or after ("after") they are published; spaces set their own.
MODERATION_DEFAULT_POLICY = env.choice("MODERATION_DEFAULT_POLICY", ("before", "after"), "after")
# How many people flagging a published contribution put it back in the queue until decided.
MODERATION_FLAGS_TO_HOLD = env.integer("MODERATION_FLAGS_TO_HOLD", 3, minimum=1)
# Days a person's contributions wait for review after one was hidden or a suspension ended.
MODERATION_WATCH_DAYS = env.integer("MODERATION_WATCH_DAYS", 30, minimum=0)
# Reports sent without an account and never confirmed are deleted after this many days.
REPORT_UNCONFIRMED_DAYS = env.integer("REPORT_UNCONFIRMED_DAYS", 7, minimum=1)
# Minutes during which the author of a comment may still edit it.
COMMENT_EDIT_MINUTES = env.integer("COMMENT_EDIT_MINUTES", 15, minimum=0)

# --- Job applications (parvis.jobs) ---------------------------------------------------------------
# Days an application is kept after the last contact with the applicant, then deleted.
JOBS_APPLICATION_RETENTION_DAYS = env.integer("JOBS_APPLICATION_RETENTION_DAYS", 730, minimum=30)
# Whether the e-mail telling human resources of an application carries its CV and letter.
# Off by default: files then stay in the back office, where access is checked and logged.
JOBS_EMAIL_ATTACHMENTS = env.boolean("JOBS_EMAIL_ATTACHMENTS", False)

# --- Registration to events (parvis.agenda) ------------------------------------------------------
# Days after an event ends that its registrants' names and e-mail addresses are kept, then deleted.
AGENDA_REGISTRATION_RETENTION_DAYS = env.integer(
    "AGENDA_REGISTRATION_RETENTION_DAYS", 90, minimum=1
)

# --- The family space (parvis.family) -------------------------------------------------------------
# Days an invitation code given to a family stays valid.
FAMILY_INVITATION_DAYS = env.integer("FAMILY_INVITATION_DAYS", 60, minimum=1)
# Days from an invoice's issue to its due date, and from the due date (or the last reminder)
# to the next reminder by e-mail (three at most).
FAMILY_INVOICE_DUE_DAYS = env.integer("FAMILY_INVOICE_DUE_DAYS", 30, minimum=1)
# The day of the month from which last month is invoiced by itself, if staff have not run it
# (0: only staff run it, as towns that import their invoices want).
FAMILY_INVOICE_DAY = env.integer("FAMILY_INVOICE_DAY", 5, minimum=0)
if FAMILY_INVOICE_DAY > 28:
    raise ImproperlyConfigured("FAMILY_INVOICE_DAY must be from 0 to 28.")
FAMILY_REMINDER_DAYS = env.integer("FAMILY_REMINDER_DAYS", 15, minimum=1)

# --- The agenda (parvis.agenda) --------------------------------------------------------------------
# Hours between two imports of each external calendar (.ics) the back office lists.
AGENDA_IMPORT_HOURS = env.integer("AGENDA_IMPORT_HOURS", 6, minimum=1)

# --- Fetching from other servers (parvis.core.fetch) ----------------------------------------------
# Networks (CIDR) reachable although not public: none. The tests set their loopback here; a
# deployment has no reason to (it would open the town's own network to whoever types a URL).
FETCH_ALLOWED_NETWORKS: list[str] = []

# --- Videos (parvis.videos) ----------------------------------------------------------------------
# The PeerTube instances whose videos may be referenced (hosts, "host:port" for another port):
# their players are the only ones pages may frame besides YouTube's and Vimeo's.
VIDEO_PEERTUBE_HOSTS = [host.lower() for host in env.listing("VIDEO_PEERTUBE_HOSTS")]
# The largest uploaded video, in bytes (MAX_REQUEST_BODY bounds the request too: raise both).
VIDEO_MAX_UPLOAD = env.integer("VIDEO_MAX_UPLOAD", 200 * 1024 * 1024, minimum=1024)

# --- Online payment (parvis.payments, through eopayment) -------------------------------------------
# The provider: "payfip_ws" (PayFiP, the public treasury), "tipi", "systempayv2", "paybox",
# "mollie"… or "dummy", eopayment's test backend (the demo town and the tests only: refused
# once TOWN_NAME is set, unless DEBUG). Its options are a JSON object, as eopayment names them
# (for SystemPay: {"vads_site_id": "…", "secret_test": "…", "vads_ctx_mode": "PRODUCTION"…}).
PAYMENT_BACKEND = env.string("PAYMENT_BACKEND", "dummy" if not env.string("TOWN_NAME") else "")
PAYMENT_OPTIONS = env.mapping("PAYMENT_OPTIONS", {})
if PAYMENT_BACKEND == "dummy" and env.string("TOWN_NAME") and not DEBUG:
    raise ImproperlyConfigured(
        "PAYMENT_BACKEND=dummy accepts any notification: set the town's payment provider."
    )
# The origin (https://host) of the provider's payment page when the browser posts a form to it
# (SystemPay, Paybox): the Content-Security-Policy lets forms go there.
PAYMENT_PROVIDER_ORIGIN = env.string("PAYMENT_PROVIDER_ORIGIN", "")
# Where the daily reconciliation of online payments is e-mailed (the treasury, the finance
# department); empty: kept in the back office only.
PAYMENT_TREASURY_EMAIL = env.string("PAYMENT_TREASURY_EMAIL", "")

# --- The town: everything that describes it, in one place (parvis.core.town reads it) ---------
PARVIS_TOWN = {
    "name": env.string("TOWN_NAME", "Villeneuve-du-Parvis"),
    "logo": env.string("TOWN_LOGO", "parvis/img/town-logo.svg"),
    # The picture of link previews for pages without one of their own: PNG or JPEG (the social
    # networks show no SVG), 1200 by 630 pixels best; its text alternative, empty for "the emblem of…".
    "share_image": env.string("TOWN_SHARE_IMAGE", "parvis/img/share.png"),
    "share_image_alt": env.string("TOWN_SHARE_IMAGE_ALT", ""),
    "address": env.string("TOWN_ADDRESS", "1 place de la Mairie, 36000 Villeneuve-du-Parvis"),
    "email": env.string("TOWN_EMAIL", "mairie@villeneuve-du-parvis.example"),
    "phone": env.string("TOWN_PHONE", "+33 2 00 00 00 00"),
    "siret": env.string("TOWN_SIRET", ""),
    # Empty: the legal notice says "the mayor" / "hosted by the town", in the reader's language.
    "publication_director": env.string("TOWN_PUBLICATION_DIRECTOR", ""),
    "host": env.string("TOWN_HOST", ""),
    "dpo_email": env.string("TOWN_DPO_EMAIL", "dpo@villeneuve-du-parvis.example"),
    "centre": (_centre := env.decimal_pair("TOWN_CENTRE", (46.8103, 1.6912))),
    "accessibility_status": env.choice(
        "TOWN_ACCESSIBILITY_STATUS", ("full", "partial", "none"), "partial"
    ),
    "accessibility_audit_date": env.string("TOWN_ACCESSIBILITY_AUDIT_DATE", ""),
    "is_demo": env.string("TOWN_NAME") == "",
}
ADMIN_PATH = env.string("ADMIN_PATH", "backoffice").strip("/")

# --- Maps (parvis.core.maps) ----------------------------------------------------------------------
# The tile server: OpenStreetMap's by default; a town may use its own (its origin is added to
# the Content-Security-Policy's img-src). {z}/{x}/{y}, and {s} for a server's subdomains.
MAP_TILE_URL = env.string("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.string(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
MAP_MAX_ZOOM = env.integer("MAP_MAX_ZOOM", 19, minimum=1)
if MAP_MAX_ZOOM > 20:
    raise ImproperlyConfigured(f"MAP_MAX_ZOOM={MAP_MAX_ZOOM} must be at most 20.")
# The town's extent (min lon, min lat, max lon, max lat): positions outside it are refused.
# Empty: about 25 km around TOWN_CENTRE.
MAP_BOUNDS = env.bbox("MAP_BOUNDS", _centre, margin=(0.25, 0.35))
# A map layer whose clusters counted this many objects or more gets them counted ahead by
# cell (core.maps: the worker keeps them, answers add cells up instead of counting rows).
MAP_CELLS_FROM = env.integer("MAP_CELLS_FROM", 20000, minimum=1)


def tile_origin(url: str) -> str:
    """The origin of a tile URL for the CSP: "https://{s}.tile.example" allows its subdomains."""
    parts = urlsplit(url.replace("{s}", "_s_"))
    host = parts.netloc.replace("_s_", "*")
    return f"{parts.scheme}://{host}" if parts.scheme and host else ""


# --- Security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.boolean("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SITE_IS_HTTPS and env.boolean("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000 if SITE_IS_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
# The browser features pages may use (Permissions-Policy): none but full screen, for the
# site's own video players. No page asks for a position, a camera or a payment: a feature
# that comes to need one (a map's "locate me") sets it to ["self"] here. Only names
# Chromium knows are listed: it warns on the console about others ("ambient-light-sensor",
# "bluetooth", "web-share" in Chromium 156).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-read": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "gamepad": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "identity-credentials-get": [],
    "idle-detection": [],
    "interest-cohort": [],
    "local-fonts": [],
    "local-network-access": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "otp-credentials": [],
    "payment": [],
    "picture-in-picture": [],
    # Passkeys are not offered (MFA_SUPPORTED_TYPES): ["self"] for both the day they are.
    "publickey-credentials-create": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "storage-access": [],
    "usb": [],
    "window-management": [],
    "xr-spatial-tracking": [],
}

_form_action = [SELF]
if OIDC["issuer"]:
    # The sign-in form posts to Parvis, which redirects to the provider: Chromium checks
    # form-action against that redirect too.
    _issuer = urlsplit(OIDC["issuer"])
    _form_action.append(f"{_issuer.scheme}://{_issuer.netloc}")
if PAYMENT_PROVIDER_ORIGIN:
    _form_action.append(PAYMENT_PROVIDER_ORIGIN)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [
            SELF,
            "data:",
            *filter(None, [tile_origin(MAP_TILE_URL)]),
            *env.listing("CSP_EXTRA_IMG_SRC"),
        ],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": _form_action,
    }
}

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"level": "ERROR"},
    },
}

# Open311 GeoReport v2 (parvis.open311): the jurisdiction this server answers for. Clients
# may leave jurisdiction_id out; one that gives another answers 404.
OPEN311_JURISDICTION_ID = env.string("OPEN311_JURISDICTION_ID", _site.hostname or "")
