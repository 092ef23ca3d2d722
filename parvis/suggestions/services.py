"""Writes about suggestions. The pages and the back office go through these.

Each service runs in one transaction that also writes its audit entry, keeps the search
index in step and, when followers should hear of it, records the notification (`notify`,
enqueued in the same transaction: a rollback sends nothing).

- `suggestion_submit`: a signed-in resident (not suspended) posts a suggestion in a space;
  admitted by the moderation policy of the space (`contribution_admit`); its author follows
  it from the start; the followers of the space hear of a public one once it shows
  (`suggestions.published`). ValidationError keyed by field, nothing saved, on bad input.
- `suggestion_answer`: an official of the space (or staff who answer) answers, signed with
  their public name and function, moving the status along `TRANSITIONS` (checked under the
  row lock); declining needs a reason. The first answer stores `first_answered_at`.
  Followers are told (`suggestions.answered`), in their language.
- `suggestion_support`: one support per account (the database's unique constraint), counted
  on the suggestion; True when it was new.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.core.geo import check_position
from parvis.core.pagecache import objects_changed
from parvis.moderation.permissions import check_can_contribute
from parvis.moderation.services import contribution_admit
from parvis.notifications.services import notify, subscription_create
from parvis.search.indexing import index_object, unindex_objects
from parvis.suggestions.models import (
    Answer,
    Category,
    Suggestion,
    SuggestionStatus,
    Support,
    Visibility,
)
from parvis.suggestions.permissions import can_answer, can_see, signature_of

if TYPE_CHECKING:
    from parvis.accounts.models import User

ANSWERED = "suggestions.answered"
PUBLISHED = "suggestions.published"

_S = SuggestionStatus
#: For each status, those an answer may move a suggestion to (the same status: a further
#: answer that keeps it). A declined suggestion may be studied again.
TRANSITIONS: dict[str, set[str]] = {
    _S.RECEIVED: {_S.UNDER_STUDY, _S.ACCEPTED, _S.DECLINED},
    _S.UNDER_STUDY: {_S.UNDER_STUDY, _S.ACCEPTED, _S.DECLINED},
    _S.ACCEPTED: {_S.ACCEPTED, _S.DONE, _S.DECLINED},
    _S.DONE: {_S.DONE},
    _S.DECLINED: {_S.DECLINED, _S.UNDER_STUDY},
}
#: Statuses in which residents may still support a suggestion.
SUPPORTABLE = {_S.RECEIVED, _S.UNDER_STUDY, _S.ACCEPTED}


class TransitionRefused(ValidationError):
    """The status asked for is not reachable from the current one; nothing changed."""


def _position(lat: Any, lon: Any) -> tuple[float | None, float | None]:
    if lat in (None, "") and lon in (None, ""):
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValidationError(
            {"lat": _("Give the position as a latitude and a longitude in degrees.")}
        ) from None
    errors = check_position(lat=lat_f, lon=lon_f)
    if errors:
        raise ValidationError({name: [error] for name, error in errors.items()})
    return lat_f, lon_f


def suggestion_submit(
    *,
    author: User,
    space: Any,
    category: Category,
    title: str,
    text: str,
    visibility: str = Visibility.PUBLIC,
    photo: ContentFile | None = None,
    photo_alt: str = "",
    lat: Any = None,
    lon: Any = None,
    address_text: str = "",
) -> Suggestion:
    """A new suggestion by `author` in `space`. `photo` is already checked and re-encoded
    (`core.uploads.reencode_image`). Raises ContributionRefused for a suspended author and
    ValidationError (keyed by field) on bad input; saves nothing then."""
    check_can_contribute(author)
    errors: dict[str, Any] = {}
    if not space.is_published:
        errors["space"] = _("This space does not take suggestions.")
    if not category.is_active:
        errors["category"] = _("This category is no longer offered.")
    if not title.strip():
        errors["title"] = _("Give your suggestion a title.")
    if not text.strip():
        errors["text"] = _("Describe your suggestion.")
    if visibility not in Visibility.values:
        errors["visibility"] = _("Choose who may read it.")
    if photo is not None and not photo_alt.strip():
        errors["photo_alt"] = _("Describe the photo for people who cannot see it.")
    try:
        lat_f, lon_f = _position(lat, lon)
    except ValidationError as error:
        errors.update(error.message_dict)
        lat_f = lon_f = None
    if errors:
        raise ValidationError(errors)
    suggestion = Suggestion(
        author=author,
        space=space,
        category=category,
        title=title.strip(),
        text=text.strip(),
        visibility=visibility,
        photo_alt=photo_alt.strip() if photo is not None else "",
        lat=lat_f,
        lon=lon_f,
        address_text=address_text.strip() if lat_f is not None else "",
    )
    suggestion.moderation_status = contribution_admit(obj=suggestion, author=author, space=space)
    with transaction.atomic():
        if photo is not None:
            suggestion.photo.save(photo.name or "photo.jpg", photo, save=False)
        suggestion.save()
        subscription_create(user=author, target=suggestion)
        audit_record(
            actor=author,
            action="suggestion.submit",
            target=suggestion,
            data={"space": space.pk, "visibility": visibility},
        )
        index_object(suggestion)
        _announce(suggestion)
    return suggestion


def _announce(suggestion: Suggestion) -> None:
    """Followers of its space hear of a public suggestion once, when it first shows: at
    once, or when a moderator approves it (the key makes a later restore send nothing)."""
    if suggestion.visibility == Visibility.PUBLIC and suggestion.is_visible:
        notify(
            kind=PUBLISHED,
            obj=suggestion,
            targets=[suggestion.space],
            key=f"suggestions.suggestion:{suggestion.pk}:published",
            actor=suggestion.author,
        )


def suggestion_answer(*, suggestion: Suggestion, actor: User, text: str, to_status: str) -> Answer:
    """`actor` answers `suggestion`, moving it to `to_status`. PermissionDenied when they may
    not answer it; ValidationError ("text", "to_status") on bad input; TransitionRefused when
    the status found under the row lock does not lead to `to_status`."""
    if not can_answer(actor, suggestion):
        raise PermissionDenied(_("Only the space's officials answer suggestions."))
    text = text.strip()
    if to_status not in SuggestionStatus.values:
        raise ValidationError({"to_status": _("Choose the new status.")})
    if not text:
        message = (
            _("Give the reason why the suggestion is declined.")
            if to_status == SuggestionStatus.DECLINED
            else _("Write the answer.")
        )
        raise ValidationError({"text": message})
    name, function = signature_of(actor, suggestion)
    with transaction.atomic():
        locked = (
            Suggestion.objects.select_for_update().select_related("space").get(pk=suggestion.pk)
        )
        if to_status not in TRANSITIONS[locked.status]:
            raise TransitionRefused(
                {
                    "to_status": _("A suggestion cannot go from “%(from)s” to “%(to)s”.")
                    % {
                        "from": SuggestionStatus(locked.status).label,
                        "to": SuggestionStatus(to_status).label,
                    }
                },
            )
        answer = Answer.objects.create(
            suggestion=locked,
            author=actor,
            signed_name=name,
            signed_function=function,
            from_status=locked.status,
            to_status=to_status,
            text=text,
        )
        locked.status = to_status
        fields = ["status", "updated_at"]
        if locked.first_answered_at is None:
            locked.first_answered_at = answer.created_at
            fields.append("first_answered_at")
        locked.save(update_fields=fields)
        index_object(locked)
        audit_record(
            actor=actor,
            action="suggestion.answer",
            target=locked,
            data={"from": answer.from_status, "to": to_status},
        )
        notify(
            kind=ANSWERED,
            obj=answer,
            targets=[locked],
            key=f"suggestions.answer:{answer.pk}",
            actor=actor,
        )
    suggestion.status = locked.status
    suggestion.first_answered_at = locked.first_answered_at
    return answer


def suggestion_support(*, suggestion: Suggestion, user: User) -> bool:
    """`user` supports `suggestion`: True when new, False when they had already. Refused
    (ValidationError) on their own, on one they may not see, or once it is done or declined."""
    if not can_see(user, suggestion) or not suggestion.is_visible:
        raise ValidationError(_("This suggestion cannot be supported."), code="not_visible")
    if suggestion.author_id == user.pk:
        raise ValidationError(_("This is your own suggestion."), code="own")
    if suggestion.status not in SUPPORTABLE:
        raise ValidationError(_("This suggestion is no longer open to support."), code="closed")
    try:
        with transaction.atomic():
            Support.objects.create(suggestion=suggestion, user=user)
            Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") + 1)
            # update() sends no model signal: the cached pages showing the count are told.
            objects_changed(Suggestion, [suggestion.pk])
    except IntegrityError:
        return False
    suggestion.refresh_from_db(fields=["support_count"])
    return True


def suggestion_visibility_changed(suggestion: Suggestion, old: str, new: str) -> None:
    """A moderator hid, approved or restored `suggestion` (inside the decision's
    transaction): its search document follows; its pages through the page cache; its
    space's followers hear of it if it shows for the first time."""
    index_object(suggestion)
    _announce(suggestion)


