"""Reads about suggestions: the public lists (a space's, the town's), one suggestion's page,
the map's, and the median time to a first answer (over a bounded set of recent ones)."""

from __future__ import annotations

from datetime import timedelta
from statistics import median
from typing import Any

from django.db.models import QuerySet

from parvis.moderation.models import ModerationStatus
from parvis.suggestions.models import Answer, Category, Suggestion, Support, Visibility

#: How many of the latest first answers the median reads: a bounded set, one query.
MEDIAN_WINDOW = 200


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def public_suggestions() -> QuerySet[Suggestion]:
    """Public, published by moderation, in a published space: every public use starts here
    (lists, map, search, feeds, comments, follows)."""
    return Suggestion.objects.filter(
        visibility=Visibility.PUBLIC,
        moderation_status=ModerationStatus.VISIBLE,
        space__is_published=True,
    ).select_related("space", "category")


def suggestion_list(
    *, space: Any = None, status: str = "", category: Category | None = None
) -> QuerySet[Suggestion]:
    suggestions = public_suggestions()
    if space is not None:
        suggestions = suggestions.filter(space=space)
    if status:
        suggestions = suggestions.filter(status=status)
    if category is not None:
        suggestions = suggestions.filter(category=category)
    return suggestions.order_by("-created_at", "-id")


def map_suggestions() -> QuerySet[Suggestion]:
    """The public suggestions with a position, for the map layer."""
    return public_suggestions().filter(lat__isnull=False).order_by("-created_at", "-id")


def suggestion_for_page(pk: int) -> Suggestion | None:
    """Any suggestion (the view checks who may see it), with what its page reads."""
    return Suggestion.objects.select_related("space", "category", "author").filter(pk=pk).first()


def answers_of(suggestion: Suggestion) -> list[Answer]:
    return list(suggestion.answers.all())


def has_supported(*, suggestion: Suggestion, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(suggestion=suggestion, user=user).exists()


def median_first_answer(*, space: Any = None) -> timedelta | None:
    """The median time from posting to the first official answer, over the `MEDIAN_WINDOW`
    suggestions answered last (of `space`, or of the town), private ones included (the delay
    says nothing of their content); None before any answer. One query, whatever the number
    of suggestions."""
    answered = Suggestion.objects.filter(
        first_answered_at__isnull=False, moderation_status=ModerationStatus.VISIBLE
    )
    if space is not None:
        answered = answered.filter(space=space)
    rows = list(
        answered.order_by("-first_answered_at").values_list("created_at", "first_answered_at")[
            :MEDIAN_WINDOW
        ]
    )
    if not rows:
        return None
    delays = [(answered - created).total_seconds() for created, answered in rows if answered]
    return timedelta(seconds=median(delays))


def space_summary(*, space: Any, limit: int = 5) -> dict[str, Any]:
    """What a space's page shows: its latest public suggestions and the median delay."""
    return {
        "suggestions": list(suggestion_list(space=space)[:limit]),
        "median": median_first_answer(space=space),
    }
