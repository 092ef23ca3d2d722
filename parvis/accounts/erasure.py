"""What other apps do when an account is erased.

Rows that belong only to the person (subscriptions, memberships, roles) go with the account
through foreign keys. A feature whose public contributions must outlive their author (a
comment in a discussion, a wiki revision) registers a handler in its app's `manifest.py`, that
detaches them from the account, or erases them when the person chose so:

    on_user_erased(comments_erased, describe=comments_erasure_text)

Handlers run inside the erasure's transaction, after the account's row is locked and
before it is deleted: `handler(user, erase_contributions=...)`. `describe(user)` tells the
person, on the page where they erase their account, what will become of what they wrote
with the feature (None when they wrote nothing there); that page offers the choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parvis.accounts.models import User

from parvis.core.registry import Registry


@dataclass(frozen=True)
class ErasureHandler:
    #: Detaches (or, with `erase_contributions`, erases) what the person wrote.
    handler: Callable[..., None]
    #: What will become of it, in a sentence or two for the person; None: nothing written.
    describe: Callable[[Any], str | None] | None


_handlers: Registry[ErasureHandler] = Registry("erasure handler")


def on_user_erased(
    handler: Callable[..., None], *, describe: Callable[[Any], str | None] | None = None
) -> Callable[..., None]:
    """Register `handler(user, *, erase_contributions: bool)`, run when an account is erased."""
    _handlers.add(
        f"{handler.__module__}.{handler.__qualname__}",
        ErasureHandler(handler=handler, describe=describe),
    )
    return handler


def contributions_described(user: User) -> list[str]:
    """What will become of what `user` wrote, one text per feature where they wrote something."""
    texts = (entry.describe(user) for entry in _handlers if entry.describe is not None)
    return [text for text in texts if text]


def before_user_deleted(user: User, *, erase_contributions: bool = False) -> None:
    for entry in _handlers:
        entry.handler(user, erase_contributions=erase_contributions)
