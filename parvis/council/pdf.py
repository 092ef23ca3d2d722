"""Council PDFs written with fpdf2: what the demo town's minutes look like, and what the
tests and the benchmark upload. The text is real text, which pypdf reads back."""

from __future__ import annotations

from collections.abc import Iterable

from fpdf import FPDF

from parvis.family.pdf import ENCODING, pdf_text


def minutes_pdf(*, title: str, paragraphs: Iterable[str]) -> bytes:
    """An A4 PDF: a title, then each paragraph, on as many pages as they take."""
    document = FPDF(format="A4")
    # Windows-1252 (WinAnsiEncoding) has every French letter, œ included; Latin-1 has not.
    document.core_fonts_encoding = ENCODING
    document.set_auto_page_break(auto=True, margin=20)
    document.set_margins(20, 20, 20)
    document.add_page()
    document.set_font("Helvetica", style="B", size=14)
    document.multi_cell(0, 8, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    document.set_font("Helvetica", size=10)
    for paragraph in paragraphs:
        document.multi_cell(0, 5.5, pdf_text(paragraph), new_x="LMARGIN", new_y="NEXT")
        document.ln(2)
    return bytes(document.output())
