"""The family space's pages. A guardian's pages (signed in, never cached, each reading only
the households the person is a guardian of: anything else is a 404): their households,
joining one with the town's code, asking for a place, booking days on a month's calendar,
sending the quotient's certificate. The canteen's menus are public and cached."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.accounts.http import signed_in_user
from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.family import invoicing, pdf, selectors, services
from parvis.family.documents import pdf_response
from parvis.family.forms import JoinForm, QuotientProofForm, RegisterForm
from parvis.family.models import Household
from parvis.payments.views import depart

PAY_LIMIT = {"per_user": "30/h", "per_ip": "60/h"}
JOIN_LIMIT = {"per_user": "10/h", "per_ip": "30/h"}
FORM_LIMIT = {"per_user": "120/h", "per_ip": "300/h"}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _trail() -> tuple[str, str]:
    return (_("Family space"), reverse("family:home"))


@never_cache
@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    households = list(selectors.households_of(user))
    today = timezone.localdate()
    return render(
        request,
        "family/home.html",
        {
            "households": [(household, household.quotient_on(today)) for household in households],
            "invoices": list(invoicing.invoices_of(user)[: invoicing.RECENT]),
            "join_form": JoinForm(),
            "breadcrumbs": breadcrumbs(_trail()),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("family-join", **JOIN_LIMIT)
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_join(
                user=signed_in_user(request), code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Welcome: you now manage %(household)s.") % {"household": household.name},
            )
            return redirect("family:home")
    context = {
        "form": form,
        "breadcrumbs": breadcrumbs(_trail(), (_("Join a household"), reverse("family:join"))),
    }
    return render(request, "family/join.html", context, status=400 if form.is_bound else 200)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("family-form", **FORM_LIMIT)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    child = selectors.child_for(user, pk)
    if child is None:
        raise Http404
    seasons = selectors.seasons_for(child)
    form = RegisterForm(request.POST if request.method == "POST" else None, seasons=seasons)
    if form.is_bound and form.is_valid():
        try:
            services.registration_request(
                child=child, season=form.cleaned_data["season"], user=user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent: the town validates it and tells you by e-mail."),
            )
            return redirect("family:home")
    title = _("A place for %(child)s") % {"child": child.first_name}
    return render(
        request,
        "family/register.html",
        {
            "child": child,
            "form": form,
            "closed": [(season, problem) for season, problem in seasons if problem],
            "title": title,
            "breadcrumbs": breadcrumbs(_trail(), (title, request.path)),
        },
        status=400 if form.is_bound else 200,
    )


def _month(value: str | None) -> datetime.date:
    """The month asked for ("2027-01"), or this month; a month that does not exist is this
    month too."""
    found = MONTH.match(value or "")
    if found:
        try:
            return datetime.date(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
    return timezone.localdate().replace(day=1)


def _shift(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("family-form", **FORM_LIMIT)
def bookings(request: HttpRequest, pk: int) -> HttpResponse:
    """A month's calendar of a registration: a box per day the service runs, ticked when
    booked; the days past their deadline, or full, cannot change. POST: the days ticked are
    booked and the changeable days unticked are cancelled, all or nothing."""
    user = signed_in_user(request)
    registration = selectors.registration_for(user, pk)
    if registration is None:
        raise Http404
    source = request.POST if request.method == "POST" else request.GET
    month = _month(source.get("month"))
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        weeks = selectors.month_of(registration, month)
        days = [day for week in weeks for day in week if day is not None]
        try:
            ticked = {datetime.date.fromisoformat(value) for value in request.POST.getlist("day")}
        except ValueError:
            ticked = set()
            errors.append(_("These days could not be read: tick them again."))
        ticked = {day for day in ticked if day.year == month.year and day.month == month.month}
        booked = {day.date for day in days if day.booked}
        cancellable = {day.date for day in days if day.booked and day.changeable}
        if not errors:
            try:
                made, cancelled = services.bookings_change(
                    registration=registration,
                    user=user,
                    book=ticked - booked,
                    cancel=cancellable - ticked,
                )
            except ValidationError as error:
                errors = error.message_dict.get("days", error.messages)
            else:
                messages.success(
                    request,
                    _("Saved: %(booked)d day(s) booked, %(cancelled)d cancelled.")
                    % {"booked": made, "cancelled": cancelled},
                )
                return redirect(f"{request.path}?month={month:%Y-%m}")
        status = 400
    season = registration.season
    service = season.service
    household = registration.child.household
    price = selectors.price_for(service, household.quotient_on(timezone.localdate()))
    title = _("Days of %(child)s: %(service)s") % {
        "child": registration.child.first_name,
        "service": service.name,
    }
    return render(
        request,
        "family/bookings.html",
        {
            "registration": registration,
            "service": service,
            "season": season,
            "month": month,
            "weeks": selectors.month_of(registration, month),
            "previous": _shift(month, -1),
            "next": _shift(month, 1),
            "price": price,
            "errors": errors,
            "deadline": _deadline_text(service),
            "title": title,
            "breadcrumbs": breadcrumbs(_trail(), (title, request.path)),
        },
        status=status,
    )


def _deadline_text(service: Any) -> str:
    return _("A day is booked or cancelled until %(days)d day(s) before, %(time)s.") % {
        "days": service.deadline_days,
        "time": formats.time_format(service.deadline_time, "TIME_FORMAT"),
    }


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("family-form", **FORM_LIMIT)
def quotient(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    if not selectors.is_guardian_of(user, pk):
        raise Http404
    household = Household.objects.get(pk=pk)
    form = QuotientProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.quotient_proof_send(
            household=household, user=user, document=form.cleaned_data["document"]
        )
        messages.success(
            request, _("Thank you: the town checks your certificate and updates your tariff.")
        )
        return redirect("family:home")
    title = _("Quotient familial of %(household)s") % {"household": household.name}
    return render(
        request,
        "family/quotient.html",
        {
            "household": household,
            "form": form,
            "title": title,
            "breadcrumbs": breadcrumbs(_trail(), (title, request.path)),
        },
        status=400 if form.is_bound else 200,
    )


def _week(value: str | None) -> datetime.date:
    """The Monday of the ISO week asked for ("2026-W49"), or of this week."""
    found = WEEK.match(value or "")
    if found:
        try:
            return datetime.date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
    return selectors.monday_of(timezone.localdate())


def _iso_week(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _menu_json_ld(monday: datetime.date, days: list) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "Menu",
        "name": _("School canteen menus, week of %(date)s")
        % {"date": formats.date_format(monday, "DATE_FORMAT")},
        "url": absolute_url(f"{reverse('family:menus')}?week={_iso_week(monday)}"),
        "hasMenuSection": [
            {
                "@type": "MenuSection",
                "name": formats.date_format(menu.day, "l j F"),
                "hasMenuItem": [
                    {"@type": "MenuItem", "name": dish, "description": course}
                    for course, dish in menu.dishes()
                ],
            }
            for menu in days
        ],
    }


@require_safe
def menus(request: HttpRequest) -> HttpResponse:
    """The canteen's published menus of a week (this week unless `week` says another)."""
    monday = _week(request.GET.get("week"))
    days = selectors.published_week(monday)
    title = _("School canteen menus")
    return render(
        request,
        "family/menus.html",
        {
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "days": days,
            "previous": _iso_week(monday - datetime.timedelta(days=7)),
            "next": _iso_week(monday + datetime.timedelta(days=7)),
            "json_ld": json_ld_dumps(_menu_json_ld(monday, days)),
            "title": title,
            "breadcrumbs": breadcrumbs((title, reverse("family:menus"))),
        },
    )


