"""The town Parvis serves: its identity, read from settings in one place.

Templates and code never spell a town's name, address or centre: they ask `current_town()`.
When one installation serves several towns, this is the function that will choose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class Town:
    name: str
    logo: str
    share_image: str
    share_image_alt: str
    address: str
    email: str
    phone: str
    siret: str
    publication_director: str
    host: str
    dpo_email: str
    centre: tuple[float, float]
    accessibility_status: str
    accessibility_audit_date: str
    is_demo: bool

    @property
    def logo_is_url(self) -> bool:
        return _is_url(self.logo)

    @property
    def share_image_is_url(self) -> bool:
        return _is_url(self.share_image)


def _is_url(value: str) -> bool:
    """An address of its own (absolute, or a path on this site), not a static file's path."""
    return value.startswith(("http://", "https://", "/"))


@cache
def _town_from(items: tuple) -> Town:
    return Town(**dict(items))


def current_town() -> Town:
    return _town_from(tuple(sorted(settings.PARVIS_TOWN.items())))
