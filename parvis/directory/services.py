"""Writes of the directory, each in one transaction with its audit entry, its revisions,
its search document and, for a decision, the proposer's notification.

- `entry_save`: the back office's edit; one `Revision` per field that changed.
- `proposal_create`: a resident proposes values (for an entry, or a new one).
- `proposal_decide`: a moderator accepts or rejects each proposed field; the accepted ones
  are applied under the entry's row lock, unless the entry's value changed since the
  resident saw it (that field is then "outdated", not applied).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.directory.models import (
    PROPOSABLE,
    ChangeProposal,
    DirectoryCategory,
    Entry,
    FieldDecision,
    ProposalStatus,
    Revision,
)
from parvis.directory.selectors import current_values, field_value
from parvis.notifications.services import notify, subscription_create
from parvis.search.indexing import index_object

if TYPE_CHECKING:
    from parvis.accounts.models import User

#: What a new entry cannot do without.
REQUIRED_FOR_NEW = ("name", "category", "lat", "lon")


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "entry")[:90]
    slug, number = base, 1
    while Entry.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _assign(entry: Entry, field: str, value: str) -> None:
    """Set an entry's field from its text form; ValidationError on a value it cannot take."""
    if field == "category":
        category = DirectoryCategory.objects.filter(slug=value).first()
        if category is None:
            raise ValidationError({"category": _("There is no such category.")})
        entry.category = category
    elif field in ("lat", "lon"):
        try:
            setattr(entry, field, float(value))
        except ValueError:
            raise ValidationError({field: _("Give a number of degrees.")}) from None
    else:
        setattr(entry, field, value)


def _save_with_revisions(
    entry: Entry, before: dict[str, str], *, actor: User | None, proposal: ChangeProposal | None
) -> list[Revision]:
    entry.full_clean()
    entry.save()
    revisions = [
        Revision(
            entry=entry,
            field=field,
            old=old,
            new=field_value(entry, field),
            actor=actor,
            proposal=proposal,
        )
        for field, old in before.items()
        if field_value(entry, field) != old
    ]
    Revision.objects.bulk_create(revisions)
    index_object(entry)
    return revisions


def entry_save(*, entry: Entry, actor: User) -> Entry:
    """Create or change `entry` as the back office edited it, with its revisions."""
    with transaction.atomic():
        if entry.pk:
            stored = Entry.objects.select_for_update().select_related("category").get(pk=entry.pk)
            before = current_values(stored, list(PROPOSABLE))
        else:
            before = current_values(None, list(PROPOSABLE))
            entry.slug = entry.slug or _unique_slug(entry.name)
        revisions = _save_with_revisions(entry, before, actor=actor, proposal=None)
        audit_record(
            actor=actor,
            action="directory.entry_save",
            target=entry,
            data={"fields": [r.field for r in revisions]},
        )
    return entry


def proposal_create(
    *, entry: Entry | None, proposer: User, values: dict[str, str], comment: str = ""
) -> ChangeProposal:
    """Record `proposer`'s proposed `values` (text, by field of PROPOSABLE): only those that
    differ from the entry's. ValidationError when nothing differs, or a new entry lacks
    what it needs."""
    with transaction.atomic():
        current = current_values(entry, list(PROPOSABLE))
        changed = {
            field: str(values[field]).strip()
            for field in PROPOSABLE
            if field in values and str(values[field]).strip() != current[field]
        }
        if not changed:
            raise ValidationError(_("Change at least one field."), code="unchanged")
        if entry is None:
            missing = [field for field in REQUIRED_FOR_NEW if not changed.get(field)]
            if missing:
                raise ValidationError({field: _("A new entry needs this.") for field in missing})
        proposal = ChangeProposal.objects.create(
            entry=entry,
            proposer=proposer,
            values=changed,
            base={field: current[field] for field in changed},
            comment=comment.strip(),
        )
        subscription_create(user=proposer, target=proposal)
        audit_record(actor=proposer, action="directory.proposal_create", target=proposal)
    return proposal


def proposal_decide(*, proposal: ChangeProposal, accepted: set[str], actor: User) -> ChangeProposal:
    """Accept the fields in `accepted`, reject the others; apply the accepted ones (all or
    none: ValidationError if the values they make are invalid). A new entry is created
    only if at least its name, category and position are accepted."""
    with transaction.atomic():
        locked = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PENDING:
            raise ValidationError(_("This proposal was already decided."), code="decided")
        decisions: dict[str, str] = {}
        entry: Entry | None = None
        if locked.entry_id is not None:
            entry = (
                Entry.objects.select_for_update().select_related("category").get(pk=locked.entry_id)
            )
        current = current_values(entry, list(locked.values))
        for field in locked.values:
            if field not in accepted:
                decisions[field] = FieldDecision.REJECTED
            elif current[field] != locked.base.get(field, ""):
                decisions[field] = FieldDecision.OUTDATED
            else:
                decisions[field] = FieldDecision.ACCEPTED
        to_apply = {
            f: locked.values[f] for f, d in decisions.items() if d == FieldDecision.ACCEPTED
        }
        if to_apply:
            if entry is None:
                missing = [f for f in REQUIRED_FOR_NEW if f not in to_apply]
                if missing:
                    raise ValidationError(
                        _("A new entry needs its name, category and position accepted.")
                    )
                entry = Entry(slug=_unique_slug(to_apply["name"]))
            for field, value in to_apply.items():
                _assign(entry, field, value)
            _save_with_revisions(
                entry, {f: current[f] for f in to_apply}, actor=actor, proposal=locked
            )
            locked.entry = entry
        locked.decisions = decisions
        locked.status = ProposalStatus.DECIDED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save()
        audit_record(actor=actor, action="directory.proposal_decide", target=locked, data=decisions)
        notify(
            kind="directory.proposal_decided",
            obj=locked,
            targets=[locked],
            key=f"directory.proposal:{locked.pk}:decided",
            actor=actor,
        )
    proposal.refresh_from_db()
    return proposal
