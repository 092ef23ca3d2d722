"""The periodic publication job: scheduled articles go public, expired ones go away."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from parvis.core.schedule import every
from parvis.news.services import articles_publish_due, articles_unpublish_expired


@task(queue_name="maintenance")
def publish_scheduled_articles() -> dict[str, int]:
    """Publish the due scheduled articles and unpublish the expired ones, through the same
    services as the back office (audited, indexed, notified), each exactly once."""
    return {"published": articles_publish_due(), "unpublished": articles_unpublish_expired()}


# Every minute: a scheduled article is invisible until the job publishes it, so this is at
# most how late it can go public (and how late its followers hear of it).
every(timedelta(minutes=1), publish_scheduled_articles)
