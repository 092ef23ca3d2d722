"""Writes of the wiki, each in one transaction with its audit entry, its search document
and the watchers' notification.

- `article_create`: a new page and its first revision.
- `article_edit`: a new revision from the one the editor started from (`base`). Under the
  article's row lock, the service checks again that nobody published a different text
  since `base`: if someone did, `EditConflict` is raised with the current revision, and
  nothing is saved (the view shows the difference and keeps the editor's text).
- `revision_revert`: the text of an old revision, saved again as a new revision.
- `article_rollback`: the last author's consecutive edits undone in one step (patrollers).
- `revision_patrol`: a held edit accepted (published) or rejected by a patroller.
- `article_rename`: a new title and address; the old address redirects to the new one.
- `article_set_protection`: who may edit the page.

An edit by someone `permissions.is_held` holds is saved `pending`: readers keep the current
text until a patroller accepts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.notifications.services import notify
from parvis.search.indexing import index_object
from parvis.wiki import permissions
from parvis.wiki.links import category_names, title_slug
from parvis.wiki.models import (
    Article,
    Protection,
    Redirect,
    Revision,
    RevisionKind,
    RevisionStatus,
    WikiCategory,
)

if TYPE_CHECKING:
    from parvis.accounts.models import User
    from parvis.spaces.models import Space


class EditConflict(Exception):
    """Someone published another text since the editor's base revision."""

    def __init__(self, current: Revision) -> None:
        super().__init__("edit conflict")
        self.current = current


def _check_title(title: str, *, article: Article | None = None) -> tuple[str, str]:
    """The title cleaned and its slug; ValidationError on the title field when it is empty,
    makes no address, or is another page's (or another page's former address)."""
    title = " ".join(title.split())
    slug = title_slug(title)
    if not title:
        raise ValidationError({"title": _("Give the page a title.")}, code="required")
    if not slug:
        raise ValidationError(
            {"title": _("The title needs at least one letter or digit.")}, code="invalid"
        )
    others = Article.objects.filter(slug=slug)
    redirects = Redirect.objects.filter(old_slug=slug)
    if article is not None:
        others = others.exclude(pk=article.pk)
        redirects = redirects.exclude(article=article)
    if others.exists() or redirects.exists():
        raise ValidationError({"title": _("A page with this title exists already.")}, code="exists")
    return title, slug


def _categories_sync(article: Article, body: str) -> None:
    names = category_names(body)
    by_slug = {title_slug(name): name for name in names}
    existing = {c.slug: c for c in WikiCategory.objects.filter(slug__in=by_slug)}
    missing = [
        WikiCategory(name=name, slug=slug) for slug, name in by_slug.items() if slug not in existing
    ]
    for category in missing:
        category.save()
        existing[category.slug] = category
    article.categories.set(list(existing.values()))


def _publish(article: Article, revision: Revision, *, actor: User | None) -> None:
    """Make `revision` the article's text (the article row is locked by the caller)."""
    article.current = revision
    article.title = revision.title
    article.modified_at = timezone.now()
    article.save(update_fields=["current", "title", "modified_at"])
    _categories_sync(article, revision.body)
    index_object(article)
    notify(
        kind="wiki.article_edited",
        obj=revision,
        targets=[article],
        key=f"wiki.revision:{revision.pk}:published",
        actor=revision.author or actor,
    )


def _new_revision(
    *,
    article: Article,
    author: User,
    body: str,
    summary: str,
    kind: str,
    parent: Revision | None,
    held: bool,
) -> Revision:
    body = body.replace("\r\n", "\n")
    if len(body) > MARKDOWN_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("The text is too long: at most %(limit)s characters.")
                % {"limit": MARKDOWN_MAX_LENGTH}
            },
            code="max_length",
        )
    revision = Revision(
        article=article,
        parent=parent,
        author=author,
        title=article.title,
        body=body,
        summary=" ".join(summary.split())[:300],
        kind=kind,
        status=RevisionStatus.PENDING if held else RevisionStatus.PUBLISHED,
        size=len(body),
        delta=len(body) - (parent.size if parent is not None else 0),
    )
    revision.full_clean(exclude=["article", "parent", "author", "decided_by"])
    revision.save()
    if not held:
        _publish(article, revision, actor=author)
    audit_record(
        actor=author,
        action=f"wiki.revision_{kind}",
        target=revision,
        data={"article": article.pk, "status": revision.status},
    )
    return revision


def article_create(
    *, title: str, body: str, summary: str = "", author: User, space: Space | None = None
) -> Revision:
    """A new page with `body` as its first revision (held for patrol by the rule of
    `permissions.is_held`: the page is then public only once accepted)."""
    if not permissions.can_edit(author, None):
        raise PermissionDenied
    if not body.strip():
        raise ValidationError({"body": _("Write the page's text.")}, code="required")
    with transaction.atomic():
        title, slug = _check_title(title)
        article = Article.objects.create(title=title, slug=slug, space=space)
        return _new_revision(
            article=article,
            author=author,
            body=body,
            summary=summary,
            kind=RevisionKind.CREATE,
            parent=None,
            held=permissions.is_held(author),
        )


