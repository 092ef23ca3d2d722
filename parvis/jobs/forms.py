"""The application form: who applies, how to reach them, a CV and a letter (a file, or typed
in the form), and their consent with the retention period stated. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from parvis.core.uploads import CheckedDocumentFormField

#: The longest letter typed in the form, in characters (about two pages).
LETTER_MAX_LENGTH = 6000


def retention_years() -> int:
    return max(1, round(settings.JOBS_APPLICATION_RETENTION_DAYS / 365))


def consent_text() -> str:
    years = retention_years()
    return ngettext(
        "I agree that the town keeps my application and its documents to consider it, for "
        "%(years)d year after our last contact; I can withdraw and erase it at any time with "
        "the link of the acknowledgement e-mail.",
        "I agree that the town keeps my application and its documents to consider it, for "
        "%(years)d years after our last contact; I can withdraw and erase it at any time with "
        "the link of the acknowledgement e-mail.",
        years,
    ) % {"years": years}


class ApplicationForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The acknowledgement and our replies are sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    cv = CheckedDocumentFormField(label=_("CV"))
    cover_letter = CheckedDocumentFormField(label=_("Cover letter (a file)"), required=False)
    letter_text = forms.CharField(
        label=_("Or type your letter here"),
        max_length=LETTER_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    consent = forms.BooleanField(label="")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text()
        self.fields["consent"].error_messages["required"] = _(
            "Your consent is needed for the town to keep your application."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "cover_letter" not in self.errors
            and not data.get("cover_letter")
            and not (data.get("letter_text") or "").strip()
        ):
            self.add_error("cover_letter", _("Attach a cover letter, or type it in the form."))
        return data
