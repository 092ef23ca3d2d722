"""Writes of moderation: admitting contributions, flags, decisions, suspensions, the word list.

Every decision writes a `Decision` row and an audit entry, resolves the open flags on the
contribution, and enqueues its e-mail to the person concerned, all in one transaction: a
decision that rolls back leaves no trace and sends nothing. Before anything is written, the
moderator's and the person's accounts are locked and `permissions.decision_refusal` asked
of them (nobody decides about themselves, about a higher role, or while suspended).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.core.links import absolute_url
from parvis.core.mail import email_enqueue
from parvis.core.town import current_town
from parvis.moderation import wordlist
from parvis.moderation.models import (
    Decision,
    DecisionAction,
    Flag,
    FlagReason,
    ModeratedContent,
    ModerationStatus,
    WordListEntry,
)
from parvis.moderation.permissions import (
    ACCOUNT,
    CONTRIBUTION,
    check_can_contribute,
    decision_refusal,
    is_under_watch,
)
from parvis.moderation.registry import ModeratedType, moderated_type_of

if TYPE_CHECKING:
    from parvis.accounts.models import User


class DecisionNotAllowed(Exception):
    """The decision does not apply to the contribution as it is now (e.g. restoring a
    visible one); the message says so to the moderator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DecisionForbidden(DecisionNotAllowed):
    """This moderator may not decide about this person or their contribution (their own,
    someone whose role ranks above theirs, or they are suspended); see
    `permissions.decision_refusal`. Nothing is changed and nothing is recorded."""


