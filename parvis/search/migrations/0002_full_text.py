"""The full-text structures that follow SearchDocument inside the database, per engine.

PostgreSQL: the `unaccent` extension (trusted), a `parvis_french` text search configuration
(French stemming after removing accents), and a generated, GIN-indexed tsvector column
(title weighted A, text B).

SQLite: an FTS5 table with external content on `search_searchdocument`, kept in step by
triggers. Django rebuilds a SQLite table to alter it, which drops its triggers: a later
migration that alters `search_searchdocument` must run `SQLITE_TRIGGERS` again
(`parvis/search/tests/test_full_text_schema.py` fails otherwise).
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'parvis_french') THEN
            CREATE TEXT SEARCH CONFIGURATION parvis_french (COPY = pg_catalog.french);
            ALTER TEXT SEARCH CONFIGURATION parvis_french
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('parvis_french'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('parvis_french'::regconfig, coalesce(text, '')), 'B')
    ) STORED
    """,
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS parvis_french",
]

SQLITE_TABLE = [
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, text,
        content='search_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
]
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO search_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END
    """,
    # Documents written before the triggers existed.
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_TABLE + SQLITE_TRIGGERS}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
