"""The guard every admin of the back office wears, whoever registered it.

`ParvisAdminSite.register` wraps each admin class in `BackofficeGuard` (`guarded()`), so
Parvis's apps and the libraries (allauth, the task queue) get the same rules without
writing anything:

1. **Secrets stay secret** (the fields of `secret_fields`). A list cannot be filtered
   (`?password__startswith=`, `?user__password__gte=`), searched, sorted (`?o=`) or
   linked (`?_to_field=`) through a secret field: the request answers 400, as Django's
   own refusals (`DisallowedModelAdminLookup`) do, and never says whether anything matched.
   A secret field is never shown either: not in a list, a filter's choices or a form, even
   when an admin computes its fields at run time. Declaring one statically (list_display,
   list_filter, search_fields, fields, ordering…) fails Django's system checks
   (`backoffice.E001`), so `parvis run`, `serve` and `check` refuse to start.
2. **Costly fields are converted outside the write transaction.** Django's admin wraps the
   whole POST of an add or change form in `transaction.atomic()`, form validation included;
   on SQLite (IMMEDIATE transactions) that holds the database's write lock while a costly
   field (a space's boundary) is parsed, and every other writer waits. A form field whose
   class sets `costly_to_python = True` promises that its `to_python()` is costly and
   depends only on the submitted value: the guard converts it before the transaction opens
   and the form validated inside the transaction reuses that result. Everything else (the
   form's and model's own checks, uniqueness, the permissions) is still checked inside the
   transaction, as Django does, so nothing that depends on the database is checked early.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse

from parvis.backoffice.secret_fields import (
    ordering_names,
    secret_in_path,
    strip_search_prefix,
)
from parvis.core.admin_naming import with_mixin

logger = logging.getLogger(__name__)

COSTLY_ATTRIBUTE = "costly_to_python"


def _refuse(what: str) -> DisallowedModelAdminLookup:
    # Django logs it (django.security) and answers 400 with a page that says nothing more.
    return DisallowedModelAdminLookup(f"{what} reaches a secret field")


def _without_secrets(model: type[models.Model], names: Iterable[Any]) -> list[Any]:
    """`names` (fields, or (field, filter) pairs) less those reaching a secret field."""
    kept = []
    for entry in names:
        name = entry[0] if isinstance(entry, list | tuple) else entry
        if isinstance(name, str) and secret_in_path(model, name):
            logger.error("Back office: %s hides the secret field %s", model.__name__, name)
            continue
        kept.append(entry)
    return kept


def _fieldsets_without_secrets(model: type[models.Model], fieldsets: Any) -> list[Any]:
    cleaned = []
    for title, options in fieldsets:
        fields = []
        for line in options.get("fields", ()):
            if isinstance(line, list | tuple):
                line = type(line)(_without_secrets(model, line))
                if not line:
                    continue
            elif not _without_secrets(model, [line]):
                continue
            fields.append(line)
        cleaned.append((title, {**options, "fields": fields}))
    return cleaned


# --- costly fields ---------------------------------------------------------------------------

# The conversions made for one POST of an add or change form: {(field's HTML name, submitted
# value): (result, error)}. None outside such a request: fields then convert as usual.
_conversions: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "backoffice_costly_conversions", default=None
)


def _is_costly(field: forms.Field) -> bool:
    return bool(getattr(field, COSTLY_ATTRIBUTE, False))


def _converted_once(key: str, to_python: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        done = _conversions.get()
        slot = (key, value)
        try:
            hash(slot)
        except TypeError:  # not a submitted string: nothing to remember it by
            done = None
        if done is None:
            return to_python(value)
        if slot not in done:
            try:
                done[slot] = (to_python(value), None)
            except ValidationError as refusal:
                done[slot] = (None, refusal)
        result, error = done[slot]
        if error is not None:
            raise error
        return result

    return convert


def with_costly_fields_remembered(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """`form_class`, whose costly fields reuse a conversion already made in this request."""
    if not any(_is_costly(field) for field in form_class.base_fields.values()):
        return form_class

    def __init__(self: forms.ModelForm, *args: Any, **kwargs: Any) -> None:
        form_class.__init__(self, *args, **kwargs)
        for name, field in self.fields.items():
            if _is_costly(field):
                # Both clean() and has_changed() go through to_python().
                key = self.add_prefix(name)
                field.to_python = _converted_once(key, field.to_python)  # type: ignore[method-assign,assignment]  # on this form's own copy of the field, on purpose

    remembered: type[forms.ModelForm] = type(
        form_class.__name__, (form_class,), {"__init__": __init__}
    )
    # A model form's class builds its fields anew from the model: keep the very fields
    # `form_class` had, which an admin's get_form() may have changed.
    remembered.base_fields = form_class.base_fields
    remembered.declared_fields = form_class.declared_fields
    return remembered


def _convert_each(forms_: Iterable[forms.BaseForm]) -> None:
    for form in forms_:
        for bound in form:
            field = bound.field
            if not _is_costly(field) or field.disabled:
                continue
            # Cleaned as the form's own validation cleans it (a file field also gets what it
            # holds already), so the conversion remembered is the one it will ask for; an
            # error is remembered too, and shown by that validation next to the field.
            with contextlib.suppress(ValidationError):
                if isinstance(field, forms.FileField):
                    field.clean(bound.data, bound.initial)
                else:
                    field.clean(bound.data)


# --- static declarations -------------------------------------------------------------------


def _computes_its_fields(admin_class: type) -> bool:
    """Whether an admin class (not Django's, nor the guards) overrides get_fields/sets:
    then its form's fields are known only at run time, where the guard hides secrets."""
    return any(
        name in vars(klass)
        for klass in admin_class.__mro__
        if not klass.__module__.startswith("django.contrib.admin")
        and not issubclass(klass, (BackofficeGuard, InlineGuard))
        for name in ("get_fields", "get_fieldsets")
    )


def _default_form_fields(admin_class: Any, model: type[models.Model]) -> list[str]:
    """The fields Django's admin puts in the form when none are declared."""
    meta = getattr(admin_class.form, "_meta", None)
    declared = list(getattr(admin_class.form, "declared_fields", {}))
    if meta is not None and meta.fields not in (None, forms.ALL_FIELDS):
        return [*meta.fields, *declared]
    excluded = set(admin_class.exclude or ()) | set(getattr(meta, "exclude", None) or ())
    editable = [
        field.name
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and not field.auto_created and field.name not in excluded
    ]
    return [*editable, *declared]


def _declarations(admin_class: Any, model: type[models.Model]) -> Iterator[tuple[str, str]]:
    """(option, path) for every field path an admin class declares statically."""

    def each(option: str, names: Any) -> Iterator[tuple[str, str]]:
        for name in names or ():
            if isinstance(name, list | tuple):  # a line of fields, or (field, filter class)
                if option == "list_filter":
                    name = name[0]
                else:
                    yield from each(option, name)
                    continue
            if isinstance(name, str):
                yield option, name

    for entry in getattr(admin_class, "list_display", None) or ():
        if isinstance(entry, str):
            yield "list_display", entry
            entry = getattr(admin_class, entry, None)
        order_field = getattr(entry, "admin_order_field", None)
        for name in ordering_names(order_field) if order_field is not None else ():
            yield "list_display (admin_order_field)", name
    links = getattr(admin_class, "list_display_links", None)
    if isinstance(links, list | tuple):
        yield from each("list_display_links", links)
    yield from each("list_editable", getattr(admin_class, "list_editable", ()))
    yield from each("sortable_by", getattr(admin_class, "sortable_by", None))
    yield from each(
        "list_filter",
        [
            entry
            for entry in getattr(admin_class, "list_filter", None) or ()
            if isinstance(entry, str | list | tuple)
        ],
    )
    yield from each(
        "search_fields",
        [strip_search_prefix(n) for n in getattr(admin_class, "search_fields", None) or ()],
    )
    for item in getattr(admin_class, "ordering", None) or ():
        for name in ordering_names(item):
            yield "ordering", name
    date_hierarchy = getattr(admin_class, "date_hierarchy", None)
    if date_hierarchy:
        yield "date_hierarchy", date_hierarchy
    yield from each("readonly_fields", admin_class.readonly_fields)
    yield from each("raw_id_fields", admin_class.raw_id_fields)
    yield from each("autocomplete_fields", admin_class.autocomplete_fields)
    yield from each("radio_fields", list(admin_class.radio_fields))
    for target, sources in (admin_class.prepopulated_fields or {}).items():
        yield from each("prepopulated_fields", [target, *sources])
    if admin_class.fieldsets:
        yield from each("fieldsets", flatten_fieldsets(admin_class.fieldsets))
    elif admin_class.fields:
        yield from each("fields", admin_class.fields)
    elif not _computes_its_fields(admin_class):
        yield from each("fields (the form's default)", _default_form_fields(admin_class, model))


def secret_declarations(model_admin: admin.ModelAdmin) -> list[checks.Error]:
    """System-check errors for every secret field an admin (or its inlines) declares."""
    errors = []
    for admin_class, model in [
        (type(model_admin), model_admin.model),
        *[(inline, inline.model) for inline in model_admin.inlines],
    ]:
        seen = set()
        for option, name in _declarations(admin_class, model):
            secret = secret_in_path(model, name)
            if secret is None or (option, secret) in seen:
                continue
            seen.add((option, secret))
            errors.append(
                checks.Error(
                    f"{admin_class.__qualname__}.{option} names '{name}', which reaches the "
                    f"secret field '{secret}'.",
                    hint="Secret fields (parvis/backoffice/secret_fields.py) are never shown, "
                    "filtered, searched or sorted in the back office: leave it out.",
                    obj=admin_class,
                    id="backoffice.E001",
                )
            )
    return errors


# --- the guards ------------------------------------------------------------------------------

# The guards are mixed into admin classes at run time (`guarded`, `guarded_inline`); for the
# type checker they are the admin classes whose methods they extend.
if TYPE_CHECKING:
    _InlineModelAdmin = admin.options.InlineModelAdmin
    _ModelAdmin = admin.ModelAdmin
else:
    _InlineModelAdmin = _ModelAdmin = object


class InlineGuard(_InlineModelAdmin):
    """An inline's part of the guard: no secret in its forms; costly fields converted once."""

    model: type[models.Model]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return _fieldsets_without_secrets(self.model, super().get_fieldsets(request, obj))

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        form = with_costly_fields_remembered(formset.form)
        if form is formset.form:
            return formset
        return type(formset.__name__, (formset,), {"form": form})


@functools.cache
def guarded_inline(inline_class: type) -> type:
    if issubclass(inline_class, InlineGuard):
        return inline_class
    return type(
        inline_class.__name__,
        (InlineGuard, inline_class),
        {"__module__": inline_class.__module__, "__qualname__": inline_class.__qualname__},
    )


@functools.cache
def _guarded_changelist(changelist_class: type) -> type:
    class GuardedChangeList(changelist_class):
        """Django's list, refusing to sort by a secret field (`?o=`, or as declared)."""

        def get_ordering(self, request: HttpRequest, queryset: Any) -> list[Any]:
            for part in str(self.params.get(ORDER_VAR) or "").split("."):
                name = part.rpartition("-")[2]
                # Django sorts by column numbers and skips anything else; a name is refused
                # when it would reach a secret, so probing by name shows nothing either.
                if name and not name.isdigit() and secret_in_path(self.model, name):
                    raise _refuse("sorting")
            ordering = super().get_ordering(request, queryset)
            for item in ordering:
                for name in ordering_names(item):
                    if secret_in_path(self.model, name):
                        raise _refuse("sorting")
            return ordering

    GuardedChangeList.__name__ = changelist_class.__name__
    GuardedChangeList.__qualname__ = changelist_class.__qualname__
    return GuardedChangeList


class BackofficeGuard(_ModelAdmin):
    """Mixed into every ModelAdmin of the back office by `ParvisAdminSite.register`."""

    model: type[models.Model]

    # 1. Secrets ------------------------------------------------------------------------------

    def lookup_allowed(self, lookup: str, value: Any, request: HttpRequest) -> bool:
        # Django allows any lookup on a local field; refusing makes the list answer 400.
        if secret_in_path(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request: HttpRequest, to_field: str) -> bool:
        if secret_in_path(self.model, to_field):
            return False
        return super().to_field_allowed(request, to_field)

    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> Any:
        if search_term:
            for name in self.get_search_fields(request) or ():
                if secret_in_path(self.model, strip_search_prefix(name)):
                    raise _refuse("searching")
        return super().get_search_results(request, queryset, search_term)

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> Any:
        return _guarded_changelist(super().get_changelist(request, **kwargs))  # type: ignore[arg-type]  # a class is hashable; mypy takes ChangeList.__hash__ for the class's own

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        return _without_secrets(self.model, super().get_list_display(request))

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        return _without_secrets(self.model, super().get_list_filter(request))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return _fieldsets_without_secrets(self.model, super().get_fieldsets(request, obj))

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type]:
        return [guarded_inline(inline) for inline in super().get_inlines(request, obj)]

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *secret_declarations(self)]

    # 2. Costly fields ------------------------------------------------------------------------

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        return with_costly_fields_remembered(super().get_form(request, obj, change, **kwargs))

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        """Django's add and change view; a POST's costly fields converted before its
        transaction opens (see the module's docstring)."""
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        token = _conversions.set({})
        try:
            self._convert_costly_fields(request, object_id)
            return super().changeform_view(request, object_id, form_url, extra_context)
        finally:
            _conversions.reset(token)

    def _convert_costly_fields(self, request: HttpRequest, object_id: str | None) -> None:
        """Build the forms Django's view will build, and convert their costly fields.

        Only for a request the view would let through (permission, existing object); what
        the view then builds inside its transaction finds the conversions done.
        """
        admin_self: Any = self
        add = object_id is None or "_saveasnew" in request.POST
        if add:
            if not admin_self.has_add_permission(request):
                return
            obj = None
        else:
            to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
            if to_field and not admin_self.to_field_allowed(request, to_field):
                return
            assert object_id is not None  # not `add`
            obj = admin_self.get_object(request, unquote(object_id), to_field)
            if obj is None or not admin_self.has_change_permission(request, obj):
                return
        fieldsets = admin_self.get_fieldsets(request, obj)
        form_class = admin_self.get_form(
            request, obj, change=not add, fields=flatten_fieldsets(fieldsets)
        )
        inline_forms = [
            formset.form for formset, _inline in admin_self.get_formsets_with_inlines(request, obj)
        ]
        if not any(
            _is_costly(field)
            for each in [form_class, *inline_forms]
            for field in each.base_fields.values()
        ):
            return
        form = form_class(request.POST, request.FILES, instance=obj)
        # Django's own helper, so the inline forms get the same prefixes as in the view.
        formsets, _inlines = admin_self._create_formsets(request, form.instance, change=not add)
        _convert_each([form, *(each for formset in formsets for each in formset.forms)])


@functools.cache
def guarded(admin_class: type) -> type:
    """`admin_class` with the back office's guard; the class itself if it has it already."""
    return with_mixin(BackofficeGuard, admin_class)
