"""What the core brings: its periodic maintenance jobs.

Every app of Parvis declares what it contributes to the shared mechanisms in its own
`manifest.py` like this one; `parvis.core.apps` imports them all at start-up (see
docs/where-things-go.md).
"""

from datetime import timedelta

from parvis.core.maps import BBOX_PATTERN, ZOOM_PATTERN
from parvis.core.pagecache import query_parameter
from parvis.core.schedule import every
from parvis.core.tasks import (
    purge_expired_sessions,
    purge_finished_tasks,
    refresh_database_statistics,
)

every(timedelta(hours=6), purge_expired_sessions)
every(timedelta(hours=6), purge_finished_tasks)
every(timedelta(hours=6), refresh_database_statistics)

# The page of a list, in every paginated page: `?page=2`, up to page 9999.
query_parameter("page", pattern=r"[1-9][0-9]{0,3}")

# A map layer's box and zoom (`parvis.core.maps`): the map snaps the box to its grid, so a
# moved map asks again only when it shows other cells.
query_parameter("bbox", pattern=BBOX_PATTERN)
query_parameter("zoom", pattern=ZOOM_PATTERN)