@never_cache
@login_required
@require_safe
def invoices(request: HttpRequest) -> HttpResponse:
    """The invoices of the person's households, newest first."""
    title = _("Invoices")
    return render(
        request,
        "family/invoices.html",
        {
            "invoices": list(invoicing.invoices_of(signed_in_user(request))),
            "title": title,
            "breadcrumbs": breadcrumbs(_trail(), (title, reverse("family:invoices"))),
        },
    )


def _invoice_or_404(request: HttpRequest, pk: int) -> Any:
    invoice = invoicing.invoice_for(signed_in_user(request), pk)
    if invoice is None:
        raise Http404
    return invoice


def _invoice_json_ld(invoice: Any) -> dict[str, Any]:
    """schema.org's Invoice: what a mail client or an assistant reads of it."""
    statuses = {
        "paid": "https://schema.org/PaymentComplete",
        "overdue": "https://schema.org/PaymentPastDue",
        "cancelled": "https://schema.org/PaymentDeclined",
    }
    return {
        "@context": "https://schema.org",
        "@type": "Invoice",
        "identifier": invoice.number,
        "url": absolute_url(reverse("family:invoice", args=[invoice.pk])),
        "accountId": invoice.household.reference,
        "customer": {"@type": "Person", "name": invoice.household.name},
        "provider": {"@type": "GovernmentOrganization", "name": current_town().name},
        "billingPeriod": f"{invoice.month:%Y-%m}",
        "paymentDueDate": invoice.due_on.isoformat(),
        "paymentStatus": statuses.get(invoice.status, "https://schema.org/PaymentDue"),
        "totalPaymentDue": {
            "@type": "MonetaryAmount",
            "value": f"{invoice.total:.2f}",
            "currency": "EUR",
        },
    }


@never_cache
@login_required
@require_safe
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    found = _invoice_or_404(request, pk)
    title = _("Invoice %(number)s") % {"number": found.number}
    return render(
        request,
        "family/invoice.html",
        {
            "invoice": found,
            "online": bool(settings.PAYMENT_BACKEND),
            "json_ld": json_ld_dumps(_invoice_json_ld(found)),
            "title": title,
            "breadcrumbs": breadcrumbs(
                _trail(), (_("Invoices"), reverse("family:invoices")), (title, request.path)
            ),
        },
    )


@never_cache
@login_required
@require_safe
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = _invoice_or_404(request, pk)
    return pdf_response(pdf.invoice_pdf(found), found, receipt=False)


@never_cache
@login_required
@require_safe
def invoice_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    found = _invoice_or_404(request, pk)
    if not found.has_receipt:
        raise Http404
    return pdf_response(pdf.invoice_pdf(found, receipt=True), found, receipt=True)


@never_cache
@login_required
@require_POST
@ratelimit.rate_limit("family-pay", **PAY_LIMIT)
def invoice_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Pay the invoice online: to the provider's page (`parvis.payments`). An invoice paid
    meanwhile, or cancelled, comes back to its page with why."""
    found = _invoice_or_404(request, pk)
    if not found.payable:
        messages.info(request, _("This invoice has nothing left to pay."))
        return redirect("family:invoice", pk=found.pk)
    return depart(request, found)
