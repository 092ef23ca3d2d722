"""The report pages: the form (two steps, without JavaScript), the confirmation link, the
public page of a report and the list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on
from parvis.core.pagination import paginate
from parvis.reports import selectors, services
from parvis.reports.forms import MeTooEmailForm, PlaceForm, ReportForm
from parvis.reports.models import PUBLIC_STATUSES, STILL_OPEN, Report

PAGE_SIZE = 20
SUBMIT_LIMIT = {"per_user": "10/h", "per_ip": "20/h"}
ME_TOO_LIMIT = {"per_user": "30/m", "per_ip": "120/m"}


def _list_trail() -> tuple[str, str]:
    return (_("Reports"), reverse("reports:list"))


@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    categories = list(selectors.active_categories())
    category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    status = request.GET.get("status", "")
    if status not in {s.value for s in PUBLIC_STATUSES}:
        status = ""
    page_obj = paginate(
        selectors.report_list(category=category, status=status),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "page_obj": page_obj,
            "categories": categories,
            "category": category,
            "statuses": PUBLIC_STATUSES,
            "status": status,
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


def _report_json_ld(report: Report) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": f"{report.category.name} #{report.reference}",
        "identifier": report.reference,
        "url": absolute_url(report.get_absolute_url()),
        "dateCreated": report.created_at.isoformat(),
        "dateModified": report.updated_at.isoformat(),
        "text": report.description,
        "contentLocation": {
            "@type": "Place",
            "geo": {"@type": "GeoCoordinates", "latitude": report.lat, "longitude": report.lon},
            **({"address": report.address_text} if report.address_text else {}),
        },
    }


@require_safe
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.report_for_page(reference=reference)
    if report is None:
        raise Http404
    depends_on(
        request,
        f"reports.report:{report.pk}",
        instead_of=[
            "reports.report",
            "reports.statuschange",
            "reports.metoo",
            "reports.reportphoto",
        ],
    )
    return _detail_page(request, report)


def _detail_page(request: HttpRequest, report: Report) -> HttpResponse:
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "changes": list(report.changes.all()),
            "photos": list(report.photos.all()),
            "still_open": STILL_OPEN,
            "details": [
                (field["label"], report.extra[field["key"]])
                for field in report.category.extra_fields
                if field["key"] in report.extra
            ],
            "json_ld": json_ld_dumps(_report_json_ld(report)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (str(report), report.get_absolute_url(), report)
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("report-submit", **SUBMIT_LIMIT)
def report_new(request: HttpRequest) -> HttpResponse:
    """Step one (GET, no `category` yet or a bad place): category and place. Step two (GET
    with a valid place): the open reports of that category nearby, and the details form.
    POST: the report is submitted."""
    categories = selectors.active_categories()
    signed_in = request.user.is_authenticated
    source = request.POST if request.method == "POST" else request.GET
    place = PlaceForm(source if "category" in source else None, categories=categories)
    status = 200
    context: dict[str, Any] = {
        "breadcrumbs": breadcrumbs(_list_trail(), (_("Report a problem"), reverse("reports:new"))),
    }
    if not place.is_bound or not place.is_valid():
        context["place"] = place
        return render(
            request, "reports/report_new.html", context, status=400 if place.is_bound else 200
        )
    category = place.cleaned_data["category"]
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, category=category, signed_in=signed_in)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_submit(
                    category=category,
                    lat=data["lat"],
                    lon=data["lon"],
                    description=data["description"],
                    extra=data["extra"],
                    address_text=data["address_text"],
                    hide_author=data.get("hide_author", False),
                    author=request.user if signed_in else None,  # type: ignore[arg-type]
                    email=data.get("email", ""),
                    photos=data["photos"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if report.is_public:
                    messages.success(request, _("Thank you: your report is published."))
                    return redirect(report.get_absolute_url())
                return render(request, "reports/report_sent.html", {"report": report, **context})
        status = 400
    else:
        form = ReportForm(
            initial={
                "lat": place.cleaned_data["lat"],
                "lon": place.cleaned_data["lon"],
                "address_text": place.cleaned_data.get("address_text", ""),
            },
            category=category,
            signed_in=signed_in,
        )
    context.update(
        place=place,
        category=category,
        form=form,
        duplicates=selectors.possible_duplicates(
            category=category, lat=float(form["lat"].value()), lon=float(form["lon"].value())
        )
        if status == 200
        else [],
    )
    return render(request, "reports/report_details.html", context, status=status)


def _link_view(*, act: Any, pending: Any, template: str, done: Any, page_of: Any) -> Any:
    """The view of an e-mailed link: GET shows `template`'s button when `pending(token)` has
    a row (mail scanners follow links); POST runs `act(token=…)` and, when it found the row,
    says `done` and goes to `page_of(row)`'s report (404 when it did not: a wrong or used
    link). No CSRF token, so that opening the link sets no cookie: the token in the address
    is the secret, whoever has it may follow it anyway."""

    @csrf_exempt
    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    def view(request: HttpRequest, token: str) -> HttpResponse:
        if request.method == "POST":
            row = act(token=token)
            if row is None:
                raise Http404
            messages.success(request, done)
            return redirect(page_of(row).get_absolute_url())
        if not pending(token).exists():
            raise Http404
        return render(request, template, {"token": token})

    return view


report_confirm = _link_view(
    act=services.report_confirm,
    pending=selectors.unconfirmed_with_token,
    template="reports/report_confirm.html",
    done=gettext_lazy("Thank you: your report is confirmed and published."),
    page_of=lambda report: report,
)
me_too_confirm = _link_view(
    act=services.report_me_too_confirm,
    pending=selectors.unconfirmed_me_too,
    template="reports/me_too_confirm.html",
    done=gettext_lazy("Thank you: you are counted, and will hear of its status."),
    page_of=lambda me_too: me_too.report,
)
me_too_stop = _link_view(
    act=services.report_me_too_stop,
    pending=selectors.confirmed_me_too,
    template="reports/me_too_stop.html",
    done=gettext_lazy("Done: you will receive no more e-mails about it."),
    page_of=lambda me_too: me_too.report,
)


@login_required
@require_POST
@ratelimit.rate_limit("report-me-too", **ME_TOO_LIMIT)
def report_me_too(request: HttpRequest, reference: str) -> HttpResponse:
    report = selectors.public_reports().filter(reference=reference).first()
    if report is None:
        raise Http404
    try:
        services.report_me_too(report=report, user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Noted: you will hear when its status changes."))
    return redirect(report.get_absolute_url())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("report-me-too", **ME_TOO_LIMIT)
def report_me_too_email(request: HttpRequest, reference: str) -> HttpResponse:
    """ "I see it too" without an account, on a page of its own (the report's page, which the
    page cache serves to every visitor, only links here: a form with a CSRF token would keep
    it out of the cache). GET: the form. POST: the confirmation link is e-mailed and the
    visitor goes back to the report; a bad address gets the form again, 400, the message
    next to the field."""
    report = (
        selectors.public_reports().select_related("category").filter(reference=reference).first()
    )
    if report is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = MeTooEmailForm(request.POST)
        if form.is_valid():
            try:
                new = services.report_me_too_by_email(
                    report=report, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("We sent you a link to confirm: you are counted once you follow it.")
                    if new
                    else _("This address already said it sees this report: nothing sent again."),
                )
                return redirect(report.get_absolute_url())
        status = 400
    else:
        form = MeTooEmailForm()
    return render(
        request,
        "reports/me_too_email.html",
        {
            "report": report,
            "form": form,
            "still_open": report.status in STILL_OPEN,
            "breadcrumbs": breadcrumbs(
                _list_trail(),
                (str(report), report.get_absolute_url(), report),
                (_("I see it too"), request.path),
            ),
        },
        status=status,
    )
