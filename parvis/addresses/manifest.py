"""What addresses bring to the shared mechanisms: their pages (the autocomplete's answers
and "Which neighbourhood?"), who imports a file of them from the back office, and what
keeps those pages fresh in the page cache."""

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.addresses.models import Address, Street, StreetWord
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.routes import pages

pages("parvis.addresses.urls")

# Administrators send the town's file (the worker imports it) and read what each import did.
grant(Role.ADMINISTRATOR, model_permissions("addresses", "addressimport", ["view", "add"]))

# The import writes without model signals and bumps these itself (`services.addresses_import`);
# declared so that pages reading these tables depend on them alone, not on every change.
invalidates(Address)
invalidates(Street)
invalidates(StreetWord)

# What someone types in the lookup form, and the choice among ambiguous addresses (a BAN
# id). The autocomplete's `q` is the search's (`parvis/search/manifest.py`): a query
# parameter is declared once for the whole site, and its pattern (100 printable characters)
# suits both; a longer `q` is answered, merely not cached.
query_parameter("address", pattern=r"[^\x00-\x1f]{0,200}")
query_parameter("address-choice", pattern=r"[0-9A-Za-z_]{1,50}")
