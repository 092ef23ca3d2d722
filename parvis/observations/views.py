"""The pages of campaigns: the list, each campaign (its charts, its heat map, their data as
tables), joining with the invitation code, and recording an observation (members only)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.dates import local_midnight
from parvis.core.geo import BBox
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.markdown import render_markdown
from parvis.core.pagecache import depends_on, expires_at
from parvis.observations import charts, selectors, services
from parvis.observations.forms import JoinForm, ObservationForm
from parvis.observations.models import Campaign
from parvis.spaces.models import SpaceKind
from parvis.spaces.selectors import published_spaces

#: The periods a campaign's charts show, in days (the first is the default).
PERIODS = {"30": 30, "90": 90, "365": 365}
RECORD_LIMIT = {"per_user": "30/h", "per_ip": "60/h"}
JOIN_LIMIT = {"per_user": "10/h", "per_ip": "30/h"}


def _trail() -> tuple[str, str]:
    return (_("Observation campaigns"), reverse("observations:list"))


@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "observations/campaign_list.html",
        {
            "campaigns": list(selectors.public_campaigns().select_related("category")),
            "breadcrumbs": breadcrumbs(_trail()),
        },
    )


def _campaign_or_404(slug: str) -> Campaign:
    campaign = selectors.campaign_for_page(slug)
    if campaign is None:
        raise Http404
    return campaign


def _town_outlines() -> tuple[BBox | None, list[dict]]:
    """The box of the town's published neighbourhoods, and their outlines (a few rows)."""
    neighbourhoods = published_spaces().filter(kind=SpaceKind.NEIGHBOURHOOD).exclude(boundary=None)
    box = neighbourhoods.aggregate(
        min_lat=Min("bbox_min_lat"),
        min_lon=Min("bbox_min_lon"),
        max_lat=Max("bbox_max_lat"),
        max_lon=Max("bbox_max_lon"),
    )
    if box["min_lat"] is None:
        return None, []
    outlines = [area for area in neighbourhoods.values_list("boundary", flat=True) if area]
    return BBox(box["min_lon"], box["min_lat"], box["max_lon"], box["max_lat"]), outlines


@require_safe
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    depends_on(
        request,
        f"observations.campaign:{campaign.pk}",
        instead_of=["observations.campaign", "observations.observation", "observations.member"],
    )
    # It counts "the last N days": a cached copy ends when the next day begins.
    tomorrow = timezone.localdate() + timedelta(days=1)
    expires_at(request, local_midnight(tomorrow))
    results = selectors.may_see_results(campaign, request)
    period = request.GET.get("period", "30")
    context = _results(campaign, period) if results else {}
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": campaign.name,
        "description": campaign.description[:500] or campaign.name,
        "url": absolute_url(campaign.get_absolute_url()),
        "temporalCoverage": f"{campaign.starts_on.isoformat()}/"
        + (campaign.ends_on.isoformat() if campaign.ends_on else ".."),
        "variableMeasured": [f["label"] for f in campaign.category.extra_fields],
    }
    return render(
        request,
        "observations/campaign_detail.html",
        {
            "campaign": campaign,
            "description": render_markdown(campaign.description),
            "results": results,
            **context,
            "running": campaign.is_running(),
            "json_ld": json_ld_dumps(json_ld),
            "breadcrumbs": breadcrumbs(
                _trail(), (campaign.name, campaign.get_absolute_url(), campaign)
            ),
        },
    )


def _results(campaign: Campaign, period: str) -> dict[str, Any]:
    """The charts and heat map of `campaign` over the last `period` days, and their tables."""
    days = PERIODS.get(period, 30)
    today = timezone.localdate()
    end = min(today, campaign.ends_on) if campaign.ends_on else today
    start = max(campaign.starts_on, end - timedelta(days=days - 1))
    rows = selectors.daily(campaign, start=start, end=end) if start <= end else []
    field = selectors.numeric_field(campaign)
    box, outlines = _town_outlines()
    heat = (
        charts.heat_map(selectors.campaign_observations(campaign), box=box, outlines=outlines)
        if box is not None
        else None
    )
    return {
        "period": period if period in PERIODS else "30",
        "periods": PERIODS,
        "rows": rows,
        "total": sum(row["noticed"] for row in rows),
        "field": field,
        "chart": charts.day_chart(rows, mean_max=field["max"] if field else None),
        "heat": heat,
    }


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("campaign-join", **JOIN_LIMIT)
def campaign_join(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.member_join(
                    campaign=campaign,
                    user=request.user,  # type: ignore[arg-type]
                    code=form.cleaned_data["code"],
                )
            except ValidationError as error:
                form.add_error("code", error.message_dict["code"])
            else:
                messages.success(request, _("Welcome to the campaign."))
                return redirect("observations:observe", slug=campaign.slug)
    return render(
        request,
        "observations/campaign_join.html",
        {"campaign": campaign, "form": form, "breadcrumbs": _action_trail(campaign, _("Join"))},
        status=status,
    )


def _action_trail(campaign: Campaign, label: str) -> Any:
    return breadcrumbs(
        _trail(), (campaign.name, campaign.get_absolute_url(), campaign), (label, "")
    )


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("campaign-observe", **RECORD_LIMIT)
def campaign_observe(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    member = selectors.membership(campaign=campaign, user=request.user)
    if member is None:
        raise PermissionDenied(_("Only the campaign's members record observations."))
    form = ObservationForm(request.POST or None, campaign=campaign)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.observation_record(
                    member=member,
                    observed_at=data["observed_at"],
                    lat=data["lat"],
                    lon=data["lon"],
                    values=data["values"],
                    nothing_noticed=data["nothing_noticed"],
                    note=data["note"],
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    target = "lat" if key == "position" else key
                    form.add_error(target if target in form.fields else None, errors)
            else:
                messages.success(request, _("Thank you: your observation is recorded."))
                return redirect(campaign.get_absolute_url())
    return render(
        request,
        "observations/campaign_observe.html",
        {
            "campaign": campaign,
            "form": form,
            "breadcrumbs": _action_trail(campaign, _("Record an observation")),
        },
        status=status,
    )
