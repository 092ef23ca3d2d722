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
    return problems
