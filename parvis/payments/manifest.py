"""Everything online payment brings to the shared mechanisms: its pages (the return page,
the test backend's page; the provider's notification at one address without a language
prefix), who reads payments in the back office, and the nightly reconciliation."""

from __future__ import annotations

from datetime import timedelta

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.payments.tasks import reconciliation_send

pages("parvis.payments.urls")
# /payments/notification/: the address written in the provider's back office.
pages("parvis.payments.urls_notify", prefix="payments/", localized=False)

# Administrators read the payments and record refunds; an app whose things are paid grants
# its own officers the same (the family space: family services).
grant(Role.ADMINISTRATOR, model_permissions("payments", "payment", ["view", "change"]))

every(timedelta(days=1), reconciliation_send)
