"""The back office: Django's admin behind Parvis's roles and two-factor authentication."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from parvis.accounts.permissions import BackofficeGate, backoffice_gate
from parvis.backoffice.guard import guarded
from parvis.core.admin_naming import named
from parvis.core.town import current_town

_View = TypeVar("_View", bound=Callable[..., HttpResponseBase])


def _redirect_with_next(url_name: str, request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"
    )


def backoffice_entry(request: HttpRequest) -> HttpResponse | None:
    """None when the request may enter the back office, else where it must go first."""
    gate = backoffice_gate(request)
    if gate == BackofficeGate.OK:
        return None
    if gate == BackofficeGate.NOT_STAFF:
        if request.user.is_authenticated:
            raise PermissionDenied
        return _redirect_with_next("account_login", request)
    if gate == BackofficeGate.NEEDS_TOTP:
        return _redirect_with_next("mfa_activate_totp", request)
    return _redirect_with_next("mfa_reauthenticate", request)


class ParvisAdminSite(admin.AdminSite):
    index_title = _("Back office")
    # Signing in and out go through the accounts pages, where two-factor authentication lives.
    login_form = None

    # Read at each request, not cached on this site object: it outlives settings changes,
    # and one installation will serve several towns.
    @property
    def site_header(self) -> str:  # type: ignore[override]  # django-stubs: a plain attribute; Django only reads it
        return str(current_town().name)

    @property
    def site_title(self) -> str:  # type: ignore[override]  # django-stubs: a plain attribute; Django only reads it
        return str(current_town().name)

    def has_permission(self, request: HttpRequest) -> bool:
        return backoffice_gate(request) == BackofficeGate.OK

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Django's register, every admin class wearing the back office's guard
        (`backoffice.guard`) and titles naming its model (`core.admin_naming`): Parvis's apps
        and the libraries alike."""
        admin_class = named(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, guarded(admin_class), **options)

    def get_urls(self) -> list:
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    str(pattern.pattern),
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponse:
        """Django's "view on site" redirect, for an object the person may see here only.

        The redirect gives the object's public address, which for a draft tells its slug:
        only someone with the view (or change) permission on the object in the back office
        is redirected; anyone else gets 404, as if there were no such object.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist) as exc:
            raise Http404 from exc
        model_admin = self._registry.get(model) if model is not None else None
        if model_admin is None or not model_admin.has_view_permission(request):
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def admin_view(self, view: _View, cacheable: bool = False) -> _View:
        def inner(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            detour = backoffice_entry(request)
            if detour is not None:
                return detour
            return view(request, *args, **kwargs)

        if not cacheable:
            inner = never_cache(inner)
        if not getattr(view, "csrf_exempt", False):
            inner = csrf_protect(inner)
        return cast(_View, update_wrapper(inner, view))

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        index = reverse("admin:index")
        if backoffice_gate(request) == BackofficeGate.OK:
            return HttpResponseRedirect(index)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': index})}")

    def logout(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:  # type: ignore[override]  # Django takes any response; django-stubs names its own view's
        return HttpResponseRedirect(reverse("account_logout"))
