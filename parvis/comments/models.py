from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from parvis.moderation.models import ModeratedContent, moderation_constraints

#: The longest comment, in characters: a few paragraphs, not an essay.
COMMENT_MAX_LENGTH = 5000


class Comment(ModeratedContent):
    """A resident's comment on any commentable object (see `parvis.comments.registry`).

    One level of replies: a reply's `parent` is always a top-level comment. A comment
    deleted by its author keeps its row (its replies stay readable under "comment deleted")
    but loses its text. The author becomes None when their account is erased: the
    discussion stays whole, signed by nobody.
    """

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
    )
    #: The space of what is commented, when the comment was written; its moderation
    #: policy applies, and moderators filter by it.
    space = models.ForeignKey(
        "spaces.Space",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("space"),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("written on"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited on"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "parent", "created_at"],
                name="comments_thread_idx",
            ),
            models.Index(fields=["moderation_status", "created_at"], name="comments_status_idx"),
        ]
        constraints = [
            *moderation_constraints("comments_comment"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), COMMENT_MAX_LENGTH),
                name="comments_comment_body_max_length",
            ),
            # Deleting removes the words; a live comment has some.
            models.CheckConstraint(
                condition=models.Q(GreaterThan(Length("body"), 0), deleted_at__isnull=True)
                | models.Q(deleted_at__isnull=False, body=""),
                name="comments_comment_body_unless_deleted",
            ),
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="comments_comment_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        if self.deleted_at:
            return str(_("Deleted comment #%(pk)s") % {"pk": self.pk})
        return Truncator(" ".join(self.body.split())).chars(80)

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    def get_absolute_url(self) -> str:
        """The commented page, at this comment; "" once the commented object is deleted
        (comments outlive it: nothing cascades through a generic relation). Reads the
        target (prefetch it in lists)."""
        target = self.target
        if target is None:
            return ""
        return f"{target.get_absolute_url()}#{self.anchor}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def edit_deadline(self) -> datetime:
        return self.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)