def _delete_files(names: list[str]) -> None:
    storage = Suggestion._meta.get_field("photo").storage
    for name in names:
        if name:
            storage.delete(name)


def suggestions_erased(user: User, *, erase_contributions: bool) -> None:
    """When `user` erases their account (inside its transaction): their supports go (the
    counts follow); their suggestions are deleted if they chose so, else kept without their
    name ("a resident"). Answers they gave as an official stay, signed as they were: the
    town's public word, not personal data of the resident."""
    supported = list(Support.objects.filter(user=user).values_list("suggestion_id", flat=True))
    if supported:
        Support.objects.filter(user=user).delete()
        Suggestion.objects.filter(pk__in=supported, support_count__gt=0).update(
            support_count=F("support_count") - 1
        )
        objects_changed(Suggestion, supported)
    mine = Suggestion.objects.filter(author=user)
    if erase_contributions:
        ids = list(mine.values_list("pk", flat=True))
        files = list(
            Suggestion.objects.filter(pk__in=ids).exclude(photo="").values_list("photo", flat=True)
        )
        unindex_objects(Suggestion, ids)
        Suggestion.objects.filter(pk__in=ids).delete()
        transaction.on_commit(lambda: _delete_files(files))
    else:
        for suggestion in mine.select_for_update():
            suggestion.author = None
            suggestion.save(update_fields=["author", "updated_at"])


def suggestions_described(user: User) -> str | None:
    count = Suggestion.objects.filter(author=user).count()
    if not count:
        return None
    return _(
        "Your suggestions (%(count)d): deleted if you choose so, otherwise kept without your "
        "name. Your supports are withdrawn."
    ) % {"count": count}
