"""CSV for spreadsheets: the exports staff open in LibreOffice Calc or Excel (applications,
payments for the treasury). Semicolon-separated UTF-8 with a byte-order mark, as French
spreadsheets read it, each cell made safe from formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

#: What a spreadsheet reads as the start of a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> str:
    """`value` for a CSV cell: text a person typed that a spreadsheet would read as a
    formula (=HYPERLINK(…)) is kept as text by a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """The whole file as text, byte-order mark first."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(cell) for cell in header])
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def csv_response(filename: str, text: str) -> HttpResponse:
    """`text` (from `csv_text`) as an attachment named `filename`, never kept by a cache."""
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_download(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return csv_response(filename, csv_text(header, rows))
