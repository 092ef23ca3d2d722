"""Back-office titles that name a model as a sentence does: « Ajouter un article ».

Django builds its titles from the bare verbose name ("Add %s", "Select %s to change"), which
French cannot say without an article whose form depends on the word: its catalogue falls back
on « Ajout de article d'actualité » and « Sélectionnez l'objet annonce à changer ». Each admin
class says its model's name with an article instead, in `names`:

    class EventAdmin(admin.ModelAdmin):
        names = ModelNames(a=_("an event"), the=_("the event"))

and the back office (`sites.ParvisAdminSite.register`) gives every admin class the titles
below. Sentences that only need the bare name (deletion, messages) are reworded without an
article in parvis/locale_libraries/.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import (  # type: ignore[attr-defined]  # not in django-stubs
    IS_POPUP_VAR,
)
from django.http import HttpRequest, HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

DJANGO_CHANGE_FORM_TITLES = ("Add %s", "Change %s", "View %s")


@dataclass(frozen=True)
class ModelNames:
    #: With an indefinite article: "an event", « un événement ».
    a: Any
    #: With a definite article: "the event", « l'événement ».
    the: Any


class NamedAdmin(admin.ModelAdmin):
    """Titles of the add, change, view and list pages from the admin class's `names` (when
    declared). Put before the admin class in the bases: no default `names` here, which would
    hide the class's own."""

    @property
    def model_names(self) -> ModelNames | None:
        return getattr(self, "names", None)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        name = self.opts.verbose_name
        # Django's own title is replaced; one the admin class chose (a workflow page) is kept.
        # Django's messages, read from its catalogue (a variable: not copied into Parvis's).
        django_titles = {_(message) % name for message in DJANGO_CHANGE_FORM_TITLES}
        names = self.model_names
        if names is not None and context.get("title") in django_titles:
            if add:
                title = _("Add %(name)s") % {"name": names.a}
            elif self.has_change_permission(request, obj):
                title = _("Change %(name)s") % {"name": names.the}
            else:
                title = _("View %(name)s") % {"name": names.the}
            context["title"] = capfirst(title)
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        names = self.model_names
        if names is not None:
            if IS_POPUP_VAR in request.GET:
                title = _("Select %(name)s") % {"name": names.the}
            elif self.has_change_permission(request):
                title = _("Select %(name)s to change") % {"name": names.the}
            else:
                title = _("Select %(name)s to view") % {"name": names.the}
            extra_context = {
                "title": capfirst(title),
                "add_label": capfirst(_("Add %(name)s") % {"name": names.a}),
                **(extra_context or {}),
            }
        return super().changelist_view(request, extra_context)


def with_mixin(mixin: type, admin_class: type) -> type:
    """`admin_class` with `mixin` placed before it, under the same name, module and
    docstring (what the back office shows and logs); the class itself if it has it."""
    if issubclass(admin_class, mixin):
        return admin_class
    return type(
        admin_class.__name__,
        (mixin, admin_class),
        {
            "__module__": admin_class.__module__,
            "__qualname__": admin_class.__qualname__,
            "__doc__": admin_class.__doc__,
        },
    )


def named(admin_class: type) -> type:
    """`admin_class` with the titles of `NamedAdmin`; the class itself if it has them."""
    return with_mixin(NamedAdmin, admin_class)
