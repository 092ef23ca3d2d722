"""Invoices imported from the family software's CSV export: a good file makes its invoices
with their lines and totals, marked imported, audited, and the guardians told; a bad one is
refused whole, each problem named with its line in the file, and nothing is made. The number
of queries does not grow with the file."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from parvis.accounts.roles import Role
from parvis.core.models import AuditEntry
from parvis.family import imports
from parvis.family.forms import InvoiceImportForm
from parvis.family.imports import invoices_import
from parvis.family.models import (
    Household,
    Invoice,
    InvoiceLine,
    InvoiceSource,
    InvoiceStatus,
)
from parvis.family.tests.factories import make_child, make_household

pytestmark = pytest.mark.django_db

HEADER = "household_reference;number;month;issued_on;due_on;child;label;days;unit_price;amount"


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def officer_of_families(staff_member):
    return staff_member(Role.FAMILY_SERVICES_OFFICER)


@pytest.fixture
def martin(resident):
    household = make_household("Famille Martin", resident)
    make_child(household, "Lou", age=7)
    make_child(household, "Sam", age=9)
    return household


@pytest.fixture
def durand():
    return make_household("Famille Durand")


def csv_file(*rows: str, header: str = HEADER, bom: bool = True) -> bytes:
    return ("\ufeff" if bom else "").encode() + "\r\n".join([header, *rows, ""]).encode()


def refused(data: bytes) -> list[str]:
    """The messages of the refusal; asserts that nothing was made."""
    invoices, lines, entries = (
        Invoice.objects.count(),
        InvoiceLine.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationError) as refusal:
        invoices_import(data=data, actor=None)
    assert (Invoice.objects.count(), InvoiceLine.objects.count()) == (invoices, lines)
    assert AuditEntry.objects.count() == entries
    assert not DBTaskResult.objects.exists()
    return refusal.value.messages


def test_a_good_file_makes_its_invoices_with_their_lines(martin, durand, officer_of_families):
    data = csv_file(
        f"{martin.reference};FS-2027-0101;2027-01;2027-02-01;2027-03-01;Lou;"
        "Lou — Restauration scolaire;15;2,90;43,50",
        f"{martin.reference};FS-2027-0101;2027-01;2027-02-01;2027-03-01;sam martin;"
        "Sam — Accueil du soir;4;1,25;5,00",
        "",
        f"{durand.reference.lower()};FS-2027-0102;2027-01;2027-02-01;2027-03-01;;"
        "Séjour d’hiver;5;200,8;1004",
    )

    result = invoices_import(data=data, actor=officer_of_families)

    assert (result.invoices, result.lines, result.total) == (2, 3, Decimal("1052.50"))
    first = Invoice.objects.get(number="FS-2027-0101")
    second = Invoice.objects.get(number="FS-2027-0102")
    assert sorted(result.invoice_ids) == sorted([first.pk, second.pk])
    assert first.household == martin
    assert (first.month, first.issued_on, first.due_on) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 2, 1),
        datetime.date(2027, 3, 1),
    )
    assert (first.total, first.status, first.source) == (
        Decimal("48.50"),
        InvoiceStatus.ISSUED,
        InvoiceSource.IMPORTED,
    )
    assert first.run is None
    assert first.paid_at is None
    lou, sam = martin.children.order_by("first_name")
    assert [
        (line.child, line.label, line.quantity, line.unit_price, line.amount)
        for line in first.lines.order_by("id")
    ] == [
        (lou, "Lou — Restauration scolaire", 15, Decimal("2.90"), Decimal("43.50")),
        (sam, "Sam — Accueil du soir", 4, Decimal("1.25"), Decimal("5.00")),
    ]
    assert (second.household, second.total, second.status) == (
        durand,
        Decimal("1004.00"),
        InvoiceStatus.ISSUED,
    )
    assert [(line.child, line.label, line.amount) for line in second.lines.all()] == [
        (None, "Séjour d’hiver", Decimal("1004.00"))
    ]
    entry = AuditEntry.objects.get(action="family.invoices_import")
    assert entry.actor == officer_of_families
    assert entry.data == {"invoices": 2, "lines": 3, "total": "1052.50", "months": ["2027-01"]}
    task = DBTaskResult.objects.get()
    assert task.task_path == "parvis.family.invoicing.invoices_tell"
    assert sorted(task.args_kwargs["args"][0]) == sorted([first.pk, second.pk])
    assert task.args_kwargs["args"][1] == "issued"


def test_a_comma_separated_file_without_bom_with_decimal_points(martin):
    data = csv_file(
        f'{martin.reference},FS-1,2027-01,2027-02-01,2027-03-01,Lou,"Lou, cantine",15,2.90,43.5',
        f'{martin.reference},FS-1,2027-01,2027-02-01,2027-03-01,Lou,"Lou, étude",2,"1,5","3,00"',
        header=HEADER.replace(";", ","),
        bom=False,
    )

    result = invoices_import(data=data, actor=None)

    assert (result.invoices, result.lines, result.total) == (1, 2, Decimal("46.50"))
    assert [(line.label, line.amount) for line in InvoiceLine.objects.order_by("id")] == [
        ("Lou, cantine", Decimal("43.50")),
        ("Lou, étude", Decimal("3.00")),
    ]


def test_columns_may_come_in_any_order_and_others_are_left_aside(martin):
    header = "number;label;days;unit_price;amount;remarks;household_reference;month;issued_on;due_on;child"
    data = csv_file(
        f"FS-9;Lou — Cantine;2;3,00;6,00;ignored;{martin.reference};2027-01;2027-02-01;2027-03-01;",
        header=header,
    )

    assert invoices_import(data=data, actor=None).total == Decimal("6.00")
    assert Invoice.objects.get().number == "FS-9"


def test_an_invoice_of_nothing_to_pay_is_paid_from_the_start(martin):
    data = csv_file(
        f"{martin.reference};FS-0;2027-01;2027-02-01;2027-03-01;Lou;Lou — Cantine;3;0;0,00"
    )

    invoices_import(data=data, actor=None)

    invoice = Invoice.objects.get()
    assert (invoice.total, invoice.status) == (Decimal("0.00"), InvoiceStatus.PAID)
    assert invoice.paid_at is not None
    assert not DBTaskResult.objects.exists()  # nobody is told of nothing to pay


def test_a_cancelled_invoice_of_the_month_does_not_stop_the_import(martin):
    Invoice.objects.create(
        household=martin,
        number="FAC-2027-01-00001",
        month=datetime.date(2027, 1, 1),
        issued_on=datetime.date(2027, 2, 1),
        due_on=datetime.date(2027, 3, 1),
        total=Decimal("10.00"),
        status=InvoiceStatus.CANCELLED,
    )

    invoices_import(
        data=csv_file(f"{martin.reference};FS-2;2027-01;2027-02-01;2027-03-01;;Cantine;1;10;10,00"),
        actor=None,
    )

    assert Invoice.objects.filter(month=datetime.date(2027, 1, 1)).count() == 2


GOOD = "{ref};FS-1;2027-01;2027-02-01;2027-03-01;Lou;Lou — Cantine;15;2,90;43,50"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [GOOD, "F-XXXX;FS-2;2027-01;2027-02-01;2027-03-01;;Cantine;1;2,90;2,90"],
            "Line 3: unknown household F-XXXX.",
        ),
        (
            [GOOD.replace("FS-1", "FAC-2027-01-00001")],
            "Line 2: numbers beginning with FAC- are those of Parvis's monthly runs.",
        ),
        (
            [GOOD.replace("2027-01;", "2027-13;")],
            'Line 2: month "2027-13" is not a month such as 2027-01.',
        ),
        (
            [GOOD.replace("2027-03-01", "2027-02-30")],
            'Line 2: due_on "2027-02-30" is not a date such as 2027-02-01.',
        ),
        (
            [GOOD.replace("2027-02-01", "01/02/2027")],
            'Line 2: issued_on "01/02/2027" is not a date such as 2027-02-01.',
        ),
        (
            [GOOD.replace("2027-03-01", "2027-01-15")],
            "Line 2: due_on is before issued_on.",
        ),
        (
            [GOOD, GOOD.replace("FS-1", "FS-2").replace("43,50", "43,00")],
            "Line 3: amount 43,00 is not 15 days at 2,90 (43.50).",
        ),
        (
            [GOOD.replace(";15;", ";-1;").replace("43,50", "0")],
            'Line 2: days "-1" is not a whole number from 0 to 1000.',
        ),
        (
            [GOOD.replace("2,90;43,50", "2,9x;43,50")],
            'Line 2: unit_price "2,9x" is not an amount in euros such as 12,50.',
        ),
        (
            [GOOD.replace(";Lou — Cantine;", ";;")],
            "Line 2: label is empty.",
        ),
        (
            [GOOD.replace(";Lou;", ";Zoé;")],
            'Line 2: no child "Zoé" in household {ref} (or more than one).',
        ),
        (
            [GOOD, GOOD.replace("2027-03-01", "2027-03-15")],
            "Line 3: invoice FS-1 has another household, month or dates on line 2.",
        ),
        (
            [GOOD, GOOD.replace("FS-1", "FS-2")],
            "Line 3: household {ref} has invoice FS-1 of 2027-01 in the file already.",
        ),
        (
            [GOOD, "{ref};FS-1;2027-01;2027-02-01;2027-03-01;Lou;Lou;1;1;1", "", "F-X,FS-2"],
            'Line 5: month "" is not a month such as 2027-01.',
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file_and_says_where(martin, rows, message):
    data = csv_file(*(row.format(ref=martin.reference) for row in rows))

    assert message.format(ref=martin.reference) in refused(data)


def test_a_number_that_exists_already_is_refused(martin, durand):
    Invoice.objects.create(
        household=durand,
        number="FS-1",
        month=datetime.date(2026, 12, 1),
        issued_on=datetime.date(2027, 1, 2),
        due_on=datetime.date(2027, 2, 1),
        total=Decimal("10.00"),
    )

    assert refused(csv_file(GOOD.format(ref=martin.reference))) == [
        "Line 2: invoice number FS-1 exists already."
    ]


def test_a_household_invoiced_that_month_already_is_refused(martin):
    Invoice.objects.create(
        household=martin,
        number="FAC-2027-01-00001",
        month=datetime.date(2027, 1, 1),
        issued_on=datetime.date(2027, 2, 1),
        due_on=datetime.date(2027, 3, 1),
        total=Decimal("10.00"),
        status=InvoiceStatus.PAID,
    )

    assert refused(csv_file(GOOD.format(ref=martin.reference))) == [
        f"Line 2: household {martin.reference} has an invoice of 2027-01 already."
    ]


def test_every_problem_is_listed_with_its_line(martin):
    data = csv_file(
        GOOD.format(ref=martin.reference).replace("2027-01;", "2027-1;").replace("43,50", "4"),
        "F-NOPE;FS-2;2027-01;2027-02-01;2027-03-01;;Cantine;1;1,00;1,00",
    )

    assert refused(data) == [
        'Line 2: month "2027-1" is not a month such as 2027-01.',
        "Line 2: amount 4 is not 15 days at 2,90 (43.50).",
    ]
    data = csv_file(
        GOOD.format(ref=martin.reference),
        "F-NOPE;FS-2;2027-01;2027-02-01;2027-03-01;;Cantine;1;1,00;1,00",
        "F-NOPE;FS-2;2027-01;2027-02-01;2027-03-01;;Étude;1;1,00;1,00",
    )

    assert refused(data) == [
        "Line 3: unknown household F-NOPE.",
        "Line 4: unknown household F-NOPE.",
    ]


def test_an_invoice_made_meanwhile_refuses_the_file_through_the_database(martin, monkeypatch):
    """Between the checks and the writes, another import (or the month's run) invoices the
    household: the database's constraint refuses the insert, and the file is refused whole."""
    check_child = imports._child

    def meanwhile(children, name):
        if not Invoice.objects.filter(number="FAC-2027-01-00001").exists():
            Invoice.objects.create(
                household=martin,
                number="FAC-2027-01-00001",
                month=datetime.date(2027, 1, 1),
                issued_on=datetime.date(2027, 2, 1),
                due_on=datetime.date(2027, 3, 1),
                total=Decimal("10.00"),
            )
        return check_child(children, name)

    monkeypatch.setattr(imports, "_child", meanwhile)

    assert refused(csv_file(GOOD.format(ref=martin.reference))) == [
        "Invoices were made meanwhile for some of these households or numbers: try again."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n\r\n", "The file is empty."),
        (csv_file(), "The file has no invoice lines."),
        (
            csv_file("x;y", header="household_reference;number;label"),
            "Columns missing from the file's first line: month, issued_on, due_on, child, days, "
            "unit_price, amount.",
        ),
        (
            "household_reference;number\nF-ÉTÉ;1\n".encode("latin-1"),
            "The file is not UTF-8 text: export it as CSV in UTF-8 from the software.",
        ),
        (
            csv_file("F-X;1;" + "x" * 200_000),
            "Line 2: this line cannot be read as CSV.",
        ),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(data, message):
    assert refused(data) == [message]


def test_a_file_of_more_than_20_000_rows_is_refused():
    row = "F-X;FS-{n};2027-01;2027-02-01;2027-03-01;;Cantine;1;1;1"
    data = csv_file(*(row.format(n=n) for n in range(20_001)))

    assert refused(data) == ["The file has more than 20,000 rows: split it."]


def test_the_problems_listed_stop_at_a_hundred():
    data = csv_file(
        *(f"F-X{n};FS-{n};2027-01;2027-02-01;2027-03-01;;Cantine;1;1;1" for n in range(150))
    )

    messages = refused(data)

    assert len(messages) == 101
    assert messages[0] == "Line 2: unknown household F-X0."
    assert messages[99] == "Line 101: unknown household F-X99."
    assert messages[100] == "… and 50 more problems."


# --- The number of queries --------------------------------------------------------------------


def households(start: int, count: int) -> list[Household]:
    return Household.objects.bulk_create(
        Household(reference=f"F-Q{n:05d}", name=f"Famille {n}", address=f"{n} rue Haute")
        for n in range(start, start + count)
    )


def export(rows: list[Household]) -> bytes:
    return csv_file(
        *(
            f"{household.reference};FS-{household.reference};2027-01;2027-02-01;2027-03-01;;"
            f"Cantine;{days};2,50;{days * 250 // 100},{days * 250 % 100:02d}"
            for household in rows
            for days in (4, 7)
        )
    )


def import_queries(data: bytes) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        invoices_import(data=data, actor=None)
    return [query["sql"] for query in queries.captured_queries]


def test_a_thousand_invoices_take_as_many_queries_as_ten():
    small_file, large_file = export(households(0, 10)), export(households(10, 1_000))

    small = import_queries(small_file)
    large = import_queries(large_file)

    assert Invoice.objects.count() == 1_010
    assert InvoiceLine.objects.count() == 2_020
    assert Invoice.objects.get(number="FS-F-Q00500").total == Decimal("27.50")
    if connection.vendor == "sqlite":
        # Django splits a bulk insert into batches of 999 parameters on SQLite (its default
        # limit); every other query is the same.
        def batched(sql: str) -> bool:
            return sql.startswith(
                ('INSERT INTO "family_invoice"', 'INSERT INTO "family_invoiceline"')
            )

        small = [sql for sql in small if not batched(sql)]
        large = [sql for sql in large if not batched(sql)]
    assert len(large) == len(small)


# --- The form -------------------------------------------------------------------------------------


def upload(content: bytes) -> InvoiceImportForm:
    return InvoiceImportForm(
        data={}, files={"file": SimpleUploadedFile("export.csv", content, "text/csv")}
    )


def test_the_form_gives_the_file_s_bytes():
    form = upload(csv_file("a;b"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"] == csv_file("a;b")
    assert str(form.fields["file"].label) == "Invoices file (CSV)"


def test_the_form_refuses_a_file_that_is_not_utf8_text():
    form = upload("nom;prénom\n".encode("latin-1"))

    assert not form.is_valid()
    assert form.errors["file"] == [
        "This file is not UTF-8 text: export it from the family software as CSV in UTF-8."
    ]


def test_the_form_refuses_a_file_over_10_mb():
    form = upload(b"a" * (10 * 1024 * 1024 + 1))

    assert not form.is_valid()
    assert form.errors["file"] == ["This file is too large (10.0\xa0MB); the limit is 10.0\xa0MB."]
