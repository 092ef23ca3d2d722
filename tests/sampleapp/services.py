"""Writes of the notice board: a resident pins a notice; what depends on its visibility
(search, followers' e-mails) follows in the same transaction."""

from __future__ import annotations

from django.db import transaction

from parvis.moderation.permissions import check_can_contribute
from parvis.moderation.services import contribution_admit
from parvis.notifications.services import notify
from parvis.search.indexing import index_object
from tests.sampleapp.models import Notice

PUBLISHED = "noticeboard.notice_published"


def _announce(notice: Notice) -> None:
    notify(
        kind=PUBLISHED,
        obj=notice,
        targets=[notice.space, "notices"],
        key=f"noticeboard.notice:{notice.pk}:published",
    )


def notice_post(*, author, space, title: str, body: str) -> Notice:
    check_can_contribute(author)
    with transaction.atomic():
        notice = Notice(author=author, space=space, title=title, body=body)
        notice.moderation_status = contribution_admit(obj=notice, author=author, space=space)
        notice.save()
        index_object(notice)
        if notice.is_public():
            _announce(notice)
    return notice


def notice_visibility_changed(notice: Notice, old: str, new: str) -> None:
    """Called by the moderation services inside the decision's transaction."""
    index_object(notice)
    if notice.is_public():
        _announce(notice)
