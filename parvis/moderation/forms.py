from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.moderation import wordlist
from parvis.moderation.models import WordListEntry


class QueueAction:
    APPROVE = "approve"
    HIDE = "hide"
    RESTORE = "restore"
    SUSPEND = "suspend"
    ALL = (APPROVE, HIDE, RESTORE, SUSPEND)
    NEEDING_A_REASON = (HIDE, SUSPEND)


SUSPENSION_LENGTHS = [
    (1, _("1 day")),
    (7, _("7 days")),
    (30, _("30 days")),
    (90, _("3 months")),
    (365, _("1 year")),
]


class DecisionForm(forms.Form):
    """A moderator's decision on one item of the queue; the button pressed names it."""

    item = forms.RegexField(regex=r"^\d{1,10}:\d{1,19}$", widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[(action, action) for action in QueueAction.ALL],
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose a decision with one of the buttons.")},
    )
    reason = forms.CharField(
        label=_("Reason, shown to the author"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to hide or suspend. Write it for the author: they will read it."),
    )
    days = forms.TypedChoiceField(
        label=_("Length of a suspension"),
        choices=SUSPENSION_LENGTHS,
        coerce=int,
        initial=7,
        # Only a suspension reads it; the other decisions need not send it.
        required=False,
        empty_value=7,  # type: ignore[arg-type]  # any value works; django-stubs says str
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if (
            cleaned.get("action") in QueueAction.NEEDING_A_REASON
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error(
                "reason", _("Say why, for the author: a reason is required to hide or suspend.")
            )
        return cleaned

    def item_ids(self) -> tuple[int, int]:
        content_type_id, object_id = self.cleaned_data["item"].split(":")
        return int(content_type_id), int(object_id)


class WordListEntryForm(forms.ModelForm):
    class Meta:
        model = WordListEntry
        fields = ["expression", "note"]

    def clean_expression(self) -> str:
        expression = " ".join(self.cleaned_data["expression"].split())
        if not wordlist.plain(expression).strip():
            raise forms.ValidationError(_("Write a word or an expression."))
        same = [
            other
            for other in WordListEntry.objects.exclude(pk=self.instance.pk).values_list(
                "expression", flat=True
            )
            if wordlist.plain(other) == wordlist.plain(expression)
        ]
        if same:
            raise forms.ValidationError(
                _("The list already holds “%(expression)s”, which matches the same words.")
                % {"expression": same[0]}
            )
        return expression
