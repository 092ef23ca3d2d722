"""Faster searches on PostgreSQL (issue 9): an index of adjacent words for phrases, and no
parallel scans of the index's table.

- `search_pairs`: a generated tsvector of every pair of words next to each other in a
  document ("conseil municipal" gives `conseil~municipal`), computed from the same vector as
  `search_vector` (title then text, so a title's last word and the text's first are next to
  each other there too), GIN-indexed, plus the lexeme `~` that every document has. A phrase
  is first looked up by its pairs (`parvis_phrase_pairs`), so that only the documents holding
  them are checked against the phrase itself: GIN cannot tell a phrase by itself and would
  otherwise have every document holding its words read.
- `parallel_workers = 0` on `search_searchdocument`: a search reads at most a few thousand
  rows; starting parallel workers cost more than they saved.

SQLite: nothing (FTS5 knows where each word is).
"""

from django.db import migrations

# The pairs of a vector: lexemes at positions p and p + 1. A document matching a phrase
# `a <-> b` has `a` at some p and `b` at p + 1 in its vector, hence the pair `a~b`: the pairs
# narrow the search and never lose a match (the phrase itself is still checked). Lexemes are
# never `~` nor hold one (the parser splits words there).
POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION parvis_pairs(vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_to_tsvector(array_append(
            coalesce(array_agg(DISTINCT a.lexeme || '~' || b.lexeme), '{}'), '~'))
        FROM (SELECT u.lexeme, unnest(u.positions) AS position FROM unnest(vector) AS u) AS a
        JOIN (SELECT u.lexeme, unnest(u.positions) AS position FROM unnest(vector) AS u) AS b
            ON b.position = a.position + 1
    $$
    """,
    # A phrase's pairs as a query: all of them, or `~` (every document) when it has none
    # (its words are apart: "place de la mairie" is plac <3> mair).
    """
    CREATE FUNCTION parvis_phrase_pairs(phrase text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(
            string_agg(
                '''' || replace(replace(pair, '\\', '\\\\'), '''', '\\''') || '''', ' & '
            )::tsquery,
            '''~'''::tsquery
        )
        FROM unnest(tsvector_to_array(
            parvis_pairs(to_tsvector('parvis_french'::regconfig, phrase))
        )) AS pair
        WHERE pair <> '~'
    $$
    """,
    """
    ALTER TABLE search_searchdocument ADD COLUMN search_pairs tsvector
    GENERATED ALWAYS AS (
        parvis_pairs(
            to_tsvector('parvis_french'::regconfig, coalesce(title, ''))
            || to_tsvector('parvis_french'::regconfig, coalesce(text, ''))
        )
    ) STORED
    """,
    "CREATE INDEX search_document_pairs ON search_searchdocument USING gin (search_pairs)",
    "ALTER TABLE search_searchdocument SET (parallel_workers = 0)",
]
POSTGRESQL_BACKWARD = [
    "ALTER TABLE search_searchdocument RESET (parallel_workers)",
    "DROP INDEX IF EXISTS search_document_pairs",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_pairs",
    "DROP FUNCTION IF EXISTS parvis_phrase_pairs(text)",
    "DROP FUNCTION IF EXISTS parvis_pairs(tsvector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_ranking")]

    operations = [migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD))]
