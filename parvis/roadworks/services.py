"""Writes about roadworks. The back office, the resident's pages and the periodic job go
through these; each runs in one transaction with its audit entry.

- `works_save`: checks the place (a Point or LineString, `core.geo.parse_point_or_line`,
  every point inside one of the town's neighbourhoods) and the dates, computes the anchor
  (`lat`/`lon`) and the box, saves, and indexes it for the search (or removes it from
  there when unpublished). `works_index`: again, once its impacts are saved.
- `works_delete`: removes it from the search, then deletes it (with its impacts).
- `area_watch_space` / `area_watch_circle` / `area_watch_stop`: a resident's watched areas,
  each followed through the notifications mechanism (a `Subscription` to it).
- `works_announce_started`: the periodic job. For each public works whose start has come and
  that was not announced, under its row lock and checked again there: marks it announced,
  then notifies the watchers of the areas it meets (`notify`, in that transaction, with a
  key per works: announced once, whatever runs at the same time).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import shape

from parvis.core.audit import audit_record
from parvis.core.geo import (
    check_position,
    check_town_positions,
    geometry_anchor,
    parse_point_or_line,
)
from parvis.notifications.models import Subscription
from parvis.notifications.services import notify, subscription_create, subscription_delete
from parvis.roadworks import selectors
from parvis.roadworks.models import Radius, WatchedArea, Works
from parvis.search.indexing import index_object, unindex_object
from parvis.spaces.models import Space, SpaceKind
from parvis.spaces.selectors import spaces_at

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: Areas one person may watch.
MAX_AREAS_PER_PERSON = 20


def check_place(value: Any) -> dict:
    """The works' place, checked: a Point or LineString (see `parse_point_or_line`) whose
    every point lies in one of the town's neighbourhoods (one query). ValidationError."""
    geometry = parse_point_or_line(value)
    check_town_positions(geometry)
    points = [(lat, lon) for lon, lat in _coordinates(geometry)]
    if any(space is None for space in spaces_at(points)):
        raise ValidationError(_("This place is outside the town."), code="outside")
    return geometry


def _coordinates(geometry: dict) -> list[list[float]]:
    return [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]


def _place_fields(works: Works) -> None:
    works.lat, works.lon = geometry_anchor(works.geometry)
    min_lon, min_lat, max_lon, max_lat = shape(works.geometry).bounds
    works.bbox_min_lat, works.bbox_min_lon = min_lat, min_lon
    works.bbox_max_lat, works.bbox_max_lon = max_lat, max_lon


def works_save(*, works: Works, actor: User | None) -> Works:
    """Create or update `works` (its impacts are saved by the caller, in its transaction).
    Raises ValidationError keyed by field ("geometry", "ends_on") and saves nothing."""
    try:
        works.geometry = check_place(works.geometry)
    except ValidationError as error:
        raise ValidationError({"geometry": error.messages}) from None
    if works.ends_on is not None and works.ends_on < works.starts_on:
        raise ValidationError({"ends_on": _("The end cannot come before the start.")})
    _place_fields(works)
    created = works.pk is None
    with transaction.atomic():
        works.save()
        index_object(works)
        audit_record(
            actor=actor,
            action="roadworks.create" if created else "roadworks.update",
            target=works,
            data={"published": works.is_published},
        )
    return works


def works_index(works: Works) -> None:
    """Index `works` again for the search, after its impacts changed (the back office saves
    them after the works itself; call it in that transaction)."""
    index_object(works)


def works_delete(*, works: Works, actor: User | None) -> None:
    """Delete `works` and its impacts, and its document from the search, with an audit entry."""
    with transaction.atomic():
        audit_record(actor=actor, action="roadworks.delete", target=works, data={})
        unindex_object(works)
        works.delete()


# --- watched areas ---------------------------------------------------------------------------------


def _watch(*, user: User, area: WatchedArea, language: str | None) -> WatchedArea:
    with transaction.atomic():
        # The person's row locked: two forms sent at once cannot pass the limit together.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if WatchedArea.objects.filter(user=user).count() >= MAX_AREAS_PER_PERSON:
            raise ValidationError(
                _("You already watch %(count)d areas: stop watching one first.")
                % {"count": MAX_AREAS_PER_PERSON},
                code="too_many",
            )
        area.save()
        subscription_create(user=user, target=area, language=language)
        audit_record(actor=user, action="roadworks.watch", target=area)
    return area


