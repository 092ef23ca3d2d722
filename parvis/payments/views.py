"""The pages of online payment: `depart` (called by the page of the thing paid) sends the
browser to the provider, `notification` takes the provider's server-to-server message,
`payment_return` shows the outcome when the person comes back, and `test_provider` plays
the provider's page with eopayment's test backend (the demo town, the tests)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from parvis.accounts.http import signed_in_user
from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.payments import services
from parvis.payments.models import Payment, PaymentStatus
from parvis.payments.registry import payable_of

SESSION_KEY = "payments:last"
REFUSALS_AUDITED = "100/h"


def depart(request: HttpRequest, obj: models.Model) -> HttpResponse:
    """Start paying `obj` and send the browser to the provider: a redirection, or a page
    whose button posts the provider's form (it works without JavaScript). The caller checks
    the method and the rate limit."""
    try:
        departure = services.payment_start(obj=obj, user=signed_in_user(request))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        return render(
            request,
            "payments/unavailable.html",
            {"message": " ".join(error.messages), "title": _("Online payment")},
            status=409,
        )
    request.session[SESSION_KEY] = departure.payment.order_id
    if departure.method == "GET" and not departure.fields:
        return HttpResponseRedirect(departure.url)
    return render(
        request,
        "payments/departure.html",
        {"departure": departure, "title": _("Go to the payment page")},
    )


@csrf_exempt  # the provider's server posts here; eopayment checks its signature
@require_http_methods(["GET", "POST"])
def notification(request: HttpRequest) -> HttpResponse:
    """The provider's message. Anyone may post here: what is refused is in the audit trail,
    up to REFUSALS_AUDITED an address (beyond, in the log only, so that a flood cannot fill
    the trail)."""
    outcome = services.notification_receive(_message(request), audited=_audited(request))
    return HttpResponse(outcome.content, status=outcome.status, content_type="text/plain")


def _message(request: HttpRequest) -> str:
    """The provider's message: the body of its POST, or its query string."""
    body = request.body.decode("utf-8", "replace") if request.method == "POST" else ""
    return body or request.META.get("QUERY_STRING", "")


def _audited(request: HttpRequest) -> Callable[[], bool]:
    """Whether one more refusal from this address goes to the audit trail."""
    ip = ratelimit.client_ip(request)
    return lambda: not ratelimit.check_key("payments-refused", ip, limit=REFUSALS_AUDITED)


@csrf_exempt  # some providers send the person back with a POST of their own form
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def payment_return(request: HttpRequest) -> HttpResponse:
    """The outcome of the person's last payment. A signed message the provider gives the
    browser is handled as its notification would be (whichever arrives first pays)."""
    message = _message(request)
    named, signed = (
        services.return_receive(message, audited=_audited(request)) if message else ("", False)
    )
    # The payment a signed message names first; else the one started from this session.
    order_id = named if signed and named else request.session.get(SESSION_KEY, "") or named
    payment = Payment.objects.filter(order_id=order_id, user=signed_in_user(request)).first()
    if payment is None:
        raise Http404
    declaration = payable_of(payment.payable_kind)
    obj = declaration.model._default_manager.filter(pk=payment.payable_id).first()
    back = declaration.return_url(obj) if obj is not None else "/"
    titles = {
        PaymentStatus.PAID: _("Payment received"),
        PaymentStatus.STARTED: _("Payment awaiting the bank's answer"),
        PaymentStatus.FAILED: _("Payment not made"),
        PaymentStatus.TO_REFUND: _("Already paid: this payment will be refunded"),
        PaymentStatus.REFUNDED: _("Already paid: this payment was refunded"),
    }
    title = titles[PaymentStatus(payment.status)]
    return render(
        request,
        "payments/return.html",
        {
            "payment": payment,
            "back": back,
            "title": title,
            "breadcrumbs": breadcrumbs((title, request.path)),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def test_provider(request: HttpRequest) -> HttpResponse:
    """eopayment's test backend only: a page standing for the bank's, with a button to pay
    and one to refuse; the answer is notified as the bank would, then the browser returns."""
    if settings.PAYMENT_BACKEND != "dummy":
        raise Http404
    order_id = (request.POST if request.method == "POST" else request.GET).get("transaction_id", "")
    payment = Payment.objects.filter(order_id=order_id, user=signed_in_user(request)).first()
    if payment is None:
        raise Http404
    if request.method == "POST":
        _outcome, back = services.dummy_provider_answer(
            order_id=order_id, paid=request.POST.get("answer") == "pay"
        )
        return HttpResponseRedirect(back)
    return render(
        request,
        "payments/test_provider.html",
        {"payment": payment, "title": _("Test payment page")},
    )
