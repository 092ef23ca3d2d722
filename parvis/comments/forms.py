from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parvis.comments.models import COMMENT_MAX_LENGTH
from parvis.moderation.models import FlagReason

# The limit is written out (COMMENT_MAX_LENGTH) so that each language writes the number
# its own way ("5 000" in French).
BODY_HELP = _(
    "At most 5,000 characters. You can use Markdown: *italics*, **bold**, "
    "[a link](https://…). Be courteous: comments are moderated."
)


class BodyField(forms.CharField):
    """The text of a comment, its limit said in words the person can act on."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Your comment"))
        kwargs.setdefault("help_text", BODY_HELP)
        super().__init__(
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            error_messages={
                "required": _("Write your comment before sending it."),
                "max_length": _(
                    "A comment can hold at most %(limit_value)s characters; yours has "
                    "%(show_value)s. Shorten it and send it again."
                ),
            },
            **kwargs,
        )


class CommentForm(forms.Form):
    body = BodyField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    follow_replies = forms.BooleanField(
        label=_("E-mail me when someone replies"),
        required=False,
        initial=True,
        help_text=_("Every such e-mail has a link to stop them."),
    )


class ReplyForm(CommentForm):
    body = BodyField(label=_("Your reply"))
    # One level of replies: nobody replies to a reply, so there is nothing to follow.
    follow_replies = None  # type: ignore[assignment]  # None takes the inherited field out (Django's declarative forms)


class CommentEditForm(forms.Form):
    body = BodyField()


class CommentFlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with this comment.")},
    )
    note = forms.CharField(
        label=_("Details for the moderators"),
        required=False,
        max_length=500,
        help_text=_("Optional. At most 500 characters."),
    )
