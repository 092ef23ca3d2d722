"""The back office of the council: meetings with their agenda items and documents (tables
under each meeting), documents with the state of their text extraction (and why it failed)
and an action to read them again, deliberations with their votes. Every upload is checked
as a PDF before anything is saved; saving goes through the services (search index, audit,
followers told of new minutes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.core.uploads import CheckedPdfFormField
from parvis.council import services
from parvis.council.models import AgendaItem, Deliberation, Document, Meeting
from parvis.search.indexing import unindex_object


def _pdf_limit() -> int:
    return settings.COUNCIL_MAX_PDF


def _pdf_help_now() -> str:
    return gettext("A PDF without password, %(limit)s at most.") % {
        "limit": filesizeformat(_pdf_limit())
    }


_pdf_help = lazy(_pdf_help_now, str)


class DocumentForm(forms.ModelForm):
    file = CheckedPdfFormField(max_bytes=_pdf_limit, label=_("PDF file"), help_text=_pdf_help())

    class Meta:
        model = Document
        fields = ["kind", "title", "file", "is_published"]


class AgendaItemInline(TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["position", "title", "deliberation"]
    autocomplete_fields = ["deliberation"]


class DocumentInline(TabularInline):
    model = Document
    form = DocumentForm
    extra = 1
    fields = ["kind", "title", "file", "is_published", "extraction"]
    readonly_fields = ["extraction"]


def _save_documents(request: HttpRequest, formset: Any) -> None:
    """The documents of a formset saved through `services.document_save`: a new file is
    left for the worker to read."""
    new_file = {id(f.instance) for f in formset.forms if "file" in f.changed_data}
    documents = formset.save(commit=False)
    for document in formset.deleted_objects:
        unindex_object(document)
        document.delete()
    for document in documents:
        services.document_save(
            document=document,
            actor=request.user,  # type: ignore[arg-type]
            file_changed=id(document) in new_file,
        )
    formset.save_m2m()


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a council meeting"), the=_("the council meeting"))
    list_display = ["title", "starts_at", "place", "status", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    fields = [
        "title",
        "starts_at",
        "place",
        "space",
        "status",
        "stream_url",
        "recording_url",
        "is_published",
    ]
    inlines = [AgendaItemInline, DocumentInline]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        services.meeting_save(meeting=obj, actor=request.user)  # type: ignore[arg-type]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Document:
            _save_documents(request, formset)
        else:
            super().save_formset(request, form, formset, change)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a council document"), the=_("the council document"))
    form = DocumentForm
    list_display = ["title", "meeting", "kind", "extraction", "pages", "is_published"]
    list_filter = ["extraction", "kind", "is_published"]
    list_select_related = ["meeting"]
    search_fields = ["title", "meeting__title"]
    autocomplete_fields = ["meeting"]
    fields = [
        "meeting",
        "kind",
        "title",
        "file",
        "is_published",
        "size",
        "pages",
        "extraction",
        "extraction_error",
    ]
    readonly_fields = ["size", "pages", "extraction", "extraction_error"]
    actions = ["extract_again"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        kwargs["fields"] = ["meeting", "kind", "title", "file", "is_published"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        services.document_save(
            document=obj,
            actor=request.user,  # type: ignore[arg-type]
            file_changed="file" in form.changed_data,
        )

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        unindex_object(obj)
        super().delete_model(request, obj)

    @admin.action(description=_("Read the text of the selected documents again"))
    def extract_again(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        count = 0
        for document in queryset:
            services.extraction_enqueue(document=document)
            count += 1
        self.message_user(
            request,
            ngettext(
                "The text of %(count)d document will be read again in a moment.",
                "The text of %(count)d documents will be read again in a moment.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class DeliberationForm(forms.ModelForm):
    class Meta:
        model = Deliberation
        fields = [
            "meeting",
            "number",
            "date",
            "subject",
            "theme",
            "outcome",
            "members_in_office",
            "votes_for",
            "votes_against",
            "abstentions",
            "document",
            "is_published",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members = data.get("members_in_office")
        votes = sum(data.get(name) or 0 for name in ("votes_for", "votes_against", "abstentions"))
        if members is not None and votes > members:
            self.add_error(
                "members_in_office",
                ValidationError(
                    _("More votes (%(votes)s) than members in office."),
                    params={"votes": votes},
                ),
            )
        meeting, document = data.get("meeting"), data.get("document")
        if meeting and document and document.meeting_id != meeting.pk:
            self.add_error(
                "document", ValidationError(_("This document belongs to another meeting."))
            )
        return data


@admin.register(Deliberation)
class DeliberationAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a deliberation"), the=_("the deliberation"))
    form = DeliberationForm
    list_display = ["number", "date", "subject", "outcome", "is_published"]
    list_filter = ["outcome", "is_published", "theme"]
    list_select_related = ["meeting"]
    search_fields = ["number", "subject"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting", "document"]

    def save_model(self, request: HttpRequest, obj: Deliberation, form: Any, change: bool) -> None:
        services.deliberation_save(deliberation=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Deliberation) -> None:
        unindex_object(obj)
        super().delete_model(request, obj)
