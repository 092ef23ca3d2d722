"""The anonymous page cache: every public page a visitor without a session asks for, kept
after its first rendering and served again until something it shows changes.

**What a page depends on.** While a page renders, the cache records the generations
(`parvis.core.generations`) of what it read, and the stored page is served only while all
of them are unchanged (and before the next moment a declared time makes content appear or
go, `due`). Three sources, all combined:

- every database table the rendering read: a table of a model declared with
  `invalidates()` gives its type's key (`news.article`); any other table of the project
  gives the catch-all `*` that every change moves (never stale, merely less lasting);
- what the view or a section declares with `depends_on(request, *keys, instead_of=…)`:
  an article's page says it shows one article (`news.article:12`) *instead of* any
  article, so editing another article leaves it cached;
- `town`, for every page.

A page whose content changes by the clock alone (a place "open now" until noon) also says
when, with `expires_at(request, moment)`: no stored copy of it is served from then on.

**What changes move which key.** An app declares, in its manifest, each model whose change
alters a public page, and which keys it moves beyond its type's and its own:

    invalidates(Article, keys=lambda a: [f"space:{a.space_id}", *tag_keys(a)],
                due=next_article_expiry)

Saving, deleting or changing a many-to-many relation of such an object (through a service,
the back office, anything that sends Django's model signals) bumps, in the same
transaction, `<app_label>.<model>`, `<app_label>.<model>:<pk>` and the declared keys.
Writes that send no signal (`QuerySet.update()`, `bulk_create`, raw SQL) call
`parvis.core.generations.bump()` or `objects_changed()` themselves. `due()` returns the
next moment its objects appear or go by the clock alone (an article's end of publication):
no stored page outlives it.

**What is stored** (`is_storable`): answers 200 to GET or HEAD from a visitor with neither
a session nor a messages cookie (`is_anonymous_request`), that set no cookie, used no CSRF
token or CSP nonce, did not say `private`/`no-store`/`no-cache`/`max-age=0` (Django's
`never_cache` and `cache_control(private=True)` opt a view out), are not streamed, and are
not under the back office, /accounts/ or /unsubscribe/. The request never opens the
session on this path (that would add `Vary: Cookie`). A stored page carries a strong
`ETag` (a hash of its body, computed once) and `Last-Modified` (when the last of its
dependencies changed). Answers say `X-Parvis-Cache: hit` or `miss` when they could be
cached.

**Cache keys** (`cache_key`): the path (with its language prefix) and only the query
parameters a page uses, declared with `query_parameter()` and bounded by a pattern;
tracking parameters (`utm_*`, `fbclid`…) are ignored for a hit, and a request with any
other parameter, or a value out of bounds, is neither served from nor stored in the cache.
Pages with a query string share a budget of their own (PAGE_CACHE_VARIANT_BYTES), so a
flood of `?page=…` never evicts the plain pages.

**Storage**: a bounded LRU in each process (PAGE_CACHE_BYTES); with REDIS_URL, the `pages`
cache of Redis behind it, shared by every process and server. Entries are checked against
the generations whichever store they come from, so every process is as fresh as the
generations it read (GENERATIONS_REFRESH). `PAGE_CACHE=off` turns it all off.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, NamedTuple, Protocol, TypeVar
from urllib.parse import parse_qsl, urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import http_date

import parvis
from parvis.core import generations
from parvis.core.generations import ANY, TOWN
from parvis.core.httpcache import SAFE_METHODS, has_session_cookie, is_private_path
from parvis.core.registry import Registry

# --- declarations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Invalidation:
    model: type[models.Model]
    keys: Callable[[Any], Iterable[str]] | None
    due: Callable[[], datetime | None] | None
    ignore_fields: frozenset[str]
    shown: Callable[[Any], bool] | None = None


_invalidations: Registry[Invalidation] = Registry("page-cache invalidation")


def invalidates(
    model: type[models.Model],
    *,
    keys: Callable[[Any], Iterable[str]] | None = None,
    due: Callable[[], datetime | None] | None = None,
    ignore_fields: Iterable[str] = (),
    shown: Callable[[Any], bool] | None = None,
) -> Invalidation:
    """Declare that a change to an object of `model` alters public pages: it bumps the
    model's key, the object's key and `keys(obj)`. `due()` gives the next moment one of
    its objects appears or goes by the clock alone (None: none does). A save that writes
    only `ignore_fields` (`save(update_fields=[…])`) changes no page. `shown(obj)` false:
    the object (as saved or deleted) is on no page yet (a request awaiting its e-mail
    confirmation), so saving or deleting it changes none; the save that makes it shown
    bumps. A write that hides a shown object again must bump itself (`keys_of`)."""
    return _invalidations.add(
        model,
        Invalidation(
            model=model,
            keys=keys,
            due=due,
            ignore_fields=frozenset(ignore_fields),
            shown=shown,
        ),
    )


@dataclass(frozen=True)
class QueryParameter:
    name: str
    pattern: re.Pattern[str]
    many: bool


_parameters: Registry[QueryParameter] = Registry("cached query parameter")


def query_parameter(name: str, *, pattern: str, many: bool = False) -> QueryParameter:
    """Declare a query parameter some page reads, and the values worth a cache entry
    (`pattern`, matched whole); `many`: it may be repeated (`?type=a&type=b`)."""
    return _parameters.add(name, QueryParameter(name=name, pattern=re.compile(pattern), many=many))


def list_key(model: type[models.Model]) -> str:
    """The key of every object of `model`: `news.article`."""
    return model._meta.label_lower


def object_key(obj: models.Model) -> str:
    """The key of one object: `news.article:12`."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def keys_of(obj: models.Model) -> list[str]:
    """The keys a change to `obj` bumps (none when its model is not declared)."""
    entry = _invalidations.for_model(obj)
    if entry is None:
        return []
    found = [list_key(entry.model), f"{list_key(entry.model)}:{obj.pk}"]
    if entry.keys is not None:
        found.extend(entry.keys(obj))
    return found


