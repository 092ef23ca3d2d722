"""The outbox's tasks under the names they had before they moved beside the work they run.

The tasks themselves live in `outbox.py` (fan-out, sending, sweep, purge) and `digests.py`
(daily digests). The database task backend stores a queued task by its dotted path and
imports that path when a worker picks the row up: rows queued before the move name
`parvis.notifications.tasks.<task>`, so these names keep them runnable. Nothing in Parvis
imports this module; it may go once no queued row names it:

    DBTaskResult.objects.filter(task_path__startswith="parvis.notifications.tasks.")
"""

from parvis.notifications.digests import digests_prepare
from parvis.notifications.outbox import (
    deliveries_purge,
    deliveries_send,
    deliveries_sweep,
    notification_fan_out,
)

__all__ = [
    "deliveries_purge",
    "deliveries_send",
    "deliveries_sweep",
    "digests_prepare",
    "notification_fan_out",
]
