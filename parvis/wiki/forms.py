"""The wiki's forms: a new page, an edit (carrying the revision it started from), a
rename. Limits are the models'; the services check again under their locks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.wiki.models import TITLE_MAX_LENGTH

_BODY_HELP = _(
    "In Markdown. Link to another page with [[Its title]] or [[Its title|the words shown]]; "
    "put the page in a category with [[Category:Its name]]."
)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=MARKDOWN_MAX_LENGTH,
        help_text=_BODY_HELP,
    )
    summary = forms.CharField(
        label=_("Summary of your change"),
        max_length=300,
        required=False,
        help_text=_("A few words for the history, such as “opening hours corrected”."),
    )
    base = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CreateForm(EditForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)

    field_order = ["title", "body", "summary"]


class RenameForm(forms.Form):
    title = forms.CharField(label=_("New title"), max_length=TITLE_MAX_LENGTH)
