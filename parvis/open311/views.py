"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over Parvis's reports.

Every answer is JSON or XML as the address's extension says; errors are the
specification's list of `{code, description}` with a 4xx status. Reading needs no key and
sets no cookie (the lists come from the anonymous page cache); posting a request needs an
API key (`open311.ApiKey`), not a CSRF token, and is rate-limited per key. The reports are
read and written by `parvis.reports` only; no personal data ever appears.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, time, timedelta, tzinfo
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from parvis.addresses.selectors import address_resolve
from parvis.core import ratelimit
from parvis.core.dates import local_midnight
from parvis.core.links import absolute_url
from parvis.core.pagecache import expires_at
from parvis.open311 import formats, selectors, services
from parvis.reports import services as report_services
from parvis.reports.models import Category

#: The window of a request list that gives no dates (the specification's default).
DEFAULT_DAYS = 90
#: Pages of PAGE_SIZE requests a client may ask for (an OFFSET stays bounded).
MAX_PAGE = 100
#: Requests one API key may post.
POST_LIMIT = "30/m"
_TOKEN_SALT = "parvis.open311.token"  # noqa: S105 (a salt, not a secret)
_MAX_IDS = 100


class Refused(Exception):
    """A request the specification's errors answer: `status` and their descriptions."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(status, descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def _endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Check the format and the jurisdiction, and answer `Refused` in the spec's format."""

    def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in formats.FORMATS:
            return formats.errors(
                "json", 400, [_("Unknown format “%(format)s”: use json or xml.") % {"format": fmt}]
            )
        params = request.POST if request.method == "POST" else request.GET
        jurisdiction = params.get("jurisdiction_id", "")
        try:
            if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION_ID:
                raise Refused(404, _("jurisdiction_id not found."))
            return view(request, *args, fmt=fmt, **kwargs)
        except Refused as refused:
            return formats.errors(fmt, refused.status, refused.descriptions)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# --- discovery and services ---------------------------------------------------------------------


