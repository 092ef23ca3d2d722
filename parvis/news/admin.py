"""News and announcements in the back office.

Every write goes through `parvis.news.services`, as any other caller's does: the change form
saves the content; the workflow (submit for review, publish now, schedule, unpublish) is a
row of buttons above it and a few list actions, each calling one service. A transition the
status does not allow is refused with a message, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parvis.accounts.http import signed_in_user
from parvis.backoffice.widgets import LabelledAutocompleteSelect
from parvis.core.admin_naming import ModelNames
from parvis.news.forms import AnnouncementForm, ArticleForm, ArticleScheduleForm
from parvis.news.models import Announcement, Article
from parvis.news.permissions import can_publish_announcements, can_publish_articles
from parvis.news.services import (
    ANNOUNCEMENT_TRANSITIONS,
    ARTICLE_TRANSITIONS,
    TransitionRefused,
    announcement_delete,
    announcement_publish,
    announcement_save,
    announcement_unpublish,
    article_delete,
    article_publish,
    article_save,
    article_schedule,
    article_submit,
    article_unpublish,
)


class WorkflowAdmin(admin.ModelAdmin):
    """Shared by both: status buttons posting to `<id>/workflow/<verb>/`, and list actions.

    Subclasses list their `workflow` verbs: {verb: (service, needs_publish_permission)}, the
    statuses each verb may start from (`transitions`, the services'), and the services that
    save and delete one object.
    """

    workflow: dict[str, tuple[Callable[..., Any], bool]] = {}
    transitions: dict[str, set[Any]] = {}
    object_key = ""  # the service's keyword for the object: "article", "announcement"
    # Static: a service is called as it is, never bound to the admin.
    save_service: staticmethod[..., Any]
    delete_service: staticmethod[..., Any]

    # Both have a status, a space, tags and a publication date.
    change_form_template = "admin/news/workflow_change_form.html"
    list_filter = ["status", "space__kind", "tags"]
    list_select_related = ["space"]
    autocomplete_fields = ["space"]
    filter_horizontal = ["tags"]
    date_hierarchy = "published_at"

    def has_publish_permission(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "space":
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using"),
                empty_label=_("The whole town"),
            )  # fmt: skip
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:verb>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            *self._extra_urls(info),
            *super().get_urls(),
        ]

    def _extra_urls(self, info: tuple[str, str | None]) -> list:
        return []

    def allowed_verbs(self, request: HttpRequest, obj: Any) -> list[str]:
        """The buttons to show: verbs the status allows and the person may use."""
        if obj is None or not self.has_change_permission(request, obj):
            return []
        may_publish = self.has_publish_permission(request)
        return [
            verb
            for verb, (_service, needs_publish) in self.workflow.items()
            if (may_publish or not needs_publish) and self.verb_allowed(verb, obj)
        ]

    def verb_allowed(self, verb: str, obj: Any) -> bool:
        return obj.status in self.transitions[verb]

    @staticmethod
    def verb_label(verb: str) -> str:
        return str(VERB_LABELS[verb])

    def workflow_view(self, request: HttpRequest, object_id: str, verb: str) -> HttpResponse:
        return require_POST(self._workflow)(request, object_id, verb)

    def _workflow(self, request: HttpRequest, object_id: str, verb: str) -> HttpResponse:
        if verb not in self.workflow or verb == "schedule":  # scheduling has its own form
            raise Http404
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        service, needs_publish = self.workflow[verb]
        if not self.has_change_permission(request, obj) or (
            needs_publish and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        try:
            service(**{self.object_key: obj, "actor": request.user})
        except TransitionRefused as refusal:
            self.message_user(request, refusal.messages[0], messages.ERROR)
        else:
            self.message_user(request, DONE_MESSAGES[verb] % {"title": obj}, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def _change_url(self, obj: Any) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_change".format(*info), args=[obj.pk])

    def _run_on_each(self, request: HttpRequest, queryset: Any, verb: str) -> None:
        """A list action: the service on each selected object, refusals counted and shown."""
        service, _needs_publish = self.workflow[verb]
        done, refusals = 0, []
        for obj in queryset:
            try:
                service(**{self.object_key: obj, "actor": request.user})
            except TransitionRefused as refusal:
                refusals.append(refusal.messages[0])
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d item changed.", "%(count)d items changed.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        for message in refusals:
            self.message_user(request, message, messages.ERROR)

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Any = None,
    ) -> HttpResponse:  # fmt: skip
        info = self.opts.app_label, self.opts.model_name
        context["workflow_buttons"] = [
            (verb, self.verb_label(verb), reverse(
                "admin:{}_{}_workflow".format(*info), args=[obj.pk, verb]
            ))
            for verb in self.allowed_verbs(request, obj)
            if verb != "schedule"
        ] if obj is not None else []  # fmt: skip
        context["schedule_url"] = (
            reverse("admin:news_article_schedule", args=[obj.pk])
            if obj is not None and "schedule" in self.allowed_verbs(request, obj)
            else ""
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        self.save_service(
            **{self.object_key: obj},
            actor=signed_in_user(request),
            tags=form.cleaned_data.get("tags"),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The tags were set by the service in save_model, inside its transaction.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_service(**{self.object_key: obj}, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


VERB_LABELS = {
    "submit": _("Submit for review"),
    "publish": _("Publish now"),
    "schedule": _("Schedule…"),
    "unpublish": _("Unpublish"),
}
DONE_MESSAGES = {
    "submit": _("“%(title)s” is now waiting for review."),
    "publish": _("“%(title)s” is published."),
    "unpublish": _("“%(title)s” is unpublished."),
}


@admin.register(Article)
class ArticleAdmin(WorkflowAdmin):
    names = ModelNames(a=_("a news article"), the=_("the news article"))
    form = ArticleForm
    object_key = "article"
    workflow = {
        "submit": (article_submit, False),
        "publish": (article_publish, True),
        "schedule": (article_schedule, True),
        "unpublish": (article_unpublish, True),
    }
    transitions = ARTICLE_TRANSITIONS
    save_service = staticmethod(article_save)
    delete_service = staticmethod(article_delete)
    list_display = ["title", "status", "space", "published_at", "publish_at", "unpublish_at"]
    search_fields = ["title", "slug", "lead"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "author", "published_at", "publish_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body", "space", "tags"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Publication"),
            {"fields": ["status", "author", "published_at", "publish_at", "unpublish_at"]},
        ),
    ]
    actions = ["submit_selected", "publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish_articles(request.user)

    def _extra_urls(self, info: tuple[str, str | None]) -> list:
        return [
            path(
                "<path:object_id>/schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="news_article_schedule",
            )
        ]

    def schedule_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A small form: when the article goes public, and maybe when it stops."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404
        if not (
            self.has_change_permission(request, article) and self.has_publish_permission(request)
        ):
            raise PermissionDenied
        status = 200
        if request.method == "POST":
            form = ArticleScheduleForm(request.POST)
            if form.is_valid():
                try:
                    article_schedule(
                        article=article,
                        actor=signed_in_user(request),
                        publish_at=form.cleaned_data["publish_at"],
                        unpublish_at=form.cleaned_data["unpublish_at"],
                    )
                except TransitionRefused as refusal:
                    form.add_error(None, refusal)
                else:
                    self.message_user(
                        request,
                        _("“%(title)s” is scheduled.") % {"title": article},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(self._change_url(article))
            status = 400
        else:
            form = ArticleScheduleForm(
                initial={"publish_at": article.publish_at, "unpublish_at": article.unpublish_at}
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Schedule the publication of “%(title)s”") % {"title": article},
            "form": form,
            "submit": _("Schedule"),
            "cancel_url": self._change_url(article),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/news/article_schedule.html", context, status=status)

    @admin.action(description=_("Submit the selected articles for review"), permissions=["change"])
    def submit_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._run_on_each(request, queryset, "submit")

    @admin.action(description=_("Publish the selected articles now"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._run_on_each(request, queryset, "publish")

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._run_on_each(request, queryset, "unpublish")


@admin.register(Announcement)
class AnnouncementAdmin(WorkflowAdmin):
    names = ModelNames(a=_("an announcement"), the=_("the announcement"))
    form = AnnouncementForm
    object_key = "announcement"
    workflow = {
        "publish": (announcement_publish, True),
        "unpublish": (announcement_unpublish, True),
    }
    transitions = ANNOUNCEMENT_TRANSITIONS
    save_service = staticmethod(announcement_save)
    delete_service = staticmethod(announcement_delete)
    list_display = ["__str__", "status", "space", "service", "published_at"]
    search_fields = ["text", "service"]
    readonly_fields = ["status", "author", "published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["text", "space", "service", "tags"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Publication"), {"fields": ["status", "author", "published_at", "updated_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish_announcements(request.user)

    @admin.action(description=_("Publish the selected announcements"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._run_on_each(request, queryset, "publish")

    @admin.action(description=_("Unpublish the selected announcements"), permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: Any) -> None:
        self._run_on_each(request, queryset, "unpublish")
