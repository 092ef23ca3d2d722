"""The roadworks pages: the list (current and upcoming, filters), a works' page, the map,
"works near me", the feed, and a resident's watched areas."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.core.middleware import permissions_policy_header
from parvis.core.pagecache import depends_on
from parvis.core.pagination import paginate
from parvis.roadworks import selectors, services
from parvis.roadworks.forms import NearForm, WatchCircleForm, WatchSpaceForm
from parvis.roadworks.models import ImpactKind, Works
from parvis.spaces.models import SpaceKind
from parvis.spaces.selectors import spaces_of_kind

PAGE_SIZE = 20
WATCH_LIMIT = {"per_user": "20/h", "per_ip": "60/h"}

PERIODS = [
    (selectors.Period.CURRENT, gettext_lazy("Going on")),
    (selectors.Period.UPCOMING, gettext_lazy("To come")),
    (selectors.Period.PAST, gettext_lazy("Finished")),
]


def _list_trail() -> tuple[str, str]:
    return (_("Roadworks"), reverse("roadworks:list"))


@require_safe
def works_list(request: HttpRequest) -> HttpResponse:
    spaces = selectors.filter_spaces()
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    impact = request.GET.get("impact", "")
    if impact not in ImpactKind.values:
        impact = ""
    period = request.GET.get("when", "")
    if period not in {value for value, _label in PERIODS}:
        period = ""
    page_obj = paginate(
        selectors.works_list(space=space, impact=impact, period=period),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "roadworks/works_list.html",
        {
            "page_obj": page_obj,
            "spaces": spaces,
            "space": space,
            "impacts": ImpactKind.choices,
            "impact": impact,
            "periods": PERIODS,
            "period": period,
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


def works_json_ld(works: Works) -> dict[str, Any]:
    """An Event (what happens, when, where) with its place's coordinates."""
    place: dict[str, Any] = {
        "@type": "Place",
        "geo": {"@type": "GeoCoordinates", "latitude": works.lat, "longitude": works.lon},
    }
    if works.location_text:
        place["name"] = works.location_text
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": works.title,
        "url": absolute_url(works.get_absolute_url()),
        "startDate": works.starts_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "dateModified": works.updated_at.isoformat(),
    }
    if works.ends_on:
        data["endDate"] = works.ends_on.isoformat()
    if works.description:
        data["description"] = works.description[:500]
    if works.owner:
        data["organizer"] = {"@type": "Organization", "name": works.owner}
    if works.contractor:
        data["contributor"] = {"@type": "Organization", "name": works.contractor}
    return data


@require_safe
def works_detail(request: HttpRequest, slug: str) -> HttpResponse:
    works = selectors.works_for_page(slug=slug)
    if works is None:
        raise Http404
    depends_on(
        request,
        f"roadworks.works:{works.pk}",
        instead_of=["roadworks.works", "roadworks.impact"],
    )
    return render(
        request,
        "roadworks/works_detail.html",
        {
            "works": works,
            "impacts": list(works.impacts.all()),
            "summary": markdown_to_text(works.description) if works.description else works.title,
            "json_ld": json_ld_dumps(works_json_ld(works)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (works.title, works.get_absolute_url(), works)
            ),
        },
    )


@require_safe
def works_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "roadworks/works_map.html",
        {
            "breadcrumbs": breadcrumbs(
                _list_trail(), (_("Map of the works"), reverse("roadworks:map"))
            )
        },
    )


@require_safe
def works_near(request: HttpRequest) -> HttpResponse:
    """An address typed (or a position the page's script adds): the works within the
    distance chosen, nearest first. Without a question, the form alone."""
    asked = any(name in request.GET for name in ("address", "lat", "lon"))
    form = NearForm(request.GET if asked else None)
    near = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            near = []
            for found in selectors.works_near(
                lat=data["lat"], lon=data["lon"], radius_m=data["radius"]
            ):
                found.works.distance_m = found.distance_m  # type: ignore[attr-defined]
                near.append(found.works)
        else:
            status = 400
    response = render(
        request,
        "roadworks/works_near.html",
        {
            "form": form,
            "near": near,
            "place": form.cleaned_data.get("place") if near is not None else None,
            "breadcrumbs": breadcrumbs(
                _list_trail(), (_("Works near me"), reverse("roadworks:near"))
            ),
        },
        status=status,
    )
    # The "use my position" button: this page alone may ask the browser for its position.
    response["Permissions-Policy"] = permissions_policy_header(allow=["geolocation"])
    return response


# --- watched areas ---------------------------------------------------------------------------------


def _neighbourhoods() -> Any:
    return spaces_of_kind(SpaceKind.NEIGHBOURHOOD).exclude(boundary__isnull=True)


def _watch_page(
    request: HttpRequest,
    *,
    circle: WatchCircleForm | None = None,
    space: WatchSpaceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "roadworks/watch.html",
        {
            "areas": selectors.watched_areas_of(user=request.user),  # type: ignore[arg-type]
            "circle_form": circle or WatchCircleForm(),
            "space_form": space or WatchSpaceForm(spaces=_neighbourhoods()),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (_("Works alerts for my areas"), reverse("roadworks:watch"))
            ),
        },
        status=status,
    )


@login_required
@never_cache
@require_safe
def watch(request: HttpRequest) -> HttpResponse:
    return _watch_page(request)


def _watched(request: HttpRequest, form: Any, watch: Any) -> HttpResponse | None:
    """Run `watch(data)` (a service) on the valid form; the redirect, or None (errors added)."""
    if not form.is_valid():
        return None
    try:
        watch(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, _("Done: you will receive an e-mail when works start there."))
    return redirect("roadworks:watch")


@login_required
@never_cache
@require_http_methods(["POST"])
@ratelimit.rate_limit("roadworks-watch", **WATCH_LIMIT)
def watch_circle(request: HttpRequest) -> HttpResponse:
    form = WatchCircleForm(request.POST)
    done = _watched(
        request,
        form,
        lambda data: services.area_watch_circle(
            user=request.user,  # type: ignore[arg-type]
            place=data["address"].label,
            lat=data["address"].lat,
            lon=data["address"].lon,
            radius_m=data["radius"],
            language=get_language(),
        ),
    )
    return done or _watch_page(request, circle=form, status=400)


@login_required
@never_cache
@require_http_methods(["POST"])
@ratelimit.rate_limit("roadworks-watch", **WATCH_LIMIT)
def watch_space(request: HttpRequest) -> HttpResponse:
    form = WatchSpaceForm(request.POST, spaces=_neighbourhoods())
    done = _watched(
        request,
        form,
        lambda data: services.area_watch_space(
            user=request.user,  # type: ignore[arg-type]
            space=data["space"],
            language=get_language(),
        ),
    )
    return done or _watch_page(request, space=form, status=400)


@login_required
@require_POST
def watch_stop(request: HttpRequest, area_id: int) -> HttpResponse:
    if not services.area_watch_stop(user=request.user, area_id=area_id):  # type: ignore[arg-type]
        raise Http404
    messages.success(request, _("You no longer watch this area."))
    return redirect("roadworks:watch")
