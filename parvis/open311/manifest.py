"""Everything the Open311 interface brings to the shared mechanisms: its addresses (at
/open311/v2/, without a language prefix), who manages its API keys, and the query
parameters its cached lists read."""

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages
from parvis.open311.models import ApiKey

pages("parvis.open311.urls", prefix="open311/v2/", localized=False)

# Administrators alone manage API keys: which third-party apps may send reports to the town
# is their decision. The technical services handle the reports those apps send, and neither
# make nor see keys.
grant(Role.ADMINISTRATOR, model_permissions("open311", "apikey", ["view", "add", "change"]))


# No public page shows a key (the request lists' default window ends their cached copies at
# midnight themselves: `views._list_requests`).
invalidates(ApiKey, ignore_fields=["last_used_at"])

# The request lists' filters, kept in the cache keys (`status` and `page` are declared by
# reports and the core with patterns that fit Open311's values).
query_parameter("service_request_id", pattern=r"[0-9A-Za-z,]{1,200}")
query_parameter("service_code", pattern=r"[-a-zA-Z0-9_,]{1,200}")
query_parameter("start_date", pattern=r"[-0-9T:.+Z ]{1,40}")
query_parameter("end_date", pattern=r"[-0-9T:.+Z ]{1,40}")
query_parameter("jurisdiction_id", pattern=r"[-a-zA-Z0-9_.]{1,100}")
