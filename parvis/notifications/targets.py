"""What a notification concerns, stored as data, and who follows it.

A notification keeps its targets as [["spaces.space", 3], ["tags.tag", 7], ["topic", "events"]]:
plain JSON, so the worker resolves the followers long after the publishing request, even if
a target has been deleted since (it then simply has no followers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from parvis.notifications.registry import Topic, get_topic

TOPIC = "topic"


def describe_targets(targets: Iterable[models.Model | Topic | str | None]) -> list[list[Any]]:
    """The JSON form of `targets`, without duplicates and in their order; None is skipped."""
    described: list[list[Any]] = []
    seen: set[tuple[Any, ...]] = set()  # a notification may concern thousands of targets
    for target in targets:
        if target is None:
            continue
        if isinstance(target, str | Topic):
            entry = [TOPIC, get_topic(target).value]
        elif isinstance(target, models.Model):
            if target.pk is None:
                raise ValueError(f"{target!r} is not saved: it cannot be a notification target.")
            entry = [target._meta.label_lower, target.pk]
        else:
            raise TypeError(f"Not a notification target: {target!r}")
        if tuple(entry) not in seen:
            seen.add(tuple(entry))
            described.append(entry)
    return described


def followers_filter(described: Sequence[Sequence[Any]]) -> Q:
    """A filter on `Subscription` matching the subscriptions to any of `described`."""
    topics: list[str] = []
    objects: dict[str, list[int]] = defaultdict(list)
    for label, value in described:
        if label == TOPIC:
            topics.append(value)
        else:
            objects[label].append(int(value))
    condition = Q(pk__in=[])  # matches nothing, so an empty list of targets reaches nobody
    if topics:
        condition |= Q(topic__in=topics)
    for label, ids in objects.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an app removed since: nobody can follow its objects any more
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(topic="", target_type=content_type, target_id__in=ids)
    return condition
