"""The `priority` of the documents written before 0003 added it (issue 9).

0003 gave every existing document priority 0, which only `parvis search_rebuild` wrote
again: until then an upgraded site took its candidates in no useful order. This fills it in
place, by batches of ids, for the documents still at 0, the way `parvis.search.indexing.
priority` does: the type's weight in tenths, then the document's day since 2000.

A migration cannot import the registry of searchable types (the manifests import the live
models), so the weights of the types that existed when it was written are copied below; a
test checks that they give what the indexer writes for every registered type. A kind not
listed takes the default weight, 1.0. On SQLite, the triggers of `search_fts` follow the
update (the FTS5 rowid holds the priority).
"""

from datetime import UTC, datetime

from django.db import migrations

#: The `weight` of each searchable type (`parvis.search.registry.searchable`), by key.
WEIGHTS = {
    "space": 3.0,
    "space_page": 2.0,
    "article": 1.0,
    "announcement": 0.6,
    "comment": 0.4,
}
DEFAULT_WEIGHT = 1.0
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
DAY_BITS = 24
BATCH_SIZE = 1000


def priority(kind: str, date: datetime | None) -> int:
    """`parvis.search.indexing.priority`, from a document's stored kind and date."""
    tier = min(63, max(0, round(WEIGHTS.get(kind, DEFAULT_WEIGHT) * 10)))
    day = 0
    if date is not None:
        day = min((1 << DAY_BITS) - 1, max(0, (date - EPOCH).days + 1))
    return (tier << DAY_BITS) | day


def fill_priorities(apps, schema_editor, batch_size: int | None = None):
    SearchDocument = apps.get_model("search", "SearchDocument")
    documents = SearchDocument.objects.using(schema_editor.connection.alias)
    batch_size = batch_size or BATCH_SIZE
    last = 0
    while True:
        rows = list(
            documents.filter(priority=0, id__gt=last)
            .order_by("id")
            .values_list("id", "kind", "date")[:batch_size]
        )
        if not rows:
            return
        last = rows[-1][0]
        changed = [
            SearchDocument(id=pk, priority=value)
            for pk, kind, date in rows
            if (value := priority(kind, date))
        ]
        documents.bulk_update(changed, ["priority"])

class Migration(migrations.Migration):
    dependencies = [("search", "0005_vector_inline")]

    operations = [
        # Going back leaves the priorities: 0003's column holds them, and the indexer writes
        # the same ones.
        migrations.RunPython(fill_priorities, migrations.RunPython.noop),
    ]
