"""The family space's forms: joining a household with the town's code, asking for a place
in a season, sending the quotient's certificate, importing invoices from the family
software. Work without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from parvis.core.uploads import CheckedDocumentFormField


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=20,
        help_text=_("On the letter from the town: ten letters and digits, such as KM4P-7QXA-2R."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RegisterForm(forms.Form):
    season = forms.ChoiceField(label=_("Service and season"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, seasons: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seasons = {str(season.pk): season for season, problem in seasons if not problem}
        self.fields["season"].choices = [  # type: ignore[attr-defined]
            (str(season.pk), str(season)) for season, problem in seasons if not problem
        ]

    def clean_season(self) -> Any:
        return self.seasons[self.cleaned_data["season"]]


class QuotientProofForm(forms.Form):
    document = CheckedDocumentFormField(label=_("Certificate of your quotient familial"))


class InvoiceImportForm(forms.Form):
    """The family software's CSV export (`parvis.family.imports`). The cleaned `file` is the
    file's bytes, checked to be UTF-8 text no larger than `MAX_BYTES`."""

    MAX_BYTES = 10 * 1024 * 1024

    file = forms.FileField(
        label=_("Invoices file (CSV)"),
        help_text=_(
            "Exported from the family software: UTF-8, separated by semicolons or commas, "
            "one row per invoice line. 10 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        size = getattr(upload, "size", None)
        if size is not None and size > self.MAX_BYTES:
            raise ValidationError(
                _("This file is too large (%(size)s); the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(self.MAX_BYTES)},
            )
        upload.seek(0)
        data = upload.read(self.MAX_BYTES + 1)
        if len(data) > self.MAX_BYTES:  # a size the upload did not tell
            raise ValidationError(
                _("This file is too large; the limit is %(limit)s."),
                code="too_large",
                params={"limit": filesizeformat(self.MAX_BYTES)},
            )
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    "This file is not UTF-8 text: export it from the family software as CSV "
                    "in UTF-8."
                ),
                code="not_utf8",
            ) from None
        return data
