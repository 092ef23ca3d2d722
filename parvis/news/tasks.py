"""The periodic publication job: scheduled articles go public, expired ones go away."""

from __future__ import annotations

from django_tasks import task

from parvis.news.services import articles_publish_due, articles_unpublish_expired


@task(queue_name="maintenance")
def publish_scheduled_articles() -> dict[str, int]:
    """Publish the due scheduled articles and unpublish the expired ones, through the same
    services as the back office (audited, indexed, notified), each exactly once."""
    return {"published": articles_publish_due(), "unpublished": articles_unpublish_expired()}
