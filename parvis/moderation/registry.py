"""What residents write, and so what the moderators' queue holds.

A content type joins moderation in a few lines, in its app's `manifest.py`:

    moderated(
        Comment,
        key="comment",
        label=_("Comments"),
        text=lambda comment: comment.body,
        url=lambda comment: comment.get_absolute_url(),
        queryset=selectors.comments_for_moderation,
    )

The model inherits `ModeratedContent` (its status and the reason shown to its author). The
moderation services, the queue and the dashboard only collect these declarations.

Some contributions are not approved or hidden as a whole but decided on a page of their own
(a directory proposal, accepted field by field in the back office). Their app declares what
waits, and the queue's "Waiting for review" tab and the dashboard's counts list it with a
link to that page (no decision form, no flags, no word list: the page decides):

    moderated_on_own_page(
        ChangeProposal,
        key="directory",
        label=_("Directory proposals"),
        pending=selectors.proposals_for_moderation,
        text=proposal_summary,
        url=lambda proposal: reverse("admin:directory_changeproposal_change", args=[proposal.pk]),
        author=attrgetter("proposer"),
    )

`pending` returns only what waits, with what `text`, `author` and `context` read already
selected (the queue reads a page of it in two queries whatever its size). Keys are shared
with `moderated()`: the queue's filter by type knows both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from parvis.core.registry import Registry
from parvis.moderation.models import ModeratedContent


@dataclass(frozen=True)
class ModeratedType:
    model: type[ModeratedContent]
    #: A short stable name, used in the queue's filters ("comment").
    key: str
    #: A plural label for people ("Comments").
    label: Any
    #: The text that is moderated (matched against the word list, shown in the queue).
    text: Callable[[Any], str]
    #: The public address of the contribution (for its author and for moderators).
    url: Callable[[Any], str]
    #: The account that wrote it (None once that account is erased).
    author: Callable[[Any], Any]
    #: The space it belongs to, whose policy applies (None: town-wide).
    space: Callable[[Any], Any]
    #: What the queue reads: every row of the type, with what `text`, `url`, `author`,
    #: `space` and `context` need already selected, so a page of the queue costs a bounded
    #: number of queries.
    queryset: Callable[[], QuerySet]
    #: Where it was written, in words ("on the page “History”"), for the queue.
    context: Callable[[Any], str]
    #: The date the queue sorts by (oldest first).
    created_field: str
    #: Called inside the decision's transaction after the status changed (old, new), so
    #: the type can keep what depends on visibility in step (search index, notifications).
    on_status_change: Callable[[Any, str, str], None] | None

    @property
    def name(self) -> str:
        """One of them, for people ("Comment"): the model's singular name."""
        return str(capfirst(self.model._meta.verbose_name))


@dataclass(frozen=True)
class OwnPageType:
    """Contributions decided on a page of their own (see the module)."""

    model: type[Model]
    key: str
    label: Any
    #: What waits for a decision, oldest or not (the queue sorts), with what `text`,
    #: `author` and `context` read already selected.
    pending: Callable[[], QuerySet]
    #: What was proposed, in words (Markdown), shown in the queue.
    text: Callable[[Any], str]
    #: The page where a moderator decides on it.
    url: Callable[[Any], str]
    author: Callable[[Any], Any]
    #: What it is about ("A change to “Town hall”"), for the queue.
    context: Callable[[Any], str]
    #: The words of the link to the decision page.
    action: Any
    created_field: str

    @property
    def name(self) -> str:
        return str(capfirst(self.model._meta.verbose_name))


#: The link's words when a declaration gives none.
DECIDE_ON_ITS_PAGE = _("Decide on its page")

_types: Registry[ModeratedType] = Registry("moderated type")
_own_page: Registry[OwnPageType] = Registry("type moderated on its own page")
_by_key: Registry[ModeratedType | OwnPageType] = Registry("moderation key")


def moderated(
    model: type[ModeratedContent],
    *,
    key: str,
    label: Any,
    text: Callable[[Any], str],
    url: Callable[[Any], str],
    author: Callable[[Any], Any] = attrgetter("author"),
    space: Callable[[Any], Any] = attrgetter("space"),
    queryset: Callable[[], QuerySet] | None = None,
    context: Callable[[Any], str] = lambda obj: "",
    created_field: str = "created_at",
    on_status_change: Callable[[Any, str, str], None] | None = None,
) -> ModeratedType:
    """Declare `model` as content residents write, moderated in the one queue."""
    if not issubclass(model, ModeratedContent):
        raise TypeError(f"{model.__name__} must inherit ModeratedContent to be moderated.")
    kind = ModeratedType(
        model=model,
        key=key,
        label=label,
        text=text,
        url=url,
        author=author,
        space=space,
        queryset=queryset or model._default_manager.all,
        context=context,
        created_field=created_field,
        on_status_change=on_status_change,
    )
    _by_key.add(key, kind)
    return _types.add(model, kind)


def moderated_on_own_page(
    model: type[Model],
    *,
    key: str,
    label: Any,
    pending: Callable[[], QuerySet],
    text: Callable[[Any], str],
    url: Callable[[Any], str],
    author: Callable[[Any], Any] = attrgetter("author"),
    context: Callable[[Any], str] = lambda obj: "",
    action: Any = DECIDE_ON_ITS_PAGE,
    created_field: str = "created_at",
) -> OwnPageType:
    """Declare `model` as contributions a moderator decides on at `url`, listed in the one
    queue and counted on the dashboard while `pending` holds them."""
    kind = OwnPageType(
        model=model,
        key=key,
        label=label,
        pending=pending,
        text=text,
        url=url,
        author=author,
        context=context,
        action=action,
        created_field=created_field,
    )
    _by_key.add(key, kind)
    return _own_page.add(model, kind)


def moderated_types() -> list[ModeratedType]:
    return _types.values()


def own_page_types() -> list[OwnPageType]:
    """The types decided on their own page, in the order they were declared."""
    return _own_page.values()


def moderated_type_of(obj_or_model: Any) -> ModeratedType:
    """The declaration for an object or a model; LookupError when it is not moderated."""
    kind = _types.for_model(obj_or_model)
    if kind is None:
        model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
        raise LookupError(f"{model.__name__} is not moderated.")
    return kind


def moderated_type_by_key(key: str) -> ModeratedType | OwnPageType | None:
    return _by_key.get(key)