def area_watch_space(*, user: User, space: Space, language: str | None = None) -> WatchedArea:
    """Watch a neighbourhood: e-mails when works start in it. ValidationError if the space is
    not a published neighbourhood with a boundary, or is watched already."""
    box = (space.bbox_min_lat, space.bbox_min_lon, space.bbox_max_lat, space.bbox_max_lon)
    if space.kind != SpaceKind.NEIGHBOURHOOD or not space.boundary or None in box:
        raise ValidationError({"space": _("Choose one of the town's neighbourhoods.")})
    min_lat, min_lon, max_lat, max_lon = (float(value or 0) for value in box)
    area = WatchedArea(
        user=user,
        space=space,
        place=space.name,
        bbox_min_lat=min_lat,
        bbox_min_lon=min_lon,
        bbox_max_lat=max_lat,
        bbox_max_lon=max_lon,
    )
    try:
        return _watch(user=user, area=area, language=language)
    except IntegrityError:
        raise ValidationError({"space": _("You already watch this neighbourhood.")}) from None


def area_watch_circle(
    *, user: User, place: str, lat: Any, lon: Any, radius_m: Any, language: str | None = None
) -> WatchedArea:
    """Watch a circle of `radius_m` (one of `Radius`) around a point in the town."""
    errors = check_position(lat=lat, lon=lon)
    if errors:
        raise ValidationError({"address": _("This place is outside the town.")})
    if radius_m not in Radius.values:
        raise ValidationError({"radius": _("Choose one of the distances offered.")})
    min_lat, min_lon, max_lat, max_lon = selectors.circle_box(lat=lat, lon=lon, radius_m=radius_m)
    area = WatchedArea(
        user=user,
        lat=lat,
        lon=lon,
        radius_m=radius_m,
        place=place.strip()[:250],
        bbox_min_lat=min_lat,
        bbox_min_lon=min_lon,
        bbox_max_lat=max_lat,
        bbox_max_lon=max_lon,
    )
    return _watch(user=user, area=area, language=language)


def area_watch_stop(*, user: User, area_id: int) -> bool:
    """Stop watching one of the person's areas; False if it is not theirs (or gone)."""
    with transaction.atomic():
        area = WatchedArea.objects.select_for_update().filter(pk=area_id, user=user).first()
        if area is None:
            return False
        subscription_delete(user=user, target=area)
        audit_record(actor=user, action="roadworks.unwatch", target=area)
        area.delete()
    return True


def areas_prune() -> int:
    """Forget the areas nobody follows any more (stopped from an e-mail's link or from "What
    I follow"): they hold an address the person no longer wants used. How many went."""
    followed = Subscription.objects.filter(
        topic="",
        target_type=ContentType.objects.get_for_model(WatchedArea),
        target_id=OuterRef("pk"),
    )
    deleted, _counts = WatchedArea.objects.filter(~Exists(followed)).delete()
    return deleted


# --- announcing starts --------------------------------------------------------------------------


def works_announce_started(*, now: datetime.datetime | None = None) -> int:
    """Announce the works whose start has come (see the module's docstring); how many were
    announced to at least one area. Works that ended before their turn are marked, not
    announced."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    announced = 0
    for works_id in selectors.due_for_announcement(day=day):
        with transaction.atomic():
            works = (
                Works.objects.select_for_update()
                .filter(
                    pk=works_id, is_published=True, announced_at__isnull=True, starts_on__lte=day
                )
                .first()
            )
            if works is None:
                continue  # announced meanwhile, or unpublished
            works.announced_at = now
            works.save(update_fields=["announced_at"])
            if works.ends_on is not None and works.ends_on < day:
                continue
            areas = selectors.areas_matching(works)
            if areas:
                notify(
                    kind="roadworks.started",
                    obj=works,
                    targets=areas,
                    key=f"roadworks.started:{works.pk}",
                )
                announced += 1
    return announced
