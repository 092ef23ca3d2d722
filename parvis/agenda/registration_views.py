"""The pages of registration to events: the form (on a page of its own; the event's page
shows it inline to signed-in residents only, see templatetags/agenda_registration.py), the
result (confirmed, or on the waiting list) and the page of the link in the e-mail, where
the registrant sees what they registered for and cancels, without an account.

These pages carry a CSRF token or a secret in their address: never cached. The event's page
(cached for anonymous readers) only links to the form, as the job offers' pages do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from parvis.accounts.models import User
from parvis.agenda import registrations
from parvis.agenda.models import Event, RegistrationStatus
from parvis.agenda.registration_forms import RegistrationForm
from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors

REGISTER_LIMIT = {"per_user": "10/h", "per_ip": "10/h"}
LINK_LIMIT = {"per_user": "60/h", "per_ip": "60/h"}


def _trail(event: Event, *last: tuple[str, str]) -> Any:
    return breadcrumbs((event.title, event.get_absolute_url(), event), *last)


def initial_for(request: HttpRequest) -> dict[str, Any]:
    """The form's first values: a signed-in resident's name and address."""
    user = request.user
    if not user.is_authenticated:
        return {"places": 1}
    return {"name": getattr(user, "display_name", ""), "email": user.email, "places": 1}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("agenda-register", **REGISTER_LIMIT)
def register(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the form (or, registration closed, why: 410). POST: registered, and the result
    shown (confirmed or waiting); bad input gets the form again, 400, each message next to
    its field, and nothing is saved."""
    event = Event.objects.filter(slug=slug, is_published=True, registration_required=True).first()
    if event is None:
        raise Http404
    title = _("Register: %(event)s") % {"event": event.title}
    context: dict[str, Any] = {
        "event": event,
        "event_path": event.get_absolute_url(),
        "title": title,
        "places_left": registrations.places_left(event),
        "retention_days": settings.AGENDA_REGISTRATION_RETENTION_DAYS,
        "breadcrumbs": _trail(event, (title, request.path)),
    }
    closed = registrations.registration_closed_reason(event)
    if request.method != "POST":
        if closed:
            context["closed"] = closed
            return render(request, "agenda/registration_form.html", context, status=410)
        context["form"] = RegistrationForm(initial=initial_for(request))
        return render(request, "agenda/registration_form.html", context)
    form = RegistrationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration, _secret = registrations.registration_create(
                event=event,
                name=data["name"],
                email=data["email"],
                places=data["places"],
                user=request.user if isinstance(request.user, User) else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "agenda/registration_done.html",
                {
                    **context,
                    "registration": registration,
                    "confirmed": registration.status == RegistrationStatus.CONFIRMED,
                },
            )
    context["form"] = form
    return render(request, "agenda/registration_form.html", context, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("agenda-registration-link", **LINK_LIMIT)
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the e-mails: what the registration is for and where it stands; POST
    cancels it (twice is harmless). No account needed; a wrong link is a 404."""
    found = registrations.registration_for_token(token)
    if found is None:
        raise Http404
    if request.method == "POST":
        registrations.registration_cancel(token=token)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(request.path)
    return render(
        request,
        "agenda/registration.html",
        {
            "registration": found,
            "event": found.event,
            "event_path": found.event.get_absolute_url(),
            "cancelled": found.status == RegistrationStatus.CANCELLED,
            "waiting": found.status == RegistrationStatus.WAITING,
        },
    )
