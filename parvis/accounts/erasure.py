"""What other apps do when an account is erased.

Rows that belong only to the person (subscriptions, memberships, roles) go with the account
through foreign keys. A feature whose public contributions must outlive their author (a
comment in a discussion, a wiki revision) registers a handler here that detaches or
anonymises them; handlers run inside the erasure's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_handlers: list[Callable[[Any], None]] = []


def on_user_erased(handler: Callable[[Any], None]) -> Callable[[Any], None]:
    _handlers.append(handler)
    return handler


def before_user_deleted(user: Any) -> None:
    for handler in _handlers:
        handler(user)
