"""Paying an invoice online: the amount is the server's, the provider's notification is
verified (signature, known payment, same amount) and pays the invoice exactly once, refusals
are logged, two payments of one invoice leave one to refund, the receipt is e-mailed and the
day's payments are reconciled for the treasury.

SystemPay's messages are signed here as SystemPay signs them (HMAC-SHA-256 of the sorted
vads_ values and the key, in base 64, from its documentation), not with eopayment's code."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import subprocess
import sys
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone, translation

from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core.models import AuditEntry
from parvis.core.storage import private_storage
from parvis.family.models import Invoice, InvoiceStatus
from parvis.family.tests.factories import make_household, make_invoice
from parvis.payments.models import Payment, PaymentStatus
from parvis.payments.selectors import reconciliation_csv
from parvis.payments.services import notification_receive
from parvis.payments.tasks import reconciliation_send

pytestmark = pytest.mark.django_db

SECRET = "7654321987654321"
SYSTEMPAY = {"vads_site_id": "12345678", "secret_test": SECRET, "signature_algo": "hmac_sha256"}


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def invoice(resident):
    """14.50 € to pay: 5 days at 2.90 €."""
    return make_invoice(
        make_household("Famille Martin", resident),
        lines=(("Lou — Restauration scolaire", 5, "2.90"),),
    )


def signed(fields: dict[str, str], secret: str = SECRET) -> dict[str, str]:
    """`fields` with SystemPay's signature."""
    values = [fields[key] for key in sorted(fields) if key.startswith("vads_")]
    data = "+".join([*values, secret]).encode()
    digest = hmac.new(secret.encode(), data, hashlib.sha256).digest()
    return {**fields, "signature": base64.b64encode(digest).decode()}


def systempay_departure(client, invoice) -> dict[str, str]:
    """Ask to pay `invoice`: the page's form, posted to SystemPay, as a dict."""
    response = client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    assert response.status_code == 200
    form = BeautifulSoup(response.content.decode(), "html.parser").select_one("main form")
    assert form["action"] == "https://paiement.systempay.fr/vads-payment/"
    return {field["name"]: field["value"] for field in form.select("input[type=hidden]")}


def systempay_notification(departure: dict[str, str], **changes: str) -> dict[str, str]:
    """What SystemPay's server posts once the card is accepted (before signing)."""
    fields = {
        key: departure[key]
        for key in ("vads_site_id", "vads_trans_id", "vads_trans_date", "vads_amount")
    }
    fields.update(
        vads_ctx_mode="TEST",
        vads_currency="978",
        vads_result="00",
        vads_auth_result="00",
        vads_auth_number="3fb0de",
        vads_trans_status="AUTHORISED",
    )
    fields.update(changes)
    return fields


def notify(client, fields: dict[str, str]):
    return client.post(
        "/payments/notification/",
        urlencode(fields),
        content_type="application/x-www-form-urlencoded",
    )


def refusals() -> list[str]:
    return [
        entry.data["reason"]
        for entry in AuditEntry.objects.filter(action="payments.notification_refused")
    ]


# --- the test backend, as the demo town pays ------------------------------------------------------


def test_a_guardian_pays_through_the_test_backend_and_gets_the_receipt(
    client, invoice, resident, mailbox, run_tasks
):
    client.force_login(resident)
    page = client.get(f"/en/family/invoices/{invoice.pk}/").content.decode()
    assert "Pay 14.50 € online" in page

    departure = client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    assert departure.status_code == 302
    provider = urlsplit(departure["Location"])
    assert provider.path == "/en/payments/test-provider/"
    payment = Payment.objects.get()
    assert (payment.amount, payment.status, payment.user) == (
        Decimal("14.50"),
        PaymentStatus.STARTED,
        resident,
    )
    assert parse_qs(provider.query)["transaction_id"] == [payment.order_id]
    assert "14.50" in client.get(departure["Location"]).content.decode()

    back = client.post(provider.path, {"transaction_id": payment.order_id, "answer": "pay"})
    assert back.status_code == 302
    outcome = client.get(back["Location"])
    assert "Payment received" in outcome.content.decode()
    invoice.refresh_from_db()
    payment.refresh_from_db()
    assert (invoice.status, invoice.paid_how) == (InvoiceStatus.PAID, "online")
    assert payment.status == PaymentStatus.PAID
    # Paid: no button any more, the receipt is there.
    page = client.get(f"/en/family/invoices/{invoice.pk}/").content.decode()
    assert "online</button>" not in page and "receipt.pdf" in page

    run_tasks()
    (receipt,) = mailbox.to(resident.email)
    # In the language of the page the payment started from.
    assert receipt["Subject"].startswith("Receipt of your payment: Invoice FAC-2026-11-00001")
    assert payment.order_id in mailbox.text(receipt)


