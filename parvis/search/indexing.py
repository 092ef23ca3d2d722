"""Writing the search index. Services call these inside the transaction that changes an object.

- `index_object(obj)`: write (or replace) the object's document; when the object is not publicly
  visible (its type's `document` gives None or `public=False`), remove it instead. Call it on
  create, edit, publish, schedule, unpublish and hide: it always leaves the right state.
- `unindex_object(obj)`: remove the object's document; call it before deleting the object
  (`unindex_objects(model, ids)` before a bulk delete).
- `index_objects(objs)`: the same as `index_object` for many objects, in a few queries (bulk
  creation, the demo town).
- Documents that depend on an object (comments on what they comment: see `SearchableType.dependents`)
  follow it: indexing the object indexes them again, unindexing it removes them.
- `index_dependents(obj)`: index again the documents that read an object which need not be
  searchable itself (what carries a renamed tag holds its name); `dependent_documents(obj)`
  names them before `obj` is deleted, for `index_again` afterwards.
- `index_space_contents(space)`: index again everything filed under a space, after the space
  changed (renamed, unpublished, published again).
- `index_rebuild(kinds=None)`: rebuild from every registered type's queryset, in batches, each
  in its own transaction; idempotent (`parvis search_rebuild`).

Everything written here is part of the caller's transaction: a rolled-back write leaves no
document. The full-text structures (PostgreSQL tsvector, SQLite FTS5) follow `SearchDocument`
inside the database, so every write path, including cascades, keeps them in step.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone, translation

from parvis.core import generations
from parvis.core.pagecache import list_key
from parvis.search.models import SearchDocument
from parvis.search.registry import (
    Document,
    SearchableType,
    searchable_type,
    searchable_type_for,
    searchable_types,
)

if TYPE_CHECKING:
    from parvis.spaces.models import Space

#: Longer texts are cut: PostgreSQL's tsvector holds at most 1 MB, and an excerpt never needs more.
MAX_TEXT_LENGTH = 100_000
BATCH_SIZE = 500

# NUL cannot be stored in PostgreSQL text; the other control characters are reserved for the
# engines, which mark highlighted words with \x02…\x03 before escaping (parvis.search.engine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_UPDATED_FIELDS = [
    "kind",
    "space",
    "title",
    "text",
    "url",
    "language",
    "date",
    "visible_from",
    "visible_until",
    "is_public",
    "updated_at",
    "priority",
]

# `priority`: the type's weight in tenths (6 bits), then the document's day since 2000 (24 bits).
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_DAY_BITS = 24


class NotSearchable(LookupError):
    """The object's model was not declared with `parvis.search.registry.searchable`."""


def index_object(obj: Model) -> None:
    """Write `obj`'s document, or remove it when the object is not publicly visible."""
    index_objects([obj])


def unindex_object(obj: Model) -> None:
    """Remove `obj`'s document, if any, and those depending on it. Works for any model,
    declared searchable or not."""
    unindex_objects(type(obj), [obj.pk])


def unindex_objects(model: type[Model], ids: Iterable[int]) -> None:
    """Remove the documents of these objects of `model`, and of the objects depending on
    them (before a bulk delete)."""
    ids = list(ids)
    SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=True),
        object_id__in=ids,
    ).delete()
    for kind in searchable_types():
        dependents = kind.dependents(model, ids) if kind.dependents and ids else None
        if dependents is not None:
            SearchDocument.objects.filter(
                content_type=ContentType.objects.get_for_model(kind.model, for_concrete_model=True),
                object_id__in=dependents.values("pk"),
            ).delete()


def index_objects(objs: Iterable[Model]) -> int:
    """Write the documents of `objs` (any mix of searchable types), removing those of objects
    that are not publicly visible. Returns the number of documents written.

    A few queries per type and per batch of `BATCH_SIZE` objects, whatever their number.
    """
    by_type: dict[SearchableType, list[Model]] = defaultdict(list)
    for obj in objs:
        kind = searchable_type_for(obj)
        if kind is None:
            raise NotSearchable(f"{type(obj).__name__} is not declared searchable.")
        by_type[kind].append(obj)
    written = 0
    for kind, members in by_type.items():
        for start in range(0, len(members), BATCH_SIZE):
            written += _write(kind, members[start : start + BATCH_SIZE])
        written += _index_dependents(kind.model, [obj.pk for obj in members])
    return written


