"""Fragments: parts of a page kept rendered in each process's memory, rendered again only
when something they show changes.

The page cache (`parvis.core.pagecache`) keeps whole pages for anonymous visitors, and
renders a page again after any change it depends on. Most of such a page has not changed:
a new article re-renders the news of the home page, not its 48 cards of spaces. A
fragment is kept apart, with the generations (`parvis.core.generations`) of what it read,
exactly as the page cache keeps a page:

- the tables its rendering queried (recorded as the page cache records them), what it
  declared with `depends_on()` while rendering, and `town`;
- the next moment declared content appears or goes by the clock alone (`next_due`): no
  fragment outlives it;
- its key holds the release (code, templates, translations), the active language and time
  zone, and the fragment's name (a section's key and its page's object).

**Contract of a fragment**: it shows the same markup to every visitor: nothing in it
depends on who asks (`request.user`, the session, the query string), and it holds no CSRF
token nor CSP nonce (a fragment that does is rendered but never kept). Sections say so with
`section(..., cache=True)` (`parvis.core.sections`).

The page being rendered still depends on what its fragments read: a fragment served from
memory adds its recorded dependencies to the page's (`request._page_dependencies`), so the
page cache invalidates the page exactly as if the fragment had been rendered.

FRAGMENT_CACHE=off turns it off (and the tests run with it off unless the `fragment_cache`
fixture turns it on); FRAGMENT_CACHE_BYTES bounds each process's memory for fragments.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connection, models
from django.http import HttpRequest
from django.utils import timezone, translation

from parvis.core import generations
from parvis.core.pagecache import (
    Dependencies,
    LruStore,
    _release,
    is_fresh,
    next_due,
    object_key,
)

#: Markup a fragment never keeps: a form's CSRF token, a CSP nonce (both for one visitor).
_PERSONAL_MARKS = ("csrfmiddlewaretoken", "nonce=")


class Fragment(NamedTuple):
    html: str
    #: (key, generation) of every dependency, as read before the rendering started.
    dependencies: tuple[tuple[str, int], ...]
    #: Unix time after which the fragment is rendered again, or None.
    expires: float | None
    #: What the rendering recorded, added to the page's dependencies when it is reused.
    declared: frozenset[str]
    read: frozenset[str]
    narrowed: frozenset[str]

    def is_fresh(self, values: dict[str, int], now: float) -> bool:
        return is_fresh(self.dependencies, self.expires, values, now)

    @property
    def size(self) -> int:
        return 2 * len(self.html) + 64 * len(self.dependencies) + 200


_store: LruStore[Fragment] | None = None


def _fragments() -> LruStore[Fragment]:
    global _store
    if _store is None:
        _store = LruStore(settings.FRAGMENT_CACHE_BYTES)
    return _store


def clear() -> None:
    """Forget every fragment of this process (tests)."""
    global _store
    _store = None


def _release_token() -> str:
    return _release()[0]


def _merge(
    request: HttpRequest | None,
    declared: set[str] | frozenset[str],
    read: set[str] | frozenset[str],
    narrowed: set[str] | frozenset[str],
) -> None:
    page: Dependencies | None = getattr(request, "_page_dependencies", None)
    if page is not None:
        page.declared.update(declared)
        page.read.update(read)
        page.narrowed.update(narrowed)


def render_fragment(
    request: HttpRequest | None,
    name: str,
    render: Callable[[], str],
    *,
    about: models.Model | None = None,
) -> str:
    """The markup `render()` gives, from memory while nothing it read has changed.

    `name` tells this fragment from every other one (a section's key and its object's);
    the language, the time zone and the release are added to it here. `about`: the object
    the fragment shows, read before it (a space's page's space): its changes render the
    fragment again, whatever the fragment's own queries read."""
    if not settings.FRAGMENT_CACHE:
        return render()
    try:
        snapshot = generations.current()
    except DatabaseError:
        return render()
    language = translation.get_language() or settings.LANGUAGE_CODE
    key = f"{_release_token()}:{language}:{timezone.get_current_timezone_name()}:{name}"
    # Read before the rendering: a change committed while it runs moves a generation past
    # these, so the fragment is rendered again rather than kept too long.
    values = snapshot.values
    store = _fragments()
    found = store.get(key)
    if found is not None and found.is_fresh(values, time.time()):
        _merge(request, found.declared, found.read, found.narrowed)
        return found.html
    dependencies = Dependencies()
    if about is not None:
        dependencies.declared.add(object_key(about))
    page = getattr(request, "_page_dependencies", None)
    if request is not None:
        # What the rendering declares with `depends_on()` is the fragment's (then the page's).
        request._page_dependencies = dependencies  # type: ignore[attr-defined]
    try:
        with connection.execute_wrapper(dependencies.record):
            html = render()
    finally:
        if request is not None:
            if page is None:
                del request._page_dependencies  # type: ignore[attr-defined]
            else:
                request._page_dependencies = page  # type: ignore[attr-defined]
    _merge(request, dependencies.declared, dependencies.read, dependencies.narrowed)
    if any(mark in html for mark in _PERSONAL_MARKS):
        return html
    keys = dependencies.keys()
    store.put(
        key,
        Fragment(
            html=html,
            dependencies=tuple(sorted((k, values.get(k, 0)) for k in keys)),
            expires=next_due(snapshot),
            declared=frozenset(dependencies.declared),
            read=frozenset(dependencies.read),
            narrowed=frozenset(dependencies.narrowed),
        ),
    )
    return html
