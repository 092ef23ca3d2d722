"""An invoice and its receipt as PDF, read back with pypdf as a reader's software would: the
town, the household, the lines, the total and how to pay are there, in the active language;
a receipt is only for a paid invoice."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from parvis.family.models import InvoiceLine, InvoiceStatus, PaidHow
from parvis.family.pdf import invoice_pdf, pdf_text
from parvis.family.tests.factories import make_child, make_household, make_invoice

pytestmark = pytest.mark.django_db

TOWN = {
    "name": "Saint-Léger-sur-Vie",
    "logo": "parvis/img/town-logo.svg",
    "share_image": "parvis/img/share.png",
    "share_image_alt": "",
    "address": "2 place de l’Église, 85000 Saint-Léger-sur-Vie",
    "email": "mairie@saint-leger.example",
    "phone": "+33 2 51 00 00 00",
    "siret": "21850000000017",
    "publication_director": "",
    "host": "",
    "dpo_email": "dpo@saint-leger.example",
    "centre": (46.67, -1.42),
    "accessibility_status": "partial",
    "accessibility_audit_date": "",
    "is_demo": False,
}


@pytest.fixture(autouse=True)
def _town():
    with override_settings(PARVIS_TOWN=TOWN, SITE_URL="https://www.saint-leger.example"):
        yield


@pytest.fixture
def invoice():
    household = make_household("Famille Lefèvre")
    return make_invoice(
        household,
        "FAC-2027-01-00042",
        lines=(
            ("Lou — Restauration scolaire", 15, "2.90"),
            ("Lou — Séjour d’hiver à Łódź", 5, "200.80"),
        ),
        child=make_child(household, "Lou"),
        month=datetime.date(2027, 1, 1),
        issued_on=datetime.date(2027, 2, 1),
        due_on=datetime.date(2027, 3, 3),
        total=Decimal("1047.50"),
    )


def text_of(content: bytes) -> str:
    """The PDF's text, its lines joined by spaces (a table's cells come one per line)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_an_invoice_shows_the_town_the_household_its_lines_and_how_to_pay(invoice):
    with translation.override("en"):
        content = invoice_pdf(invoice)

    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Invoice FAC-2027-01-00042"
    assert reader.metadata.author == "Saint-Léger-sur-Vie"
    text = text_of(content)
    for expected in [
        "Saint-Léger-sur-Vie",
        "2 place de l’Église, 85000 Saint-Léger-sur-Vie",
        "mairie@saint-leger.example",
        "Invoice",
        "Invoice number: FAC-2027-01-00042",
        "Famille Lefèvre",
        "3 rue des Lilas",
        f"Household reference: {invoice.household.reference}",
        "Month: January 2027",
        "Issued on: Feb. 1, 2027",
        "Due on: March 3, 2027",
        "Description Days Price of a day Amount",
        "Lou — Restauration scolaire 15 2.90 € 43.50 €",
        # Outside Windows-1252, "Ł" is printed "L" and "ź" "z" ("ó" is there); the apostrophe and the dash are kept.
        "Lou — Séjour d’hiver à Lódz 5 200.80 € 1,004.00 €",
        "Total 1,047.50 €",
        "To pay by March 3, 2027.",
        "How to pay: online by card in your family space, https://www.saint-leger.example/en/family/,",
        "or at the town hall, 2 place de l’Église, 85000 Saint-Léger-sur-Vie, quoting the "
        "invoice number FAC-2027-01-00042.",
        "Page 1 of 1",
    ]:
        assert expected in text, expected
    assert "Paid on" not in text


def test_a_french_reader_gets_it_in_french(invoice):
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = datetime.datetime(2027, 2, 10, 9, 30, tzinfo=datetime.UTC)
    invoice.paid_how = PaidHow.COUNTER
    invoice.save()

    with translation.override("fr"):
        text = text_of(invoice_pdf(invoice))
        receipt = text_of(invoice_pdf(invoice, receipt=True))

    for expected in [
        "Facture",
        "Numéro de facture : FAC-2027-01-00042",
        "Mois : janvier 2027",
        "Émise le : 1 février 2027",
        "Total 1 047,50 €",
        "Payée le 10 février 2027 : en mairie.",
    ]:
        assert expected in text, expected
    assert "Reçu" in receipt


def test_the_same_invoice_gives_the_same_file(invoice):
    with translation.override("en"):
        assert invoice_pdf(invoice) == invoice_pdf(invoice)


def test_a_paid_invoice_says_when_and_how_and_has_a_receipt(invoice):
    invoice.status = InvoiceStatus.PAID
    invoice.paid_at = datetime.datetime(2027, 2, 10, 9, 30, tzinfo=datetime.UTC)
    invoice.paid_how = PaidHow.ONLINE
    invoice.save()

    with translation.override("en"):
        text = text_of(invoice_pdf(invoice))
        receipt = invoice_pdf(invoice, receipt=True)

    assert "Paid on Feb. 10, 2027: online." in text
    assert "How to pay" not in text
    assert PdfReader(io.BytesIO(receipt)).metadata.title == "Receipt FAC-2027-01-00042"
    receipt_text = text_of(receipt)
    for expected in [
        "Receipt",
        "Invoice number: FAC-2027-01-00042",
        "Famille Lefèvre",
        "Month: January 2027",
        "Paid 1,047.50 €",
        "The town received the payment of invoice FAC-2027-01-00042: 1,047.50 €.",
        "Paid on Feb. 10, 2027: online.",
    ]:
        assert expected in receipt_text, expected
    assert "Due on" not in receipt_text
    assert "How to pay" not in receipt_text


def test_a_cancelled_invoice_asks_for_nothing(invoice):
    invoice.status = InvoiceStatus.CANCELLED
    invoice.save()

    with translation.override("en"):
        text = text_of(invoice_pdf(invoice))

    assert "This invoice is cancelled: there is nothing to pay." in text
    assert "How to pay" not in text


@pytest.mark.parametrize("status", [InvoiceStatus.ISSUED, InvoiceStatus.OVERDUE])
def test_an_unpaid_invoice_has_no_receipt(invoice, status):
    invoice.status = status
    invoice.save()

    with pytest.raises(ValueError, match="FAC-2027-01-00042 is not paid"):
        invoice_pdf(invoice, receipt=True)


def test_a_long_invoice_goes_on_to_more_pages_with_the_headings_on_each(invoice):
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            label=f"Ligne {n}",
            quantity=1,
            unit_price=Decimal("1.00"),
            amount=Decimal("1.00"),
        )
        for n in range(80)
    )

    with translation.override("en"):
        content = invoice_pdf(invoice)

    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Description Days Price of a day Amount" in page  # the headings on each page
        assert f"Page {number} of {len(pages)}" in page
    text = " ".join(pages)
    for n in range(80):
        assert f"Ligne {n} 1 1.00 € 1.00 €" in text
    assert "Total 1,047.50 €" in pages[-1]


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("Famille Lefèvre — cantine : 12 €", "Famille Lefèvre — cantine : 12 €"),
        ("1\u202f047,50", "1\xa0047,50"),
        ("Łódź", "Lódz"),
        ("crèche « Les Œillets »", "crèche « Les Œillets »"),
        ("2 − 1 → 1", "2 - 1 -> 1"),
        ("日本", "??"),
        ("e\u0301cole", "école"),
    ],
)
def test_pdf_text_keeps_what_the_font_prints_and_replaces_the_rest(value, printed):
    assert pdf_text(value) == printed
