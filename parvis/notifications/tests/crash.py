"""Steps of the crash test, each run as its own program against a database of its own.

    python -m parvis.notifications.tests.crash setup 120   migrate, 120 followers, publish
    python -m parvis.notifications.tests.crash sweep       the periodic sweep, once
    python -m parvis.notifications.tests.crash report      every delivery's address and status

Each prints one line of JSON. The database is the one the environment names (DATABASE_URL,
else the SQLite file of PARVIS_DATA_DIR), as for `parvis worker`, which the test runs
between these steps and kills.
"""

from __future__ import annotations

import json
import os
import sys


def setup(count: int) -> dict:
    from django.core.management import call_command
    from django.db import transaction

    from parvis.accounts.models import User
    from parvis.notifications.services import subscription_create
    from parvis.spaces.models import Space, SpaceKind, SpacePage
    from parvis.spaces.services import space_page_save, space_save

    call_command("migrate", verbosity=0)
    space = space_save(
        space=Space(kind=SpaceKind.NEIGHBOURHOOD, slug="vieux-bourg", name="Vieux-Bourg"),
        actor=None,
    )
    addresses = [f"habitant{i:03d}@example.org" for i in range(count)]
    for address in addresses:
        subscription_create(user=User.objects.create_user(address), target=space)
    with transaction.atomic():
        space_page_save(
            page=SpacePage(space=space, slug="marche", title="Le marché", body="Samedi."),
            actor=None,
        )
    return {"addresses": addresses}


def sweep() -> dict:
    from parvis.notifications.outbox import sweep as run_sweep

    return run_sweep()


def report() -> dict:
    from parvis.notifications.models import Delivery

    rows = Delivery.objects.order_by("id").values_list("recipient__email", "status")
    return {"deliveries": [[email, status] for email, status in rows]}


def main() -> None:
    import django

    from parvis.core.datadir import prepare

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    prepare()  # as `parvis` does: the data directory and its secret key
    django.setup()
    step = sys.argv[1]
    if step == "setup":
        result = setup(int(sys.argv[2]))
    elif step == "sweep":
        result = sweep()
    else:
        result = report()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
