"""The job offers' pages: the list of open offers (filters, pages) and an offer's page with
its schema.org JobPosting; the application form (to an offer, or spontaneous) and the page
of the link in the acknowledgement, where the applicant withdraws or erases it. The forms'
pages are never cached and carry their CSRF token; the offers' pages only link to them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.dates import local_midnight
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps, postal_address
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import depends_on
from parvis.core.pagination import paginate
from parvis.core.town import current_town
from parvis.jobs import selectors, services
from parvis.jobs.forms import ApplicationForm, retention_years
from parvis.jobs.models import ApplicationStatus, Category, ContractType, Offer, WorkingTime

PAGE_SIZE = 20
APPLY_LIMIT = {"per_user": "10/h", "per_ip": "10/h"}
LINK_LIMIT = {"per_user": "60/h", "per_ip": "60/h"}

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


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("job-apply", **APPLY_LIMIT)
def apply(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """GET: the form, for the offer `slug` (open, or a page saying it closed, 410) or
    spontaneous. POST: the application is sent and the confirmation shown; bad input gets
    the form again, 400, each message next to its field."""
    offer = None
    if slug is not None:
        offer = Offer.objects.filter(slug=slug, is_published=True).first()
        if offer is None:
            raise Http404
    title = (
        _("Apply: %(offer)s") % {"offer": offer.title} if offer else _("Spontaneous application")
    )
    here = request.path
    context: dict[str, Any] = {
        "offer": offer,
        "title": title,
        "retention_years": retention_years(),
        "breadcrumbs": breadcrumbs(
            _list_trail(),
            *([(offer.title, offer.get_absolute_url(), offer)] if offer else []),
            (title, here),
        ),
    }
    if offer is not None and not selectors.open_offers().filter(pk=offer.pk).exists():
        return render(request, "jobs/apply_closed.html", context, status=410)
    if request.method != "POST":
        context["form"] = ApplicationForm()
        return render(request, "jobs/apply.html", context)
    form = ApplicationForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            application, _secret = services.application_submit(
                offer=offer,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                cv=data["cv"],
                cover_letter=data["cover_letter"],
                letter_text=data["letter_text"],
                consent=data["consent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            context["application"] = application
            return render(request, "jobs/apply_sent.html", context)
    context["form"] = form
    return render(request, "jobs/apply.html", context, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("job-application-link", **LINK_LIMIT)
def application(request: HttpRequest, secret: str) -> HttpResponse:
    """The link of the acknowledgement: where the application stands; POST "withdraw"
    (human resources see it withdrawn) or "erase" (deleted at once, files included)."""
    found = services.application_for_secret(secret)
    if found is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "erase":
            reference = services.application_erase(secret=secret)
            return render(request, "jobs/application_erased.html", {"reference": reference})
        if action == "withdraw":
            services.application_withdraw(secret=secret)
            messages.success(request, _("Your application is withdrawn."))
            return redirect(request.path)
        return render(
            request,
            "jobs/application.html",
            {"application": found, "withdrawn": found.status == ApplicationStatus.WITHDRAWN},
            status=400,
        )
    return render(
        request,
        "jobs/application.html",
        {"application": found, "withdrawn": found.status == ApplicationStatus.WITHDRAWN},
    )
