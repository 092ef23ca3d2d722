"""The comment forms' destinations. Each answers a POST and goes back to the commented page.

The forms live on the commented page itself (the `comments_for` tag). When one comes back
with a problem, the answer is a page of its own with the form, the text as it was typed
and the message next to the field, and a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parvis.accounts.http import AuthenticatedHttpRequest
from parvis.comments import selectors, services
from parvis.comments.forms import CommentEditForm, CommentFlagForm, CommentForm
from parvis.comments.models import Comment
from parvis.comments.registry import public_target
from parvis.core import ratelimit
from parvis.moderation.models import FlagReason
from parvis.moderation.permissions import ContributionRefused
from parvis.moderation.services import FlagRefused

#: Past this size a comment request is refused before it is read (413, a page of its own).
#: Below it, a text over the limit comes back in the form, kept, with the message next to the
#: field, so the person can shorten it: a whole document pasted by mistake (100 KB, or
#: 600 KB percent-encoded if it is in a script of three-byte characters) gets that answer.
#: A megabyte is no text a person typed into a comment box.
COMMENT_MAX_REQUEST_BYTES = 1024 * 1024

# (action, per account, per address): a burst is stopped within the minute, a steady
# flood within the hour. Addresses are shared (a library, a school), so they get more.
CREATE_LIMITS = [("comment", "5/m", "20/m"), ("comment-hour", "40/h", "200/h")]
EDIT_LIMITS = [("comment-edit", "10/m", "30/m")]
FLAG_LIMITS = [("comment-flag", "10/m", "30/m"), ("comment-flag-hour", "30/h", "100/h")]
DELETE_LIMIT = {"per_user": "10/m", "per_ip": "30/m"}


def refuse_oversized(view: Callable) -> Callable:
    """Answer 413 to a comment request larger than any valid comment can be."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > COMMENT_MAX_REQUEST_BYTES:
            # No "Connection: close" here: WSGI forbids hop-by-hop headers from the
            # application (PEP 3333; Django's own server answers 500 to one), and the
            # CSRF check has read the body by now anyway.
            return render(request, "comments/comment_too_long.html", status=413)
        return view(request, *args, **kwargs)

    return wrapped


def _wait(request: HttpRequest, limits: list[tuple[str, str, str]]) -> int:
    """Count this attempt against every limit; the longest wait if one is reached."""
    return max(
        ratelimit.check(request, action, per_user=per_user, per_ip=per_ip)
        for action, per_user, per_ip in limits
    )


def _target_or_404(type_id: int, object_id: int) -> Any:
    """The public object a comment endpoint is about, or 404: what the public does not see
    (a draft, a scheduled or unpublished item, a page of an unpublished space) is answered
    as if it did not exist, before its title can reach any page."""
    try:
        model = ContentType.objects.get_for_id(type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    target = public_target(model, object_id)
    if target is None:
        raise Http404
    return target


def _back_to(target: Any, anchor: str = "comments") -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{target.get_absolute_url()}#{anchor}")


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    target: Any,
    action: str,
    heading: str,
    status: int,
    comment: Comment | None = None,
    submit: str = "",
) -> HttpResponse:
    return render(
        request,
        "comments/comment_form_page.html",
        {
            "form": form,
            "target": target,
            "action": action,
            "heading": heading,
            "comment": comment,
            "submit": submit or _("Send"),
        },
        status=status,
    )


def _throttled_page(request: HttpRequest, wait: int, **page: Any) -> HttpResponse:
    """The form again, with what was typed, saying how long to wait (429)."""
    page["form"].is_valid()
    page["form"].add_error(None, ratelimit.wait_message(wait))
    response = _form_page(request, status=429, **page)
    response["Retry-After"] = str(wait)
    return response


