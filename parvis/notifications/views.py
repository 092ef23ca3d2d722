from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parvis.notifications.selectors import subscriptions_of


@login_required
@require_safe
def subscription_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/subscription_list.html",
        {"subscriptions": subscriptions_of(user=request.user)},
    )
