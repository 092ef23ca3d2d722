"""The directory's pages: the list (by category, open now), an entry's page with its hours
and whether it is open now, its history, the map, "near me", the open-data exports, and the
resident's proposal form."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on, expires_at
from parvis.core.pagination import paginate
from parvis.directory import hours, opendata, selectors, services
from parvis.directory.forms import NearForm, ProposalForm
from parvis.directory.models import CategoryKind, Entry, Wheelchair

PAGE_SIZE = 20
PROPOSAL_LIMIT = {"per_user": "10/h", "per_ip": "30/h"}
#: schema.org types by kind of category.
SCHEMA_TYPES = {
    CategoryKind.TOWN: "GovernmentOffice",
    CategoryKind.STATE: "GovernmentOffice",
    CategoryKind.SCHOOL: "School",
    CategoryKind.HEALTH: "MedicalOrganization",
    CategoryKind.ASSOCIATION: "NGO",
}


def _list_trail() -> tuple[str, str]:
    return (_("Directory"), reverse("directory:list"))


def _next_midnight(now: datetime) -> datetime:
    local = now.astimezone(hours.TOWN_ZONE)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=hours.TOWN_ZONE)


@require_safe
def entry_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    all_categories = list(selectors.categories())
    category = next((c for c in all_categories if c.slug == request.GET.get("category")), None)
    open_now = request.GET.get("open") == "1"
    page_obj = paginate(
        selectors.entry_list(category=category, open_at=now if open_now else None),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    entries = list(page_obj.object_list)
    states = {e.pk: hours.state_at(e.opening_hours, now) for e in entries}
    # The page shows each entry open or closed; filtered on "open now", which entries it
    # lists: cached until the first of those changes.
    shown = [e.opening_hours for e in entries]
    if open_now:
        shown = list(
            selectors.entry_list(category=category).values_list("opening_hours", flat=True)
        )
    expires_at(request, hours.earliest_change(shown, now))
    return render(
        request,
        "directory/entry_list.html",
        {
            "page_obj": page_obj,
            "entries": [(e, states[e.pk]) for e in entries],
            "categories": all_categories,
            "category": category,
            "open_now": open_now,
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


def _json_ld(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(entry.category.kind, "CivicStructure"),  # type: ignore[call-overload]
        "name": entry.name,
        "url": absolute_url(entry.get_absolute_url()),
        "geo": {"@type": "GeoCoordinates", "latitude": entry.lat, "longitude": entry.lon},
    }
    if entry.address_text:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": entry.address_text,
            "addressCountry": "FR",
        }
    if entry.opening_hours:
        data["openingHours"] = entry.opening_hours
    if entry.description:
        data["description"] = entry.description
    for key, value in (
        ("telephone", entry.phone),
        ("email", entry.email),
        ("sameAs", entry.website),
    ):
        if value:
            data[key] = value
    if entry.wheelchair:
        data["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": "wheelchair",
            "value": entry.wheelchair != Wheelchair.NO,
        }
    return data


def _entry_or_404(slug: str) -> Entry:
    entry = selectors.entry_for_page(slug)
    if entry is None:
        raise Http404
    return entry


@require_safe
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entry = _entry_or_404(slug)
    now = timezone.now()
    state = hours.state_at(entry.opening_hours, now)
    depends_on(request, f"directory.entry:{entry.pk}", instead_of=["directory.entry"])
    # Open or closed, and the week from today: true until the state or the day changes.
    ends = [m for m in (state.until, _next_midnight(now)) if m is not None]
    expires_at(request, min(ends))
    return render(
        request,
        "directory/entry_detail.html",
        {
            "entry": entry,
            "state": state,
            "week": hours.week(entry.opening_hours, now),
            "json_ld": json_ld_dumps(_json_ld(entry)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (entry.name, entry.get_absolute_url(), entry)
            ),
        },
    )


@require_safe
def entry_history(request: HttpRequest, slug: str) -> HttpResponse:
    entry = _entry_or_404(slug)
    depends_on(request, f"directory.entry:{entry.pk}", instead_of=["directory.entry"])
    page_obj = paginate(selectors.entry_history(entry), request.GET.get("page"), per_page=50)
    return render(
        request,
        "directory/entry_history.html",
        {
            "entry": entry,
            "page_obj": page_obj,
            "labels": {
                f.name: f.verbose_name
                for f in Entry._meta.get_fields()
                if hasattr(f, "verbose_name")
            },
            "breadcrumbs": breadcrumbs(
                _list_trail(),
                (entry.name, entry.get_absolute_url(), entry),
                (_("History"), reverse("directory:history", args=[entry.slug])),
            ),
        },
    )


@require_safe
def entry_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/entry_map.html",
        {
            "breadcrumbs": breadcrumbs(
                _list_trail(), (_("Map of the directory"), reverse("directory:map"))
            )
        },
    )


@require_safe
def entry_near(request: HttpRequest) -> HttpResponse:
    """The entries near an address typed: not cached (the address is the visitor's)."""
    form = NearForm(request.GET if "address" in request.GET else None)
    context: dict[str, Any] = {
        "form": form,
        "breadcrumbs": breadcrumbs(
            _list_trail(), (_("Near an address"), reverse("directory:near"))
        ),
    }
    status = 200
    if form.is_bound:
        if form.is_valid():
            address = form.cleaned_data["address"]
            found = selectors.entries_near(
                lat=address.lat, lon=address.lon, radius_m=form.cleaned_data["radius"]
            )
            context["page_obj"] = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
            context["address"] = address
        else:
            status = 400
    response = render(request, "directory/entry_near.html", context, status=status)
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(opendata.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="equipements.csv"'
    return response


@require_safe
def export_geojson(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        opendata.as_geojson(),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("directory-propose", **PROPOSAL_LIMIT)
def propose(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A resident proposes changes to an entry (or, without `slug`, a new entry)."""
    entry = _entry_or_404(slug) if slug else None
    form = ProposalForm(request.POST if request.method == "POST" else None, entry=entry)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.proposal_create(
                    entry=entry,
                    proposer=request.user,  # type: ignore[arg-type]
                    values=form.proposed_values(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you: a moderator will read your proposal, and you will hear of it."),
                )
                return redirect(entry.get_absolute_url() if entry else reverse("directory:list"))
        status = 400
    trail: list[Any] = [_list_trail()]
    if entry is not None:
        trail.append((entry.name, entry.get_absolute_url(), entry))
    trail.append((_("Propose a change") if entry else _("Propose an entry"), request.path))
    return render(
        request,
        "directory/propose.html",
        {"form": form, "entry": entry, "breadcrumbs": breadcrumbs(*trail)},
        status=status,
    )
