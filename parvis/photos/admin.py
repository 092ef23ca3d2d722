"""The photo library's back office: albums, photos (their status, and the reason of a
failure), and the bulk uploader (many files at once, a progress bar with JavaScript, a
plain multi-file form without)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core import ratelimit
from parvis.core.admin_naming import ModelNames
from parvis.photos import services
from parvis.photos.forms import BulkUploadForm
from parvis.photos.models import Album, Photo, PhotoStatus
from parvis.photos.permissions import can_upload_photos

#: Files a person may send to the uploader (each request carries one with JavaScript).
UPLOAD_LIMIT = "600/h"


@admin.register(Album)
class AlbumAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("an album"), the=_("the album"))
    list_display = ["title", "slug", "published", "created_at"]
    list_filter = ["published"]
    search_fields = ["title", "slug"]
    fields = ["title", "slug", "description", "cover", "space", "published"]
    raw_id_fields = ["cover", "space"]

    def save_model(self, request: HttpRequest, obj: Album, form: Any, change: bool) -> None:
        services.album_save(album=obj, actor=signed_in_user(request))


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a photo"), the=_("the photo"))
    list_display = ["title", "status_text", "taken_at", "licence"]
    list_filter = ["status", "licence", "albums"]
    search_fields = ["title", "alt_text", "credit", "upload_name"]
    fields = [
        "title",
        "alt_text",
        "credit",
        "licence",
        "albums",
        "tags",
        "status",
        "failure",
        "upload_name",
        "taken_at",
        "width",
        "height",
    ]
    readonly_fields = ["status", "failure", "upload_name", "taken_at", "width", "height"]
    filter_horizontal = ["albums", "tags"]
    actions = ["process_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the bulk uploader adds photos

    def get_urls(self) -> list[Any]:
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="photos_upload"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        tools = []
        if can_upload_photos(request.user):
            tools = [(reverse("admin:photos_upload"), gettext("Upload photos"))]
        return super().changelist_view(request, {**(extra_context or {}), "tools": tools})

    def save_model(self, request: HttpRequest, obj: Photo, form: Any, change: bool) -> None:
        services.photo_save(photo=obj, actor=signed_in_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.photo_save(photo=form.instance, actor=signed_in_user(request))

    def delete_model(self, request: HttpRequest, obj: Photo) -> None:
        services.photo_delete(photo=obj, actor=signed_in_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Photo]) -> None:
        for photo in queryset:
            services.photo_delete(photo=photo, actor=signed_in_user(request))

    @admin.action(description=_("Process the selected photos again"), permissions=["change"])
    def process_again(self, request: HttpRequest, queryset: QuerySet[Photo]) -> None:
        count = 0
        for photo in queryset:
            services.photo_reprocess(photo=photo, actor=signed_in_user(request))
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d photo will be processed again.",
                "%(count)d photos will be processed again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("status"))
    def status_text(self, obj: Photo) -> str:
        if obj.status == PhotoStatus.FAILED:
            return format_html("{}: {}", obj.get_status_display(), obj.failure)
        return obj.get_status_display()

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Many photos at once. With JavaScript each file is its own request and the answer
        JSON (`Accept: application/json`); without, the form sends them all and the page
        lists what became of each."""
        if not can_upload_photos(request.user):
            raise PermissionDenied
        wants_json = "application/json" in request.headers.get("Accept", "")
        max_upload = services.max_upload()
        form = BulkUploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            max_upload=max_upload,
        )
        results: list[dict[str, Any]] = []
        status = 200
        if form.is_bound:
            wait = ratelimit.check(
                request, "photos.upload", per_user=UPLOAD_LIMIT, per_ip=UPLOAD_LIMIT
            )
            if wait:
                if wants_json:
                    return JsonResponse(
                        {"results": [], "error": ratelimit.wait_message(wait)}, status=429
                    )
                return ratelimit.too_many_response(request, wait)
            if form.is_valid():
                results = self._save_each(request, form)
                status = 200 if all(r["ok"] for r in results) else 400
            else:
                status = 400
            if wants_json:
                errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
                return JsonResponse({"results": results, "errors": errors}, status=status)
            if results and status == 200:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d photo was uploaded; it appears once processed.",
                        "%(count)d photos were uploaded; they appear once processed.",
                        len(results),
                    )
                    % {"count": len(results)},
                    messages.SUCCESS,
                )
        return TemplateResponse(
            request,
            "admin/photos/upload.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "media": self.media + form.media,
                "form": form,
                "results": results,
                "title": gettext("Upload photos"),
            },
            status=status,
        )

    def _save_each(self, request: HttpRequest, form: BulkUploadForm) -> list[dict[str, Any]]:
        actor = signed_in_user(request)
        data = form.cleaned_data
        results = []
        for upload in data["files"]:
            try:
                content = services.read_upload(upload, upload.size)
                photo = services.photo_upload(
                    data=content,
                    name=upload.name or "",
                    actor=actor,
                    alt_text=data["alt_text"],
                    credit=data["credit"],
                    licence=data["licence"],
                    album=data["album"],
                )
            except ValidationError as error:
                code = error.error_list[0].code if hasattr(error, "error_list") else None
                results.append(
                    {
                        "name": upload.name,
                        "ok": False,
                        "code": code or "invalid",
                        "message": " ".join(error.messages),
                    }
                )
                continue
            results.append(
                {
                    "name": upload.name,
                    "ok": True,
                    "code": "uploaded",
                    "message": gettext("Uploaded; it appears once processed."),
                    "url": reverse("admin:photos_photo_change", args=[photo.pk]),
                }
            )
        return results
