from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.accounts.http import AuthenticatedHttpRequest
from parvis.core.ratelimit import rate_limit
from parvis.notifications import selectors, services
from parvis.notifications.forms import EmailPreferenceForm, FollowForm, FrequencyForm
from parvis.notifications.models import Subscription
from parvis.notifications.permissions import get_subscription_for_user
from parvis.notifications.tokens import read_token

FORM_LIMIT = {"per_user": "30/m", "per_ip": "120/m"}


# --- "What I follow" -----------------------------------------------------------------------


def _list_page(
    request: AuthenticatedHttpRequest,
    *,
    bound: dict[int, FrequencyForm] | None = None,
    preference_form: EmailPreferenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    followed = selectors.followed_of(user=request.user)
    rows = [
        {
            "followed": item,
            "form": bound.get(item.subscription.pk)
            or FrequencyForm(
                prefix=f"s{item.subscription.pk}",
                initial={"frequency": item.subscription.frequency},
            ),
        }
        for item in followed
    ]
    preference = selectors.email_preference_of(user=request.user)
    context = {
        "rows": rows,
        "preference_form": preference_form or EmailPreferenceForm(instance=preference),
    }
    return render(request, "notifications/subscription_list.html", context, status=status)


@login_required
@require_safe
def subscription_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
@rate_limit("subscriptions", **FORM_LIMIT)
def subscription_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_subscription_for_user(user=request.user, pk=pk)
    form = FrequencyForm(request.POST, prefix=f"s{subscription.pk}")
    if not form.is_valid():
        return _list_page(request, bound={subscription.pk: form}, status=400)
    services.subscription_set_frequency(
        subscription=subscription, frequency=form.cleaned_data["frequency"]
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("subscription_list")


@login_required
@require_POST
@rate_limit("subscriptions", **FORM_LIMIT)
def subscription_stop(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_subscription_for_user(user=request.user, pk=pk)
    name = _followed_name(subscription)
    services.subscription_stop(subscription=subscription)
    messages.success(request, _("You no longer follow %(what)s.") % {"what": name})
    return redirect("subscription_list")


@login_required
@require_POST
@rate_limit("subscriptions", **FORM_LIMIT)
def email_preference_update(request: AuthenticatedHttpRequest) -> HttpResponse:
    preference = selectors.email_preference_of(user=request.user)
    form = EmailPreferenceForm(request.POST, instance=preference)
    if not form.is_valid():
        return _list_page(request, preference_form=form, status=400)
    services.email_preference_update(
        user=request.user,
        language=form.cleaned_data["language"],
        frequency=form.cleaned_data["frequency"],
        apply_to_all=form.cleaned_data["apply_to_all"],
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("subscription_list")


# --- following from any page (the follow button) ---------------------------------------------


def _followed_name(subscription: Subscription) -> str:
    return str(subscription.followed)


def _back(request: HttpRequest, form: FollowForm) -> HttpResponse:
    target = form.data.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("subscription_list")


def _follow_form(request: HttpRequest) -> FollowForm:
    form = FollowForm(request.POST)
    if not form.is_valid():
        # Only a hand-made request names something that cannot be followed.
        raise Http404
    return form


def _name(target: Any) -> str:
    return str(target)


@login_required
@require_POST
@rate_limit("follow", per_user="30/m", per_ip="120/m")
def subscription_follow(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _follow_form(request)
    target = form.cleaned_data["target"]
    if services.subscription_create(
        user=request.user, target=target, language=request.LANGUAGE_CODE
    ):
        messages.success(
            request,
            _("You now follow %(what)s. You can stop at any time.") % {"what": _name(target)},
        )
    return _back(request, form)


@login_required
@require_POST
@rate_limit("follow", per_user="30/m", per_ip="120/m")
def subscription_unfollow(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _follow_form(request)
    target = form.cleaned_data["target"]
    if services.subscription_delete(user=request.user, target=target):
        messages.success(request, _("You no longer follow %(what)s.") % {"what": _name(target)})
    return _back(request, form)


# --- one-click unsubscribe (RFC 8058) ----------------------------------------------------------

ONE_CLICK = ("List-Unsubscribe", "One-Click")


# CSRF-exempt by design. Mail providers (Gmail, Outlook…) POST "List-Unsubscribe=One-Click"
# to the address in the message's List-Unsubscribe header, from their servers, with no
# cookie and no CSRF token (RFC 8058). What protects this POST is the token in the address:
# signed with the site's secret key, it names one person and what to stop, and cannot be
# forged or altered (see parvis.notifications.tokens). The confirmation page's button posts
# the same body without a CSRF token either, so an anonymous visitor gets no cookie.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("unsubscribe", per_user="30/m", per_ip="60/m")
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    scope = read_token(token)
    user = get_user_model().objects.filter(pk=scope.user_id).first() if scope is not None else None
    if scope is None or user is None:
        raise Http404
    subscription = None
    if scope.subscription_id is not None:  # not `scope.is_everything`
        subscription = Subscription.objects.filter(pk=scope.subscription_id, user=user).first()
    context: dict[str, Any] = {
        "everything": scope.is_everything,
        "what": _followed_name(subscription) if subscription is not None else None,
        "one_click": ONE_CLICK,
    }
    if request.method == "POST":
        if request.POST.get(ONE_CLICK[0]) != ONE_CLICK[1]:
            context["refused"] = True
            return render(request, "notifications/unsubscribe.html", context, status=400)
        if scope.is_everything:
            services.subscriptions_stop_all(user=user)
        elif subscription is not None:
            services.subscription_stop(subscription=subscription)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)
