"""The agenda's back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.agenda.imports import calendar_import
from parvis.agenda.models import CalendarSource
from parvis.core.admin_naming import ModelNames


# --- Imported calendars ------------------------------------------------------------------------
class CalendarSourceForm(forms.ModelForm):
    url = forms.URLField(label=_("address of the .ics file"), max_length=500, assume_scheme="https")

    class Meta:
        model = CalendarSource
        fields = ["name", "url", "category", "space", "publish", "is_active"]

    def clean_url(self) -> str:
        url = (self.cleaned_data.get("url") or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(
                _("Give the address of the .ics file, starting with https:// or http://."),
                code="scheme",
            )
        return url


@admin.register(CalendarSource)
class CalendarSourceAdmin(admin.ModelAdmin):
    """The calendars the agenda imports on a schedule: when each was last fetched and what
    went wrong; "Import now" runs the import at once and says what it did."""

    names = ModelNames(a=_("an imported calendar"), the=_("the imported calendar"))
    form = CalendarSourceForm
    list_display = ["name", "url", "is_active", "publish", "last_fetched_at", "last_error_short"]
    list_filter = ["is_active", "publish"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_fetched_at", "last_error"]
    actions = ["import_now"]

    @admin.display(description=_("last error"))
    def last_error_short(self, source: CalendarSource) -> str:
        first = source.last_error.splitlines()[0] if source.last_error else ""
        return first[:120]

    @admin.action(description=_("Import now"), permissions=["change"])
    def import_now(self, request: HttpRequest, queryset: QuerySet[CalendarSource]) -> None:
        for source in queryset:
            result = calendar_import(source, actor=signed_in_user(request))
            if result.error:
                self.message_user(
                    request,
                    gettext("%(source)s was not imported: %(error)s")
                    % {"source": source, "error": result.error},
                    messages.ERROR,
                )
                continue
            if result.not_modified:
                message = gettext("%(source)s has not changed since the last import.") % {
                    "source": source
                }
            else:
                message = gettext(
                    "%(source)s imported: %(created)s new, %(updated)s updated, "
                    "%(unchanged)s unchanged, %(withdrawn)s withdrawn, %(skipped)s skipped."
                ) % {
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "withdrawn": result.withdrawn,
                    "skipped": len(result.skipped),
                }
            self.message_user(
                request, message, messages.WARNING if result.skipped else messages.SUCCESS
            )
            for label, reason in result.skipped[:20]:
                self.message_user(
                    request,
                    gettext("“%(event)s” was skipped: %(reason)s")
                    % {"event": label, "reason": reason},
                    messages.WARNING,
                )

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"is_active": True}
