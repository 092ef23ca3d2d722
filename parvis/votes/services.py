"""Writes of votes: who may vote (`ineligibility_reason`), a ballot cast (`ballot_cast`), a
home declared (`residence_declare`).

`ballot_cast` is the one way a ballot is written. In one transaction it rereads the
consultation (opened, not closed, published), checks the voter's eligibility and the
choices against the method, then inserts the voter's line in the register and the
anonymous ballot. The register's unique constraint (consultation, voter) is the guard
against a second ballot: two tabs posting at once both reach the inserts, the database
lets one through and the other gets an IntegrityError, turned into "you have already
voted" with nothing of it kept (the whole transaction, ballot included, rolls back). No
row lock is taken: the consultation's row is read, not locked, so that thousands of
voters at once never wait on each other (a change of its dates by staff during a vote
counts from the next ballot).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core.audit import audit_record
from parvis.core.geo import area_contains
from parvis.votes.models import (
    Ballot,
    Candidacy,
    CandidacyStatus,
    Consultation,
    Eligibility,
    Method,
    Option,
    Residence,
    VoterRecord,
)

if TYPE_CHECKING:
    from parvis.accounts.models import User
    from parvis.addresses.models import Address


class AlreadyVotedError(ValidationError):
    """The person's ballot is already in: a second one is refused (another tab, a replay)."""