def test_a_refused_card_leaves_the_invoice_due_and_it_may_be_paid_again(client, invoice, resident):
    client.force_login(resident)
    departure = client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    payment = Payment.objects.get()
    # Back before the bank answered (the browser's back button): waiting, nothing paid.
    waiting = client.get("/en/payments/return/").content.decode()
    assert "Payment awaiting the bank's answer" in waiting
    back = client.post(
        urlsplit(departure["Location"]).path,
        {"transaction_id": payment.order_id, "answer": "refuse"},
    )
    assert "Payment not made" in client.get(back["Location"]).content.decode()
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert (payment.status, invoice.status) == (PaymentStatus.FAILED, InvoiceStatus.ISSUED)
    assert client.post(f"/en/family/invoices/{invoice.pk}/pay/").status_code == 302
    assert Payment.objects.count() == 2


def test_another_family_s_invoice_cannot_be_paid_nor_its_payment_read(
    client, invoice, resident, other_resident
):
    client.force_login(resident)
    client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    payment = Payment.objects.get()
    client.force_login(other_resident)
    assert client.post(f"/en/family/invoices/{invoice.pk}/pay/").status_code == 404
    assert (
        client.get(f"/en/payments/test-provider/?transaction_id={payment.order_id}").status_code
        == 404
    )
    assert client.get(f"/en/payments/return/?transaction_id={payment.order_id}").status_code == 404
    assert Payment.objects.count() == 1


def test_without_a_provider_the_invoice_is_paid_at_the_town_hall(
    client, settings, invoice, resident
):
    settings.PAYMENT_BACKEND = ""
    client.force_login(resident)
    page = client.get(f"/en/family/invoices/{invoice.pk}/").content.decode()
    assert "online</button>" not in page and "Pay it at the town hall" in page

    response = client.post(f"/en/family/invoices/{invoice.pk}/pay/")

    assert response.status_code == 409
    assert "Online payment is not set up for this town." in response.content.decode()
    assert Payment.objects.count() == 0


class _Unavailable(BaseHTTPRequestHandler):
    """Mollie's API on a bad day: every call answers 503."""

    def do_POST(self) -> None:
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": 503, "detail": "Service Unavailable"}')

    def log_message(self, *args) -> None:
        pass


def test_a_provider_that_does_not_answer_is_said_so(client, settings, invoice, resident):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAYMENT_BACKEND = "mollie"
    settings.PAYMENT_OPTIONS = {
        "api_key": "test_key",
        "service_url": f"http://127.0.0.1:{server.server_port}/v2/",
    }
    client.force_login(resident)
    try:
        response = client.post(f"/en/family/invoices/{invoice.pk}/pay/")
    finally:
        server.shutdown()

    assert response.status_code == 409
    assert "The payment service does not answer at the moment" in response.content.decode()
    assert Payment.objects.count() == 0


