"""Invoices imported from the town's family software, as a CSV file.

The file is UTF-8 (with or without a byte order mark), its fields separated by ";" or ","
(whichever its first line uses), with a first line naming the columns, in any order:

    household_reference;number;month;issued_on;due_on;child;label;days;unit_price;amount

One row per invoice line; the rows of one `number` make one invoice (the same household,
month and dates on each). `month` is YYYY-MM, dates YYYY-MM-DD, prices in euros with a
decimal point or comma; `child` is empty or a child's first name (or first and last name) in
the household; `amount` must be `days` times `unit_price`.

All or nothing: every row is checked first and any problem refuses the whole file, each
problem named with its line in the file (the column names are line 1). A constant number of
reads whatever the file's size (households, children, numbers and months taken in one query
each); the invoices and their lines are written with one `bulk_create` each.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parvis.core.audit import audit_record
from parvis.family import invoicing
from parvis.family.models import (
    Child,
    Household,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
)

if TYPE_CHECKING:
    from parvis.accounts.models import User

COLUMNS = (
    "household_reference",
    "number",
    "month",
    "issued_on",
    "due_on",
    "child",
    "label",
    "days",
    "unit_price",
    "amount",
)
MAX_ROWS = 20_000
#: More than a month has, so that units other than days (hours, half-days) still fit.
MAX_DAYS = 1_000
#: Problems listed at most; a file with more says how many it left out.
MAX_MESSAGES = 100
CENT = Decimal("0.01")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAYS = re.compile(r"\d{1,6}")
_AMOUNT = re.compile(r"\d{1,8}(?:[.,]\d{1,2})?")


@dataclass(frozen=True)
class ImportResult:
    invoices: int
    lines: int
    total: Decimal
    invoice_ids: list[int] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    reference: str
    number: str
    month: datetime.date
    issued_on: datetime.date
    due_on: datetime.date
    child: str
    label: str
    days: int
    unit_price: Decimal
    amount: Decimal


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.messages.append(_("Line %(line)s: %(problem)s") % {"line": line, "problem": message})

    def raise_any(self) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_MESSAGES]
        if len(self.messages) > MAX_MESSAGES:
            shown.append(
                _("… and %(count)s more problems.") % {"count": len(self.messages) - MAX_MESSAGES}
            )
        raise ValidationError(shown)


def invoices_import(*, data: bytes, actor: User | None) -> ImportResult:
    """Create the file's invoices (see the module), all or none: ValidationError with one
    message a problem. They are issued (an invoice of nothing to pay is paid from the start),
    marked imported, audited, and their guardians told by a task enqueued in the transaction."""
    rows = _rows(_text(data))
    problems = _Problems()
    parsed = [row for row in (_parse(line, values, problems) for line, values in rows) if row]
    problems.raise_any()
    invoices = _group(parsed, problems)
    problems.raise_any()
    try:
        with transaction.atomic():
            result = _create(invoices, problems, actor=actor)
    except IntegrityError as error:
        # Another import or a run made one of these numbers or months between the checks and
        # the writes (the database's constraints refused it): nothing was written.
        raise ValidationError(
            _("Invoices were made meanwhile for some of these households or numbers: try again.")
        ) from error
    return result


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The file is not UTF-8 text: export it as CSV in UTF-8 from the software.")
        ) from error
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    return text


def _rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line in the file, {column: value}) of each row that is not blank."""
    first = text.lstrip("\r\n").partition("\n")[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            if header is None:
                header = _header(values)
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _("The file has more than %(max)s rows: split it.")
                    % {"max": formats.number_format(MAX_ROWS, force_grouping=True)}
                )
            cells = dict(zip(header, (value.strip() for value in values), strict=False))
            rows.append((reader.line_num, {name: cells.get(name, "") for name in COLUMNS}))
    except csv.Error as error:  # a field past csv's size limit, a stray NUL
        raise ValidationError(
            _("Line %(line)s: %(problem)s")
            % {"line": reader.line_num, "problem": _("this line cannot be read as CSV.")}
        ) from error
    if not rows:
        raise ValidationError(_("The file has no invoice lines."))
    return rows


