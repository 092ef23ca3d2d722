"""`{% load agenda_registration %}{% registration_box event as box %}`: what the event's page
shows of registration (agenda/_registration.html): the places left, "full", or why it is
closed, and how to register.

Anonymous readers get a link to the form's page: no form, so no CSRF cookie, and the event's
page stays in the anonymous page cache. Signed-in residents (whose pages are never cached)
get the form itself, filled in with their name and address. The page is said to depend on
the event's key, which every change to one of its registrations moves (manifest.py), and
not on every registration of the town."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from parvis.agenda import registrations
from parvis.agenda.models import Event, Registration
from parvis.agenda.registration_forms import RegistrationForm
from parvis.agenda.registration_views import initial_for
from parvis.core.pagecache import depends_on, list_key, object_key

register = template.Library()


@dataclass(frozen=True)
class RegistrationBox:
    required: bool
    closed: str
    places_left: int | None
    register_url: str
    form: RegistrationForm | None


@register.simple_tag(takes_context=True)
def registration_box(context: template.Context, event: Event) -> RegistrationBox:
    request = context.get("request")
    depends_on(request, object_key(event), instead_of=[list_key(Registration)])
    if not event.registration_required or event.is_recurring:
        return RegistrationBox(False, "", None, "", None)
    closed = registrations.registration_closed_reason(event)
    form = None
    if request is not None and request.user.is_authenticated and not closed:
        form = RegistrationForm(initial=initial_for(request), auto_id="id_registration_%s")
    return RegistrationBox(
        required=True,
        closed=closed,
        places_left=None if closed else registrations.places_left(event),
        register_url=reverse("agenda:register", kwargs={"slug": event.slug}),
        form=form,
    )
