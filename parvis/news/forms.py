"""The back office's forms for news and announcements.

The database refuses an image without its text alternative, an announcement longer than
500 characters or with two sources; these forms say so next to the field first.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.news.models import ANNOUNCEMENT_MAX_LENGTH, Announcement, Article, ArticleStatus


def _require_alt(form: forms.ModelForm, cleaned: dict) -> None:
    if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
        form.add_error("image_alt", _("Describe the image for people who cannot see it."))


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title", "slug", "lead", "body", "space", "tags", "image", "image_alt",
            "unpublish_at",
        ]  # fmt: skip
        widgets = {"lead": forms.Textarea(attrs={"rows": 3})}

    def clean_unpublish_at(self) -> Any:
        value = self.cleaned_data.get("unpublish_at")
        if value is not None and "unpublish_at" in self.changed_data and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or leave it empty."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        _require_alt(self, cleaned)
        unpublish_at = cleaned.get("unpublish_at")
        if (
            unpublish_at is not None
            and self.instance.status == ArticleStatus.SCHEDULED
            and self.instance.publish_at is not None
            and unpublish_at <= self.instance.publish_at
        ):
            self.add_error(
                "unpublish_at",
                _("The unpublication time must come after the publication time."),
            )
        return cleaned


class ArticleScheduleForm(forms.Form):
    """When a reviewed article goes public (and, optionally, when it stops being public)."""

    publish_at = forms.SplitDateTimeField(
        label=_("publish at"), widget=admin_widgets.AdminSplitDateTime
    )
    unpublish_at = forms.SplitDateTimeField(
        label=_("unpublish at"),
        required=False,
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("Optional: when the article stops being public."),
    )

    def clean_publish_at(self) -> Any:
        value = self.cleaned_data["publish_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a publication time in the future."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        publish_at, unpublish_at = cleaned.get("publish_at"), cleaned.get("unpublish_at")
        if publish_at and unpublish_at and unpublish_at <= publish_at:
            self.add_error(
                "unpublish_at",
                _("The unpublication time must come after the publication time."),
            )
        return cleaned


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["text", "space", "service", "tags", "image", "image_alt"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5, "maxlength": ANNOUNCEMENT_MAX_LENGTH}),
        }

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        _require_alt(self, cleaned)
        if cleaned.get("space") and cleaned.get("service", "").strip():
            self.add_error(
                "service",
                _("An announcement comes from a space or from a service, not both."),
            )
        return cleaned
