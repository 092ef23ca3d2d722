"""Public suggestions in the site search; private, pending or hidden ones never are."""

from __future__ import annotations

from django.db.models import QuerySet

from parvis.search.registry import Document
from parvis.suggestions.models import Suggestion
from parvis.suggestions.selectors import public_suggestions


def suggestion_document(suggestion: Suggestion) -> Document | None:
    if not suggestion.is_public:
        return None
    return Document(
        title=suggestion.title,
        text=suggestion.text,
        space=suggestion.space_id,
        date=suggestion.created_at,
    )


def searchable_suggestions() -> QuerySet[Suggestion]:
    return Suggestion.objects.select_related("space", "category")


__all__ = ["public_suggestions", "searchable_suggestions", "suggestion_document"]
