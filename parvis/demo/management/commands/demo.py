"""`parvis demo`: build the demo town and print its accounts (DEMO ONLY)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from parvis.core.town import current_town
from parvis.demo.people import ACCOUNTS, VOICES
from parvis.demo.services import DemoReport, demo_town_build

WARNING = (
    "DEMO ONLY: these accounts, passwords and TOTP secrets are public (they are printed here "
    "and published in docs/demo.md). Never use them on a site that real people use."
)


class Command(BaseCommand):
    help = (
        "Build the fictional demo town: neighbourhoods with their maps, a tram project, a "
        "youth council, themes, demo accounts, 200 news articles, 500 announcements and "
        "residents' comments. The same data on every run; safe to run twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though TOWN_NAME says this site serves a real town.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        town = current_town()
        if not town.is_demo and not options["force"]:
            raise CommandError(
                f"This site serves a real town ({town.name}; TOWN_NAME is set), so `parvis "
                "demo` will not add fictional spaces and accounts with published passwords to "
                "it. Use --force only on a throw-away copy of the database."
            )
        report = demo_town_build()
        self._print_summary(report)
        self._print_accounts(report)

    def _print_summary(self, report: DemoReport) -> None:
        if not report.changed:
            self.stdout.write("The demo town is already up to date: nothing changed.")
            return
        parts = []
        for label, counter in (("created", report.created), ("updated", report.updated)):
            if counter:
                details = ", ".join(f"{count} {kind}" for kind, count in sorted(counter.items()))
                parts.append(f"{label} {details}")
        self.stdout.write(self.style.SUCCESS("Demo town built: " + "; ".join(parts) + "."))

    def _print_accounts(self, report: DemoReport) -> None:
        rows = [("Account", "E-mail", "Password", "TOTP secret")]
        rows += [
            (account.label, account.email, account.password, account.totp_secret or "-")
            for account in ACCOUNTS
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        rule = "-" * (sum(widths) + 3 * (len(widths) - 1))
        self.stdout.write("")
        self.stdout.write(self.style.WARNING(WARNING))
        self.stdout.write(rule)
        for index, row in enumerate(rows):
            self.stdout.write(
                "   ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if index == 0:
                self.stdout.write(rule)
        self.stdout.write(rule)
        self.stdout.write(
            "Staff accounts ask for a code from an authenticator app: add the TOTP secret to "
            "one (as a time-based key), then sign in with the code it shows."
        )
        voices = ", ".join(
            f"{voice.display_name or voice.first_name} <{voice.email}>" for voice in VOICES
        )
        self.stdout.write(
            f"Residents who comment, without a password (they cannot sign in): {voices}."
        )
        if report.people:
            names = ", ".join(f"{person.display_name} <{person.email}>" for person in report.people)
            self.stdout.write(
                f"Shown on the spaces' pages, without a password (they cannot sign in): {names}."
            )
