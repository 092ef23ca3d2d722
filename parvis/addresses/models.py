"""The town's addresses, as the Base Adresse Nationale (BAN) lists them.

An address belongs to a street; a street holds what its addresses share (name, postcode,
INSEE code, town) and the words it is found by. Searching reads the words' index (a range
on an indexed column, the same on SQLite and PostgreSQL), never a scan of the addresses.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.core.storage import private_storage


class WordField(models.CharField):
    """Text compared byte by byte, so that a range on its index finds every word that begins
    with a prefix. SQLite compares so already (BINARY); PostgreSQL is told so (COLLATE "C"),
    since a language's collation orders "gaz" after "ga{" and would lose it."""

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters


class Street(models.Model):
    """A street (a "voie" or a "lieu-dit") of a town, for one postcode."""

    name = models.CharField(_("street name"), max_length=200)
    #: The name folded (lower case, no accents, single spaces): the street's key in its town.
    name_folded = models.CharField(max_length=200, editable=False)
    postcode = models.CharField(_("postcode"), max_length=5)
    insee_code = models.CharField(_("INSEE code"), max_length=5)
    town_name = models.CharField(_("town"), max_length=100)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        constraints = [
            models.UniqueConstraint(
                fields=["insee_code", "name_folded", "postcode"], name="addresses_street_key"
            )
        ]
        indexes = [models.Index(fields=["name_folded", "id"])]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode} {self.town_name}"


class StreetWord(models.Model):
    """One word of a street's name, town or postcode, folded: what a search looks up."""

    word = WordField(max_length=40)
    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="words")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["word", "street"], name="addresses_streetword_unique")
        ]

    def __str__(self) -> str:
        return self.word


class Address(models.Model):
    """A numbered address, kept in step with the BAN file it was imported from."""

    #: The BAN's interoperability key (`id`), e.g. "59350_1234_00012_bis".
    ban_id = models.CharField(_("BAN identifier"), max_length=50, unique=True)
    street = models.ForeignKey(
        Street, on_delete=models.CASCADE, related_name="addresses", verbose_name=_("street")
    )
    number = models.PositiveIntegerField(_("number"))
    #: The BAN's `rep`: "bis", "ter", "a"… lower case, or empty.
    suffix = models.CharField(_("number suffix"), max_length=10, blank=True)
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))
    #: Which import last wrote the row: an import with `--prune` removes the others.
    import_run = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [
            models.Index(fields=["street", "number", "suffix"]),
            models.Index(fields=["number", "street"]),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def house_number(self) -> str:
        """ "12 bis", "3 a", "7"."""
        return f"{self.number} {self.suffix}" if self.suffix else str(self.number)

    @property
    def label(self) -> str:
        """The address as written on a letter: "12 bis Rue de la Gare, 59000 Villeneuve"."""
        return f"{self.house_number} {self.street}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the worker")
    RUNNING = "running", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class AddressImport(models.Model):
    """A file of addresses sent from the back office, imported by the worker: what was asked,
    then what the import did. The file itself is private and deleted once read."""

    file = models.FileField(
        _("file"), storage=private_storage, upload_to="addresses/imports/", blank=True
    )
    file_name = models.CharField(_("file name"), max_length=200, editable=False)
    commune = models.CharField(
        _("INSEE code of the town"),
        max_length=5,
        blank=True,
        help_text=_("Only this town's lines of a department's file (its INSEE code, e.g. 59350)."),
    )
    prune = models.BooleanField(
        _("remove the addresses the file no longer lists"),
        default=False,
        help_text=_("Of the towns in the file only."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        "accounts.User",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    imported = models.PositiveIntegerField(_("addresses imported"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    skipped = models.PositiveIntegerField(_("lines of other towns"), default=0)
    bad = models.PositiveIntegerField(_("bad lines"), default=0)
    #: [[line, reason], …] of the first bad lines.
    errors = models.JSONField(_("bad lines"), default=list, blank=True)
    message = models.TextField(_("why it was not imported"), blank=True)

    class Meta:
        verbose_name = _("address import")
        verbose_name_plural = _("address imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name
