"""What search brings to the shared mechanisms: the parameters of its page, which the page
cache keys on (`?q=…&type=…&space=…&page=…`); longer or stranger values are not cached."""

from parvis.core.pagecache import query_parameter

query_parameter("q", pattern=r"[^\x00-\x1f]{0,100}")
query_parameter("type", pattern=r"[a-z_]{1,40}", many=True)
query_parameter("space", pattern=r"[a-z0-9-]{0,80}")