def objects_changed(model: type[models.Model], pks: Iterable[Any] = ()) -> None:
    """Bump what a change of the objects `pks` of `model` made without model signals
    (`QuerySet.update()`, `bulk_create`) alters: the model's key and each object's key. Call
    it in the writing transaction. Keys declared with `keys=` need the objects: a service
    that has them calls `bump(*keys_of(obj))` instead."""
    label = list_key(model)
    generations.bump(label, *(f"{label}:{pk}" for pk in pks))


# --- bumping on model signals -------------------------------------------------------------------


def _saved(sender: Any, instance: models.Model, update_fields: Any = None, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # fixtures being loaded
    entry = _invalidations.for_model(sender)
    if entry is None:
        return
    if update_fields and set(update_fields) <= entry.ignore_fields:
        return
    if entry.shown is not None and not entry.shown(instance):
        return
    generations.bump(*keys_of(instance))


def _deleted(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    entry = _invalidations.for_model(sender)
    if entry is not None and (entry.shown is None or entry.shown(instance)):
        generations.bump(*keys_of(instance))


def _relation_changed(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear", "pre_clear"):
        return
    keys = keys_of(instance)
    other = _invalidations.for_model(model)
    if other is not None:
        keys.append(list_key(other.model))
        keys.extend(f"{list_key(other.model)}:{pk}" for pk in pk_set or ())
    generations.bump(*keys)


def connect_signals() -> None:
    """Bump the declared models' keys whenever they are saved, deleted or re-related (called
    once at start-up, after the manifests)."""
    # Connected model by model: a receiver for every model would make Django fetch each row
    # of every bulk `QuerySet.delete()` (purges of sessions, deliveries) to signal it.
    for model in apps.get_models():
        if _invalidations.for_model(model) is not None:
            uid = f"parvis.pagecache.{model._meta.label_lower}"
            post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}.saved")
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}.deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="parvis.pagecache.relation")


# --- what a rendering read ------------------------------------------------------------------------

#: Tables read by pages that no change of content moves (or only the cache itself writes: a
#: map layer's cells stand for the tables they were counted from, `core.maps` says which).
_STATIC_TABLES = frozenset(
    {
        "django_content_type",
        "core_generation",
        "django_migrations",
        "core_mapcell",
        "core_mapcellbuild",
    }
)
_NOT_READS = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET ")


@dataclass
class _Tables:
    pattern: re.Pattern[str]
    keys: dict[str, str]


_tables: _Tables | None = None


