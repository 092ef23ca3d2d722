"""The moderators' pages in the back office: the queue, the decisions, the dashboard.

They are mounted on the back office's site by `admin.DecisionAdmin.get_urls`, so the back
office's gate (staff role and two-factor authentication) runs first; each view then asks
`can_moderate`. Only moderators and administrators get through, and not while suspended.
What one may not decide about (one's own contribution or account, someone whose role ranks
above one's own: `permissions.decision_refusal`) is shown with why and no button; the
services refuse it anyway (403, nothing written).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from parvis.accounts.http import signed_in_user
from parvis.accounts.roles import Role, permissions_of
from parvis.accounts.selectors import roles_read
from parvis.core.errors import render_error
from parvis.moderation import selectors, services
from parvis.moderation.forms import DecisionForm, QueueAction
from parvis.moderation.permissions import ACCOUNT, CONTRIBUTION, can_moderate, decision_refusal
from parvis.moderation.registry import moderated_type_by_key, moderated_types, own_page_types
from parvis.moderation.selectors import Show

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from parvis.accounts.models import User

TAB_TITLES = {
    Show.PENDING: gettext_lazy("Waiting for review"),
    Show.FLAGGED: gettext_lazy("Flagged"),
    Show.HIDDEN: gettext_lazy("Hidden recently"),
}


def _require_moderator(request: HttpRequest) -> HttpResponse | None:
    """None for someone who may moderate now; otherwise the 403 answer. A suspended
    moderator is told why; anyone else gets the back office's plain refusal."""
    if can_moderate(request.user):
        return None
    if _holds_moderation_role(request.user):
        refusal = decision_refusal(moderator=request.user, subject=None, about=CONTRIBUTION)
        return render_error(request, 403, detail=refusal or "")
    raise PermissionDenied


def _holds_moderation_role(user: User | AnonymousUser) -> bool:
    """Whether the person's roles grant moderation, suspension aside: a suspended account
    has no permission at all (accounts.backends), yet a suspended moderator is told why."""
    roles = getattr(user, "roles", None) or ()
    return Role.ADMINISTRATOR in roles or "moderation.moderate" in permissions_of(roles)


def _queue_url(show: str, key: str = "") -> str:
    query = {"show": show, **({"type": key} if key else {})}
    return f"{reverse('admin:moderation_queue')}?{urlencode(query)}"


