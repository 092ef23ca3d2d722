"""Everything the family space brings to the shared mechanisms: its pages, who runs it in
the back office (family services), a section on the resident's profile, and which cached
page a change makes fresh (the canteen's menus: the guardians' pages are never cached)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.core.sections import section
from parvis.family.models import Guardian, MenuDay

# /family/… in French and /en/family/… in English.
pages("parvis.family.urls")

# Family services (and administrators) keep the schools, households, services and menus,
# decide on registrations and read the days booked (which only guardians change).
_RUN = [
    *model_permissions("family", "school", ["view", "add", "change", "delete"]),
    *model_permissions("family", "household", ["view", "add", "change", "delete"]),
    *model_permissions("family", "child", ["view", "add", "change", "delete"]),
    *model_permissions("family", "guardian", ["view", "delete"]),
    *model_permissions("family", "service", ["view", "add", "change", "delete"]),
    *model_permissions("family", "season", ["view", "add", "change", "delete"]),
    *model_permissions("family", "tariff", ["view", "add", "change", "delete"]),
    *model_permissions("family", "registration", ["view", "change"]),
    *model_permissions("family", "booking", ["view"]),
    *model_permissions("family", "menuday", ["view", "add", "change", "delete"]),
]
grant(Role.FAMILY_SERVICES_OFFICER, _RUN)
grant(Role.ADMINISTRATOR, _RUN)

invalidates(MenuDay)
query_parameter("week", pattern=r"\d{4}-W\d{2}")


def _profile(request: HttpRequest | None, user: Any) -> dict[str, Any] | None:
    if user is None or not user.is_authenticated:
        return None
    return {"households": Guardian.objects.filter(user=user).count()}


section(
    "family.profile", page="profile", template="family/_profile.html", context=_profile, order=20
)
