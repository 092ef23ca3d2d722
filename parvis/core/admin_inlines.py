"""Inline tables for the back office that every assistive technology can read.

Django's tabular inline names its columns only in the table head, so each field of a row
has no accessible name of its own (WCAG 1.3.1, 4.1.2; axe-core's `label` rule). Inlines
in Parvis use `TabularInline` from here, which gives every visible widget its field's label
as `aria-label`, in the HTML itself: it works without JavaScript too.

It lives in `core`, below every app: the apps' own `admin.py` (accounts, spaces…) use it,
and `backoffice`, which depends on `accounts`, must not be imported by it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.forms.utils import pretty_name
from django.http import HttpRequest

# Mixed into the formset class Django builds (below); for the type checker, that formset.
if TYPE_CHECKING:
    _FormSet = forms.BaseFormSet
else:
    _FormSet = object


class _LabelledFieldsFormSetMixin(_FormSet):
    def add_fields(self, form: forms.BaseForm, index: int | None) -> None:
        super().add_fields(form, index)
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue
            label = field.label or pretty_name(name)
            field.widget.attrs.setdefault("aria-label", label)
            # A foreign key's select is wrapped (the "add another" links): the wrapper
            # renders the inner widget, whose attributes are the ones on the page.
            inner = getattr(field.widget, "widget", None)
            if inner is not None:
                inner.attrs.setdefault("aria-label", label)


class TabularInline(admin.TabularInline):
    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (_LabelledFieldsFormSetMixin, formset), {})
