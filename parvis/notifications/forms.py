from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parvis.notifications.models import EmailPreference, Frequency
from parvis.notifications.registry import (
    Topic,
    followable_models,
    get_topic,
    topic_of,
    visible_followables,
)

TOPIC = "topic"


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("E-mails"), choices=Frequency.choices)


class EmailPreferenceForm(forms.ModelForm):
    apply_to_all = forms.BooleanField(
        label=_("Use this frequency for everything I already follow too"), required=False
    )

    class Meta:
        model = EmailPreference
        fields = ["language", "frequency"]
        labels = {"frequency": _("E-mails for what I follow next")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = settings.LANGUAGES


def target_value(target: models.Model | Topic | str) -> str:
    """How a follow form names what it follows: "topic:events", "tags.tag:7"."""
    if isinstance(target, str | Topic):
        return f"{TOPIC}:{get_topic(target).value}"
    return f"{target._meta.label_lower}:{target.pk}"


class FollowForm(forms.Form):
    """Follow or stop following one thing, named as `target_value` names it."""

    target = forms.CharField(max_length=100, widget=forms.HiddenInput)
    next = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def clean_target(self) -> models.Model | Topic:
        label, __, value = self.cleaned_data["target"].partition(":")
        if label == TOPIC:
            found_topic = topic_of(value)
            if found_topic is not None:
                return found_topic
        elif value.isdigit():
            for model in followable_models():
                if model._meta.label_lower == label:
                    found = visible_followables(model).filter(pk=int(value)).first()
                    if found is not None:
                        return found
        raise forms.ValidationError(_("This cannot be followed."), code="unknown")
