"""The wiki's pages: an article (or a 301 from a former address), its history, an old
version, the difference between two versions, the edit form (with the conflict screen), a
new page, the talk page (the shared comments), recent changes, a category, the index, the
watch list; and the patrollers' actions (accept, reject, roll back, rename)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagination import paginate
from parvis.core.paths import object_path
from parvis.core.town import current_town
from parvis.wiki import links, permissions, selectors, services
from parvis.wiki.diff import diff_rows
from parvis.wiki.forms import CreateForm, EditForm, RenameForm
from parvis.wiki.models import Article, Revision, RevisionStatus

PAGE_SIZE = 50
EDIT_LIMIT = {"per_user": "30/h", "per_ip": "60/h"}


def _wiki_trail() -> tuple[str, str]:
    return (_("Wiki"), object_path("wiki:index"))


def _article_trail(article: Article, *more: tuple[str, str]) -> Any:
    return breadcrumbs(_wiki_trail(), (article.title, article.get_absolute_url(), article), *more)


def _article_or_404(slug: str) -> Article:
    article = selectors.article_for_page(slug)
    if article is None:
        raise Http404
    return article


def _json_ld(article: Article) -> dict[str, Any]:
    town = current_town()
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "url": absolute_url(article.get_absolute_url()),
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "datePublished": article.created_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "inLanguage": "fr",
        "author": {
            "@type": "Organization",
            "name": _("The residents of %(town)s") % {"town": town.name},
        },
        "publisher": {"@type": "GovernmentOrganization", "name": town.name},
        "discussionUrl": absolute_url(object_path("wiki:talk", slug=article.slug)),
    }
    if article.current is not None:
        data["wordCount"] = len(article.current.body.split())
    return data


@require_safe
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_for_page(slug)
    if article is None:
        moved = selectors.redirect_target(slug)
        if moved is not None:
            return HttpResponsePermanentRedirect(moved.get_absolute_url())
        return _missing(request, slug)
    assert article.current is not None
    return render(
        request,
        "wiki/article_detail.html",
        {
            "article": article,
            "body": links.render(article.current.body),
            "categories": selectors.article_categories(article),
            "can_edit": permissions.can_edit(request.user, article),
            "json_ld": json_ld_dumps(_json_ld(article)),
            "breadcrumbs": _article_trail(article),
        },
    )


def _missing(request: HttpRequest, slug: str) -> HttpResponse:
    title = slug.replace("-", " ").capitalize()
    return render(
        request,
        "wiki/article_missing.html",
        {
            "title": title,
            "create_url": links.create_path(title),
            "breadcrumbs": breadcrumbs(_wiki_trail()),
        },
        status=404,
    )


@require_safe
def article_index(request: HttpRequest) -> HttpResponse:
    page_obj = paginate(selectors.article_index(), request.GET.get("page"), per_page=100)
    return render(
        request,
        "wiki/article_index.html",
        {
            "page_obj": page_obj,
            "categories": list(selectors.categories()),
            "breadcrumbs": breadcrumbs(_wiki_trail()),
        },
    )


@require_safe
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_by_slug(slug)
    if category is None:
        raise Http404
    page_obj = paginate(
        selectors.category_articles(category), request.GET.get("page"), per_page=100
    )
    return render(
        request,
        "wiki/category_detail.html",
        {
            "category": category,
            "page_obj": page_obj,
            "breadcrumbs": breadcrumbs(
                _wiki_trail(), (category.name, category.get_absolute_url(), category)
            ),
        },
    )


@require_safe
def recent_changes(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("change", "")
    kind = kind if kind in selectors.CHANGE_FILTERS else ""
    all_categories = list(selectors.categories())
    category = next((c for c in all_categories if c.slug == request.GET.get("category")), None)
    page_obj = paginate(
        selectors.recent_changes(kind=kind, category=category),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "wiki/recent_changes.html",
        {
            "page_obj": page_obj,
            "kind": kind,
            "kinds": [
                ("new", _("New pages")),
                ("edit", _("Edits")),
                ("revert", _("Reverts")),
                ("rename", _("Renames")),
            ],
            "category": category,
            "categories": all_categories,
            "breadcrumbs": breadcrumbs(
                _wiki_trail(), (_("Recent changes"), object_path("wiki:recent"))
            ),
        },
    )


@never_cache
@login_required
@require_safe
def watchlist(request: HttpRequest) -> HttpResponse:
    page_obj = paginate(
        selectors.watched_changes(request.user),  # type: ignore[arg-type]
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "wiki/watchlist.html",
        {
            "page_obj": page_obj,
            "breadcrumbs": breadcrumbs(_wiki_trail(), (_("My watch list"), request.path)),
        },
    )


@require_safe
def article_history(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    with_pending = permissions.can_patrol(request.user)
    page_obj = paginate(
        selectors.history(article, with_pending=with_pending),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        "wiki/article_history.html",
        {
            "article": article,
            "page_obj": page_obj,
            "can_patrol": with_pending,
            "breadcrumbs": _article_trail(
                article, (_("History"), object_path("wiki:history", slug=article.slug))
            ),
        },
    )


def _visible_revision(request: HttpRequest, article: Article, pk: Any) -> Revision:
    revision = selectors.revision_of(article, pk)
    if revision is None or not permissions.can_see_revision(request.user, revision):
        raise Http404
    return revision


@require_safe
def revision_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = _article_or_404(slug)
    revision = _visible_revision(request, article, pk)
    return render(
        request,
        "wiki/revision_detail.html",
        {
            "article": article,
            "revision": revision,
            "body": links.render(revision.body),
            "is_current": revision.pk == article.current_id,
            "can_edit": permissions.can_edit(request.user, article),
            "can_patrol": permissions.can_patrol(request.user),
            "breadcrumbs": _article_trail(
                article,
                (_("History"), object_path("wiki:history", slug=article.slug)),
                (_("Version #%(number)s") % {"number": revision.pk}, request.path),
            ),
        },
    )


@require_safe
def article_diff(request: HttpRequest, slug: str) -> HttpResponse:
    """`?to_rev=` (the current version by default) compared with `?from_rev=` (by default
    the version it was made from)."""
    article = _article_or_404(slug)
    new = _visible_revision(request, article, request.GET.get("to_rev") or article.current_id)
    old_pk = request.GET.get("from_rev") or new.parent_id
    old = _visible_revision(request, article, old_pk) if old_pk else None
    return render(
        request,
        "wiki/article_diff.html",
        {
            "article": article,
            "old": old,
            "new": new,
            "rows": diff_rows(old.body if old else "", new.body),
            "can_patrol": permissions.can_patrol(request.user),
            "breadcrumbs": _article_trail(
                article,
                (_("History"), object_path("wiki:history", slug=article.slug)),
                (_("Differences"), request.path),
            ),
        },
    )


@require_safe
def article_talk(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    return render(
        request,
        "wiki/article_talk.html",
        {
            "article": article,
            "breadcrumbs": _article_trail(
                article, (_("Talk"), object_path("wiki:talk", slug=article.slug))
            ),
        },
    )


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("wiki-edit", **EDIT_LIMIT)
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    if not permissions.can_edit(request.user, article):
        raise PermissionDenied
    current = article.current
    assert current is not None
    context: dict[str, Any] = {
        "article": article,
        "breadcrumbs": _article_trail(
            article, (_("Edit"), object_path("wiki:edit", slug=article.slug))
        ),
    }
    if request.method != "POST":
        form = EditForm(initial={"body": current.body, "base": current.pk})
        return render(request, "wiki/article_edit.html", {**context, "form": form})
    form = EditForm(request.POST)
    status = 400
    if form.is_valid():
        base = selectors.revision_of(article, form.cleaned_data["base"] or 0)
        try:
            revision = services.article_edit(
                article=article,
                author=request.user,  # type: ignore[arg-type]
                base=base,
                body=form.cleaned_data["body"],
                summary=form.cleaned_data["summary"],
            )
        except services.EditConflict as conflict:
            # The editor's text is kept in the form, now based on the current version, and
            # the difference from that version shown above it: nothing is lost.
            mine = form.cleaned_data["body"].replace("\r\n", "\n")
            data = request.POST.copy()
            data["base"] = str(conflict.current.pk)
            form = EditForm(data)
            form.is_valid()
            context.update(
                conflict=conflict.current,
                rows=diff_rows(conflict.current.body, mine),
            )
            status = 409
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if revision.status == RevisionStatus.PENDING:
                messages.info(
                    request,
                    _(
                        "Thank you: your edit is saved and will be shown once a patroller has read it."
                    ),
                )
            else:
                messages.success(request, _("Your edit is published."))
            return redirect(article.get_absolute_url())
    return render(request, "wiki/article_edit.html", {**context, "form": form}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("wiki-edit", **EDIT_LIMIT)
def article_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_edit(request.user, None):
        raise PermissionDenied
    trail = breadcrumbs(_wiki_trail(), (_("New page"), object_path("wiki:create")))
    if request.method != "POST":
        form = CreateForm(initial={"title": request.GET.get("title", "")[:150]})
        return render(request, "wiki/article_create.html", {"form": form, "breadcrumbs": trail})
    form = CreateForm(request.POST)
    if form.is_valid():
        try:
            revision = services.article_create(
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                summary=form.cleaned_data["summary"],
                author=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if revision.status == RevisionStatus.PENDING:
                messages.info(
                    request,
                    _(
                        "Thank you: your page is saved and will be published once a patroller has read it."
                    ),
                )
                return redirect(object_path("wiki:index"))
            messages.success(request, _("Your page is published."))
            return redirect(revision.article.get_absolute_url())
    return render(
        request, "wiki/article_create.html", {"form": form, "breadcrumbs": trail}, status=400
    )


def _done(request: HttpRequest, article: Article, action: Any) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(object_path("wiki:history", slug=article.slug))
    return redirect(object_path("wiki:history", slug=article.slug))


@login_required
@require_POST
@ratelimit.rate_limit("wiki-edit", **EDIT_LIMIT)
def revision_revert(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One click: the text of this version saved again (any editor of the page)."""
    article = _article_or_404(slug)
    revision = _visible_revision(request, article, pk)

    def act() -> None:
        services.revision_revert(revision=revision, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The version is restored."))

    return _done(request, article, act)


@login_required
@require_POST
def article_rollback(request: HttpRequest, slug: str) -> HttpResponse:
    """One click for patrollers: the last author's consecutive edits undone."""
    article = _article_or_404(slug)

    def act() -> None:
        services.article_rollback(article=article, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The edits are rolled back."))

    return _done(request, article, act)


@login_required
@require_POST
def revision_patrol(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = selectors.article_any(slug)
    if article is None:
        raise Http404
    revision = selectors.revision_of(article, pk)
    if revision is None or not permissions.can_patrol(request.user):
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        services.revision_patrol(revision=revision, actor=request.user, accept=accept)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The edit is published.") if accept else _("The edit is rejected.")
        )
    if article.current_id is None and not accept:
        return redirect(object_path("wiki:index"))
    return redirect(article.get_absolute_url())


@require_safe
def pending_revision(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A held edit, for its author and the patrollers (the moderation queue links here):
    its difference from the version it was made from, and the patrollers' decision."""
    article = selectors.article_any(slug)
    if article is None:
        raise Http404
    revision = selectors.revision_of(article, pk)
    if revision is None or not permissions.can_see_revision(request.user, revision):
        raise Http404
    parent = revision.parent
    response = render(
        request,
        "wiki/revision_pending.html",
        {
            "article": article,
            "revision": revision,
            "rows": diff_rows(parent.body if parent else "", revision.body),
            "can_patrol": permissions.can_patrol(request.user),
            "breadcrumbs": breadcrumbs(_wiki_trail(), (article.title, request.path)),
        },
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def article_rename(request: HttpRequest, slug: str) -> HttpResponse:
    article = _article_or_404(slug)
    user = request.user
    if not (permissions.can_patrol(user) or user.has_perm("wiki.change_article")):
        raise PermissionDenied
    form = RenameForm(request.POST or None, initial={"title": article.title})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                article = services.article_rename(
                    article=article,
                    title=form.cleaned_data["title"],
                    actor=user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The page is renamed; its former address leads to it."))
                return redirect(article.get_absolute_url())
    return render(
        request,
        "wiki/article_rename.html",
        {
            "article": article,
            "form": form,
            "breadcrumbs": _article_trail(article, (_("Rename"), request.path)),
        },
        status=status,
    )
