"""A person's comments when they erase their account: kept in their discussions, signed
"a former resident", or erased with it, as they choose on the page where they erase it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import ngettext

from parvis.comments.models import Comment
from parvis.comments.services import comments_detach, comments_erase

if TYPE_CHECKING:
    from parvis.accounts.models import User


def comments_erased(user: User, *, erase_contributions: bool) -> None:
    if erase_contributions:
        comments_erase(author=user)
    else:
        comments_detach(author=user)


def comments_erasure_text(user: User) -> str | None:
    """What will become of `user`'s comments, for the page where they erase their account."""
    count = Comment.objects.filter(author=user, deleted_at=None).count()
    if not count:
        return None
    return ngettext(
        "You have written %(count)s comment. Unless you choose to erase it below, it stays "
        "in its discussion, signed “A former resident” instead of your name.",
        "You have written %(count)s comments. Unless you choose to erase them below, they "
        "stay in their discussions, signed “A former resident” instead of your name.",
        count,
    ) % {"count": count}
