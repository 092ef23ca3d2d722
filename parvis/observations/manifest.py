"""Everything observation campaigns bring to the shared mechanisms: their pages, who keeps
them in the back office, what makes their cached pages fresh, and their open data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.datasets import dataset
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.observations import selectors
from parvis.observations.models import Campaign, Member, Observation

pages("parvis.observations.urls")

# Administrators keep the campaigns, their members and observations. The technical services
# read the campaigns (each feeds a report category they handle), nothing more: not who takes
# part nor what each member noticed, which the campaign's public page and open data give
# without names.
grant(Role.TECHNICAL_SERVICES_OFFICER, model_permissions("observations", "campaign", ["view"]))
grant(
    Role.ADMINISTRATOR,
    model_permissions("observations", "campaign", ["view", "add", "change", "delete"])
    + model_permissions("observations", "member", ["view", "add", "change", "delete"])
    + model_permissions("observations", "observation", ["view", "delete"]),
)


# A new observation or member makes its campaign's page fresh, no other campaign's.
def _campaign_of(item: Observation | Member) -> list[str]:
    return [f"observations.campaign:{item.campaign_id}"]


invalidates(Campaign)
invalidates(Observation, keys=_campaign_of)
invalidates(Member, keys=_campaign_of)
query_parameter("period", pattern=r"[0-9]{1,3}")


def _observation_rows() -> Iterator[dict[str, Any]]:
    """Every observation of a published campaign: when, where (rounded to about 10 m), what
    was noticed; never who."""
    rows = selectors.public_observations().select_related("campaign").order_by("observed_at", "id")
    for observation in rows.iterator(chunk_size=2000):
        yield {
            "campaign": observation.campaign.slug,
            "observed_at": observation.observed_at.isoformat(),
            "lat": round(observation.lat, 4),
            "lon": round(observation.lon, 4),
            "noticed": bool(observation.values),
            "values": json.dumps(observation.values, ensure_ascii=False, sort_keys=True),
        }


dataset(
    "observations",
    title=_("Residents' observations"),
    description=_(
        "What the members of the town's observation campaigns noticed, when and where (to "
        "about ten metres), without their names."
    ),
    columns=("campaign", "observed_at", "lat", "lon", "noticed", "values"),
    rows=_observation_rows,
)