@require_safe
@_endpoint
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """Where this server's GeoReport v2 interface is, and in which formats."""
    data = {
        "changeset": "2026-12-04T00:00:00Z",
        "contact": absolute_url("/legal/notice/"),
        "key_service": _("Ask the town's administrators for an API key."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": absolute_url("/open311/v2/"),
                "changeset": "2026-12-04T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    return formats.render(fmt, data, root="discovery")


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.extra_fields),
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


@require_safe
@_endpoint
def service_list(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """The report categories offered."""
    data = [_service(category) for category in selectors.services()]
    return formats.render(fmt, data, root="services", item="service")


def _attribute(order: int, field: dict[str, Any]) -> dict[str, Any]:
    kind = field["kind"]
    attribute: dict[str, Any] = {
        "variable": True,
        "code": field["key"],
        "datatype": "string",
        "required": bool(field.get("required", False)),
        "datatype_description": "",
        "order": order,
        "description": field["label"],
    }
    if kind == "integer":
        attribute["datatype"] = "number"
        attribute["datatype_description"] = _("A whole number from %(min)d to %(max)d.") % {
            "min": field["min"],
            "max": field["max"],
        }
    elif kind == "choice":
        attribute["datatype"] = "singlevaluelist"
        attribute["datatype_description"] = _("One of the values listed.")
        attribute["values"] = [{"key": choice, "name": choice} for choice in field["choices"]]
    elif kind == "text":
        attribute["datatype"] = "text"
        attribute["datatype_description"] = _("Text, at most %(count)d characters.") % {
            "count": field.get("max_length", 500)
        }
    else:  # time
        attribute["datatype_description"] = _("A time of day as %(format)s (24 hours).") % {
            "format": "HH:MM"
        }
    return attribute


@require_safe
@_endpoint
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    """A category's extra fields as the attributes of its service."""
    category = selectors.service(code)
    if category is None:
        raise Refused(404, _("service_code not found."))
    data = {
        "service_code": category.slug,
        "attributes": [
            _attribute(order, field) for order, field in enumerate(category.extra_fields, start=1)
        ],
    }
    return formats.render(fmt, data, root="service_definition")


# --- reading requests ---------------------------------------------------------------------------


def _request_item(report: dict[str, Any], zone: tzinfo) -> dict[str, Any]:
    """What the public may know of a report (`selectors.FIELDS`): never its author nor the
    e-mail it came from."""
    return {
        "service_request_id": report["reference"],
        "status": selectors.open311_status(report["status"]),
        "status_notes": report["status_notes"] or "",
        "service_name": report["category"].name,
        "service_code": report["category"].slug,
        "description": report["description"],
        "agency_responsible": "",
        "service_notice": "",
        "requested_datetime": datetime.fromtimestamp(report["created"], zone),
        "updated_datetime": datetime.fromtimestamp(report["updated"], zone),
        "expected_datetime": "",
        "address": report["address_text"],
        "address_id": "",
        "zipcode": "",
        "lat": report["lat"],
        "long": report["lon"],
        "media_url": absolute_url(selectors.photo_url(report["photo"])) if report["photo"] else "",
    }


def _render_requests(fmt: str, reports: list[dict[str, Any]]) -> HttpResponse:
    zone = timezone.get_current_timezone()
    return formats.render(
        fmt, [_request_item(r, zone) for r in reports], root="service_requests", item="request"
    )


def parse_w3c(name: str, text: str) -> datetime:
    """A W3C date-time (2026-01-31T10:00:00Z, +01:00, or a date alone: its midnight here);
    a "+" in a query string arrives as a space."""
    text = text.strip().replace(" ", "+")
    try:
        moment = parse_datetime(text)
        if moment is None:
            day = parse_date(text)
            if day is not None:
                moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Refused(
            400,
            _("%(name)s must be a W3C date-time such as %(example)s.")
            % {"name": name, "example": "2026-01-31T10:00:00Z"},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _comma_list(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def _default_start() -> datetime:
    """The start of the default window: midnight (the town's time) DEFAULT_DAYS ago, so a
    list answers the same all day long (its cached copy goes at midnight)."""
    day = timezone.localdate() - timedelta(days=DEFAULT_DAYS)
    return local_midnight(day)


def _request_filter(params: Any) -> selectors.RequestFilter:
    references = tuple(r.upper() for r in _comma_list(params.get("service_request_id", "")))
    if len(references) > _MAX_IDS or not all(
        len(r) <= 12 and r.isalnum() and r.isascii() for r in references
    ):
        raise Refused(
            400, _("service_request_id must be at most %(count)d ids.") % {"count": _MAX_IDS}
        )
    if references:
        return selectors.RequestFilter(references=references)
    codes = _comma_list(params.get("service_code", ""))
    known: dict[str, int] = {}
    if codes:
        known = dict(selectors.services().filter(slug__in=codes).values_list("slug", "id"))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise Refused(
                400, _("service_code not found: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
    statuses = _comma_list(params.get("status", ""))
    if any(status not in selectors.OPEN311_STATUSES for status in statuses):
        raise Refused(400, _("status must be open or closed."))
    start = parse_w3c("start_date", params["start_date"]) if params.get("start_date") else None
    end = parse_w3c("end_date", params["end_date"]) if params.get("end_date") else None
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS) if end is not None else _default_start()
    if end is not None and start > end:
        raise Refused(400, _("start_date must come before end_date."))
    return selectors.RequestFilter(
        category_ids=tuple(known.values()), statuses=statuses, start=start, end=end
    )


def _page(params: Any) -> int:
    text = params.get("page", "1")
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise Refused(400, _("page must be a number from 1 to %(max)d.") % {"max": MAX_PAGE})
    return int(text)


def _list_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    # The default window runs from a midnight: a cached list ends when the next day begins.
    tomorrow = timezone.localdate() + timedelta(days=1)
    expires_at(request, local_midnight(tomorrow))
    wanted = _request_filter(request.GET)
    page = _page(request.GET)
    reports = selectors.requests(wanted, page=page)
    more = len(reports) > selectors.PAGE_SIZE
    response = _render_requests(fmt, reports[: selectors.PAGE_SIZE])
    if more:
        query = [(k, v) for k, v in request.GET.items() if k != "page"] + [("page", page + 1)]
        response["Link"] = f'<{absolute_url(request.path)}?{urlencode(query)}>; rel="next"'
    return response


@require_safe
@_endpoint
def request_detail(request: HttpRequest, reference: str, *, fmt: str) -> HttpResponse:
    """One public report."""
    report = selectors.request(reference.upper())
    if report is None:
        raise Refused(404, _("service_request_id not found."))
    return _render_requests(fmt, [report])


@require_safe
@_endpoint
def token_detail(request: HttpRequest, token: str, *, fmt: str) -> HttpResponse:
    """The request a posted token became, once its author confirmed it by e-mail."""
    try:
        pk = int(signing.Signer(salt=_TOKEN_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        raise Refused(404, _("token not found.")) from None
    report = selectors.report_by_pk(pk)
    if report is None:
        raise Refused(404, _("token not found."))
    item: dict[str, Any] = {"token": token}
    if report.is_public:
        item = {"service_request_id": report.reference, "token": token}
    return formats.render(fmt, [item], root="service_requests", item="request")


# --- posting a request ----------------------------------------------------------------------------

_FIELD_PARAMETERS = {"category": "service_code", "position": "lat", "email": "email"}


def _position(params: Any) -> tuple[Any, Any, str]:
    """(lat, long, address) from lat/long, or from address_string resolved to one address."""
    lat, lon = params.get("lat", "").strip(), params.get("long", "").strip()
    address = params.get("address_string", "").strip()
    if lat or lon:
        if not (lat and lon):
            raise Refused(400, _("lat and long go together."))
        return lat, lon, address
    if not address:
        raise Refused(400, _("Give the place: lat and long, or address_string."))
    found = address_resolve(address)
    if found.address is None:
        if found.candidates:
            raise Refused(
                400,
                _("address_string matches several addresses: %(list)s.")
                % {"list": "; ".join(a.label for a in found.candidates)},
            )
        raise Refused(400, _("address_string matches no address of the town."))
    return found.address.lat, found.address.lon, found.address.label


def _attributes(params: Any, category: Category) -> dict[str, str]:
    values: dict[str, str] = {}
    unknown: list[str] = []
    known = {field["key"] for field in category.extra_fields}
    for name in params:
        if name.startswith("attribute[") and name.endswith("]"):
            code = name[len("attribute[") : -1]
            if code in known:
                values[code] = params.get(name, "")
            else:
                unknown.append(code)
    if unknown:
        raise Refused(
            400,
            *[
                _("attribute[%(code)s] is not an attribute of this service.") % {"code": c}
                for c in unknown
            ],
        )
    return values


def _descriptions(error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    found: list[str] = []
    for key, messages in error.message_dict.items():
        name = _FIELD_PARAMETERS.get(key, key)
        if name not in ("service_code", "lat", "email", "description", "photos"):
            name = f"attribute[{key}]"
        found.extend(f"{name}: {message}" for message in messages)
    return found


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    key = services.api_key_use(params.get("api_key", ""))
    if key is None:
        raise Refused(403, _("api_key is missing, unknown or no longer active."))
    wait = ratelimit.check_key("open311.post", str(key.pk), limit=POST_LIMIT)
    if wait:
        response = formats.errors(fmt, 429, [ratelimit.wait_message(wait)])
        response["Retry-After"] = str(wait)
        return response
    missing = [
        name
        for name in ("service_code", "email", "description")
        if not params.get(name, "").strip()
    ]
    if missing:
        raise Refused(400, *[_("%(name)s is required.") % {"name": name} for name in missing])
    category = selectors.service(params["service_code"].strip())
    if category is None:
        raise Refused(400, _("service_code not found."))
    email = params["email"].strip()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(400, _("email is not an e-mail address.")) from None
    lat, lon, address = _position(params)
    try:
        if not (math.isfinite(float(lat)) and math.isfinite(float(lon))):
            raise ValueError
    except ValueError:
        raise Refused(400, _("lat and long must be numbers in degrees.")) from None
    extra = _attributes(params, category)
    try:
        report = report_services.report_submit(
            category=category,
            lat=lat,
            lon=lon,
            description=params["description"],
            extra=extra,
            address_text=address,
            hide_author=True,
            email=email,
        )
    except ValidationError as error:
        raise Refused(400, *_descriptions(error)) from None
    item: dict[str, Any] = {
        "token": signing.Signer(salt=_TOKEN_SALT).sign(str(report.pk)),
        "service_notice": _(
            "The request is published once confirmed through the link sent to its e-mail."
        ),
        "account_id": "",
    }
    return formats.render(fmt, [item], root="service_requests", item="request", status=201)


@csrf_exempt  # an API authenticated by its api_key, never by a cookie
@require_http_methods(["GET", "HEAD", "POST"])
@_endpoint
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    """GET: the public reports, filtered; POST: a new report (needs an api_key)."""
    if request.method == "POST":
        return _post_request(request, fmt)
    return _list_requests(request, fmt)
