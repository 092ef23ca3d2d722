"""The `parvis` command for administrators.

    parvis migrate          create or update the database tables
    parvis createadmin      create an administrator account
    parvis demo             build the demo town (same data every run, safe to run twice)
    parvis worker           run the task worker (e-mail, scheduled purges)
    parvis serve            run the production web server (granian)
    parvis run              web server and worker together, for the embedded default
    parvis check            check the deployment's settings
    parvis search_rebuild   rebuild the search index (--kind KIND for one type)
    parvis addresses_import FILE
                            import addresses from a Base Adresse Nationale CSV file

Any other Django management command works too (`parvis help` lists them).
"""

from __future__ import annotations

import os
import sys

ALIASES = {"check": ["check", "--deploy"]}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from parvis.core.datadir import prepare

    try:
        # The one step that writes to disk before the settings are read: the data
        # directory, and the secret key the first time when SECRET_KEY is not set.
        prepare()
        # Read the settings here, so a bad environment variable is reported in one line
        # an administrator can act on, not at the bottom of a traceback.
        settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured as exc:
        sys.exit(f"parvis: the configuration is not valid: {exc}")

    args = list(sys.argv[1:] if argv is None else argv)
    if args in ([], ["help"], ["--help"], ["-h"]):
        # Administrators first see the few commands they need, then everything Django has.
        print((__doc__ or "").strip(), end="\n\n")
    if args and args[0] in ALIASES:
        args = ALIASES[args[0]] + args[1:]
    execute_from_command_line(["parvis", *args])


if __name__ == "__main__":
    main()
