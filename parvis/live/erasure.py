"""What becomes of a resident's questions when their account is erased."""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from parvis.core.pagecache import objects_changed
from parvis.live.models import Question


def questions_erased(user: Any, *, erase_contributions: bool) -> None:
    """Published questions stay in their session, without the name; the others go. With
    `erase_contributions`, all of them go."""
    mine = Question.objects.filter(author=user)
    pks = list(mine.values_list("pk", flat=True))
    if not pks:
        return
    if erase_contributions:
        mine.delete()
    else:
        mine.exclude(status="published").delete()
        Question.objects.filter(pk__in=pks).update(author=None, author_name="")
    objects_changed(Question, pks)


def questions_erasure_text(user: Any) -> str | None:
    count = Question.objects.filter(author=user, status="published").count()
    if not count:
        return None
    return ngettext(
        "You have asked %(count)s published question in live sessions. Unless you choose to "
        "erase it below, it stays in its transcript, without your name.",
        "You have asked %(count)s published questions in live sessions. Unless you choose to "
        "erase them below, they stay in their transcripts, without your name.",
        count,
    ) % {"count": count}
