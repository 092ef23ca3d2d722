"""The back office of suggestions: categories, and the suggestions themselves. An answer is
given only through `services.suggestion_answer` (the change page's "new status" and
"answer" fields), signed like one given from the public page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.suggestions import services
from parvis.suggestions.models import Answer, Category, Suggestion, SuggestionStatus


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a suggestion category"), the=_("the suggestion category"))
    list_display = ["name", "slug", "position", "is_active"]
    list_filter = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["created_at", "signed_name", "signed_function", "from_status", "to_status", "text"]
    readonly_fields = ["created_at", "signed_name", "signed_function", "from_status"]
    readonly_fields += ["to_status", "text"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuggestionAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("new status"), required=False, choices=[])
    answer = forms.CharField(
        label=_("answer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Public, signed with your name and function, and sent to the followers. "
            "Required to decline: say why."
        ),
    )

    class Meta:
        model = Suggestion
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "new_status" not in self.fields:  # staff who read without answering
            return
        allowed = services.TRANSITIONS.get(self.instance.status, set())
        self.fields["new_status"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (s.value, s.label) for s in SuggestionStatus if s.value in allowed
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_status") and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Write the answer."))
        return data


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a suggestion"), the=_("the suggestion"))
    form = SuggestionAdminForm
    list_display = ["title", "space", "category", "visibility", "status", "created_at"]
    list_filter = ["status", "visibility", "category", "space"]
    search_fields = ["title", "text"]
    list_select_related = ["space", "category"]
    readonly_fields = [
        "title",
        "space",
        "category",
        "visibility",
        "status",
        "text",
        "photo",
        "photo_alt",
        "lat",
        "lon",
        "address_text",
        "author",
        "support_count",
        "moderation_status",
        "created_at",
        "first_answered_at",
    ]
    inlines = [AnswerInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.has_perm("suggestions.answer_suggestion"):
            form.base_fields.pop("new_status", None)
            form.base_fields.pop("answer", None)
        return form

    def save_model(self, request: HttpRequest, obj: Suggestion, form: Any, change: bool) -> None:
        to_status = form.cleaned_data.get("new_status")
        if not to_status:
            return
        try:
            services.suggestion_answer(
                suggestion=obj,
                actor=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data.get("answer", ""),
                to_status=to_status,
            )
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            messages.error(request, text)
