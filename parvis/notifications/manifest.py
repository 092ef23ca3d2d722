"""What the notifications app brings: the outbox's periodic work."""

from datetime import timedelta

from parvis.core.pagecache import invalidates
from parvis.core.schedule import every
from parvis.notifications.digests import digests_prepare
from parvis.notifications.models import Subscription
from parvis.notifications.outbox import deliveries_purge, deliveries_sweep

every(timedelta(minutes=5), deliveries_sweep)
every(timedelta(minutes=10), digests_prepare)
every(timedelta(days=1), deliveries_purge)

# Pages show how many people follow what they are about ("12 followers" on a space's page).
invalidates(
    Subscription,
    keys=lambda subscription: (
        [f"{subscription.target_type.model_class()._meta.label_lower}:{subscription.target_id}"]
        if subscription.target_type_id and subscription.target_type.model_class()
        else []
    ),
    ignore_fields=["frequency"],
)
