"""Everything votes bring to the shared mechanisms: their pages, who keeps consultations in
the back office, what makes their cached pages fresh (a change, or the clock at opening
and closing), and what becomes of a voter's traces when their account is erased."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.sections import section
from parvis.votes import selectors
from parvis.votes.models import (
    Ballot,
    Candidacy,
    Consultation,
    Option,
    Residence,
    VoterRecord,
)

pages("parvis.votes.urls")

# The communication officers and administrators keep consultations and their options;
# elected officials read them. Nobody gets ballots or the register in the back office:
# the totals are on the public results, the staff's CSV export (an action on the
# consultation) gives the ballots without any voter.
_KEEP = (
    model_permissions("votes", "consultation", ["view", "add", "change", "delete"])
    + model_permissions("votes", "option", ["view", "add", "change", "delete"])
    + model_permissions("votes", "candidacy", ["view", "change"])
)
grant(Role.COMMUNICATION_OFFICER, _KEEP)
grant(Role.ADMINISTRATOR, _KEEP)
grant(Role.ELECTED_OFFICIAL, model_permissions("votes", "consultation", ["view"]))


def _space_of(consultation: Consultation) -> list[str]:
    return [f"space:{consultation.space_id}"]


def _consultation_of(item: Option | Candidacy) -> list[str]:
    return [f"votes.consultation:{item.consultation_id}"]


# A consultation's pages change when it or its options change, and by the clock when one
# opens or closes (`due`).
invalidates(Consultation, keys=_space_of, due=selectors.next_change)
invalidates(Option, keys=_consultation_of)
# A candidacy shows on its election's pages once validated (it is then an option too).
invalidates(Candidacy, keys=_consultation_of)
# Ballots and the register are written only while a consultation is open, when no page
# shows them (no count before closing); a closed one takes none. Declared as never shown,
# so the pages that count them (results, after closing) stay cached, and casting a ballot
# moves no counter at all.
invalidates(Ballot, shown=lambda ballot: False)
invalidates(VoterRecord, shown=lambda line: False)
invalidates(Residence, shown=lambda residence: False)


def _space_section(request: Any, space: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "space": space,
        "consultations": list(
            selectors.open_consultations(space=space, now=now).filter(opens_at__lte=now)[:5]
        ),
    }


# The votes open in a space, on its page (by the clock: `due` above makes it fresh).
section(
    "votes.space",
    page="space",
    template="votes/_space_consultations.html",
    context=_space_section,
    order=25,
)


def _erased(user: Any, *, erase_contributions: bool) -> None:
    """The register keeps its line without the person (SET_NULL: the count stays right);
    ballots never named anyone. The declared home goes with the account (CASCADE)."""


def _erasure_text(user: Any) -> str | None:
    if not VoterRecord.objects.filter(voter=user).exists():
        return None
    return _(
        "Your ballots stay counted: they never carried your name, and the register of voters "
        "keeps a line without it."
    )


on_user_erased(_erased, describe=_erasure_text)
