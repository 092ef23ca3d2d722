"""What can be searched. An app declares each searchable type in its `manifest.py`:

    searchable(
        Event,
        key="event",
        label=_("Events"),
        document=lambda event: Document(
            title=event.title,
            text=markdown_to_text(event.description),
            space=event.space_id,
            date=event.starts_at,
            visible_from=event.published_at,
            visible_until=event.ends_at,
            public=event.status == Status.PUBLISHED,
        ),
        queryset=lambda: Event.objects.filter(status=Status.PUBLISHED),
        space_field="space",
        weight=1.0,  # against other types: spaces weigh 3, old announcements less
        freshness=timedelta(days=30),  # dated content fades: None for what does not age
    )

Its services then call
`parvis.search.indexing.index_object(obj)` inside the transaction that changes the object.
The search mechanism only collects these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Model, QuerySet

from parvis.core.registry import Registry


@dataclass(frozen=True)
class Document:
    """What the index keeps about one object: plain text only, never HTML or Markdown.

    - `url`: the object's address; empty means `obj.get_absolute_url()`, taken in the
      site's default language (results are shown in the reader's language).
    - `space`: the space the object belongs to (a Space, its id, or None for town-wide
      content); the search page filters on it.
    - `date`: the date shown with the result (publication, or last change).
    - `visible_from` / `visible_until`: the publication window, checked when searching, so
      a scheduled object appears at its time without being indexed again.
    - `public`: False when the object must not be found (draft, hidden, unpublished):
      `index_object` then removes its document. Returning None from `document` does the same.
    """

    title: str
    text: str = ""
    url: str = ""
    space: Any = None
    date: datetime | None = None
    visible_from: datetime | None = None
    visible_until: datetime | None = None
    public: bool = True
    language: str = ""


@dataclass(frozen=True)
class SearchableType:
    model: type[Model]
    #: Stable identifier, stored with each document and used in the page's type filter.
    key: str
    #: Plural label shown in the type filter and next to each result ("Events", "Spaces").
    label: Any
    #: The object's document, or None when it must not be found.
    document: Callable[[Any], Document | None]
    #: The objects that may have a document, for `parvis search_rebuild`, with what `document`
    #: reads already selected. `document` has the final word on each of them.
    queryset: Callable[[], QuerySet]
    #: The field of the model naming its space ("" when it has none): when a space changes,
    #: its content is indexed again (a space that is unpublished hides what it holds).
    space_field: str = ""
    #: For a type whose documents read other objects (a comment's title and visibility are
    #: those of what it comments): given a model and the ids of its objects just indexed or
    #: about to be unindexed, the objects of this type whose documents follow them, with what
    #: `document` reads selected; None when none can. See `indexing.index_objects`.
    dependents: Callable[[type[Model], list[Any]], QuerySet | None] | None = None
    #: How much a result of this type counts against others of equal relevance (1.0: an
    #: ordinary page of content; spaces and the town's reference pages weigh more, short-lived
    #: notices less). It also orders the candidates the engines rank first (see
    #: `parvis.search.engine`): changing it takes `parvis search_rebuild` to be fully applied.
    weight: float = 1.0
    #: For dated content (news, notices): after this time its results count for half as much
    #: (and half of that again after twice the time, down to a floor). None: it does not age.
    freshness: timedelta | None = None


#: The highest `weight` a type may have (it is stored in a few bits: see `indexing.priority`).
MAX_WEIGHT = 6.0

_types: Registry[SearchableType] = Registry("searchable type")
_by_model: Registry[SearchableType] = Registry("searchable model")


def searchable(
    model: type[Model],
    *,
    key: str,
    label: Any,
    document: Callable[[Any], Document | None],
    queryset: Callable[[], QuerySet],
    space_field: str = "",
    dependents: Callable[[type[Model], list[Any]], QuerySet | None] | None = None,
    weight: float = 1.0,
    freshness: timedelta | None = None,
) -> SearchableType:
    """Declare `model` searchable. One declaration per model and per key."""
    if not 0 < weight <= MAX_WEIGHT:
        raise ValueError(f"A search weight is above 0 and at most {MAX_WEIGHT}: {weight}.")
    kind = SearchableType(
        model=model,
        key=key,
        label=label,
        document=document,
        queryset=queryset,
        space_field=space_field,
        dependents=dependents,
        weight=weight,
        freshness=freshness,
    )
    _by_model.add(model, kind)
    return _types.add(key, kind)


def searchable_types() -> list[SearchableType]:
    return _types.values()


def searchable_type(key: str) -> SearchableType | None:
    return _types.get(key)


def searchable_type_for(model_or_obj: Any) -> SearchableType | None:
    """The declaration for a model or an instance (proxies and subclasses use their parent's)."""
    return _by_model.for_model(model_or_obj)
