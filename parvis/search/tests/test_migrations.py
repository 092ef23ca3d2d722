"""Migration 0006 gives the documents of an upgraded site the priority the indexer writes."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as live_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parvis.comments.tests.factories import make_comment
from parvis.news.tests.factories import make_announcement, make_article
from parvis.search.indexing import priority as indexer_priority
from parvis.search.models import SearchDocument
from parvis.search.registry import searchable_types
from parvis.spaces.tests.factories import make_page, make_space

migration = import_module("parvis.search.migrations.0006_priorities")

BEFORE = ("search", "0005_vector_inline")
AFTER = ("search", "0006_priorities")
DATES = [
    None,
    datetime(1999, 5, 1, tzinfo=UTC),
    datetime(2000, 1, 1, tzinfo=UTC),
    datetime(2026, 12, 4, 10, 0, tzinfo=UTC),
    datetime(2026, 12, 4, 23, 59, tzinfo=UTC),
]


#: The types registered when the migration was written: only their documents can be at
#: priority 0 (those of types registered later were always indexed with their priority).
TYPES_OF_ISSUE_9 = ["announcement", "article", "comment", "space", "space_page"]


def test_every_type_of_its_time_has_its_weight_in_the_migration():
    assert sorted(migration.WEIGHTS) == TYPES_OF_ISSUE_9
    assert set(TYPES_OF_ISSUE_9) <= {kind.key for kind in searchable_types()}


@pytest.mark.parametrize("date", DATES)
def test_the_migration_computes_the_indexers_priority_for_every_type_of_its_time(date):
    for kind in searchable_types():
        if kind.key in TYPES_OF_ISSUE_9:
            assert migration.priority(kind.key, date) == indexer_priority(kind, date), kind.key


def test_the_priorities_by_hand():
    # The weight in tenths, shifted by 24 bits, then the day since 1 January 2000 (the 1st is 1).
    december_4 = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    assert migration.priority("space", december_4) == (30 << 24) + 9835
    assert migration.priority("article", december_4) == (10 << 24) + 9835
    assert migration.priority("announcement", None) == 6 << 24
    assert migration.priority("comment", datetime(1999, 5, 1, tzinfo=UTC)) == 4 << 24
    assert migration.priority("a-kind-added-later", december_4) == (10 << 24) + 9835


@pytest.mark.django_db
def test_the_migration_writes_what_the_indexer_wrote_for_documents_left_at_zero(officer, resident):
    space = make_space("vieux-bourg", name="Vieux-Bourg")
    page = make_page(space, "histoire", title="Histoire du quartier")
    make_article("marche-de-noel", space=space, actor=officer)
    make_announcement("Un vélo trouvé place de l’église.", actor=officer)
    make_comment(page, resident, body="Très bonne idée.")
    indexed = dict(SearchDocument.objects.values_list("kind", "priority"))
    assert sorted(indexed) == ["announcement", "article", "comment", "space", "space_page"]
    assert all(value > 0 for value in indexed.values())
    SearchDocument.objects.update(priority=0)

    # What RunPython passes; the function reads only its connection.
    migration.fill_priorities(live_apps, SimpleNamespace(connection=connection), batch_size=2)

    assert dict(SearchDocument.objects.values_list("kind", "priority")) == indexed


def migrate(target: tuple[str, str]):
    """The state of the apps after migrating the database to `target` (and its dependencies)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.fixture
def at_0005(transactional_db):
    """The database as it was before 0006; the latest migrations again afterwards."""
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes("search")[0])


@pytest.mark.django_db(transaction=True)
def test_migrating_forward_fills_the_priorities_in_batches(at_0005, monkeypatch):
    ContentType = at_0005.get_model("contenttypes", "ContentType")
    Document = at_0005.get_model("search", "SearchDocument")
    content_type, __ = ContentType.objects.get_or_create(app_label="news", model="article")
    rows = [
        ("space", datetime(2026, 12, 4, 10, 0, tzinfo=UTC), 0),
        ("article", datetime(2026, 12, 4, 23, 59, tzinfo=UTC), 0),
        ("article", datetime(2000, 1, 1, tzinfo=UTC), 0),
        ("announcement", None, 0),
        ("comment", datetime(1999, 5, 1, tzinfo=UTC), 0),
        # Written by the indexer after 0003: left as it is.
        ("space_page", datetime(2026, 12, 4, tzinfo=UTC), 12345),
    ]
    for object_id, (kind, date, priority) in enumerate(rows, start=1):
        Document.objects.create(
            content_type=content_type,
            object_id=object_id,
            kind=kind,
            title=f"Lavoir {object_id}",
            text="Le lavoir du bourg",
            url=f"/news/{object_id}/",
            language="fr",
            date=date,
            priority=priority,
        )
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)

    migrate(AFTER)

    assert list(SearchDocument.objects.order_by("object_id").values_list("kind", "priority")) == [
        ("space", (30 << 24) + 9835),
        ("article", (10 << 24) + 9835),
        ("article", (10 << 24) + 1),
        ("announcement", 6 << 24),
        ("comment", 4 << 24),
        ("space_page", 12345),
    ]
    if connection.vendor == "sqlite":
        # The full-text table follows: its rowid is `(2³⁰ - 1 - priority) << 32 | id`.
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'lavoir'")
            found = sorted(row[0] for row in cursor.fetchall())
        expected = sorted(
            (((1 << 30) - 1 - document.priority) << 32) | document.id
            for document in SearchDocument.objects.all()
        )
        assert found == expected
