"""The caches of a process stay within their bounds however many pages and objects it serves."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from django.utils import translation

from parvis.core import paths
from parvis.core.fragments import Fragment
from parvis.core.pagecache import Entry, LruStore


def page_entry(number: int) -> Entry:
    """An entry shaped like a stored news page: its body, headers and dependencies."""
    body = (f"<article><h1>Article {number}</h1>" + "<p>Le marché ouvre samedi.</p>" * 300).encode()
    headers = (
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Language", "fr"),
        ("Vary", "Accept-Language"),
        ("ETag", f'"{number:032x}"'),
        ("Last-Modified", "Fri, 04 Dec 2026 10:00:00 GMT"),
        ("Cache-Control", "public, max-age=0, s-maxage=60, stale-while-revalidate=30"),
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    )
    dependencies = (
        *((f"news.article:{number * 100 + n}", n) for n in range(20)),
        ("town", 1),
        ("*", 3),
    )
    return Entry(body, headers, dependencies, None)


def traced_bytes_of(build) -> tuple[int, object]:
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = build()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before, kept
    finally:
        tracemalloc.stop()


def test_the_page_store_keeps_within_its_bytes_however_many_pages_go_in():
    budget = 2 * 1024 * 1024

    def fill() -> LruStore[Entry]:
        store: LruStore[Entry] = LruStore(budget)
        for number in range(1000):  # 10 MB of pages offered
            store.put(f"/fr/news/article-{number}/", page_entry(number))
        return store

    used, store = traced_bytes_of(fill)

    assert store.bytes <= budget
    assert 100 < len(store) < 1000
    assert "/fr/news/article-999/" in store and "/fr/news/article-0/" not in store
    # What the process really holds for them, keys and bookkeeping included.
    assert used <= budget * 1.05, used


def test_the_fragment_store_keeps_within_its_bytes():
    budget = 512 * 1024

    def fill() -> LruStore[Fragment]:
        store: LruStore[Fragment] = LruStore(budget)
        for number in range(1000):
            html = f"<li>Espace {number}</li>" * 200
            deps = tuple((f"spaces.space:{number}-{n}", n) for n in range(10))
            fragment = Fragment(
                html, deps, None, frozenset({"spaces.space"}), frozenset(), frozenset()
            )
            store.put(f"fragment:{number}", fragment)
        return store

    used, store = traced_bytes_of(fill)

    assert store.bytes <= budget
    assert used <= budget * 1.05, used


def test_an_entry_larger_than_a_quarter_of_the_store_is_not_kept():
    store: LruStore[Entry] = LruStore(4 * 1024)

    store.put("/big/", Entry(b"x" * 1100, (), (), None))

    assert len(store) == 0 and store.bytes == 0


@pytest.mark.django_db
def test_object_paths_keep_one_entry_per_route_and_language_not_per_object():
    paths._pieces.cache_clear()
    for language in ("fr", "en"):
        with translation.override(language):
            for number in range(2000):
                paths.object_path("news:article", slug=f"article-{number}")
                paths.object_path("spaces:detail", slug=f"space-{number}")

    assert paths._pieces.cache_info().currsize == 4
    assert paths._pieces.cache_info().maxsize == 256
