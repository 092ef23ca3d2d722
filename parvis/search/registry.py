"""What can be searched. An app declares each searchable type in a few lines:

    searchable(SearchableType(key="space", label=_("Spaces"), queryset=…, fields=[…], …))

The search engine (`parvis.search.engine`) only collects these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class SearchableType:
    key: str
    label: Any
    #: The publicly visible objects of this type, with what the result needs selected.
    queryset: Callable[[], QuerySet]
    #: Text fields matched against the query.
    fields: tuple[str, ...]
    title: Callable[[Any], str]
    excerpt: Callable[[Any], str]
    #: The field naming the object's space, for the space filter ("" when it has none).
    space_field: str = ""


_types: dict[str, SearchableType] = {}


def searchable(kind: SearchableType) -> SearchableType:
    _types[kind.key] = kind
    return kind


def searchable_types() -> list[SearchableType]:
    return list(_types.values())