def test_the_test_backend_is_refused_for_a_real_town():
    run = subprocess.run(
        [sys.executable, "-c", "import parvis.settings"],
        env={
            "PATH": "/usr/bin:/bin",
            "SECRET_KEY": "k" * 50,
            "TOWN_NAME": "Saint-Réel",
            "PAYMENT_BACKEND": "dummy",
        },
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "PAYMENT_BACKEND=dummy accepts any notification" in run.stderr


# --- SystemPay: signed notifications --------------------------------------------------------------


@pytest.fixture
def systempay(settings):
    settings.PAYMENT_BACKEND = "systempayv2"
    settings.PAYMENT_OPTIONS = SYSTEMPAY


def test_the_amount_sent_to_the_provider_is_the_invoice_s(client, systempay, invoice, resident):
    client.force_login(resident)
    departure = systempay_departure(client, invoice)
    assert departure["vads_amount"] == "1450"
    assert departure["vads_site_id"] == "12345678"
    assert departure["vads_ctx_mode"] == "TEST"
    # The departure page's form goes to the provider: the CSP lets it when set (not here).
    assert Payment.objects.get().amount == Decimal("14.50")


def test_a_signed_notification_pays_the_invoice_once_and_a_replay_changes_nothing(
    client, systempay, invoice, resident
):
    client.force_login(resident)
    message = signed(systempay_notification(systempay_departure(client, invoice)))
    client.logout()  # the provider's server has no session

    first = notify(client, message)
    assert first.status_code == 200
    invoice.refresh_from_db()
    payment = Payment.objects.get()
    assert invoice.status == InvoiceStatus.PAID
    assert (payment.status, payment.bank_reference) == (PaymentStatus.PAID, payment.order_id)
    assert payment.bank_data["vads_auth_number"] == "3fb0de"

    assert notify(client, message).status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert AuditEntry.objects.filter(action="family.invoice_paid").count() == 1
    assert AuditEntry.objects.filter(action="payments.notification_replayed").count() == 1
    # Under /en/ there is no such address: the provider knows one.
    assert client.post("/en/payments/notification/").status_code == 404


def test_a_signed_return_pays_when_it_comes_before_the_notification(
    client, systempay, invoice, resident
):
    client.force_login(resident)
    message = signed(systempay_notification(systempay_departure(client, invoice)))

    page = client.get(f"/en/payments/return/?{urlencode(message)}")

    assert "Payment received" in page.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    client.logout()
    assert notify(client, message).status_code == 200  # the notification, later: a replay
    assert AuditEntry.objects.filter(action="family.invoice_paid").count() == 1
    assert AuditEntry.objects.filter(action="payments.notification_replayed").count() == 1


@pytest.mark.parametrize(
    "forge, reason",
    [
        (lambda m: {**m, "signature": "AAAA" + m["signature"][4:]}, "bad signature"),
        (lambda m: {**m, "vads_amount": "100"}, "bad signature"),  # tampered after signing
        (
            lambda m: signed({k: v for k, v in m.items() if k != "signature"}, "not-the-key"),
            "bad signature",
        ),
        (
            lambda m: signed(
                {k: v for k, v in m.items() if k != "signature"} | {"vads_amount": "100"}
            ),
            "wrong amount",
        ),
        (
            lambda m: signed(
                {k: v for k, v in m.items() if k != "signature"} | {"vads_trans_id": "A00000"}
            ),
            "unknown transaction",
        ),
        (lambda m: {"hello": "world"}, "unreadable"),
    ],
    ids=["forged", "tampered", "other-key", "wrong-amount", "unknown", "unreadable"],
)
def test_a_forged_tampered_or_unknown_notification_is_refused_and_logged(
    client, systempay, invoice, resident, forge, reason
):
    client.force_login(resident)
    message = signed(systempay_notification(systempay_departure(client, invoice)))
    client.logout()

    response = notify(client, forge(message))

    assert response.status_code == 400
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    assert Payment.objects.get().status == PaymentStatus.STARTED
    assert refusals() == [reason]
    # The genuine message still pays it.
    assert notify(client, message).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_a_flood_of_forged_notifications_cannot_fill_the_audit_trail(client):
    for n in range(105):
        assert notify(client, {"vads_trans_id": str(n)}).status_code == 400

    # REFUSALS_AUDITED, "100/h": the first hundred from an address are kept, the rest logged.
    assert len(refusals()) == 100


def test_two_tabs_paying_one_invoice_leave_one_payment_to_refund(
    client, systempay, invoice, resident, staff_member, mailbox, run_tasks
):
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    client.force_login(resident)
    first = systempay_departure(client, invoice)
    second = systempay_departure(client, invoice)
    assert first["vads_trans_id"] != second["vads_trans_id"]
    client.logout()

    assert notify(client, signed(systempay_notification(first))).status_code == 200
    assert notify(client, signed(systempay_notification(second))).status_code == 200

    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == [PaymentStatus.PAID, PaymentStatus.TO_REFUND]
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    run_tasks()
    (told,) = mailbox.to(officer.email)
    assert told["Subject"].startswith("Paiement en ligne à rembourser")  # the town's language

    # Once paid, a third tab is not sent to the provider.
    client.force_login(resident)
    assert client.post(f"/en/family/invoices/{invoice.pk}/pay/").status_code == 302
    assert Payment.objects.count() == 2

    to_refund = Payment.objects.get(status=PaymentStatus.TO_REFUND)
    client.logout()
    sign_in(client, officer)
    response = client.post(
        "/backoffice/payments/payment/",
        {"action": "mark_refunded", "_selected_action": [to_refund.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    to_refund.refresh_from_db()
    assert to_refund.status == PaymentStatus.REFUNDED


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_notifications_arriving_at_once_pay_the_invoice_exactly_once(settings, resident):
    from parvis.core.tests.concurrency import run_at_once

    settings.PAYMENT_BACKEND = "systempayv2"
    settings.PAYMENT_OPTIONS = SYSTEMPAY
    invoice = make_invoice(
        make_household("Famille Martin", resident),
        lines=(("Lou — Restauration scolaire", 5, "2.90"),),
    )
    payments = []
    for n in range(4):
        trans_id = f"A0000{n}"
        payments.append(
            Payment.objects.create(
                order_id=f"20261203101010_{trans_id}",
                payable_kind="family.invoice",
                payable_id=invoice.pk,
                label="Invoice",
                amount=Decimal("14.50"),
                backend="systempayv2",
            )
        )
    # Each of the four payments notified twice (a replay racing its original), all at once.
    messages = [
        signed(
            {
                "vads_site_id": "12345678",
                "vads_trans_id": payment.order_id.split("_")[1],
                "vads_trans_date": payment.order_id.split("_")[0],
                "vads_amount": "1450",
                "vads_ctx_mode": "TEST",
                "vads_result": "00",
                "vads_auth_result": "00",
            }
        )
        for payment in payments
    ] * 2

    results = run_at_once(8, lambda: notification_receive(urlencode(messages.pop())).status)

    assert results == [200] * 8
    statuses = sorted(Payment.objects.values_list("status", flat=True))
    assert statuses == [PaymentStatus.PAID] + [PaymentStatus.TO_REFUND] * 3
    assert Invoice.objects.get().status == InvoiceStatus.PAID
    assert AuditEntry.objects.filter(action="family.invoice_paid").count() == 1
    assert AuditEntry.objects.filter(action="payments.notification_replayed").count() == 4


# --- the treasury ---------------------------------------------------------------------------------


def test_the_day_s_payments_are_reconciled_for_the_treasury(settings, resident, mailbox, run_tasks):
    settings.PAYMENT_TREASURY_EMAIL = "tresorerie@mairie.example"
    household = make_household("Famille Martin", resident)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    noon = timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(12, 0)))
    for n, (amount, status) in enumerate(
        [
            ("14.50", PaymentStatus.PAID),
            ("9.20", PaymentStatus.TO_REFUND),
            ("3.00", PaymentStatus.FAILED),
        ]
    ):
        Payment.objects.create(
            order_id=f"T{n}",
            payable_kind="family.invoice",
            payable_id=n + 1,
            label=f"Invoice {n}",
            amount=Decimal(amount),
            backend="dummy",
            status=status,
            bank_reference=f"B{n}",
            paid_at=noon if status != PaymentStatus.FAILED else None,
        )
    Payment.objects.create(
        order_id="T9",
        payable_kind="family.invoice",
        payable_id=9,
        label="Invoice of today",
        amount=Decimal("1.00"),
        backend="dummy",
        status=PaymentStatus.PAID,
        paid_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert household  # the payments name invoices by id only

    with translation.override("en"):
        lines = reconciliation_csv(yesterday).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Paid at;Reference;Provider's reference")
    assert [line.split(";")[1:4] + line.split(";")[7:8] for line in lines[1:3]] == [
        ["T0", "B0", "dummy", "14.50"],
        ["T1", "B1", "dummy", "9.20"],
    ]
    assert lines[3].split(";")[6:8] == ["Total", "23.70"]
    assert len(lines) == 4

    name = reconciliation_send.call()
    assert name == f"payments/reconciliation/{yesterday:%Y-%m-%d}.csv"
    assert private_storage().exists(name)
    run_tasks()
    (sent,) = mailbox.to("tresorerie@mairie.example")
    attachments = [part.get_filename() for part in sent.iter_attachments()]
    assert attachments == [f"payments-{yesterday:%Y-%m-%d}.csv"]


def test_the_back_office_gives_a_day_s_reconciliation_to_family_services(client, staff_member):
    officer = staff_member(Role.FAMILY_SERVICES_OFFICER)
    sign_in(client, officer)
    assert (
        "/backoffice/payments/payment/reconciliation/"
        in client.get("/backoffice/payments/payment/").content.decode()
    )
    refused = client.post("/backoffice/payments/payment/reconciliation/", {"day": "yesterday"})
    assert refused.status_code == 400
    response = client.post("/backoffice/payments/payment/reconciliation/", {"day": "2026-11-30"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="payments-2026-11-30.csv"' in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="payments.reconciliation_download").count() == 1
