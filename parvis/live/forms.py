from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.live.models import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A moderator reads it before it is published with your public name."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
