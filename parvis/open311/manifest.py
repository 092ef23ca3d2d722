"""Everything the Open311 interface brings to the shared mechanisms: its addresses (at
/open311/v2/, without a language prefix), who manages its API keys, and the query
parameters its cached lists read."""

from datetime import datetime, timedelta

from django.utils import timezone

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.open311.models import ApiKey

pages("parvis.open311.urls", prefix="open311/v2/", localized=False)

grant(Role.ADMINISTRATOR, model_permissions("open311", "apikey", ["view", "add", "change"]))


def _next_midnight() -> datetime:
    """A request list without dates covers the last 90 days from a midnight: it changes
    when a day begins."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))


# No public page shows a key; declared for the clock of the request lists' default window.
invalidates(ApiKey, due=_next_midnight, ignore_fields=["last_used_at"])

# The request lists' filters, kept in the cache keys (`status` and `page` are declared by
# reports and the core with patterns that fit Open311's values).
query_parameter("service_request_id", pattern=r"[0-9A-Za-z,]{1,200}")
query_parameter("service_code", pattern=r"[-a-zA-Z0-9_,]{1,200}")
query_parameter("start_date", pattern=r"[-0-9T:.+Z ]{1,40}")
query_parameter("end_date", pattern=r"[-0-9T:.+Z ]{1,40}")
query_parameter("jurisdiction_id", pattern=r"[-a-zA-Z0-9_.]{1,100}")
