from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One searchable object, as `parvis.search.indexing` wrote it: the index's only table.

    Written only through `parvis.search.indexing`. The full-text structures follow it in the
    database itself, in the same transaction:
    - PostgreSQL: a generated, GIN-indexed `search_vector` tsvector column (title weighted A,
      text B, configuration `parvis_french`), added by migration 0002 and kept in the row
      (storage MAIN, migration 0005), and `search_pairs`,
      the pairs of adjacent words that phrases are looked up by (migration 0004);
    - SQLite: the contentless FTS5 table `search_fts` of the documents' stemmed words
      (`parvis.search.terms`), kept in step by triggers, rowid `(2³⁰ - 1 - priority) << 32 | id`
      (migration 0003).
    Neither is declared here: Django never reads or writes them directly.

    Title and text are unbounded text fields on purpose: PostgreSQL refuses to change the
    type of a column a generated column uses.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=40)
    # A space's content goes with it; content that survives its space is indexed again by
    # `parvis.spaces.services.space_delete`.
    space = models.ForeignKey(
        "spaces.Space", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.TextField()
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    language = models.CharField(max_length=10)
    date = models.DateTimeField(null=True, blank=True)
    visible_from = models.DateTimeField(null=True, blank=True)
    visible_until = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField(default=True)
    updated_at = models.DateTimeField(default=timezone.now)
    #: The order in which the engines take candidates before ranking them: the type's weight,
    #: then the document's day (`parvis.search.indexing.priority`). Both engines read the
    #: first matches in this order and stop after a bounded number (`engine.CANDIDATES`).
    priority = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_document_once_per_object"
            ),
            models.CheckConstraint(
                condition=models.Q(visible_from__isnull=True)
                | models.Q(visible_until__isnull=True)
                | models.Q(visible_until__gt=models.F("visible_from")),
                name="search_document_window_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "space"]),
            models.Index(fields=["priority", "id"], name="search_document_priority"),
            models.Index(fields=["kind", "priority"], name="search_document_kind_priority"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
