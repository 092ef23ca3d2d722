"""The council's public pages: its home (next meetings, latest deliberations, follow), a
meeting's page, the deliberations by year, a deliberation's page and the SCDL export."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.feeds import feed_links
from parvis.core.jsonld import json_ld_dumps, postal_address
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on
from parvis.core.town import current_town
from parvis.council import opendata, selectors
from parvis.council.models import Meeting, MeetingStatus

#: The parts of the council a meeting's page shows, only for that meeting.
_MEETING_PARTS = ["council.meeting", "council.agendaitem", "council.document"]


def _home_trail() -> tuple[str, str]:
    return (_("Town council"), reverse("council:home"))


def _archive_trail() -> tuple[str, str]:
    return (_("Deliberations"), reverse("council:archive_latest"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "council/home.html",
        {
            "upcoming": selectors.upcoming_meetings(now=now),
            "past": selectors.past_meetings(now=now),
            "deliberations": selectors.latest_deliberations(),
            "feeds": feed_links("town", keys=("council",)),
            "breadcrumbs": breadcrumbs(_home_trail()),
        },
    )


_EVENT_STATUS = {
    MeetingStatus.PLANNED: "https://schema.org/EventScheduled",
    MeetingStatus.HELD: "https://schema.org/EventScheduled",
    MeetingStatus.CANCELLED: "https://schema.org/EventCancelled",
}


def _meeting_json_ld(meeting: Meeting) -> dict[str, Any]:
    town = current_town()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "eventStatus": _EVENT_STATUS[MeetingStatus(meeting.status)],
        "url": absolute_url(meeting.get_absolute_url()),
        "organizer": {"@type": "GovernmentOrganization", "name": town.name},
        "location": {
            "@type": "Place",
            "name": meeting.place,
            "address": postal_address(town.address),
        },
        "isAccessibleForFree": True,
    }
    if meeting.stream_url or meeting.recording_url:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
        data["location"] = [
            data["location"],
            {"@type": "VirtualLocation", "url": meeting.stream_url or meeting.recording_url},
        ]
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    return data


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for_page(pk)
    if meeting is None:
        raise Http404
    depends_on(request, f"council.meeting:{meeting.pk}", instead_of=_MEETING_PARTS)
    return render(
        request,
        "council/meeting.html",
        {
            "meeting": meeting,
            "json_ld": json_ld_dumps(_meeting_json_ld(meeting)),
            "breadcrumbs": breadcrumbs(
                _home_trail(), (meeting.title, meeting.get_absolute_url(), meeting)
            ),
        },
    )


@require_safe
def deliberation_archive(request: HttpRequest, year: int | None = None) -> HttpResponse:
    years = selectors.deliberation_years()
    if year is None:
        year = years[0] if years else timezone.localdate().year
    elif year not in years:
        raise Http404
    trail = [_home_trail(), _archive_trail()]
    if request.resolver_match and request.resolver_match.url_name == "archive":
        trail.append(
            (
                _("Deliberations of %(year)s") % {"year": year},
                reverse("council:archive", args=[year]),
            )
        )
    return render(
        request,
        "council/archive.html",
        {
            "year": year,
            "years": years,
            "deliberations": list(selectors.deliberations_of_year(year)),
            "feeds": feed_links("town", keys=("council",)),
            "breadcrumbs": breadcrumbs(*trail),
        },
    )


@require_safe
def deliberation_detail(request: HttpRequest, number: str) -> HttpResponse:
    deliberation = selectors.deliberation_for_page(number)
    if deliberation is None:
        raise Http404
    depends_on(
        request,
        f"council.deliberation:{deliberation.pk}",
        f"council.meeting:{deliberation.meeting_id}",
        instead_of=["council.deliberation", *_MEETING_PARTS],
    )
    return render(
        request,
        "council/deliberation.html",
        {
            "deliberation": deliberation,
            "breadcrumbs": breadcrumbs(
                _home_trail(),
                _archive_trail(),
                (
                    _("Deliberation %(number)s") % {"number": deliberation.number},
                    deliberation.get_absolute_url(),
                ),
            ),
        },
    )


@require_safe
def deliberations_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(opendata.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="deliberations.csv"'
    return response