def _index_dependents(model: type[Model], ids: list[Any]) -> int:
    """Index again the documents that read these objects of `model` (one query per type
    declaring `dependents`, when it has none to write)."""
    written = 0
    for kind in searchable_types():
        dependents = kind.dependents(model, ids) if kind.dependents and ids else None
        if dependents is None:
            continue
        iterator = dependents.order_by("pk").iterator(chunk_size=BATCH_SIZE)
        for batch in _batches(iterator, BATCH_SIZE):
            written += _write(kind, batch)
    return written


def index_dependents(obj: Model) -> int:
    """Index again the documents that read `obj` (see `SearchableType.dependents`), whether
    `obj` is searchable or not: what carries a tag, after the tag was renamed.
    Returns the documents written."""
    return _index_dependents(type(obj), [obj.pk])


def dependent_documents(obj: Model) -> list[tuple[int, int]]:
    """(content type id, object id) of the objects whose documents read `obj`.

    Read them before deleting `obj` and hand them to `index_again` afterwards: what read the
    deleted object (a tag's name) is then indexed without it.
    """
    keys: list[tuple[int, int]] = []
    for kind in searchable_types():
        dependents = kind.dependents(type(obj), [obj.pk]) if kind.dependents else None
        if dependents is None:
            continue
        content_type = ContentType.objects.get_for_model(kind.model, for_concrete_model=True)
        ids = dependents.prefetch_related(None).order_by("pk").values_list("pk", flat=True)
        keys.extend((content_type.pk, pk) for pk in ids)
    return keys


def index_space_contents(space: Space) -> int:
    """Index again the content of every type declared with a `space_field`, for `space`.

    Call it after saving a space, in the same transaction: a space that is unpublished hides
    what it holds, and shows it again when published. Returns the documents written.
    """
    written = 0
    with transaction.atomic():
        for kind in searchable_types():
            if not kind.space_field:
                continue
            # Documents filed under the space are dropped and written again from the objects
            # that still belong to it: those no longer public simply do not come back.
            SearchDocument.objects.filter(kind=kind.key, space=space).delete()
            queryset = kind.queryset().filter(**{kind.space_field: space}).order_by("pk")
            for batch in _batches(queryset.iterator(chunk_size=BATCH_SIZE), BATCH_SIZE):
                written += _write(kind, batch)
    return written


def space_documents(space: Space) -> list[tuple[int, int]]:
    """(content type id, object id) of every document filed under `space`.

    `space_delete` reads them before deleting the space (its documents go with it) and hands
    them to `index_again` afterwards, so content that survives its space stays found.
    """
    return list(
        SearchDocument.objects.filter(space=space).values_list("content_type_id", "object_id")
    )


def index_again(keys: Iterable[tuple[int, int]]) -> int:
    """Index the objects named by (content type id, object id), removing the documents of
    those that are gone or no longer visible. Returns the documents written."""
    ids_by_type: dict[int, list[int]] = defaultdict(list)
    for content_type_id, object_id in keys:
        ids_by_type[content_type_id].append(object_id)
    written = 0
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        kind = searchable_type_for(model) if model is not None else None
        for start in range(0, len(ids), BATCH_SIZE):
            chunk = ids[start : start + BATCH_SIZE]
            objs = list(kind.queryset().filter(pk__in=chunk)) if kind else []
            found = {obj.pk for obj in objs}
            SearchDocument.objects.filter(
                content_type_id=content_type_id,
                object_id__in=[pk for pk in chunk if pk not in found],
            ).delete()
            if kind and objs:
                written += _write(kind, objs)
    return written


