"""HTTP caching: what browsers and a front proxy may keep, and how they ask whether it changed.

Two middlewares, placed right after WhiteNoise (before any server-side page cache, so that a
conditional request on a cached page costs no more than a hit):

- `ConditionalRequestMiddleware` gives every GET or HEAD answer that may be stored an ETag
  (a hash of its body, unless the view gave one) and answers `304 Not Modified` to a
  matching `If-None-Match`, or to an `If-Modified-Since` not older than the answer's
  `Last-Modified` (feeds carry the date of their newest item).
- `PublicCachingMiddleware` marks what anyone may keep as such: an answer to a reader
  without a session cookie, to a GET or HEAD, 200, that sets no cookie, outside the private
  parts of the site, and whose view said nothing of caching, gets
  `Cache-Control: public, max-age=…, s-maxage=…, stale-while-revalidate=…`
  (settings.HTTP_CACHE_*; feeds their own, longer max-age). Such an answer varies on
  nothing: the language is in the address, and without a session nothing depends on
  cookies, so `Vary: Accept-Language` and `Vary: Cookie` are dropped from it. Answers to a
  signed-in person are `private, no-store` (`SignedInNoStoreMiddleware`, further in).

Browsers keep such a page but ask again each time by default (`max-age=0`, a 304 when
nothing changed), so a reader sees a change at once. When HTTP_CACHE_MAX_AGE lets them keep
it longer, dropping `Vary: Cookie` means a browser could show the page it kept while signed
out, after signing in: so the answer that signs someone in or out (it sets a new session
cookie, or deletes it) then carries `Clear-Site-Data: "cache"`: the browser forgets what it
kept of the site.

The predicate is made of small functions (`request_may_be_public`, `response_may_be_public`,
`is_public_cacheable`) that a server-side page cache shares: what a shared cache may keep
is what this module marks public.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

SAFE_METHODS = ("GET", "HEAD")

#: Parts of the site never kept by a shared cache, whoever asks: the back office
#: (ADMIN_PATH), accounts, comment forms, one-click unsubscribe links (a token of one
#: person in the address), and the health check (it must reach the server every time).
PRIVATE_SECTIONS = ("accounts", "comments", "unsubscribe", "health")

#: The separator of a header's list of values (Vary, Cache-Control).
_LIST_SPLIT = re.compile(r"\s*,\s*")
#: Request headers an answer kept for everyone never depends on (see the module's docstring).
_IGNORED_VARY = {"cookie", "accept-language"}


# --- the predicate, shared with the server-side page cache ----------------------------------


def has_session_cookie(request: HttpRequest) -> bool:
    """Whether the request carries a session cookie (signed in, or was). Reads the cookie
    only: opening the session or `request.user` would add `Vary: Cookie`."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


@cache
def _private_path_pattern(admin_path: str, languages: tuple[str, ...]) -> re.Pattern[str]:
    sections = "|".join(re.escape(section) for section in (admin_path, *PRIVATE_SECTIONS))
    prefixes = "|".join(re.escape(code) for code in languages)
    return re.compile(rf"^/(?:(?:{prefixes})/)?(?:{sections})(?:/|$)")


def is_private_path(path: str) -> bool:
    """Whether `path` lies in a part of the site no shared cache may keep, in any language
    (`/backoffice/…`, `/en/accounts/…`)."""
    languages = tuple(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    return bool(_private_path_pattern(settings.ADMIN_PATH, languages).match(path))


def request_may_be_public(request: HttpRequest) -> bool:
    """A GET or HEAD from a reader without a session, outside the private parts of the site:
    the answer may be the one every such reader gets."""
    return (
        request.method in SAFE_METHODS
        and not has_session_cookie(request)
        and not is_private_path(request.path_info)
    )


def response_may_be_public(response: HttpResponse) -> bool:
    """A 200 that sets no cookie and whose view said nothing of caching (a view that did —
    `never_cache`, a day for the source archive — is left as it said)."""
    return (
        response.status_code == 200
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def is_public_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether any cache, shared or the browser's, may keep `response` for everyone."""
    return request_may_be_public(request) and response_may_be_public(response)


def is_feed(request: HttpRequest) -> bool:
    """Whether the request was routed to one of the declared feeds (namespace "feeds")."""
    match = getattr(request, "resolver_match", None)
    return match is not None and "feeds" in match.namespaces


def public_cache_control(*, feed: bool = False) -> dict[str, int | bool]:
    """The Cache-Control directives of an answer kept for everyone (from the settings)."""
    return {
        "public": True,
        "max_age": settings.HTTP_CACHE_FEED_MAX_AGE if feed else settings.HTTP_CACHE_MAX_AGE,
        "s_maxage": settings.HTTP_CACHE_S_MAXAGE,
        "stale_while_revalidate": settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
    }


# --- the middlewares -----------------------------------------------------------------------------


class ConditionalRequestMiddleware:
    """ETag on every storable GET or HEAD answer; 304 to a matching conditional request.

    Django's ConditionalGetMiddleware, for HEAD too: Parvis's views render the same body
    for HEAD as for GET (the server drops it), so the ETag is the same. An answer that says
    `no-store` gets no ETag, and a streamed one none either (its body is not in hand).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS or response.streaming:
            return response
        if (
            response.status_code == 200
            and _storable(response)
            and not response.has_header("ETag")
            # A HEAD answered with an empty body would get the ETag of nothing.
            and (request.method == "GET" or response.content)
        ):
            set_response_etag(response)
        etag = response.get("ETag")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        if etag or last_modified:
            # Given the response, Django answers it or a 304, never None.
            conditional = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
            return conditional or response
        return response


def _storable(response: HttpResponse) -> bool:
    directives = _LIST_SPLIT.split(response.get("Cache-Control", "").lower())
    return "no-store" not in directives


class PublicCachingMiddleware:
    """`Cache-Control: public, …` and no Vary on what everyone gets; `Clear-Site-Data`
    when someone signs in or out (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_public_cacheable(request, response):
            patch_cache_control(response, **public_cache_control(feed=is_feed(request)))
            _drop_vary(response, _IGNORED_VARY)
        elif settings.HTTP_CACHE_MAX_AGE and _session_changes_hands(request, response):
            response["Clear-Site-Data"] = '"cache"'
        return response


def _drop_vary(response: HttpResponse, headers: set[str]) -> None:
    if not response.has_header("Vary"):
        return
    kept = [
        header
        for header in _LIST_SPLIT.split(response["Vary"])
        if header and header.lower() not in headers
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]


def _session_changes_hands(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the answer gives the browser another session than it sent (signing in makes
    a new session key) or takes it away (signing out deletes the cookie)."""
    name = settings.SESSION_COOKIE_NAME
    if name not in response.cookies:
        return False
    return response.cookies[name].value != request.COOKIES.get(name)