@login_required
@require_POST
@refuse_oversized
def comment_create(request: AuthenticatedHttpRequest, type_id: int, object_id: int) -> HttpResponse:
    target = _target_or_404(type_id, object_id)
    form = CommentForm(request.POST)
    action = reverse("comments:create", args=[type_id, object_id])
    heading = _("Your comment on “%(title)s”") % {"title": target}
    wait = _wait(request, CREATE_LIMITS)
    if wait:
        return _throttled_page(
            request, wait, form=form, target=target, action=action, heading=heading
        )
    if not form.is_valid():
        return _form_page(
            request, form=form, target=target, action=action, heading=heading, status=400
        )
    parent = None
    if form.cleaned_data["parent"]:
        parent = selectors.comment_readable(pk=form.cleaned_data["parent"], viewer=request.user)
        if parent is None:
            form.add_error(None, _("The comment you replied to is no longer published."))
            return _form_page(
                request, form=form, target=target, action=action, heading=heading, status=400
            )
    try:
        comment = services.comment_create(
            target=target,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            follow_replies=form.cleaned_data["follow_replies"],
        )
    except ContributionRefused as refusal:
        form.add_error(None, refusal.message)
        return _form_page(
            request, form=form, target=target, action=action, heading=heading, status=403
        )
    except services.CommentRefused as refusal:
        form.add_error(None, refusal.message)
        status = 403 if isinstance(refusal, services.CommentsClosed) else 400
        return _form_page(
            request, form=form, target=target, action=action, heading=heading, status=status
        )
    if comment.is_visible:
        messages.success(request, _("Your comment is published."))
    else:
        messages.info(
            request,
            _(
                "Thank you. Your comment will be published once a moderator has read it; "
                "until then only you can see it."
            ),
        )
    return _back_to(target, comment.anchor)


def _own_comment_or_404(request: AuthenticatedHttpRequest, pk: int) -> tuple[Comment, Any]:
    comment = selectors.comment_for_author(pk=pk, author=request.user)
    if comment is None:
        raise Http404
    return comment, _target_or_404(comment.target_type_id, comment.target_id)


@login_required
@require_POST
@refuse_oversized
def comment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment, target = _own_comment_or_404(request, pk)
    form = CommentEditForm(request.POST)
    action = reverse("comments:edit", args=[pk])
    heading = _("Edit your comment on “%(title)s”") % {"title": target}
    page = {
        "form": form,
        "target": target,
        "action": action,
        "heading": heading,
        "comment": comment,
        "submit": _("Save the changes"),
    }
    wait = _wait(request, EDIT_LIMITS)
    if wait:
        return _throttled_page(request, wait, **page)
    if not form.is_valid():
        return _form_page(request, status=400, **page)
    try:
        services.comment_edit(comment=comment, author=request.user, body=form.cleaned_data["body"])
    except ContributionRefused as refusal:
        form.add_error(None, refusal.message)
        return _form_page(request, status=403, **page)
    except services.CommentRefused as refusal:
        form.add_error(None, refusal.message)
        return _form_page(request, status=403, **page)
    if comment.is_visible:
        messages.success(request, _("Your comment was changed."))
    else:
        messages.info(
            request,
            _("Your comment was changed. It will be published once a moderator has read it."),
        )
    return _back_to(target, comment.anchor)


@login_required
@require_POST
@ratelimit.rate_limit("comment-delete", **DELETE_LIMIT)
def comment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment, target = _own_comment_or_404(request, pk)
    services.comment_delete(comment=comment, author=request.user)
    messages.success(request, _("Your comment was deleted."))
    return _back_to(target)


@login_required
@require_POST
@refuse_oversized
def comment_flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_readable(pk=pk, viewer=request.user)
    if comment is None:
        raise Http404
    target = _target_or_404(comment.target_type_id, comment.target_id)
    form = CommentFlagForm(request.POST)
    page = {
        "form": form,
        "target": target,
        "action": reverse("comments:flag", args=[pk]),
        "heading": _("Flag a comment on “%(title)s”") % {"title": target},
        "comment": comment,
        "submit": _("Flag this comment"),
    }
    wait = _wait(request, FLAG_LIMITS)
    if wait:
        return _throttled_page(request, wait, **page)
    if not form.is_valid():
        return _form_page(request, status=400, **page)
    try:
        services.comment_flag(
            comment=comment,
            user=request.user,
            reason=FlagReason(form.cleaned_data["reason"]),
            note=form.cleaned_data["note"],
        )
    except (ContributionRefused, FlagRefused, services.CommentRefused) as refusal:
        form.add_error(None, refusal.message)
        return _form_page(request, status=403, **page)
    messages.success(
        request, _("Thank you. The moderators will read this comment and decide what to do.")
    )
    return _back_to(target, comment.anchor)
