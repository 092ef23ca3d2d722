"""What the notifications app brings: the outbox's periodic work."""

from datetime import timedelta

from parvis.core.schedule import every
from parvis.notifications.digests import digests_prepare
from parvis.notifications.outbox import deliveries_purge, deliveries_sweep

every(timedelta(minutes=5), deliveries_sweep)
every(timedelta(minutes=10), digests_prepare)
every(timedelta(days=1), deliveries_purge)
