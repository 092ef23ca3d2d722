"""Comments in the back office, read-only: moderators decide in the moderation queue."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from parvis.backoffice.admin import ReadOnlyAdminMixin
from parvis.comments.models import Comment
from parvis.core.admin_naming import ModelNames


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    names = ModelNames(a=_("a comment"), the=_("the comment"))
    list_display = ["__str__", "author", "space", "moderation_status", "created_at"]
    list_filter = ["moderation_status", "space"]
    list_select_related = ["author", "space"]
    search_fields = ["body", "author__email", "author__display_name"]
    date_hierarchy = "created_at"
    fields = [
        "author",
        "space",
        "target_type",
        "target_id",
        "parent",
        "body",
        "moderation_status",
        "hidden_reason",
        "moderated_at",
        "created_at",
        "edited_at",
        "deleted_at",
    ]
