"""The HTTP answer of an invoice's PDF (the invoice or its receipt), for guardians and staff:
downloaded, never kept by a shared cache."""

from __future__ import annotations

import re

from django.http import HttpResponse

from parvis.family.models import Invoice


def pdf_response(content: bytes, invoice: Invoice, *, receipt: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # An imported invoice's number is the family software's: only safe letters in the name.
    number = re.sub(r"[^A-Za-z0-9_-]", "-", invoice.number)
    name = f"{'recu' if receipt else 'facture'}-{number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