def article_edit(
    *, article: Article, author: User, base: Revision | None, body: str, summary: str = ""
) -> Revision:
    """Save `body` as the next revision of `article`, `base` being the revision the editor
    started from. Under the article's row lock: EditConflict if the current text differs
    from `base`'s; ValidationError if `body` is the current text unchanged."""
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not permissions.can_edit(author, locked):
            raise PermissionDenied
        current = Revision.objects.filter(pk=locked.current_id or 0).first()
        if current is not None and (
            base is None or (base.pk != current.pk and base.body != current.body)
        ):
            raise EditConflict(current)
        if current is not None and body.replace("\r\n", "\n") == current.body:
            raise ValidationError({"body": _("You changed nothing in the text.")}, code="unchanged")
        if not body.strip():
            raise ValidationError({"body": _("Write the page's text.")}, code="required")
        return _new_revision(
            article=locked,
            author=author,
            body=body,
            summary=summary,
            kind=RevisionKind.EDIT if current is not None else RevisionKind.CREATE,
            parent=current,
            held=permissions.is_held(author),
        )


def revision_revert(*, revision: Revision, actor: User, summary: str = "") -> Revision:
    """Save the text of `revision` (a published one) again, as a new revision."""
    if revision.status != RevisionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be restored."), code="invalid")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=revision.article_id)
        if not permissions.can_edit(actor, locked):
            raise PermissionDenied
        current = Revision.objects.get(pk=locked.current_id or 0)
        if current.body == revision.body:
            raise ValidationError(_("This version is the current text already."), code="unchanged")
        words = summary or _("Restored the version of %(date)s.") % {
            "date": timezone.localtime(revision.created_at).strftime("%Y-%m-%d %H:%M")
        }
        return _new_revision(
            article=locked,
            author=actor,
            body=revision.body,
            summary=words,
            kind=RevisionKind.REVERT,
            parent=current,
            held=permissions.is_held(actor),
        )


def article_rollback(*, article: Article, actor: User) -> Revision:
    """Undo the consecutive published edits of the current text's author in one step:
    the text goes back to the last version by someone else (patrollers only)."""
    if not permissions.can_patrol(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        published = Revision.objects.filter(
            article=locked, status=RevisionStatus.PUBLISHED
        ).order_by("-created_at", "-id")
        current = published.first()
        if current is None:
            raise ValidationError(_("This page has no published text."), code="invalid")
        previous = (
            published.exclude(author_id=current.author_id).first()
            if current.author_id is not None
            else published.exclude(author__isnull=True).first()
        )
        if previous is None:
            raise ValidationError(
                _(
                    "Every version of this page is by the same author: there is nothing to go back to."
                ),
                code="invalid",
            )
        author = current.author.public_name if current.author else _("an erased account")
        return _new_revision(
            article=locked,
            author=actor,
            body=previous.body,
            summary=_("Rolled back the edits by %(author)s.") % {"author": author},
            kind=RevisionKind.REVERT,
            parent=current,
            held=False,
        )


def revision_patrol(*, revision: Revision, actor: User, accept: bool) -> Revision:
    """Accept (publish) or reject a held edit. An edit made from a text that changed since
    cannot be accepted as it is (it would undo the other change): ValidationError."""
    if not permissions.can_patrol(actor):
        raise PermissionDenied
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        locked = Revision.objects.select_for_update().get(pk=revision.pk)
        if locked.status != RevisionStatus.PENDING:
            raise ValidationError(_("This edit was already patrolled."), code="decided")
        if accept and locked.parent_id != article.current_id:
            raise ValidationError(
                _("The page changed since this edit was made: it cannot be accepted as it is."),
                code="outdated",
            )
        locked.status = RevisionStatus.PUBLISHED if accept else RevisionStatus.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            _publish(article, locked, actor=actor)
        audit_record(
            actor=actor,
            action="wiki.revision_accept" if accept else "wiki.revision_reject",
            target=locked,
        )
    return locked


def article_rename(*, article: Article, title: str, actor: User) -> Article:
    """Give `article` a new title and address; its former address answers 301 to the new
    one for good (links written with the old title keep working). A rename is a revision
    of its own in the history (the text unchanged)."""
    if not (permissions.can_patrol(actor) or actor.has_perm("wiki.change_article")):
        raise PermissionDenied
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        title, slug = _check_title(title, article=locked)
        if title == locked.title:
            raise ValidationError(
                {"title": _("This is the page's title already.")}, code="unchanged"
            )
        old_title, old_slug = locked.title, locked.slug
        if slug != old_slug:
            Redirect.objects.filter(old_slug=slug, article=locked).delete()
            Redirect.objects.create(old_slug=old_slug, article=locked)
        locked.title, locked.slug = title, slug
        locked.save(update_fields=["title", "slug"])
        current = Revision.objects.filter(pk=locked.current_id or 0).first()
        if current is not None:
            _new_revision(
                article=locked,
                author=actor,
                body=current.body,
                summary=_("Renamed “%(old)s” to “%(new)s”.") % {"old": old_title, "new": title},
                kind=RevisionKind.RENAME,
                parent=current,
                held=False,
            )
        audit_record(
            actor=actor, action="wiki.article_rename", target=locked, data={"from": old_slug}
        )
    article.refresh_from_db()
    return article


def article_set_protection(*, article: Article, protection: str, actor: User) -> Article:
    if not actor.has_perm("wiki.change_article"):
        raise PermissionDenied
    protection = Protection(protection)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        locked.protection = protection
        locked.save(update_fields=["protection"])
        audit_record(
            actor=actor,
            action="wiki.article_protect",
            target=locked,
            data={"protection": str(protection)},
        )
    article.refresh_from_db()
    return article
