"""A household's invoice, or the receipt of a paid one, as a printable A4 PDF (fpdf2).

The text is in the active language. The PDF uses the standard Helvetica font that every PDF
reader has, so no font file is shipped or embedded. Its text is encoded in Windows-1252
(`core_fonts_encoding`, declared `WinAnsiEncoding` in the file), which has the French letters,
"€", "—" and the typographic apostrophe; `pdf_text` replaces any other character with a close one before it is
written. The same invoice gives the same bytes: the file's date is the invoice's (the payment's
for a receipt), not the moment it is made.
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableBordersLayout

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.family.models import Invoice, InvoiceStatus

#: What the core fonts encode (see the module).
ENCODING = "cp1252"
#: Characters outside Windows-1252 that a near one replaces (Django's French formats put a
#: narrow no-break space between thousands; typographers' spaces, dashes and minus signs).
_NEAR = str.maketrans(
    {
        "\u202f": "\xa0",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u2007": "\xa0",  # figure space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "–",  # figure dash
        "\u2015": "—",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2192": "->",
        # Letters of their own that no accent removal turns into a Latin one.
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "ı": "i",
        "Ħ": "H",
        "ħ": "h",
        "\u2265": ">=",
        "\u2264": "<=",
    }
)

MARGIN = 20  # millimetres
LINE = 5.5  # millimetres: one line of 10-point text
TOWN_WIDTH = 85  # millimetres: the town's column, left of the household's (from 110)


def pdf_text(value: object) -> str:
    """`value` as text the PDF's font can print: characters outside Windows-1252 are replaced
    by a close one ("\u202f" by a no-break space, "ŝ" by "s") or, when there is none, by "?".
    Never raises."""
    text = unicodedata.normalize("NFC", str(value)).translate(_NEAR)
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return "".join(_printable(character) for character in text)
    return text


def _printable(character: str) -> str:
    try:
        character.encode(ENCODING)
    except UnicodeEncodeError:
        # A letter with a mark the font lacks keeps its base letter ("ő" → "o").
        base = "".join(
            part for part in unicodedata.normalize("NFKD", character) if _encodes(part)
        ).strip()
        return base or "?"
    return character


def _encodes(character: str) -> bool:
    try:
        character.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return not unicodedata.combining(character)


def euros(value: Decimal) -> str:
    """12.5 → "12,50 €" in French, "12.50 €" in English."""
    return f"{formats.number_format(value, 2, use_l10n=True, force_grouping=True)}\xa0€"


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


class _Document(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.set_text_color(90)
        self.cell(
            0,
            5,
            pdf_text(_("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}),
            align="C",
        )


def invoice_pdf(invoice: Invoice, *, receipt: bool = False) -> bytes:
    """The invoice (or, with `receipt`, the receipt of its payment) as PDF bytes, in the
    active language. ValueError for the receipt of an invoice that is not paid. Reads the
    invoice's lines (one query unless prefetched) and its household."""
    if receipt and not invoice.has_receipt:
        raise ValueError(f"Invoice {invoice.number} is not paid: it has no receipt.")
    town = current_town()
    household = invoice.household
    lines = list(invoice.lines.all())
    title = _("Receipt") if receipt else _("Invoice")

    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.set_title(pdf_text(f"{title} {invoice.number}"))
    pdf.set_author(pdf_text(town.name))
    pdf.set_subject(pdf_text(f"{household.name} ({household.reference})"))
    pdf.set_creator("Parvis")
    pdf.set_producer("Parvis")
    pdf.set_lang(translation.get_language() or "fr")
    made = invoice.paid_at if receipt and invoice.paid_at else None
    pdf.set_creation_date(
        made or datetime.datetime.combine(invoice.issued_on, datetime.time(), tzinfo=datetime.UTC)
    )
    pdf.add_page()

    # The town, as it signs its letters.
    pdf.set_font("Helvetica", style="B", size=14)
    # Its own column: a long address wraps there instead of running into the household's.
    pdf.multi_cell(TOWN_WIDTH, 7, pdf_text(town.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for detail in (town.address, town.email, town.phone):
        if detail:
            pdf.multi_cell(TOWN_WIDTH, LINE, pdf_text(detail), new_x="LMARGIN", new_y="NEXT")
    if town.siret:
        pdf.multi_cell(
            TOWN_WIDTH,
            LINE,
            pdf_text(_("SIRET %(siret)s") % {"siret": town.siret}),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    town_bottom = pdf.get_y()

    # The household, where a window envelope shows it.
    pdf.set_xy(110, 50)
    pdf.set_font("Helvetica", style="B", size=11)
    pdf.multi_cell(80, 6, pdf_text(household.name), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(80, LINE, pdf_text(household.address), new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(
        80,
        LINE,
        pdf_text(_("Household reference: %(reference)s") % {"reference": household.reference}),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    pdf.set_y(max(pdf.get_y(), town_bottom, 85))
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.cell(0, 10, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    facts = [
        (_("Invoice number"), invoice.number),
        (_("Month"), formats.date_format(invoice.month, "YEAR_MONTH_FORMAT")),
        (_("Issued on"), _date(invoice.issued_on)),
    ]
    if not receipt:
        facts.append((_("Due on"), _date(invoice.due_on)))
    for name, value in facts:
        pdf.set_font("Helvetica", style="B", size=10)
        # Translated as a whole: French puts a space before the colon.
        pdf.cell(45, LINE, pdf_text(_("%(name)s:") % {"name": name}))
        pdf.set_font("Helvetica", size=10)
        pdf.cell(0, LINE, pdf_text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE)

    with pdf.table(
        width=pdf.epw,
        col_widths=(90, 20, 30, 30),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        line_height=5,
        padding=(0.8, 2),
    ) as table:
        heading = table.row()
        for name in (_("Description"), _("Days"), _("Price of a day"), _("Amount")):
            heading.cell(pdf_text(name))
        for line in lines:
            row = table.row()
            row.cell(pdf_text(line.label))
            row.cell(pdf_text(formats.number_format(line.quantity, use_l10n=True)))
            row.cell(pdf_text(euros(line.unit_price)))
            row.cell(pdf_text(euros(line.amount)))
    pdf.ln(2)
    pdf.set_font("Helvetica", style="B", size=12)
    pdf.cell(pdf.epw - 30, 8, pdf_text(_("Paid") if receipt else _("Total")), align="R")
    pdf.cell(30, 8, pdf_text(euros(invoice.total)), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE)

    pdf.set_font("Helvetica", size=10)
    for paragraph in _status(invoice, receipt=receipt):
        pdf.multi_cell(0, LINE, pdf_text(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())


def _status(invoice: Invoice, *, receipt: bool) -> list[str]:
    """The paragraphs under the total: paid (when, how), cancelled, or how to pay and by when."""
    if invoice.status == InvoiceStatus.PAID and invoice.paid_at is not None:
        paid_on = _date(timezone.localdate(invoice.paid_at))
        how = invoice.get_paid_how_display().lower()
        paid = (
            _("Paid on %(date)s: %(how)s.") % {"date": paid_on, "how": how}
            if how
            else _("Paid on %(date)s.") % {"date": paid_on}
        )
        if receipt:
            return [
                _("The town received the payment of invoice %(number)s: %(total)s.")
                % {"number": invoice.number, "total": euros(invoice.total)},
                paid,
            ]
        return [paid]
    if invoice.status == InvoiceStatus.CANCELLED:
        return [_("This invoice is cancelled: there is nothing to pay.")]
    town = current_town()
    due = _date(invoice.due_on)
    first = (
        _("Overdue: to pay since %(date)s.")
        if invoice.status == InvoiceStatus.OVERDUE
        else _("To pay by %(date)s.")
    ) % {"date": due}
    return [
        first,
        _(
            "How to pay: online by card in your family space, %(url)s, or at the town hall, "
            "%(address)s, quoting the invoice number %(number)s."
        )
        % {
            "url": absolute_url(reverse("family:home")),
            "address": town.address,
            "number": invoice.number,
        },
    ]
