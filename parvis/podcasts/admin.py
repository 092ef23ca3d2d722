"""Shows and episodes in the back office. Saving goes through the services; an episode's
processing (waiting, ready, failed with its reason) is shown in the list and on its form,
and a failed one can be processed again."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core.admin_naming import ModelNames
from parvis.core.pagecache import objects_changed
from parvis.podcasts import services
from parvis.podcasts.forms import EpisodeForm, ShowForm
from parvis.podcasts.models import Episode, Processing, Show


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a podcast show"), the=_("the podcast show"))
    form = ShowForm
    list_display = ["title", "author", "space", "is_published"]
    list_filter = ["is_published"]
    list_select_related = ["space"]
    search_fields = ["title", "author"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["space"]

    def save_model(self, request: HttpRequest, obj: Show, form: Any, change: bool) -> None:
        services.show_save(show=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Show) -> None:
        services.show_delete(show=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Show]) -> None:
        for show in queryset:
            services.show_delete(show=show, actor=request.user)  # type: ignore[arg-type]


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a podcast episode"), the=_("the podcast episode"))
    form = EpisodeForm
    list_display = ["title", "show", "processing", "duration", "published_at", "is_published"]
    list_filter = ["processing", "is_published", "show"]
    list_select_related = ["show"]
    search_fields = ["title", "show__title"]
    date_hierarchy = "published_at"
    readonly_fields = [
        "processing",
        "processing_error",
        "duration",
        "audio_type",
        "audio_size",
        "current_audio",
    ]
    actions = ["process_again"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields: list[Any] = [
            "show",
            "title",
            "slug",
            "audio",
            "description",
            "season",
            "number",
            "explicit",
            "transcript_format",
            "transcript",
            "published_at",
            "is_published",
        ]
        if obj is not None:
            fields[4:4] = self.readonly_fields
        return fields

    @admin.display(description=_("current audio file"))
    def current_audio(self, obj: Episode) -> str:
        return obj.audio.name or ""

    def save_model(self, request: HttpRequest, obj: Episode, form: Any, change: bool) -> None:
        new_audio = form.cleaned_data.get("audio") if "audio" in form.changed_data else None
        services.episode_save(episode=obj, actor=request.user, new_audio=new_audio)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Episode) -> None:
        services.episode_delete(episode=obj, actor=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Episode]) -> None:
        for episode in queryset:
            services.episode_delete(episode=episode, actor=request.user)  # type: ignore[arg-type]

    @admin.action(description=_("Read the audio again"), permissions=["change"])
    def process_again(self, request: HttpRequest, queryset: QuerySet[Episode]) -> None:
        from parvis.podcasts.tasks import process_episode

        count = 0
        for episode in queryset:
            Episode.objects.filter(pk=episode.pk).update(
                processing=Processing.PENDING, processing_error=""
            )
            process_episode.enqueue(episode.pk)
            count += 1
        # Updated without model signals: the cached pages that showed them are told here.
        objects_changed(Episode, [episode.pk for episode in queryset])
        messages.success(
            request,
            ngettext(
                "%(count)d episode will be processed again.",
                "%(count)d episodes will be processed again.",
                count,
            )
            % {"count": count},
        )