def already_voted_message() -> str:
    return _("You have already voted in this consultation: your ballot is counted once.")


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` (someone born on 29 February turns a year older on
    1 March in common years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def state_reason(consultation: Consultation, *, now: datetime.datetime | None = None) -> str:
    """Why `consultation` takes no ballot now, in residents' words; "" when it takes them."""
    moment = now or timezone.now()
    if not consultation.is_published:
        return _("This consultation is not published.")
    if moment < consultation.opens_at:
        return _("Voting has not opened yet.")
    if moment >= consultation.closes_at:
        return _("Voting is closed.")
    return ""


def _age_rule(consultation: Consultation) -> str:
    low, high = consultation.min_age, consultation.max_age
    if low is not None and high is not None:
        return _("This vote is for people aged %(low)d to %(high)d.") % {"low": low, "high": high}
    if low is not None:
        return _("This vote is for people aged %(low)d or more.") % {"low": low}
    return _("This vote is for people aged %(high)d or less.") % {"high": high}


def ineligibility_reason(
    consultation: Consultation, user: User | None, *, now: datetime.datetime | None = None
) -> str:
    """Why `user` may not vote in `consultation`, in their words; "" when they may.

    The rules, in this order: signed in; a verified resident when the consultation asks for
    it (the role given by identity verification); within the age range on the day of the
    vote (the town's date), which needs the date of birth the identity provider gave; a
    declared home inside the space's area when the consultation asks for it."""
    if user is None or not user.is_authenticated:
        return _("Sign in to vote.")
    if not user.is_active:
        return _("This account is closed.")
    if consultation.eligibility == Eligibility.VERIFIED and not user.is_verified_resident:
        return _(
            "This vote is for verified residents: confirm your identity with FranceConnect, "
            "then come back."
        )
    if consultation.min_age is not None or consultation.max_age is not None:
        rule = _age_rule(consultation)
        if user.birth_date is None:
            return (
                rule
                + " "
                + _(
                    "Your date of birth is not known: it is given by FranceConnect when you sign "
                    "in with it."
                )
            )
        today = timezone.localdate(now or timezone.now())
        age = age_on(user.birth_date, today)
        too_young = consultation.min_age is not None and age < consultation.min_age
        too_old = consultation.max_age is not None and age > consultation.max_age
        if too_young or too_old:
            return rule + " " + _("Your age does not fall within it.")
    if consultation.residents_of_area:
        space = consultation.space
        if not space.boundary:
            return _("This vote is for people living in %(space)s, whose area is not drawn.") % {
                "space": space.name
            }
        home = Residence.objects.filter(user=user).select_related("address").first()
        if home is None:
            return _(
                "This vote is for people living in %(space)s: declare your home address first."
            ) % {"space": space.name}
        if not area_contains(space.boundary, lat=home.address.lat, lon=home.address.lon):
            return _(
                "This vote is for people living in %(space)s, and your declared home is outside it."
            ) % {"space": space.name}
    return ""


def choices_clean(
    consultation: Consultation, choices: list[int], options: dict[int, int | None]
) -> list[int]:
    """`choices` (option ids, in order of preference for a ranked vote) checked against the
    method and `options` (id → cost); raises ValidationError keyed "choices"."""

    def refuse(message: str) -> ValidationError:
        return ValidationError({"choices": [message]})

    if any(choice not in options for choice in choices):
        raise refuse(_("One of the choices is not an option of this consultation."))
    if len(set(choices)) != len(choices):
        if consultation.method == Method.RANKED:
            raise refuse(_("Give each option one rank at most."))
        raise refuse(_("Choose each option once at most."))
    if not choices:
        raise refuse(_("Choose at least one option."))
    method = consultation.method
    if method == Method.SINGLE and len(choices) != 1:
        raise refuse(_("Choose one option only."))
    if method in (Method.APPROVAL, Method.ELECTION) and len(choices) > (
        consultation.max_choices or 1
    ):
        k = consultation.max_choices or 1
        raise refuse(
            ngettext("Choose %(k)d option at most.", "Choose %(k)d options at most.", k) % {"k": k}
        )
    if method == Method.BUDGET:
        total = sum(options[choice] or 0 for choice in choices)
        if total > (consultation.budget or 0):
            raise refuse(
                _(
                    "The projects you chose cost %(total)s euros, more than the budget of "
                    "%(budget)s euros."
                )
                % {"total": total, "budget": consultation.budget}
            )
    return list(choices)


def ballot_cast(
    *,
    consultation: Consultation,
    voter: User,
    choices: list[int],
    now: datetime.datetime | None = None,
) -> Ballot:
    """Cast `voter`'s ballot of `choices` in `consultation`; returns it (its id is the
    voter's receipt).

    In one transaction: the consultation reread, its state, the voter's eligibility and the
    choices checked, then the register's line and the ballot inserted. Raises
    ValidationError ("__all__": closed, not open yet, ineligible, already voted; "choices":
    the choices) and writes nothing then. Takes no lock: the register's unique constraint
    refuses a second ballot from the same person, whatever the timing."""
    moment = now or timezone.now()
    try:
        with transaction.atomic():
            current = Consultation.objects.select_related("space").get(pk=consultation.pk)
            reason = state_reason(current, now=moment) or ineligibility_reason(
                current, voter, now=moment
            )
            if reason:
                raise ValidationError({"__all__": [reason]})
            options = dict(current.options.values_list("id", "cost"))
            cleaned = choices_clean(current, choices, options)
            VoterRecord.objects.create(consultation=current, voter=voter, voted_at=moment)
            return Ballot.objects.create(consultation=current, choices=cleaned)
    except IntegrityError:
        if VoterRecord.objects.filter(consultation=consultation, voter=voter).exists():
            raise AlreadyVotedError({"__all__": [already_voted_message()]}) from None
        raise


def residence_declare(*, user: User, address: Address) -> Residence:
    """`user` declares they live at `address` (one of the town's): kept, or replaced.
    Audited without the address (a home is private)."""
    with transaction.atomic():
        residence, _created = Residence.objects.update_or_create(
            user=user, defaults={"address": address, "declared_at": timezone.now()}
        )
        audit_record(actor=user, action="votes.residence_declare", target=None)
    return residence


# --- elections: candidacies -------------------------------------------------------------------


def candidacy_refusal(
    consultation: Consultation, user: User, *, now: datetime.datetime | None = None
) -> str:
    """Why `user` may not stand in `consultation`, in their words; "" when they may. An
    election takes candidacies until voting opens, from people within the candidates' age
    range (the date of birth known through FranceConnect, as for voting)."""
    moment = now or timezone.now()
    if consultation.method != Method.ELECTION or not consultation.is_published:
        return _("This consultation takes no candidacy.")
    if moment >= consultation.opens_at:
        return _("Candidacies closed when voting opened.")
    low, high = consultation.candidate_min_age, consultation.candidate_max_age
    if low is not None or high is not None:
        if user.birth_date is None:
            return _(
                "Candidates must be of a given age, and your date of birth is not known: it "
                "is given by FranceConnect when you sign in with it."
            )
        age = age_on(user.birth_date, timezone.localdate(moment))
        if (low is not None and age < low) or (high is not None and age > high):
            return _("Your age is not within the candidates' age range.")
    return ""


def candidacy_submit(
    *,
    consultation: Consultation,
    user: User,
    name: str,
    presentation: str,
    projects: str,
    photo: object = None,
    photo_alt: str = "",
    now: datetime.datetime | None = None,
) -> Candidacy:
    """`user` stands in the election `consultation`: a candidacy waiting for staff's
    validation. Raises ValidationError ("__all__": not possible now, or already standing;
    "photo_alt": a photo without its description) and writes nothing then."""
    reason = candidacy_refusal(consultation, user, now=now)
    if reason:
        raise ValidationError({"__all__": [reason]})
    if photo and not photo_alt.strip():
        raise ValidationError(
            {"photo_alt": [_("Describe your photo for people who cannot see it.")]}
        )
    candidacy = Candidacy(
        consultation=consultation,
        user=user,
        name=name.strip(),
        presentation=presentation.strip(),
        projects=projects.strip(),
        photo_alt=photo_alt.strip() if photo else "",
    )
    if photo:
        candidacy.photo = photo
    try:
        with transaction.atomic():
            candidacy.save()
            audit_record(actor=user, action="votes.candidacy_submit", target=candidacy)
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("You are already standing in this election.")]}
        ) from None
    return candidacy


def candidacy_decide(*, candidacy: Candidacy, validate: bool, actor: User | None) -> None:
    """Staff validate a candidacy (it becomes one of the election's options, listed in the
    order of validation) or refuse it (its option, if any, is removed). Locks the
    candidacy's row; audited. Refused once voting opened: the ballot is set then, and when
    validating a refused candidacy whose author stands again with another: one stands."""
    try:
        _candidacy_decide(candidacy=candidacy, validate=validate, actor=actor)
    except IntegrityError:
        raise ValidationError(
            {
                "__all__": [
                    _("%(name)s stands again with another candidacy: decide on that one.")
                    % {"name": candidacy.name}
                ]
            }
        ) from None


def _candidacy_decide(*, candidacy: Candidacy, validate: bool, actor: User | None) -> None:
    with transaction.atomic():
        locked = (
            Candidacy.objects.select_for_update()
            .select_related("consultation")
            .get(pk=candidacy.pk)
        )
        if timezone.now() >= locked.consultation.opens_at:
            raise ValidationError(
                {"__all__": [_("Voting has opened: the candidates can no longer change.")]}
            )
        if validate and locked.option is None:
            last = locked.consultation.options.order_by("-position").first()
            locked.option = Option.objects.create(
                consultation=locked.consultation,
                title=locked.name,
                description=locked.presentation,
                image=locked.photo.name if locked.photo else "",
                image_alt=locked.photo_alt,
                position=(last.position + 1) if last else 0,
            )
        if not validate and locked.option is not None:
            locked.option.delete()
            locked.option = None
        locked.status = CandidacyStatus.VALIDATED if validate else CandidacyStatus.REFUSED
        locked.save(update_fields=["status", "option"])
        audit_record(
            actor=actor,
            action="votes.candidacy_validate" if validate else "votes.candidacy_refuse",
            target=locked,
        )