def _queue_response(
    request: HttpRequest,
    *,
    site: admin.AdminSite,
    show: str,
    key: str,
    bound: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.queue_page(show=show, key=key)
    rows = []
    roles_read(item.author for item in page.items)
    # What this moderator may not decide on (their own, an author above them) is shown
    # with why, without the form.
    # Items decided on their own page get a link there, which applies its own rules.
    refusals = {
        item.ref: decision_refusal(moderator=request.user, subject=item.author, about=CONTRIBUTION)
        for item in page.items
        if not item.decision_url
    }
    with_form = {ref for ref, refusal in refusals.items() if refusal is None}
    if bound is not None and bound.data.get("item") not in with_form:
        # The item left this tab meanwhile (another moderator decided), or it is not this
        # moderator's to decide: say it at the top.
        for errors in bound.errors.values():
            for error in errors:
                messages.error(request, str(error))
    for item in page.items:
        refusal = refusals.get(item.ref)
        if refusal is not None or item.decision_url:
            form = None
        elif bound is not None and bound.data.get("item") == item.ref:
            form = bound
        else:
            form = DecisionForm(
                initial={"item": item.ref}, auto_id=f"id_{item.ref.replace(':', '_')}_%s"
            )
        rows.append((item, form, refusal))
    counts = selectors.dashboard_counts()
    tabs = [
        (
            tab,
            TAB_TITLES[tab],
            {Show.PENDING: counts.pending_total, Show.FLAGGED: counts.flagged_total}.get(tab),
            _queue_url(tab, key),
        )
        for tab in Show.ALL
    ]
    context = {
        **site.each_context(request),
        "title": _("Moderation queue"),
        "subtitle": TAB_TITLES[show],
        "show": show,
        "key": key,
        "tabs": tabs,
        "types": [(kind.key, kind.label, _queue_url(show, kind.key)) for kind in moderated_types()]
        + [(own.key, own.label, _queue_url(show, own.key)) for own in own_page_types()],
        "all_types_url": _queue_url(show),
        "rows": rows,
        "total": page.total,
        "QueueAction": QueueAction,
    }
    return render(request, "moderation/queue.html", context, status=status)


@require_safe
def queue(request: HttpRequest, *, site: admin.AdminSite) -> HttpResponse:
    if (refused := _require_moderator(request)) is not None:
        return refused
    show = request.GET.get("show", Show.PENDING)
    if show not in Show.ALL:
        show = Show.PENDING
    key = request.GET.get("type", "")
    if key and moderated_type_by_key(key) is None:
        key = ""
    return _queue_response(request, site=site, show=show, key=key)


@require_POST
def decide(request: HttpRequest, *, site: admin.AdminSite) -> HttpResponse:
    """Carry out one decision from the queue, then go back to the same tab."""
    if (refused := _require_moderator(request)) is not None:
        return refused
    show = request.POST.get("show", Show.PENDING)
    show = show if show in Show.ALL else Show.PENDING
    key = request.POST.get("type", "")
    key = key if moderated_type_by_key(key) is not None else ""
    item_id = request.POST.get("item", "").replace(":", "_")
    form = DecisionForm(request.POST, auto_id=f"id_{item_id}_%s")
    if not form.is_valid():
        return _queue_response(request, site=site, show=show, key=key, bound=form, status=400)
    content_type_id, object_id = form.item_ids()
    found = selectors.queue_item(content_type_id=content_type_id, object_id=object_id)
    if found is None:
        messages.error(request, _("This contribution no longer exists."))
        return HttpResponseRedirect(_queue_url(show, key))
    kind, obj = found
    action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
    moderator = signed_in_user(request)
    try:
        with transaction.atomic():
            if action == QueueAction.APPROVE:
                services.contribution_approve(obj=obj, moderator=moderator, note=reason)
                done = _("Approved: it is public.")
            elif action == QueueAction.RESTORE:
                services.contribution_restore(obj=obj, moderator=moderator, note=reason)
                done = _("Restored: it is public again.")
            elif action == QueueAction.HIDE:
                services.contribution_hide(obj=obj, moderator=moderator, reason=reason)
                done = _("Hidden. Its author was told why by e-mail.")
            else:
                author = kind.author(obj)
                if author is None:
                    raise services.DecisionNotAllowed(
                        _("Its author's account no longer exists: hide it instead.")
                    )
                if not obj.is_hidden:
                    services.contribution_hide(obj=obj, moderator=moderator, reason=reason)
                until = timezone.now() + timedelta(days=form.cleaned_data["days"])
                services.user_suspend(
                    user=author, moderator=moderator, until=until, reason=reason, obj=obj
                )
                done = _("Hidden, and its author is suspended. They were told why by e-mail.")
    except services.DecisionNotAllowed as refusal:
        form.add_error(None, refusal.message)
        status = 403 if isinstance(refusal, services.DecisionForbidden) else 409
        return _queue_response(request, site=site, show=show, key=key, bound=form, status=status)
    messages.success(request, done)
    return HttpResponseRedirect(_queue_url(show, key))


@require_safe
def dashboard(request: HttpRequest, *, site: admin.AdminSite) -> HttpResponse:
    if (refused := _require_moderator(request)) is not None:
        return refused
    return _dashboard_response(request, site=site)


def _dashboard_response(
    request: HttpRequest, *, site: admin.AdminSite, status: int = 200
) -> HttpResponse:
    counts = selectors.dashboard_counts()
    suspended = selectors.suspended_people()
    roles_read(suspended)
    context = {
        **site.each_context(request),
        "title": _("Moderation dashboard"),
        "counts": counts,
        "types": [
            (
                kind.label,
                counts.pending[kind.key],
                counts.flagged[kind.key],
                _queue_url(Show.PENDING, kind.key),
                _queue_url(Show.FLAGGED, kind.key),
            )
            for kind in moderated_types()
        ]
        # Decided on their own page: they wait, they are never flagged.
        + [
            (own.label, counts.pending[own.key], None, _queue_url(Show.PENDING, own.key), "")
            for own in own_page_types()
        ],
        "queue_url": _queue_url(Show.PENDING),
        "flagged_url": _queue_url(Show.FLAGGED),
        # Each person with what stops this moderator from lifting their suspension, if
        # anything (their own, or a role above theirs).
        "suspended": [
            (
                person,
                decision_refusal(moderator=request.user, subject=person, about=ACCOUNT),
            )
            for person in suspended
        ],
        "decisions": selectors.recent_decisions(),
    }
    return render(request, "moderation/dashboard.html", context, status=status)


@require_POST
def reinstate(request: HttpRequest, user_id: int, *, site: admin.AdminSite) -> HttpResponse:
    """Lift a suspension before its end (from the dashboard). A refusal shows the dashboard
    again with why: 403 when this moderator may not decide about the person, 409 when
    there is nothing to lift."""
    if (refused := _require_moderator(request)) is not None:
        return refused
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        services.user_reinstate(user=person, moderator=signed_in_user(request))
    except services.DecisionNotAllowed as refusal:
        messages.error(request, refusal.message)
        status = 403 if isinstance(refusal, services.DecisionForbidden) else 409
        return _dashboard_response(request, site=site, status=status)
    messages.success(
        request, _("%(name)s can write on the site again.") % {"name": person.public_name}
    )
    return HttpResponseRedirect(reverse("admin:moderation_dashboard"))
