from __future__ import annotations

from django.db.models import QuerySet

from parvis.moderation.models import ModerationStatus
from tests.sampleapp.models import Notice, Place


def public_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(
        moderation_status=ModerationStatus.VISIBLE, space__is_published=True
    ).select_related("space", "author")


def places() -> QuerySet[Place]:
    return Place.objects.all()
