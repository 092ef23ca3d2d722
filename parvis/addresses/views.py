from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.addresses.forms import MAX_LENGTH, NeighbourhoodLookupForm
from parvis.addresses.selectors import address_search_with_neighbourhoods
from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.spaces.selectors import space_at

#: The autocomplete asks at each pause in typing: a person types a few addresses a minute.
SEARCH_LIMIT = {"per_user": "120/m", "per_ip": "120/m"}


@require_safe
def address_search_view(request: HttpRequest) -> HttpResponse:
    """`?q=12 rue de la gare` → {"results": [{id, label, lat, lon, neighbourhood}]}, at most
    ten. Anonymous answers are kept by the page cache (the parameter `q` is declared in the
    manifest), so only the first asking of a query reaches here and counts for the limit."""
    wait = ratelimit.check(request, "address-search", **SEARCH_LIMIT)
    if wait:
        response = JsonResponse({"error": ratelimit.wait_message(wait)}, status=429)
        response["Retry-After"] = str(wait)
        return response
    text = request.GET.get("q", "").replace("\x00", "")[:MAX_LENGTH]
    results = [
        {
            "id": found.address.ban_id,
            "label": found.address.label,
            "lat": found.address.lat,
            "lon": found.address.lon,
            "neighbourhood": (
                {"name": found.neighbourhood.name, "url": found.neighbourhood.get_absolute_url()}
                if found.neighbourhood
                else None
            ),
        }
        for found in address_search_with_neighbourhoods(text)
    ]
    return JsonResponse({"results": results})


@require_safe
def neighbourhood_lookup(request: HttpRequest) -> HttpResponse:
    """ "Which neighbourhood am I in?": a GET form with the address field, which works
    without JavaScript (the field lists the choices when the address is ambiguous)."""
    form = NeighbourhoodLookupForm(request.GET if "address" in request.GET else None)
    address = neighbourhood = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            address = form.cleaned_data["address"]
            neighbourhood = space_at(lat=address.lat, lon=address.lon)
        else:
            status = 400
    return render(
        request,
        "addresses/neighbourhood_lookup.html",
        {
            "form": form,
            "address": address,
            "neighbourhood": neighbourhood,
            "breadcrumbs": breadcrumbs((_("Which neighbourhood?"), reverse("addresses:lookup"))),
        },
        status=status,
    )