def _table_keys() -> _Tables:
    """Every table of the project, with the key a read of it records (built once)."""
    global _tables
    if _tables is None:
        keys: dict[str, str] = {}
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in _STATIC_TABLES:
                continue
            # A many-to-many table gives its owner's key.
            owner = model._meta.auto_created or model
            entry = _invalidations.for_model(owner)
            keys[table] = list_key(entry.model) if entry is not None else ANY
        names = sorted(keys, key=len, reverse=True)
        _tables = _Tables(re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b"), keys)
    return _tables


def keys_read(sql: str) -> set[str]:
    """The keys whose changes may change what the query `sql` reads."""
    tables = _table_keys()
    found = {tables.keys[name] for name in tables.pattern.findall(sql)}
    # A query on no table of the project (a search index's own table): anything.
    return found or {ANY}


@dataclass
class Dependencies:
    """What one rendering depends on: the keys declared, those read, and those narrowed."""

    declared: set[str] = field(default_factory=lambda: {TOWN})
    read: set[str] = field(default_factory=set)
    narrowed: set[str] = field(default_factory=set)
    #: Unix time at which what the page shows changes by the clock alone (`expires_at`).
    until: float | None = None

    def record(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        """An execute wrapper: the keys of the tables each query reads."""
        head = sql.lstrip()[:10].upper()
        if not head.startswith(_NOT_READS):
            self.read.update(keys_read(sql))
        return execute(sql, params, many, context)

    def keys(self) -> set[str]:
        return self.declared | (self.read - self.narrowed)


def depends_on(request: HttpRequest | None, *keys: str, instead_of: Iterable[str] = ()) -> None:
    """Declare that the page being rendered for `request` shows what `keys` name, and that
    what it reads of the types `instead_of` (list keys such as "news.article") is only
    what `keys` cover: an article's page shows one article, `depends_on(request,
    "news.article:12", instead_of=["news.article"])`. Outside a cacheable rendering (a
    signed-in visitor, the cache off, no request) it does nothing."""
    dependencies: Dependencies | None = getattr(request, "_page_dependencies", None)
    if dependencies is None:
        return
    dependencies.declared.update(keys)
    dependencies.narrowed.update(instead_of)


def expires_at(request: HttpRequest | None, moment: datetime | None) -> None:
    """Declare that the page being rendered for `request` shows something that changes at
    `moment` by the clock alone (a place "open now" that closes at noon): no stored copy of
    it is served from then on. The earliest of several declarations counts; None does
    nothing. Outside a cacheable rendering it does nothing."""
    dependencies: Dependencies | None = getattr(request, "_page_dependencies", None)
    if dependencies is None or moment is None:
        return
    when = moment.timestamp()
    if dependencies.until is None or when < dependencies.until:
        dependencies.until = when


def depends_on_object(request: HttpRequest | None, obj: models.Model) -> None:
    """The page shows `obj` and no other object of its type: `obj`'s key instead of the
    type's (its declared model's, for a subclass or a proxy)."""
    entry = _invalidations.for_model(obj)
    model = entry.model if entry is not None else type(obj)
    depends_on(request, f"{list_key(model)}:{obj.pk}", instead_of=[list_key(model)])


# --- the clock ------------------------------------------------------------------------------------

_due_lock = threading.Lock()
_due_cache: tuple[int, float | None] | None = None


def next_due(snapshot: generations.Snapshot) -> float | None:
    """The next moment (Unix time) some declared content appears or goes by the clock alone,
    asked of the `due()` declarations again only when anything changed or it has passed."""
    global _due_cache
    total = snapshot.values.get(ANY, 0)
    cached = _due_cache
    now = time.time()
    if cached is not None and cached[0] == total and (cached[1] is None or cached[1] > now):
        return cached[1]
    with _due_lock:
        moments = [
            moment.timestamp()
            for entry in _invalidations
            if entry.due is not None and (moment := entry.due()) is not None
        ]
        upcoming = min((m for m in moments if m > now), default=None)
        _due_cache = (total, upcoming)
    return upcoming


# --- storage ----------------------------------------------------------------------------------


class Entry(NamedTuple):
    body: bytes
    headers: tuple[tuple[str, str], ...]
    #: (key, generation) of every dependency, as read before the rendering started.
    dependencies: tuple[tuple[str, int], ...]
    #: Unix time after which the entry is not served (a declared `due` moment), or None.
    expires: float | None

    def is_fresh(self, values: dict[str, int], now: float) -> bool:
        return is_fresh(self.dependencies, self.expires, values, now)

    @property
    def size(self) -> int:
        """The bytes this entry takes in a process: its body, then about what Python takes
        for each header and dependency (a tuple and its strings) and for the entry and its
        key in the store (test_bounded_caches checks it against what is allocated)."""
        return (
            len(self.body)
            + sum(len(name) + len(value) + 120 for name, value in self.headers)
            + sum(len(key) + 120 for key, __ in self.dependencies)
            + 400
        )


def is_fresh(
    dependencies: tuple[tuple[str, int], ...],
    expires: float | None,
    values: dict[str, int],
    now: float,
) -> bool:
    """Whether what was rendered at `dependencies` (before `expires`) is still what the
    generations `values` would render at `now`."""
    if expires is not None and now >= expires:
        return False
    for key, generation in dependencies:  # noqa: SIM110 (a plain loop: the hit path)
        if values.get(key, 0) != generation:
            return False
    return True


class _Sized(Protocol):
    @property
    def size(self) -> int: ...


Stored = TypeVar("Stored", bound=_Sized)


class LruStore(Generic[Stored]):
    """Entries by key within `max_bytes`, the least recently served going first (an entry
    larger than a quarter of them is not kept)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[str, Stored] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Stored | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Stored) -> None:
        size = entry.size
        if size > self.max_bytes // 4:
            return  # one entry never takes a quarter of the budget
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            while self._entries and self.bytes + size > self.max_bytes:
                __, evicted = self._entries.popitem(last=False)
                self.bytes -= evicted.size
            self._entries[key] = entry
            self.bytes += size

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


@dataclass
class Stores:
    pages: LruStore[Entry]
    variants: LruStore[Entry]


_stores: Stores | None = None


def stores() -> Stores:
    """This process's stores: the plain pages and, apart, the pages with a query string."""
    global _stores
    if _stores is None:
        _stores = Stores(
            LruStore(settings.PAGE_CACHE_BYTES), LruStore(settings.PAGE_CACHE_VARIANT_BYTES)
        )
    return _stores


def clear() -> None:
    """Empty this process's stores and the shared one (tests; `parvis` never needs it)."""
    global _stores, _tables, _due_cache
    _stores = None
    _tables = None
    _due_cache = None
    if "pages" in settings.CACHES:
        caches["pages"].clear()


def _shared() -> Any:
    return caches["pages"] if "pages" in settings.CACHES else None


# --- the release ----------------------------------------------------------------------------------


@functools.cache
def _release() -> tuple[str, float]:
    """A token of the running code, templates and translations, and when they last changed
    (read once per process, at start-up): after a deploy, no process serves a page rendered
    by the former code from the shared cache."""
    package = Path(parvis.__file__).resolve().parent
    files = [
        *package.rglob("*.py"),
        *package.rglob("*.html"),
        *package.glob("locale*/*/LC_MESSAGES/*.mo"),
    ]
    moment = max(path.stat().st_mtime for path in files)
    token = hashlib.blake2b(f"{parvis.__version__}:{moment}".encode(), digest_size=6).hexdigest()
    return token, moment


# --- keys -----------------------------------------------------------------------------------------

#: Parameters that tell where a visitor came from, never what the page shows.
TRACKING = re.compile(r"^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|ref)$")
#: The longest query string worth reading for a cache key.
MAX_QUERY = 300


def _earliest(*moments: float | None) -> float | None:
    return min((m for m in moments if m is not None), default=None)


class CacheKey(NamedTuple):
    key: str
    #: True when the key holds a query string (stored in the variants' budget).
    variant: bool
    #: True when tracking parameters were left out (served from the cache, never stored).
    trimmed: bool


def cache_key(request: HttpRequest) -> CacheKey | None:
    """The key of the page `request` asks for, or None when it is not to be cached: the
    path and the declared parameters whose values match their pattern, sorted."""
    query = request.META.get("QUERY_STRING", "")
    path = request.path
    if not query:
        return CacheKey(path, False, False)
    if len(query) > MAX_QUERY:
        return None
    kept: list[tuple[str, str]] = []
    trimmed = False
    seen: set[str] = set()
    for name, value in parse_qsl(query, keep_blank_values=True):
        if TRACKING.match(name):
            trimmed = True
            continue
        declared = _parameters.get(name)
        if declared is None or not declared.pattern.fullmatch(value):
            return None
        if name in seen and not declared.many:
            return None
        seen.add(name)
        kept.append((name, value))
    if not kept:
        return CacheKey(path, False, trimmed)
    kept.sort()
    return CacheKey(f"{path}?{urlencode(kept)}", True, trimmed)


# --- who and what -------------------------------------------------------------------------------


def is_anonymous_request(request: HttpRequest) -> bool:
    """A GET or HEAD from a visitor without a session (nor a message waiting for them in a
    cookie). Reads cookies only: neither the session nor `request.user` is opened. The
    session part is the HTTP caching's own (`parvis.core.httpcache`): what this cache keeps
    is what browsers and a front proxy are told they may keep."""
    return (
        request.method in SAFE_METHODS
        and not has_session_cookie(request)
        and _MESSAGES_COOKIE not in request.COOKIES
    )


#: The cookie Django's messages framework keeps a signed-out visitor's messages in.
_MESSAGES_COOKIE = "messages"
_REFUSING = frozenset({"private", "no-store", "no-cache", "max-age=0"})


def is_cacheable_path(path: str) -> bool:
    """Whether pages at `path` may be cached at all: not static or media files, nor the
    parts of the site no shared cache keeps (`httpcache.is_private_path`: the back office,
    the accounts, unsubscribing, comment forms, the health check)."""
    return not path.startswith((settings.STATIC_URL, settings.MEDIA_URL)) and not (
        is_private_path(path)
    )


def is_storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether `response` to `request` may be kept and served to any anonymous visitor."""
    if response.status_code != 200 or response.streaming:
        return False
    if not is_anonymous_request(request) or not is_cacheable_path(request.path):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    directives = {
        part.strip().lower().replace(" ", "")
        for part in response.get("Cache-Control", "").split(",")
    }
    return not (directives & _REFUSING)


# --- the middleware -------------------------------------------------------------------------------

HEADER = "X-Parvis-Cache"


class PageCacheMiddleware:
    """Serve anonymous visitors' pages from the cache; keep the ones it may. Placed just
    inside the security headers' middleware, before sessions, CSRF and authentication,
    which a page served from the cache never runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.token, self.release_moment = _release()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # The setting is read at each request, not once: a running server's tests turn it on.
        if (
            not settings.PAGE_CACHE
            or not is_anonymous_request(request)
            or not is_cacheable_path(request.path)
        ):
            return self.get_response(request)
        found = cache_key(request)
        if found is None:
            return self.get_response(request)
        request.get_host()  # the ALLOWED_HOSTS check (400), as if the page were rendered
        key = f"{self.token}:{found.key}"
        try:
            snapshot = generations.current()
        except DatabaseError:
            # The database does not answer: the page says so in its own language, as if
            # there were no cache (the error pages need no database).
            return self.get_response(request)
        values = snapshot.values
        now = time.time()
        store = stores().variants if found.variant else stores().pages
        entry = store.get(key)
        shared = _shared()
        if entry is None and shared is not None:
            entry = shared.get(key)
            if entry is not None and entry.is_fresh(values, now):
                store.put(key, entry)
        if entry is not None and entry.is_fresh(values, now):
            return self._answer(request, entry)
        return self._render(request, key, found, snapshot, store, shared)

    def _answer(self, request: HttpRequest, entry: Entry) -> HttpResponse:
        response = HttpResponse(b"" if request.method == "HEAD" else entry.body)
        headers = response.headers
        for name, value in entry.headers:
            headers[name] = value
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(entry.body))
        headers[HEADER] = "hit"
        return response

    def _render(
        self,
        request: HttpRequest,
        key: str,
        found: CacheKey,
        snapshot: generations.Snapshot,
        store: LruStore[Entry],
        shared: Any,
    ) -> HttpResponseBase:
        # Read before the rendering: a change committed while it runs moves a generation
        # past these, so the page is rendered again rather than kept too long.
        values, changed = snapshot.values, snapshot.changed
        dependencies = Dependencies()
        request._page_dependencies = dependencies  # type: ignore[attr-defined]
        with connection.execute_wrapper(dependencies.record):
            response = self.get_response(request)
        if found.trimmed or not is_storable(request, response):
            if is_storable(request, response):
                response.headers[HEADER] = "miss"
            return response
        keys = dependencies.keys()
        body = response.content  # type: ignore[attr-defined]  # not streaming (is_storable)
        moments = [changed[k] for k in keys if k in changed]
        if ANY in keys and changed:
            moments.append(max(changed.values()))
        last = max([m.timestamp() for m in moments] + [self.release_moment])
        response.headers["ETag"] = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
        response.headers["Last-Modified"] = http_date(last)
        entry = Entry(
            body=body,
            headers=tuple((k, v) for k, v in response.headers.items() if k != HEADER),
            dependencies=tuple(sorted((k, values.get(k, 0)) for k in keys)),
            expires=_earliest(next_due(snapshot), dependencies.until),
        )
        store.put(key, entry)
        if shared is not None:
            timeout = settings.PAGE_CACHE_VARIANT_TIMEOUT if found.variant else None
            shared.set(key, entry, timeout=timeout)
        response.headers[HEADER] = "miss"
        return response
