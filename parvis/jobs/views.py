"""The job offers' pages: the list of open offers (filters, pages) and an offer's page with
its schema.org JobPosting."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.dates import local_midnight
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps, postal_address
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import depends_on
from parvis.core.pagination import paginate
from parvis.core.town import current_town
from parvis.jobs import selectors
from parvis.jobs.models import Category, ContractType, Offer, WorkingTime

PAGE_SIZE = 20

#: schema.org's employmentType for a contract, after the working time's (a permanent post
#: adds none).
CONTRACT_EMPLOYMENT_TYPES = {
    ContractType.CIVIL_SERVANT: [],
    ContractType.CONTRACT: ["TEMPORARY"],
    ContractType.APPRENTICESHIP: ["INTERN"],
    ContractType.INTERNSHIP: ["INTERN"],
    ContractType.SEASONAL: ["TEMPORARY"],
}


def _list_trail() -> tuple[str, str]:
    return (_("Jobs"), reverse("jobs:list"))


def _chosen(request: HttpRequest, name: str, allowed: Any) -> str:
    """The filter's value when it is one the list offers; any other value is no filter."""
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@require_safe
def offer_list(request: HttpRequest) -> HttpResponse:
    departments = selectors.departments()
    filters = {
        "category": _chosen(request, "category", Category.values),
        "contract_type": _chosen(request, "contract", ContractType.values),
        "working_time": _chosen(request, "time", WorkingTime.values),
        "department": _chosen(request, "department", departments),
    }
    page_obj = paginate(
        selectors.offer_list(**filters), request.GET.get("page"), per_page=PAGE_SIZE
    )
    return render(
        request,
        "jobs/offer_list.html",
        {
            "page_obj": page_obj,
            "departments": departments,
            "categories": Category.choices,
            "contracts": ContractType.choices,
            "times": WorkingTime.choices,
            **filters,
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


def _address(place: str) -> dict[str, str]:
    """The place as a PostalAddress: written as one ("1 rue…, 36000 Ville"), or else the
    town's locality (a place named only, "Médiathèque")."""
    address = postal_address(place)
    if isinstance(address, dict):
        return address
    return {
        "@type": "PostalAddress",
        "addressLocality": current_town().name,
        "addressCountry": "FR",
    }


def offer_json_ld(offer: Offer) -> dict[str, Any]:
    """A schema.org JobPosting: the post, the town hiring, where, until when, for how much."""
    employment = [
        "PART_TIME" if offer.working_time == WorkingTime.PART_TIME else "FULL_TIME",
        *CONTRACT_EMPLOYMENT_TYPES[ContractType(offer.contract_type)],
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": markdown_to_text(f"{offer.description}\n\n{offer.profile}"),
        "identifier": {
            "@type": "PropertyValue",
            "name": government_organization_json_ld()["name"],
            "value": offer.reference,
        },
        "datePosted": offer.published_on.isoformat(),
        "validThrough": local_midnight(offer.closes_on).isoformat(),
        "employmentType": employment,
        "hiringOrganization": government_organization_json_ld(),
        "jobLocation": {"@type": "Place", "name": offer.place, "address": _address(offer.place)},
        "url": absolute_url(offer.get_absolute_url()),
    }
    if offer.salary_min is not None or offer.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "MONTH"}
        if offer.salary_min is not None:
            value["minValue"] = offer.salary_min
        if offer.salary_max is not None:
            value["maxValue"] = offer.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return data


@require_safe
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = selectors.offer_for_page(slug=slug)
    if offer is None:
        raise Http404
    depends_on(request, f"jobs.offer:{offer.pk}", instead_of=["jobs.offer"])
    return render(
        request,
        "jobs/offer_detail.html",
        {
            "offer": offer,
            "summary": markdown_to_text(offer.description),
            "json_ld": json_ld_dumps(offer_json_ld(offer)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (offer.title, offer.get_absolute_url(), offer)
            ),
        },
    )
