"""The bulk uploader's form: many files at once, and what they share (the album, the text
alternative, the credit, the licence). Each file is judged on its own by the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from parvis.photos.models import Album, Licence

ACCEPT = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; its value is the list of uploads."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class BulkUploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]  # a field named like Form.files
        label=_("Photos"),
        help_text=_("Choose one or many JPEG, PNG or WebP files."),
    )
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_(
            "Describe what these photos show for people who cannot see them; refine each one "
            "afterwards in its own form."
        ),
    )
    album = forms.ModelChoiceField(
        label=_("Thematic album"),
        queryset=Album.objects.order_by("title"),
        required=False,
        help_text=_("Optional: every photo also goes to the monthly album of its date."),
    )
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)

    def __init__(self, *args: Any, max_upload: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Choose one or many JPEG, PNG or WebP files, %(limit)s at most each."
        ) % {"limit": filesizeformat(max_upload)}
