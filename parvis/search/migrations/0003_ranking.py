"""Ranking and French stemming on SQLite (issue 9).

- `priority` on every document (the type's weight, then its day: see
  `parvis.search.indexing.priority`), indexed: both engines take their candidates in this
  order and stop after a bounded number. Documents written before it have 0 until
  `parvis search_rebuild` writes them again.
- SQLite: `search_fts` becomes a contentless FTS5 table of the documents' *terms* (accents
  folded and French Snowball stems, computed by the SQL function `parvis_terms` that
  `parvis.search.apps` registers on every connection), its rowid `(2³⁰ - 1 - priority) << 32
  | id`, so that FTS5 reads matches in priority order and a LIMIT stops it early; a third column,
  `meta`, holds the kind and space as tokens, for the filters. The triggers are
  written again (adding the column rebuilt the table, which dropped them).
"""

from django.db import migrations, models

SQLITE_TABLE = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text, meta, content='', tokenize='unicode61 remove_diacritics 2'
    )
    """,
]


def rowid(row: str) -> str:
    """The SQL of a document's FTS5 rowid: `(2³⁰ - 1 - priority) << 32 | id`, so that the
    ascending rowid order FTS5 reads in is the descending priority order. (Not the descending
    rowid order of `priority << 32 | id`: SQLite 3.40's FTS5 drops matches of AND queries
    read in descending rowid order.)"""
    return f"(({(1 << 30) - 1} - {row}priority) << 32) | {row}id"


def meta(row: str) -> str:
    """The SQL of the `meta` column: a token for the kind and one for the space
    ("kspacexpage s12"), so that the type and space filters are part of the MATCH and FTS5
    intersects them with the words' lists instead of Parvis reading and dropping rows."""
    return (
        f"'k' || replace({row}kind, '_', 'x')"
        f" || coalesce(' s' || {row}space_id, '')"
    )


# A contentless table forgets what it indexed: a row is deleted by giving its terms again,
# which `parvis_terms` computes the same way from the same text.
SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts (rowid, title, text, meta) VALUES (
            ROWID(new.), parvis_terms(new.title), parvis_terms(new.text),
            META_NEW
        );
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, text, meta) VALUES (
            'delete', ROWID(old.),
            parvis_terms(old.title), parvis_terms(old.text), META_OLD
        );
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, text, meta) VALUES (
            'delete', ROWID(old.),
            parvis_terms(old.title), parvis_terms(old.text), META_OLD
        );
        INSERT INTO search_fts (rowid, title, text, meta) VALUES (
            ROWID(new.), parvis_terms(new.title), parvis_terms(new.text),
            META_NEW
        );
    END
    """,
]
SQLITE_TRIGGERS = [
    statement.replace("META_NEW", meta("new."))
    .replace("META_OLD", meta("old."))
    .replace("ROWID(new.)", rowid("new."))
    .replace("ROWID(old.)", rowid("old."))
    for statement in SQLITE_TRIGGERS
]
# Every document again, from the table (also `parvis.search.indexing.refresh_full_text`).
SQLITE_FILL = [
    "INSERT INTO search_fts (search_fts) VALUES ('delete-all')",
    """
    INSERT INTO search_fts (rowid, title, text, meta)
    SELECT ROWID(), parvis_terms(title), parvis_terms(text), META
    FROM search_searchdocument
    """.replace("META", meta("")).replace("ROWID()", rowid("")),
]
# Migration 0002's structures, for going back.
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TABLE + SQLITE_TRIGGERS + SQLITE_FILL:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from importlib import import_module

        full_text = import_module("parvis.search.migrations.0002_full_text")
        for statement in SQLITE_BACKWARD + full_text.SQLITE_TABLE + full_text.SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="priority",
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["priority", "id"], name="search_document_priority"),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["kind", "priority"], name="search_document_kind_priority"),
        ),
        migrations.RunPython(forward, backward),
    ]
