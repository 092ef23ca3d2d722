"""The one search interface: `search(query, …)` over every registered type.

This first engine matches words with case-insensitive containment, one query per type; the
full-text engines (PostgreSQL's French configuration, SQLite FTS5) take its place behind the
same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db.models import Q

from parvis.search.registry import searchable_types

MAX_TERMS = 8


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: Any
    title: str
    excerpt: str
    url: str


def search(
    query: str, *, kinds: list[str] | None = None, space: Any = None, limit: int = 50
) -> list[Result]:
    # PostgreSQL text cannot hold NUL: a query containing one would fail instead of matching.
    terms = [term for term in query.replace("\x00", "").split() if len(term) > 1][:MAX_TERMS]
    if not terms:
        return []
    results: list[Result] = []
    for kind in searchable_types():
        if kinds and kind.key not in kinds:
            continue
        if space is not None and not kind.space_field:
            continue
        condition = reduce(
            and_,
            (
                reduce(or_, (Q(**{f"{field}__icontains": term}) for field in kind.fields))
                for term in terms
            ),
        )
        queryset = kind.queryset().filter(condition)
        if space is not None:
            queryset = queryset.filter(**{kind.space_field: space})
        for obj in queryset[:limit]:
            results.append(
                Result(
                    kind=kind.key,
                    kind_label=kind.label,
                    title=kind.title(obj),
                    excerpt=kind.excerpt(obj),
                    url=obj.get_absolute_url(),
                )
            )
    return results[:limit]
