"""Paths of the pages about one object, reversed once and then filled in.

`reverse()` walks the URL patterns at every call; a list of 48 cards called it 48 times.
`object_path("spaces:detail", slug=space.slug)` reverses a name once per language, script
prefix and URLconf, with a marker in place of each value, keeps the path around the
markers, and from then on only puts the values in their places. Models use it in
`get_absolute_url()`, so every list, feed and sitemap gets it.

The values are placed as they are, unquoted: they must be what the route's converter takes
(a slug, a whole number). A value with any other character goes through `reverse()`
itself, which checks it. A new URLconf (tests that override `ROOT_URLCONF`) is a new
resolver, so paths kept for the old one are never used for it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.http import HttpRequest
from django.urls import (
    NoReverseMatch,
    Resolver404,
    URLResolver,
    get_resolver,
    get_script_prefix,
    get_urlconf,
    resolve,
    reverse,
)
from django.utils.translation import get_language, override

#: Digits, which every converter a value may have (slug, int, str) accepts; long enough
#: not to be found in a path by chance (a path where it is found is not kept).
_MARKER = "7305918264537"
#: What may be placed without quoting: the characters of a slug (and of a number).
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+\Z")


def object_path(viewname: str, **kwargs: str | int) -> str:
    """`reverse(viewname, kwargs=kwargs)`, without walking the URL patterns again."""
    values = {name: str(value) for name, value in kwargs.items()}
    for value in values.values():
        if not _PLAIN.match(value):
            return reverse(viewname, kwargs=kwargs)
    pieces = _pieces(
        get_resolver(get_urlconf()), get_language(), get_script_prefix(), viewname, tuple(kwargs)
    )
    if pieces is None:
        return reverse(viewname, kwargs=kwargs)
    if len(pieces) == 3:  # one value, the most common: a slug or a number
        return pieces[0] + values[pieces[1]] + pieces[2]
    # Even positions hold the text between values, odd ones the names of the values.
    return "".join(piece if index % 2 == 0 else values[piece] for index, piece in enumerate(pieces))


@lru_cache(maxsize=256)
def _pieces(
    resolver: URLResolver, language: str | None, prefix: str, viewname: str, names: tuple[str, ...]
) -> tuple[str, ...] | None:
    """The reversed path cut around its values: (text, name, text, name, …, text).

    None when the path cannot be cut safely (a marker found twice, or not at all).
    `resolver`, `language` and `prefix` are part of the key only: `reverse()` reads them.
    """
    markers = {f"{_MARKER}{index}": name for index, name in enumerate(names)}
    path = reverse(viewname, kwargs={name: marker for marker, name in markers.items()})
    pieces = re.split(f"({'|'.join(markers)})", path)
    found = pieces[1::2]
    if sorted(found) != sorted(markers):
        return None
    return tuple(piece if index % 2 == 0 else markers[piece] for index, piece in enumerate(pieces))


def page_path_in(request: HttpRequest, language: str) -> str | None:
    """The path (without its query) of the page `request` asked for, in `language`, or None
    when the page has no version in it (a path that resolves to nothing, a route without a
    name): what `translate_url()` finds, from the request's own resolution rather than
    resolving the path again, and once per request (a page links to itself in every
    language twice: its `hreflang` alternates and the language menu)."""
    paths: dict[str, str | None] = request.__dict__.setdefault("_paths_by_language", {})
    if language not in paths:
        paths[language] = _path_in(request, language)
    return paths[language]


def _path_in(request: HttpRequest, language: str) -> str | None:
    match = request.resolver_match
    if match is None:  # an answer made before the view was found (an error page)
        try:
            match = resolve(request.path)
        except Resolver404:
            return None
    if not match.url_name:
        return None
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(language):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
