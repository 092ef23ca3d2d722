"""Who may reach which subscription: its owner only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from parvis.notifications.models import Subscription

if TYPE_CHECKING:
    from parvis.accounts.models import User


def get_subscription_for_user(*, user: User, pk: int) -> Subscription:
    """The signed-in person's own subscription `pk`, or 404 (someone else's looks missing)."""
    subscription = Subscription.objects.filter(pk=pk, user=user).first()
    if subscription is None:
        raise Http404
    return subscription
