"""What the accounts app brings: the moderator's view of accounts and the purge of accounts
never confirmed."""

from datetime import timedelta

from parvis.accounts.models import User
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.accounts.tasks import purge_unverified_accounts
from parvis.core.pagecache import invalidates
from parvis.core.schedule import every

# The moderator sees accounts (to follow up on reports about people); only the
# administrator, who holds every permission, changes them and their roles.
grant(Role.MODERATOR, model_permissions("accounts", "user", ["view"]))

every(timedelta(hours=6), purge_unverified_accounts)

# Public names show on public pages (comments, the members of a space); what pages never
# show (the last sign-in, the password, a moderator's watch or suspension) changes none.
invalidates(
    User, ignore_fields=["last_login", "password", "watched_until", "suspended_until", "email"]
)
