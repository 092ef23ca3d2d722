"""`parvis mfa_rekey`: encrypt every two-factor secret under the current SECRET_KEY."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parvis.accounts.services import authenticators_rekey
from parvis.core.crypto import UndecryptableSecretError


class Command(BaseCommand):
    help = (
        "Re-encrypt the TOTP keys and recovery codes of every account under the key derived "
        "from SECRET_KEY, after SECRET_KEY was changed with the old one kept in "
        "SECRET_KEY_FALLBACKS. Safe to run again. See docs/configuration.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rewritten, current = authenticators_rekey()
        except UndecryptableSecretError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{rewritten} authenticator(s) re-encrypted under the current SECRET_KEY, "
            f"{current} already were. The old keys can now leave SECRET_KEY_FALLBACKS."
        )