class FlagRefused(Exception):
    """This person cannot flag this contribution (their own, already flagged, not public)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- admitting a contribution --------------------------------------------------------------


def word_list_matches(text: str) -> list[str]:
    """The word-list expressions `text` contains (one query for the list)."""
    return wordlist.matches(text, WordListEntry.objects.values_list("expression", flat=True))


def moderation_policy_of(space: Any) -> str:
    """The policy of `space` ("before" or "after"); the town-wide one when it is None."""
    if space is not None:
        return str(space.moderation_policy)
    return settings.MODERATION_DEFAULT_POLICY


def admission_reasons(
    *, obj: Any, author: User | None, space: Any, words: list[str] | None = None
) -> list[str]:
    """Why a contribution is held for review, in words for moderators ([] if it is not).

    `words` is the word list when the caller has it already (the queue reads it once).
    """
    kind = moderated_type_of(obj)
    reasons = []
    if moderation_policy_of(space) == "before":
        if space is not None:
            reasons.append(_("%(space)s is moderated before publication.") % {"space": space.name})
        else:
            reasons.append(_("Town-wide contributions are moderated before publication."))
    found = (
        wordlist.matches(kind.text(obj), words)
        if words is not None
        else word_list_matches(kind.text(obj))
    )
    if found:
        reasons.append(
            _("It contains words of the word list: %(words)s.") % {"words": ", ".join(found)}
        )
    if author is not None and is_under_watch(author):
        reasons.append(_("Its author's contributions are held for review for a while."))
    return reasons


def contribution_admit(*, obj: Any, author: User, space: Any) -> ModerationStatus:
    """The status a new contribution starts with: pending or visible.

    Pending when `space` is moderated before publication (town-wide content follows the
    MODERATION_DEFAULT_POLICY setting), when the text contains an expression of the word
    list, or when the author is under watch; visible otherwise. Reads the word list (one
    query); writes nothing. The caller has already checked `check_can_contribute(author)`.
    """
    if admission_reasons(obj=obj, author=author, space=space):
        return ModerationStatus.PENDING
    return ModerationStatus.VISIBLE


# --- flags ---------------------------------------------------------------------------------


def _content_type(obj: Any) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def open_flags(obj: Any) -> models.QuerySet[Flag]:
    return Flag.objects.filter(
        content_type=_content_type(obj), object_id=obj.pk, resolved_at__isnull=True
    )


def flag_create(*, obj: ModeratedContent, user: User, reason: FlagReason, note: str = "") -> Flag:
    """`user` tells the moderators that `obj` breaks the rules. Audited.

    Raises ContributionRefused when the person may not write (suspended), FlagRefused for
    their own contribution, one that is not public, or a second flag by the same person
    (the unique constraint decides, so a double click makes one flag). When the open flags
    reach MODERATION_FLAGS_TO_HOLD, the contribution is held for review until a moderator
    decides.
    """
    check_can_contribute(user)
    kind = moderated_type_of(obj)
    author = kind.author(obj)
    if author is not None and author.pk == user.pk:
        raise FlagRefused(_("You cannot flag what you wrote yourself."))
    if not obj.is_visible:
        raise FlagRefused(_("This contribution is not public, so it cannot be flagged."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    content_type=_content_type(obj),
                    object_id=obj.pk,
                    user=user,
                    reason=reason,
                    note=note,
                )
        except IntegrityError:
            raise FlagRefused(_("You have already flagged this contribution.")) from None
        audit_record(actor=user, action="moderation.flag", target=obj, data={"reason": str(reason)})
        locked = _locked(obj)
        if (
            locked.moderation_status == ModerationStatus.VISIBLE
            and open_flags(obj).count() >= settings.MODERATION_FLAGS_TO_HOLD
        ):
            _status_set(kind, obj, ModerationStatus.PENDING, now=timezone.now())
            audit_record(actor=None, action="moderation.hold", target=obj, data={"why": "flags"})
    return flag


def contributions_withdrawn(*, model: type[models.Model], ids: list[Any], name: str) -> None:
    """These contributions of `model` lose their words (erased with their author's account):
    their open flags are dropped, so nothing is left to decide in the queue, and the
    decisions that named them by their first words name them by `name` instead (its
    "%(pk)s" replaced by each one's primary key). Call it in the erasing transaction."""
    content_type = ContentType.objects.get_for_model(model)
    Flag.objects.filter(
        content_type=content_type, object_id__in=ids, resolved_at__isnull=True
    ).delete()
    before, __, after = name.partition("%(pk)s")
    Decision.objects.filter(content_type=content_type, object_id__in=ids).update(
        target_repr=Concat(Value(before), Cast("object_id", models.CharField()), Value(after))
    )


# --- decisions -----------------------------------------------------------------------------


def _locked(obj: Any) -> Any:
    """`obj` re-read under a row lock, its status copied onto `obj`.

    Two moderators deciding on the same contribution at once are served one after the
    other, and the second sees the first one's outcome.
    """
    fresh = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
    if fresh is None:  # erased with its author's account meanwhile
        raise DecisionNotAllowed(_("This contribution no longer exists."))
    obj.moderation_status = fresh.moderation_status
    obj.hidden_reason = fresh.hidden_reason
    obj.moderated_at = fresh.moderated_at
    return fresh


def _status_set(
    kind: ModeratedType, obj: Any, status: ModerationStatus, *, now: datetime, reason: str = ""
) -> None:
    old = obj.moderation_status
    obj.moderation_status = status
    obj.hidden_reason = reason if status == ModerationStatus.HIDDEN else ""
    obj.moderated_at = now
    obj.save(update_fields=["moderation_status", "hidden_reason", "moderated_at"])
    if kind.on_status_change is not None and old != status:
        kind.on_status_change(obj, old, status)


def _people_locked(*people: User | None) -> dict[int, User]:
    """The accounts of `people` (None skipped) re-read under a row lock, by primary key; an
    account erased meanwhile is missing.

    Locked in primary-key order, so two decisions about the same two people (moderators
    suspending each other) wait for each other instead of deadlocking; and before any
    contribution, as the erasure of an account does (the account, then what it wrote).
    """
    ids = sorted({pk for pk in (getattr(person, "pk", None) for person in people) if pk})
    if not ids:
        return {}
    accounts = get_user_model()._default_manager.select_for_update()
    return {person.pk: person for person in accounts.filter(pk__in=ids).order_by("pk")}


def _check_may_decide(
    *, moderator: User, subject: User | None, about: str
) -> tuple[User | None, User | None]:
    """Lock the accounts of `moderator` and `subject` and raise DecisionForbidden unless the
    moderator may decide about the subject now (`permissions.decision_refusal`, asked of
    the locked rows: a suspension or an erasure that just committed counts). Returns the
    locked rows (the subject None once erased). Call it inside the decision's transaction,
    before anything is written."""
    locked = _people_locked(moderator, subject)
    fresh_moderator = locked.get(moderator.pk)
    fresh_subject = locked.get(subject.pk) if subject is not None else None
    refusal = decision_refusal(
        moderator=fresh_moderator if fresh_moderator is not None else AnonymousUser(),
        subject=fresh_subject,
        about=about,
    )
    if refusal is not None:
        raise DecisionForbidden(refusal)
    return fresh_moderator, fresh_subject


def _decide(
    *,
    obj: Any,
    moderator: User,
    action: DecisionAction,
    allowed_from: tuple[ModerationStatus, ...],
    refusal: str,
    new_status: ModerationStatus,
    reason: str = "",
) -> Decision:
    """Record `moderator`'s decision on `obj`. Locks the moderator's and the author's
    accounts, then `obj`; raises DecisionForbidden (`permissions.decision_refusal`) or
    DecisionNotAllowed (`obj`'s status is not in `allowed_from`) before writing anything."""
    kind = moderated_type_of(obj)
    now = timezone.now()
    with transaction.atomic():
        __, author = _check_may_decide(
            moderator=moderator, subject=kind.author(obj), about=CONTRIBUTION
        )
        _locked(obj)
        if obj.moderation_status not in allowed_from:
            raise DecisionNotAllowed(refusal)
        decision = Decision.objects.create(
            action=action,
            content_type=_content_type(obj),
            object_id=obj.pk,
            target_repr=str(obj)[:200],
            subject=author,
            moderator=moderator,
            reason=reason,
            created_at=now,
        )
        open_flags(obj).update(resolved_at=now, decision=decision)
        _status_set(kind, obj, new_status, now=now, reason=reason)
        audit_record(
            actor=moderator,
            action=f"moderation.{action}",
            target=obj,
            data={"decision_id": decision.pk},
        )
        if action == DecisionAction.HIDE and author is not None:
            _watch(author, until=now + timedelta(days=settings.MODERATION_WATCH_DAYS))
            _email_hidden(author=author, kind=kind, obj=obj, reason=reason)
    return decision


def contribution_approve(*, obj: ModeratedContent, moderator: User, note: str = "") -> Decision:
    """Publish a contribution waiting for review, or keep a flagged one: its flags close."""
    return _decide(
        obj=obj,
        moderator=moderator,
        action=DecisionAction.APPROVE,
        allowed_from=(ModerationStatus.PENDING, ModerationStatus.VISIBLE),
        refusal=_("This contribution is hidden: restore it instead."),
        new_status=ModerationStatus.VISIBLE,
        reason=note,
    )


def contribution_hide(*, obj: ModeratedContent, moderator: User, reason: str) -> Decision:
    """Hide a contribution from everyone but its author, who sees `reason` and gets it by
    e-mail (enqueued in this transaction). The author is then watched for a while."""
    reason = reason.strip()
    if not reason:
        raise DecisionNotAllowed(_("Say why, for the author: the reason is required."))
    return _decide(
        obj=obj,
        moderator=moderator,
        action=DecisionAction.HIDE,
        allowed_from=(ModerationStatus.PENDING, ModerationStatus.VISIBLE),
        refusal=_("This contribution is already hidden."),
        new_status=ModerationStatus.HIDDEN,
        reason=reason,
    )


def contribution_restore(*, obj: ModeratedContent, moderator: User, note: str = "") -> Decision:
    """Make a hidden contribution public again (a decision reconsidered)."""
    return _decide(
        obj=obj,
        moderator=moderator,
        action=DecisionAction.RESTORE,
        allowed_from=(ModerationStatus.HIDDEN,),
        refusal=_("Only a hidden contribution can be restored."),
        new_status=ModerationStatus.VISIBLE,
        reason=note,
    )


# --- suspension ----------------------------------------------------------------------------


def _watch(user: User, *, until: datetime) -> None:
    if user.watched_until is None or user.watched_until < until:
        user.watched_until = until
        user.save(update_fields=["watched_until"])


def user_suspend(
    *, user: User, moderator: User, until: datetime, reason: str, obj: Any = None
) -> Decision:
    """Stop `user` from writing anything until `until`, for `reason` (shown to them).

    `obj` is the contribution that led to it, if any, kept in the trail. The person is
    e-mailed (enqueued in this transaction) and watched for MODERATION_WATCH_DAYS after
    the suspension ends. A later suspension replaces an earlier one.
    """
    reason = reason.strip()
    now = timezone.now()
    if not reason:
        raise DecisionNotAllowed(_("Say why, for the person: the reason is required."))
    if until <= now:
        raise DecisionNotAllowed(_("A suspension must end in the future."))
    with transaction.atomic():
        __, fresh = _check_may_decide(moderator=moderator, subject=user, about=ACCOUNT)
        if fresh is None:
            raise DecisionNotAllowed(_("This account no longer exists."))
        user.watched_until = fresh.watched_until
        decision = Decision.objects.create(
            action=DecisionAction.SUSPEND,
            content_type=_content_type(obj) if obj is not None else None,
            object_id=obj.pk if obj is not None else None,
            target_repr=str(obj if obj is not None else user.public_name)[:200],
            subject=user,
            moderator=moderator,
            reason=reason,
            suspended_until=until,
            created_at=now,
        )
        user.suspended_until = until
        user.save(update_fields=["suspended_until"])
        _watch(user, until=until + timedelta(days=settings.MODERATION_WATCH_DAYS))
        audit_record(
            actor=moderator,
            action="moderation.suspend",
            target=user,
            data={"decision_id": decision.pk, "until": until.isoformat()},
        )
        _email_suspended(user=user, until=until, reason=reason)
    return decision


def user_reinstate(*, user: User, moderator: User, reason: str = "") -> Decision:
    """End `user`'s suspension now. Their contributions stay watched for a while."""
    now = timezone.now()
    with transaction.atomic():
        __, fresh = _check_may_decide(moderator=moderator, subject=user, about=ACCOUNT)
        if fresh is None:
            raise DecisionNotAllowed(_("This account no longer exists."))
        if fresh.suspended_until is None or fresh.suspended_until <= now:
            raise DecisionNotAllowed(_("This person is not suspended."))
        decision = Decision.objects.create(
            action=DecisionAction.REINSTATE,
            target_repr=str(user.public_name)[:200],
            subject=user,
            moderator=moderator,
            reason=reason.strip(),
            created_at=now,
        )
        user.suspended_until = None
        user.save(update_fields=["suspended_until"])
        audit_record(
            actor=moderator,
            action="moderation.reinstate",
            target=user,
            data={"decision_id": decision.pk},
        )
    return decision


# --- the word list -------------------------------------------------------------------------


def word_list_entry_save(*, entry: WordListEntry, actor: User | None) -> WordListEntry:
    created = entry.pk is None
    entry.expression = " ".join(entry.expression.split())
    with transaction.atomic():
        entry.save()
        audit_record(
            actor=actor,
            action="moderation.word_add" if created else "moderation.word_change",
            target=entry,
        )
    return entry


def word_list_entry_delete(*, entry: WordListEntry, actor: User) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="moderation.word_delete", target=entry)
        entry.delete()


# --- messages to the people concerned ------------------------------------------------------


def _language_of(user: User) -> str:
    # A person's own language once accounts record one; the town's language until then.
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _email_hidden(*, author: User, kind: ModeratedType, obj: Any, reason: str) -> None:
    """Tell the author why their contribution was hidden. The message does not quote it:
    a hidden text leaves the site in no e-mail, not even its author's."""
    if not (author.is_active and author.email):
        return
    with translation.override(_language_of(author)):
        town = current_town().name
        subject = _("A moderator hid one of your contributions")
        body = _(
            "Hello,\n\n"
            "A moderator of %(town)s hid a contribution you wrote. Other people no longer "
            "see it; you still see it, marked as hidden, at this address:\n%(url)s\n\n"
            "The moderator's reason:\n%(reason)s\n\n"
            "For a while, what you write will be read by a moderator before it is published.\n"
            "If you think this is a mistake, write to the town hall at %(email)s.\n"
        ) % {
            "town": town,
            "url": absolute_url(kind.url(obj)),
            "reason": reason,
            "email": current_town().email,
        }
    email_enqueue(EmailMessage(subject=subject, body=body, to=[author.email]))


def _email_suspended(*, user: User, until: datetime, reason: str) -> None:
    if not (user.is_active and user.email):
        return
    with translation.override(_language_of(user)):
        subject = _("Your account is suspended")
        body = _(
            "Hello,\n\n"
            "A moderator of %(town)s suspended your account until %(until)s. Until then you "
            "can read the site but not write on it.\n\n"
            "The moderator's reason:\n%(reason)s\n\n"
            "If you think this is a mistake, write to the town hall at %(email)s.\n"
        ) % {
            "town": current_town().name,
            "until": date_format(timezone.localtime(until), "DATETIME_FORMAT"),
            "reason": reason,
            "email": current_town().email,
        }
    email_enqueue(EmailMessage(subject=subject, body=body, to=[user.email]))
