"""What becomes of a person's wiki edits when their account is erased.

The wiki's text is written together: a version is the base of the ones after it, so it
stays in the history, signed "an erased account" instead of their name, even when the
person chooses to erase their contributions (removing it would rewrite every later
version). Their edits still waiting for patrol, never published, go with the account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import ngettext

from parvis.core.pagecache import objects_changed
from parvis.wiki.models import Revision, RevisionStatus

if TYPE_CHECKING:
    from parvis.accounts.models import User


def wiki_edits_erased(user: User, *, erase_contributions: bool) -> None:
    Revision.objects.filter(author=user).exclude(status=RevisionStatus.PUBLISHED).delete()
    published = list(Revision.objects.filter(author=user).values_list("pk", flat=True))
    if published:
        Revision.objects.filter(pk__in=published).update(author=None)
        # `update()` sends no model signal: the cached histories are told here.
        objects_changed(Revision, published)


def wiki_edits_erasure_text(user: User) -> str | None:
    count = Revision.objects.filter(author=user, status=RevisionStatus.PUBLISHED).count()
    if not count:
        return None
    return ngettext(
        "You have made %(count)s edit to the wiki. It stays in the page's history, which "
        "later versions build on, signed “an erased account” instead of your name.",
        "You have made %(count)s edits to the wiki. They stay in the pages' histories, which "
        "later versions build on, signed “an erased account” instead of your name.",
        count,
    ) % {"count": count}
