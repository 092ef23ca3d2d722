"""The wiki's back office: articles (who may edit them, their title: a rename through the
service, which keeps a redirect), categories, redirects and the revisions (read only).
Pages are written on the site itself, never here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.core.admin_naming import ModelNames
from parvis.wiki import services
from parvis.wiki.models import Article, Redirect, Revision, WikiCategory


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a wiki article"), the=_("the wiki article"))
    list_display = ["title", "slug", "protection", "modified_at"]
    list_filter = ["protection"]
    search_fields = ["title", "slug"]
    fields = ["title", "slug", "protection", "space", "modified_at"]
    readonly_fields = ["slug", "modified_at"]
    raw_id_fields = ["space"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        stored = Article.objects.get(pk=obj.pk)
        user = request.user
        try:
            if "title" in form.changed_data:
                services.article_rename(article=stored, title=obj.title, actor=user)  # type: ignore[arg-type]
            if "protection" in form.changed_data:
                services.article_set_protection(
                    article=stored,
                    protection=obj.protection,
                    actor=user,  # type: ignore[arg-type]
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return
        if "space" in form.changed_data:
            stored.space = obj.space
            stored.save(update_fields=["space"])


@admin.register(WikiCategory)
class WikiCategoryAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a wiki category"), the=_("the wiki category"))
    list_display = ["name", "slug"]
    search_fields = ["name"]
    fields = ["name", "slug"]
    readonly_fields = ["slug"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a wiki redirect"), the=_("the wiki redirect"))
    list_display = ["old_slug", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_slug"]
    fields = ["old_slug", "article", "created_at"]
    readonly_fields = ["old_slug", "article", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Revision)
class RevisionAdmin(_ReadOnly):
    names = ModelNames(a=_("a wiki revision"), the=_("the wiki revision"))
    list_display = ["article", "created_at", "author", "kind", "status", "size", "summary"]
    list_filter = ["status", "kind"]
    list_select_related = ["article", "author"]
    search_fields = ["article__title", "summary"]
    readonly_fields = ["article", "title", "author", "created_at", "kind", "status", "summary",
                       "size", "delta", "decided_by", "decided_at", "body"]  # fmt: skip
    fields = tuple(readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
