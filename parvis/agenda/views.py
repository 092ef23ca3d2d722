"""The agenda's pages: what is to come (with filters), a month, an ISO week, a day, a
category, an event's page (with its schema.org Event), and the map of events. Each reads
occurrences by an indexed range of times (`selectors`), a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.agenda import calendars, selectors
from parvis.agenda.models import AttendanceMode, Category, Event, EventStatus, Occurrence
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.dates import local_midnight
from parvis.core.fragments import render_fragment
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps, postal_address
from parvis.core.links import absolute_url
from parvis.core.markdown import markdown_to_text
from parvis.core.pagecache import depends_on, expires_at
from parvis.core.pagination import page_number, paginate

PAGE_SIZE = 20
#: The next occurrences an event's page lists.
NEXT_OCCURRENCES = 10


def _list_trail() -> tuple[str, str]:
    return (_("Agenda"), reverse("agenda:list"))


def _today() -> datetime.date:
    return timezone.localdate()


def _filters(request: HttpRequest, *, category: Category | None = None) -> dict[str, Any]:
    """The filters asked for (an unknown value is ignored), the choices offered, and the
    query string that keeps them in links to other pages."""
    categories = selectors.categories()
    spaces = selectors.filter_spaces()
    if category is None:
        category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    mode = request.GET.get("mode", "")
    if mode not in (selectors.Mode.ONLINE, selectors.Mode.PHYSICAL):
        mode = ""
    free = request.GET.get("free") == "1"
    filters = selectors.Filters(category=category, space=space, mode=mode, free=free)
    kept = {
        "category": category.slug if category and "category" in request.GET else "",
        "space": space.slug if space else "",
        "mode": mode,
        "free": "1" if free else "",
    }
    return {
        "filters": filters,
        "categories": categories,
        "spaces": spaces,
        "modes": [
            (selectors.Mode.PHYSICAL, _("In person")),
            (selectors.Mode.ONLINE, _("Online")),
        ],
        "page_query": urlencode({name: value for name, value in kept.items() if value}),
    }


def _calendar_links(today: datetime.date) -> dict[str, str]:
    iso = today.isocalendar()
    return {
        "today_url": reverse(
            "agenda:day", kwargs={"year": today.year, "month": today.month, "day": today.day}
        ),
        "this_week_url": reverse("agenda:week", kwargs={"year": iso.year, "week": iso.week}),
        "this_month_url": reverse(
            "agenda:month", kwargs={"year": today.year, "month": today.month}
        ),
    }


def _until_tomorrow(request: HttpRequest, today: datetime.date) -> None:
    # The links to today, this week and this month move at midnight.
    expires_at(request, local_midnight(today + datetime.timedelta(days=1)))


def _upcoming_body(request: HttpRequest, context: dict[str, Any]) -> SafeString:
    """The upcoming occurrences after the filters, a page of them, as markup (the cards and
    the links to the other pages): the same for every visitor of the same filters, page and
    language, so the fragment cache (`parvis.core.fragments`) keeps it rendered until an
    event changes or one of them ends (the clock, declared in the manifest)."""
    filters: selectors.Filters = context["filters"]
    number = page_number(request.GET.get("page"))

    def render_list() -> str:
        page_obj = paginate(selectors.upcoming(filters=filters), number, per_page=PAGE_SIZE)
        return render_to_string(
            "agenda/_upcoming_body.html",
            {"page_obj": page_obj, "page_query": context["page_query"]},
            request=request,
        )

    name = f"agenda:upcoming:{filters.key}:{number}"
    # Rendered from templates with autoescape, here or from memory.
    return mark_safe(render_fragment(request, name, render_list))  # noqa: S308


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    today = _today()
    context = _filters(request)
    body = _upcoming_body(request, context)
    _until_tomorrow(request, today)
    return render(
        request,
        "agenda/event_list.html",
        {
            **context,
            **_calendar_links(today),
            "body": body,
            "page_number": page_number(request.GET.get("page")),
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    today = _today()
    context = _filters(request, category=category)
    body = _upcoming_body(request, context)
    _until_tomorrow(request, today)
    return render(
        request,
        "agenda/category_detail.html",
        {
            **context,
            **_calendar_links(today),
            "category": category,
            "body": body,
            "page_number": page_number(request.GET.get("page")),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (category.name, category.get_absolute_url(), category)
            ),
        },
    )


#: The events a month's day and a week's day show; the others are on the day's own page.
MONTH_PER_DAY = 3
WEEK_PER_DAY = 12


def _calendar_context(
    request: HttpRequest,
    first: datetime.date,
    last: datetime.date,
    *,
    template: str,
    per_day: int | None = None,
) -> dict[str, Any]:
    """The filters, and the days of [first, last] with their occurrences as markup (`body`,
    rendered from `template`); 404 for a span the calendar does not go to.

    The body is the same for every visitor of the same span, filters and language, so the
    fragment cache (`parvis.core.fragments`) keeps it rendered until an event, an occurrence
    or what else it read changes: its queries and loops run once per change, not per view."""
    if not calendars.is_shown(first, last, _today()):
        raise Http404
    context = _filters(request)
    filters: selectors.Filters = context["filters"]

    def render_days() -> str:
        start, end = calendars.span(first, last)
        days = calendars.sort_into_days(
            selectors.between(start, end, filters=filters, per_day=per_day), first, last
        )
        return render_to_string(
            template,
            {
                "days": days,
                "busy_days": [day for day in days if day.occurrences],
                "weeks": calendars.month_weeks(days),
                "weekdays": [date_format(datetime.date(2024, 1, 1 + n), "l") for n in range(7)],
                "occurrences": days[0].occurrences,
                "date": first,
                "first": first,
                "title": date_format(first, "F Y"),
            },
            request=request,
        )

    name = f"agenda:{template}:{first}:{last}:{filters.key}:{per_day}"
    # Rendered from templates with autoescape, here or from memory.
    body = mark_safe(render_fragment(request, name, render_days))  # noqa: S308
    return {**context, "body": body}


def _link_if_shown(
    name: str, kwargs: dict[str, int], first: datetime.date, last: datetime.date, query: str
) -> str:
    if not calendars.is_shown(first, last, _today()):
        return ""
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


@require_safe
def month_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    try:
        first, last = calendars.month_days(year, month)
    except ValueError:
        raise Http404 from None
    context = _calendar_context(
        request, first, last, template="agenda/_month_body.html", per_day=MONTH_PER_DAY
    )
    before = first - datetime.timedelta(days=1)
    after = last + datetime.timedelta(days=1)
    title = date_format(first, "F Y")
    url = reverse("agenda:month", kwargs={"year": year, "month": month})
    return render(
        request,
        "agenda/month.html",
        {
            **context,
            "first": first,
            "title": title,
            "previous_url": _link_if_shown(
                "agenda:month",
                {"year": before.year, "month": before.month},
                before.replace(day=1),
                before,
                context["page_query"],
            ),
            "previous_title": date_format(before, "F Y"),
            "next_url": _link_if_shown(
                "agenda:month",
                {"year": after.year, "month": after.month},
                after,
                calendars.month_days(after.year, after.month)[1],
                context["page_query"],
            ),
            "next_title": date_format(after, "F Y"),
            "breadcrumbs": breadcrumbs(_list_trail(), (title, url)),
        },
    )


@require_safe
def week_detail(request: HttpRequest, year: int, week: int) -> HttpResponse:
    try:
        first, last = calendars.week_days(year, week)
    except ValueError:
        raise Http404 from None
    context = _calendar_context(
        request, first, last, template="agenda/_week_body.html", per_day=WEEK_PER_DAY
    )
    before = (first - datetime.timedelta(days=7)).isocalendar()
    after = (first + datetime.timedelta(days=7)).isocalendar()
    title = _("Week %(week)d of %(year)d") % {"week": week, "year": year}
    url = reverse("agenda:week", kwargs={"year": year, "week": week})
    return render(
        request,
        "agenda/week.html",
        {
            **context,
            "title": title,
            "first": first,
            "last": last,
            "previous_url": _link_if_shown(
                "agenda:week",
                {"year": before.year, "week": before.week},
                first - datetime.timedelta(days=7),
                first - datetime.timedelta(days=1),
                context["page_query"],
            ),
            "next_url": _link_if_shown(
                "agenda:week",
                {"year": after.year, "week": after.week},
                last + datetime.timedelta(days=1),
                last + datetime.timedelta(days=7),
                context["page_query"],
            ),
            "month_url": reverse("agenda:month", kwargs={"year": first.year, "month": first.month}),
            "breadcrumbs": breadcrumbs(_list_trail(), (title, url)),
        },
    )


@require_safe
def day_detail(request: HttpRequest, year: int, month: int, day: int) -> HttpResponse:
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Http404 from None
    context = _calendar_context(request, date, date, template="agenda/_day_body.html")
    before = date - datetime.timedelta(days=1)
    after = date + datetime.timedelta(days=1)
    title = date_format(date, "l j F Y")
    iso = date.isocalendar()
    return render(
        request,
        "agenda/day.html",
        {
            **context,
            "date": date,
            "title": title,
            "previous_url": _link_if_shown(
                "agenda:day",
                {"year": before.year, "month": before.month, "day": before.day},
                before,
                before,
                context["page_query"],
            ),
            "next_url": _link_if_shown(
                "agenda:day",
                {"year": after.year, "month": after.month, "day": after.day},
                after,
                after,
                context["page_query"],
            ),
            "week_url": reverse("agenda:week", kwargs={"year": iso.year, "week": iso.week}),
            "month_url": reverse("agenda:month", kwargs={"year": year, "month": month}),
            "breadcrumbs": breadcrumbs(
                _list_trail(),
                (title, reverse("agenda:day", kwargs={"year": year, "month": month, "day": day})),
            ),
        },
    )


_STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}
_MODES = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def _iso(moment: datetime.datetime, all_day: bool) -> str:
    local = timezone.localtime(moment)
    return local.date().isoformat() if all_day else local.isoformat()


def event_json_ld(event: Event, occurrence: Occurrence | None) -> dict[str, Any]:
    """A schema.org Event: when (the next occurrence of a recurring event), where (a Place,
    a VirtualLocation, or both), how one attends, its status, price, organiser and image."""
    starts_at = occurrence.starts_at if occurrence else event.starts_at
    ends_at = occurrence.ends_at if occurrence else event.ends_at
    if event.all_day:
        ends_at -= datetime.timedelta(days=1)  # schema.org's endDate is the last day
    locations: list[dict[str, Any]] = []
    if event.has_place:
        place: dict[str, Any] = {"@type": "Place", "name": event.place_name or event.address}
        if event.address:
            place["address"] = postal_address(event.address)
        if event.lat is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": event.lat,
                "longitude": event.lon,
            }
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event.get_absolute_url()),
        "startDate": _iso(starts_at, event.all_day),
        "endDate": _iso(ends_at, event.all_day),
        "eventStatus": _STATUSES[EventStatus(event.status)],
        "eventAttendanceMode": _MODES[AttendanceMode(event.attendance_mode)],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": (
            {"@type": "Organization", "name": event.organiser}
            | ({"url": event.organiser_url} if event.organiser_url else {})
            if event.organiser
            else government_organization_json_ld()
        ),
    }
    description = event.summary or markdown_to_text(event.description)
    if description:
        data["description"] = description[:500]
    if event.image:
        data["image"] = absolute_url(event.image.url)
    offer: dict[str, Any] = {"@type": "Offer", "url": data["url"], "priceCurrency": "EUR"}
    if event.is_free:
        data["isAccessibleForFree"] = True
        offer["price"] = "0"
        data["offers"] = offer
    elif event.price is not None:
        offer["price"] = f"{event.price:.2f}"
        data["offers"] = offer
    return data


@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_for_page(slug=slug)
    if event is None:
        raise Http404
    depends_on(
        request,
        f"agenda.event:{event.pk}",
        instead_of=["agenda.event", "agenda.occurrence"],
    )
    upcoming = selectors.next_occurrences(event, limit=NEXT_OCCURRENCES)
    # The page lists what is still to come: it changes when the first of those ends.
    expires_at(request, upcoming[0].ends_at if upcoming else None)
    summary = event.summary or (
        markdown_to_text(event.description) if event.description else event.title
    )
    return render(
        request,
        "agenda/event_detail.html",
        {
            "event": event,
            "upcoming": upcoming,
            "next_occurrence": upcoming[0] if upcoming else None,
            "summary": summary,
            "json_ld": json_ld_dumps(event_json_ld(event, upcoming[0] if upcoming else None)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), (event.title, event.get_absolute_url(), event)
            ),
        },
    )


@require_safe
def event_map(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "agenda/event_map.html",
        {
            "breadcrumbs": breadcrumbs(_list_trail(), (_("Map of events"), reverse("agenda:map"))),
        },
    )
