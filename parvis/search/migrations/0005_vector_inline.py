"""PostgreSQL: each document's `search_vector` kept in its row, not apart (TOAST).

A row larger than about 2 kB has its largest values compressed, then moved to the table's
TOAST table, largest first. An article's row held its text and two vectors of about 1.2 kB
each (compressed): both vectors went to TOAST, and checking one against a query, or ranking
it, cost three more page reads (about 10 µs a document: walking the 2,000 newest articles
for a common word took 23 ms instead of 2). With storage MAIN the vector is compressed and
moved out only once the text and `search_pairs` are out and the row is still too large.

Existing rows take the new storage when written again: every document is written again here
(its vectors computed again, as in migration 0004: about 2 minutes per 100,000 documents on
two cores). Going back sets the default storage (EXTENDED); rows stay as they are.

SQLite: nothing.
"""

from importlib import import_module

from django.db import migrations

# Runs its statements on PostgreSQL only, as migration 0004 does.
_run = import_module("parvis.search.migrations.0004_phrase_pairs")._run

POSTGRESQL_FORWARD = [
    "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE MAIN",
    "UPDATE search_searchdocument SET title = title",
]
POSTGRESQL_BACKWARD = [
    "ALTER TABLE search_searchdocument ALTER COLUMN search_vector SET STORAGE EXTENDED",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0004_phrase_pairs")]

    operations = [migrations.RunPython(_run(POSTGRESQL_FORWARD), _run(POSTGRESQL_BACKWARD))]