def _header(values: list[str]) -> list[str]:
    header = [name.strip().lower() for name in values]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            _("Columns missing from the file's first line: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return header


def _parse(line: int, values: dict[str, str], problems: _Problems) -> _Row | None:
    """The row's values, or None when `problems` got one of them."""
    count = len(problems.messages)
    for name in ("household_reference", "number", "label"):
        if not values[name]:
            problems.add(line, _("%(column)s is empty.") % {"column": name})
    if len(values["number"]) > 40:
        problems.add(line, _("number is longer than 40 characters."))
    if values["number"].upper().startswith("FAC-"):
        problems.add(line, _("numbers beginning with FAC- are those of Parvis's monthly runs."))
    if len(values["label"]) > 250:
        problems.add(line, _("label is longer than 250 characters."))
    month = _month(values["month"])
    if month is None:
        problems.add(
            line,
            _('month "%(value)s" is not a month such as 2027-01.') % {"value": values["month"]},
        )
    issued_on, due_on = (_day(values[name]) for name in ("issued_on", "due_on"))
    for name, day in (("issued_on", issued_on), ("due_on", due_on)):
        if day is None:
            problems.add(
                line,
                _('%(column)s "%(value)s" is not a date such as 2027-02-01.')
                % {"column": name, "value": values[name]},
            )
    if issued_on and due_on and due_on < issued_on:
        problems.add(line, _("due_on is before issued_on."))
    days = int(values["days"]) if _DAYS.fullmatch(values["days"]) else None
    if days is None or days > MAX_DAYS:
        problems.add(
            line,
            _('days "%(value)s" is not a whole number from 0 to %(max)s.')
            % {"value": values["days"], "max": MAX_DAYS},
        )
    unit_price, amount = (_euros(values[name]) for name in ("unit_price", "amount"))
    for name, value in (("unit_price", unit_price), ("amount", amount)):
        if value is None:
            problems.add(
                line,
                _('%(column)s "%(value)s" is not an amount in euros such as 12,50.')
                % {"column": name, "value": values[name]},
            )
    if unit_price is not None and unit_price >= Decimal("100000"):
        problems.add(line, _("unit_price is more than 99,999.99 euros."))
    if (
        days is not None
        and unit_price is not None
        and amount is not None
        and amount != (unit_price * days).quantize(CENT)
    ):
        problems.add(
            line,
            _("amount %(amount)s is not %(days)s days at %(price)s (%(expected)s).")
            % {
                "amount": values["amount"],
                "days": days,
                "price": values["unit_price"],
                "expected": formats.number_format((unit_price * days).quantize(CENT), 2),
            },
        )
    if len(problems.messages) > count:
        return None
    assert month and issued_on and due_on and days is not None and unit_price is not None
    assert amount is not None
    return _Row(
        line=line,
        reference=values["household_reference"].upper(),
        number=values["number"],
        month=month,
        issued_on=issued_on,
        due_on=due_on,
        child=values["child"],
        label=values["label"],
        days=days,
        unit_price=unit_price,
        amount=amount,
    )


def _month(value: str) -> datetime.date | None:
    match = _MONTH.fullmatch(value)
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def _day(value: str) -> datetime.date | None:
    if not _DAY.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _euros(value: str) -> Decimal | None:
    if not _AMOUNT.fullmatch(value):
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        return None


def _group(rows: list[_Row], problems: _Problems) -> dict[str, list[_Row]]:
    """The rows by invoice number; `problems` gets the rows that disagree with their
    invoice's first row, and a second invoice of a household's month."""
    invoices: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        first = invoices[row.number][0] if invoices[row.number] else None
        if first and (row.reference, row.month, row.issued_on, row.due_on) != (
            first.reference,
            first.month,
            first.issued_on,
            first.due_on,
        ):
            problems.add(
                row.line,
                _("invoice %(number)s has another household, month or dates on line %(first)s.")
                % {"number": row.number, "first": first.line},
            )
            continue
        invoices[row.number].append(row)
    months: dict[tuple[str, datetime.date], str] = {}
    for number, lines in invoices.items():
        key = (lines[0].reference, lines[0].month)
        if key in months:
            problems.add(
                lines[0].line,
                _("household %(reference)s has invoice %(other)s of %(month)s in the file already.")
                % {"reference": key[0], "other": months[key], "month": f"{key[1]:%Y-%m}"},
            )
        months.setdefault(key, number)
    return invoices


def _create(
    invoices: dict[str, list[_Row]], problems: _Problems, *, actor: User | None
) -> ImportResult:
    """Check the rows against the database, then write (inside the caller's transaction)."""
    references = {lines[0].reference for lines in invoices.values()}
    households = {
        household.reference: household
        for household in Household.objects.filter(reference__in=references).only("pk", "reference")
    }
    children: dict[int, list[Child]] = defaultdict(list)
    for known in Child.objects.filter(
        household_id__in=[household.pk for household in households.values()]
    ).only("pk", "household_id", "first_name", "last_name"):
        children[known.household_id].append(known)
    taken_numbers = set(
        Invoice.objects.filter(number__in=list(invoices)).values_list("number", flat=True)
    )
    months = {lines[0].month for lines in invoices.values()}
    invoiced = set(
        Invoice.objects.filter(
            household_id__in=[household.pk for household in households.values()],
            month__in=months,
        )
        .exclude(status=InvoiceStatus.CANCELLED)
        .values_list("household_id", "month")
    )

    now = timezone.now()
    new: list[Invoice] = []
    new_lines: list[tuple[Invoice, InvoiceLine]] = []
    for number, lines in invoices.items():
        head = lines[0]
        household = households.get(head.reference)
        if household is None:
            for row in lines:
                problems.add(
                    row.line, _("unknown household %(reference)s.") % {"reference": row.reference}
                )
            continue
        if number in taken_numbers:
            problems.add(
                head.line, _("invoice number %(number)s exists already.") % {"number": number}
            )
        if (household.pk, head.month) in invoiced:
            problems.add(
                head.line,
                _("household %(reference)s has an invoice of %(month)s already.")
                % {"reference": head.reference, "month": f"{head.month:%Y-%m}"},
            )
        total = sum((row.amount for row in lines), Decimal("0.00"))
        if total >= Decimal("100000000"):
            problems.add(
                head.line, _("invoice %(number)s's total is too large.") % {"number": number}
            )
        due = total > 0
        invoice = Invoice(
            household=household,
            number=number,
            month=head.month,
            issued_on=head.issued_on,
            due_on=head.due_on,
            total=total,
            # Nothing to pay: paid from the start, as the runs do.
            status=InvoiceStatus.ISSUED if due else InvoiceStatus.PAID,
            paid_at=None if due else now,
            source=InvoiceSource.IMPORTED,
        )
        new.append(invoice)
        for row in lines:
            child = _child(children[household.pk], row.child)
            if row.child and child is None:
                problems.add(
                    row.line,
                    _('no child "%(name)s" in household %(reference)s (or more than one).')
                    % {"name": row.child, "reference": row.reference},
                )
            new_lines.append(
                (
                    invoice,
                    InvoiceLine(
                        child=child,
                        label=row.label,
                        quantity=row.days,
                        unit_price=row.unit_price,
                        amount=row.amount,
                    ),
                )
            )
    problems.raise_any()

    Invoice.objects.bulk_create(new)
    for invoice, line in new_lines:
        line.invoice = invoice
    InvoiceLine.objects.bulk_create([line for __, line in new_lines])
    total = sum((invoice.total for invoice in new), Decimal("0.00"))
    audit_record(
        actor=actor,
        action="family.invoices_import",
        data={
            "invoices": len(new),
            "lines": len(new_lines),
            "total": str(total),
            "months": sorted(f"{month:%Y-%m}" for month in months),
        },
    )
    issued = [invoice.pk for invoice in new if invoice.status == InvoiceStatus.ISSUED]
    if issued:
        invoicing.invoices_tell.enqueue(issued, "issued")
    return ImportResult(
        invoices=len(new),
        lines=len(new_lines),
        total=total,
        invoice_ids=[invoice.pk for invoice in new],
    )


def _child(children: list[Child], name: str) -> Child | None:
    """The one child of the household called `name` (first name, or first and last name;
    case and accents as written); None when there is none, or more than one."""
    if not name:
        return None
    wanted = " ".join(name.split()).casefold()
    found = [
        child
        for child in children
        if wanted
        in (child.first_name.casefold(), f"{child.first_name} {child.last_name}".casefold())
    ]
    return found[0] if len(found) == 1 else None
