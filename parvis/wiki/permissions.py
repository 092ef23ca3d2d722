"""Who may do what in the wiki: the one place views and services ask.

- Editing: signed in, not suspended, and allowed by the article's protection (any resident,
  verified residents only, staff only). Creating a page: any resident who may contribute.
- Patrolling (accepting or rejecting held edits, rolling back the last author's edits):
  the `wiki.patrol_revision` permission, granted to moderators and administrators.
- Held for patrol (the rule, docs/wiki.md): an edit waits for a patroller when its author is
  not staff, not a patroller, and either holds an account younger than `NEW_ACCOUNT_DAYS`
  days, or has fewer than `TRUSTED_AFTER_EDITS` published edits, or is under the
  moderators' watch (`watched_until`). Verified residents follow the same rule: verifying
  who someone is says nothing of their edits.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from parvis.moderation.permissions import is_suspended, is_under_watch
from parvis.wiki.models import Article, Protection, Revision, RevisionStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User

NEW_ACCOUNT_DAYS = 4
TRUSTED_AFTER_EDITS = 3


def can_contribute(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and not is_suspended(user))


def can_edit(user: User | AnonymousUser, article: Article | None) -> bool:
    """Whether `user` may edit `article` (None: create a page)."""
    if not can_contribute(user):
        return False
    protection = article.protection if article is not None else Protection.OPEN
    if protection == Protection.STAFF:
        return bool(user.is_staff)
    if protection == Protection.VERIFIED:
        return bool(user.is_staff or user.is_verified_resident)  # type: ignore[union-attr]
    return True


def can_patrol(user: User | AnonymousUser) -> bool:
    return bool(can_contribute(user) and user.has_perm("wiki.patrol_revision"))


def is_held(user: User) -> bool:
    """Whether an edit by `user` waits for a patroller (the rule of the module)."""
    if user.is_staff or can_patrol(user):
        return False
    if is_under_watch(user):
        return True
    if user.date_joined > timezone.now() - timedelta(days=NEW_ACCOUNT_DAYS):
        return True
    published = Revision.objects.filter(author=user, status=RevisionStatus.PUBLISHED)
    return published[:TRUSTED_AFTER_EDITS].count() < TRUSTED_AFTER_EDITS


def can_see_revision(user: User | AnonymousUser, revision: Revision) -> bool:
    """Published revisions are public; a pending or rejected one only to its author and
    to patrollers."""
    if revision.status == RevisionStatus.PUBLISHED:
        return True
    return bool(user.is_authenticated and (revision.author_id == user.pk or can_patrol(user)))
