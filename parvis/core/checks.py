"""Deployment checks, run by `parvis check` (Django's `check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def parvis_deployment(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    problems = []
    if settings.PARVIS_TOWN["is_demo"]:
        problems.append(
            Warning(
                "TOWN_NAME is not set: the site shows the identity of the fictional demo town.",
                hint="Set TOWN_NAME, TOWN_ADDRESS, TOWN_EMAIL, TOWN_PHONE and the other TOWN_* variables.",
                id="parvis.W001",
            )
        )
    if not settings.SITE_IS_HTTPS:
        problems.append(
            Warning(
                "SITE_URL is not an https:// address: sessions and forms travel unencrypted.",
                id="parvis.W002",
            )
        )
    if not settings.EMAIL_HOST:
        problems.append(
            Warning(
                "EMAIL_HOST is not set: e-mails are printed by the worker instead of being sent.",
                id="parvis.W003",
            )
        )
    if not settings.DATABASE_URL:
        problems.append(
            Warning(
                "DATABASE_URL is not set: Parvis runs on SQLite, fit for one web process only.",
                hint="Use PostgreSQL for anything larger than a village.",
                id="parvis.W004",
            )
        )
    if not settings.REDIS_URL and _web_workers() > 1:
        problems.append(
            Warning(
                "WEB_WORKERS is above 1 without REDIS_URL: each process keeps its own cache, rate "
                "limits and channel layer, so live sessions' readers miss what another process "
                "broadcasts.",
                hint="Set REDIS_URL, or run one process (`parvis run`).",
                id="parvis.W005",
            )
        )
    return problems


def _web_workers() -> int:
    import os

    try:
        return int(os.environ.get("WEB_WORKERS", "1"))
    except ValueError:
        return 1


@register()
def parvis_merged_feeds(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """A feed that joins a merged feed no installed app declares: said at every start, so
    that a misspelt key does not leave the merged feed quietly without its items."""
    from parvis.core.feeds import unmerged_joins

    return [
        Warning(
            f"The feed {key!r} joins the merged feed {joined!r}, which no installed app "
            "declares: its items go to its own feed only.",
            hint="Install the app that declares it with `merged_feed`, or check the key.",
            id="parvis.W006",
        )
        for key, joined in unmerged_joins()
    ]