def index_rebuild(*, kinds: Iterable[str] | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Rebuild the index from each registered type's queryset; {key: documents written}.

    Each batch is written in its own transaction, so the search keeps answering meanwhile;
    documents not written again by this run (objects gone or no longer visible) are removed
    at the end of each type. Without `kinds`, documents of types no longer declared are
    removed too. Running it twice gives the same index.
    """
    keys = list(kinds) if kinds is not None else [kind.key for kind in searchable_types()]
    unknown = [key for key in keys if searchable_type(key) is None]
    if unknown:
        raise NotSearchable(f"Unknown searchable types: {', '.join(unknown)}.")
    counts: dict[str, int] = {}
    for key in keys:
        kind = searchable_type(key)
        assert kind is not None
        started = timezone.now()
        written = 0
        queryset = kind.queryset().order_by("pk")
        for batch in _batches(queryset.iterator(chunk_size=batch_size), batch_size):
            with transaction.atomic():
                written += _write(kind, batch)
        # Everything written above is stamped at or after `started`.
        SearchDocument.objects.filter(kind=key, updated_at__lt=started).delete()
        counts[key] = written
    if kinds is None:
        SearchDocument.objects.exclude(kind__in=keys).delete()
    refresh_full_text()
    # Written in bulk, which tells the page cache nothing: results pages render again.
    generations.bump(list_key(SearchDocument))
    return counts


def _batches(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _write(kind: SearchableType, objs: list[Model]) -> int:
    """Upsert the documents of `objs` (all of `kind`); remove those that have none."""
    content_type = ContentType.objects.get_for_model(kind.model, for_concrete_model=True)
    now = timezone.now()
    rows: list[SearchDocument] = []
    removed: list[int] = []
    # Documents are built in the site's default language, whatever the request's: stored
    # addresses have no language prefix, and results are turned into the reader's language.
    with translation.override(settings.LANGUAGE_CODE):
        for obj in objs:
            document = kind.document(obj)
            row = _row(document, obj, kind, content_type, now) if document else None
            if row is None:
                removed.append(obj.pk)
            else:
                rows.append(row)
    with transaction.atomic():
        if removed:
            SearchDocument.objects.filter(content_type=content_type, object_id__in=removed).delete()
        if rows:
            SearchDocument.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["content_type", "object_id"],
                update_fields=_UPDATED_FIELDS,
            )
    return len(rows)


def _row(
    document: Document,
    obj: Model,
    kind: SearchableType,
    content_type: ContentType,
    now: Any,
) -> SearchDocument | None:
    if not document.public:
        return None
    start, end = document.visible_from, document.visible_until
    if start is not None and end is not None and end <= start:
        return None  # an empty publication window: never visible
    space = document.space
    return SearchDocument(
        content_type=content_type,
        object_id=obj.pk,
        kind=kind.key,
        space_id=space.pk if isinstance(space, Model) else space,
        title=_clean(document.title),
        text=_clean(document.text)[:MAX_TEXT_LENGTH],
        url=document.url or obj.get_absolute_url(),  # type: ignore[attr-defined]  # a type without Document urls has one (search.registry)
        language=document.language or settings.LANGUAGE_CODE,
        date=document.date,
        visible_from=start,
        visible_until=end,
        is_public=True,
        updated_at=now,
        priority=priority(kind, document.date),
    )


def priority(kind: SearchableType, date: datetime | None) -> int:
    """The order in which the engines take a document as a candidate, highest first: its
    type's weight, then its day (undated documents come last of their type).

    It fits in 30 bits, so that SQLite's FTS5 rowid `(2³⁰ - 1 - priority) << 32 | id` fits
    in 63 (ids stay under 2³²).
    """
    tier = min(63, max(0, round(kind.weight * 10)))
    day = 0
    if date is not None:
        day = min((1 << _DAY_BITS) - 1, max(0, (date - _EPOCH).days + 1))
    return (tier << _DAY_BITS) | day


def priority_tier(value: int) -> int:
    """The type's weight that a `priority` starts with (its high bits): the same for every
    document of a type, whatever its day."""
    return value >> _DAY_BITS


def refresh_full_text() -> None:
    """Write SQLite's FTS5 table again from every document (PostgreSQL's vector is a
    generated column: nothing to do). `parvis search_rebuild` ends with it, so an index
    built with another version of the French stemmer is made consistent again."""
    if connection.vendor != "sqlite":
        return
    from importlib import import_module

    ranking = import_module("parvis.search.migrations.0003_ranking")
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in ranking.SQLITE_FILL:
            cursor.execute(statement)


def _clean(text: str) -> str:
    return _CONTROL.sub(" ", str(text or "")).strip()
