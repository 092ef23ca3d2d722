"""The back office of addresses: a file of the Base Adresse Nationale sent by an
administrator, imported by the worker (what `parvis addresses_import` does), and what each
import did. A file over MAX_REQUEST_BODY (a large department's) is imported with the command."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from parvis.addresses import services
from parvis.addresses.models import AddressImport
from parvis.core.admin_naming import ModelNames


class AddressImportForm(forms.ModelForm):
    file = forms.FileField(
        label=_("file"),
        help_text=_(
            "A Base Adresse Nationale file in CSV (adresses-XX.csv, or .csv.gz), from "
            "adresse.data.gouv.fr: addresses already known are updated, never duplicated."
        ),
    )

    class Meta:
        model = AddressImport
        fields = ["file", "commune", "prune"]

    def clean_commune(self) -> str:
        commune = self.cleaned_data["commune"].strip().upper()
        if commune and not services.INSEE_CODE.fullmatch(commune):
            raise ValidationError(
                _("An INSEE code is five characters, such as 59350 or 2A004 (not a postcode).")
            )
        return commune

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            services.check_address_file(upload)
        except services.AddressFileError as exc:
            raise ValidationError(str(exc)) from None
        return upload


@admin.register(AddressImport)
class AddressImportAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an address import"), the=_("the address import"))
    form = AddressImportForm
    list_display = ["file_name", "created_at", "status", "imported", "removed", "bad"]
    list_filter = ["status"]
    readonly_fields = [
        "file_name",
        "commune",
        "prune",
        "status",
        "requested_by",
        "created_at",
        "finished_at",
        "imported",
        "created",
        "updated",
        "removed",
        "skipped",
        "bad",
        "bad_lines",
        "message",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["file", "commune", "prune"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.readonly_fields

    @admin.display(description=_("first bad lines"))
    def bad_lines(self, obj: AddressImport) -> str:
        return format_html_join(
            "\n",
            "<p>{}</p>",
            (
                (_("line %(line)s: %(reason)s") % {"line": line, "reason": reason},)
                for line, reason in obj.errors
            ),
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        run = services.address_import_request(
            upload=form.cleaned_data["file"],
            commune=form.cleaned_data["commune"],
            prune=form.cleaned_data["prune"],
            actor=request.user,  # type: ignore[arg-type]
        )
        # The admin goes on with the import the service made (its message, its page).
        obj.pk, obj.file_name, obj._state.adding = run.pk, run.file_name, False

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: Any = None) -> Any:
        # To the import's own page, where its status shows (not the list).
        return HttpResponseRedirect(reverse("admin:addresses_addressimport_change", args=[obj.pk]))

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
