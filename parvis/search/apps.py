from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`parvis_terms(text)`, which the FTS5 triggers of the index call on every write
    (migration `search.0003_ranking`): SQLite has no French stemmer of its own."""
    if connection.vendor == "sqlite":
        from parvis.search.terms import terms

        connection.connection.create_function("parvis_terms", 1, terms, deterministic=True)


class SearchConfig(AppConfig):
    name = "parvis.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        connection_created.connect(_register_sqlite_functions)
