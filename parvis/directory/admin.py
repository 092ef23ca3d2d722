"""The directory's back office: categories and entries for administrators (an edit records
its revisions), and the residents' proposals for moderators, who see each field's current
and proposed values and accept or reject each one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.directory import services
from parvis.directory.models import (
    ChangeProposal,
    DirectoryCategory,
    Entry,
    FieldDecision,
    ProposalStatus,
    Revision,
    field_label,
)
from parvis.directory.selectors import current_values


@admin.register(DirectoryCategory)
class DirectoryCategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a directory category"), the=_("the directory category"))
    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    fields = ["created_at", "field", "old", "new", "actor", "proposal"]
    readonly_fields = ["created_at", "field", "old", "new", "actor", "proposal"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a directory entry"), the=_("the directory entry"))
    list_display = ["name", "category", "address_text", "published"]
    list_filter = ["published", "category"]
    search_fields = ["name", "address_text"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["space"]
    inlines = [RevisionInline]

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        services.entry_save(entry=obj, actor=request.user)  # type: ignore[arg-type]


def _decision_form(proposal: ChangeProposal | None) -> type[forms.ModelForm]:
    fields: dict[str, Any] = {}
    if proposal is not None and proposal.status == ProposalStatus.PENDING:
        for field in proposal.values:
            fields[f"accept_{field}"] = forms.BooleanField(
                label=_("Accept: %(field)s") % {"field": field_label(field)},
                required=False,
            )
    meta = type("Meta", (), {"model": ChangeProposal, "fields": []})
    return type("ProposalDecisionForm", (forms.ModelForm,), {**fields, "Meta": meta})


@admin.register(ChangeProposal)
class ChangeProposalAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a change proposal"), the=_("the change proposal"))
    list_display = ["__str__", "proposer", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "proposer"]
    readonly_fields = ["entry", "proposer", "created_at", "status", "comment", "comparison"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return _decision_form(obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        accept = list(_decision_form(obj).base_fields)
        return [*self.readonly_fields, *accept]

    @admin.display(description=_("current and proposed values"))
    def comparison(self, obj: ChangeProposal) -> str:
        current = current_values(obj.entry, list(obj.values))
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    field_label(field),
                    current[field] or "—",
                    value or "—",
                    FieldDecision(obj.decisions[field]).label if field in obj.decisions else "",
                )
                for field, value in obj.values.items()
            ),
        )
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Field"),
            _("Current"),
            _("Proposed"),
            _("Decision"),
            rows,
        )

    def save_model(
        self, request: HttpRequest, obj: ChangeProposal, form: Any, change: bool
    ) -> None:
        if obj.status != ProposalStatus.PENDING:
            return
        accepted = {
            name.removeprefix("accept_")
            for name, value in form.cleaned_data.items()
            if name.startswith("accept_") and value
        }
        try:
            services.proposal_decide(
                proposal=obj,
                accepted=accepted,
                actor=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
