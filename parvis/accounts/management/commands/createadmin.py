"""`parvis createadmin`: create (or promote) an administrator account."""

from __future__ import annotations

import getpass
import os
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant


class Command(BaseCommand):
    help = (
        "Create an administrator account, or give the role to an existing account. "
        "The password is asked for, or read from PARVIS_ADMIN_PASSWORD."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--email", help="The administrator's e-mail address.")
        parser.add_argument(
            "--no-input", action="store_true", help="Never prompt (needs --email and the variable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"] or (None if options["no_input"] else input("E-mail: ").strip())
        if not email:
            raise CommandError("An e-mail address is required (--email).")
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from exc
        email = email.lower()
        user = User.objects.filter(email__iexact=email).first()
        password = os.environ.get("PARVIS_ADMIN_PASSWORD", "")
        if user is None and not password:
            if options["no_input"]:
                raise CommandError(
                    "Set PARVIS_ADMIN_PASSWORD to create an account without prompts."
                )
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        with transaction.atomic():
            if user is None:
                candidate = User(email=email)
                try:
                    validate_password(password, candidate)
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from exc
                user = User.objects.create_user(email, password)
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                created = True
            else:
                created = False
            role_grant(user=user, role=Role.ADMINISTRATOR, granted_by=None)
        verb = "Created" if created else "Gave the administrator role to"
        self.stdout.write(self.style.SUCCESS(f"{verb} {email}."))
        self.stdout.write(
            "Before reaching the back office, this account must set up two-factor "
            "authentication (it will be asked at the first visit)."
        )
