"""Importing BAN files: updates rather than duplicates, bad rows reported and skipped, prune
only when asked, nothing changed when the file cannot be read, .csv and .csv.gz alike."""

from __future__ import annotations

import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from parvis.addresses.models import Address, Street, StreetWord
from parvis.addresses.services import AddressFileError
from parvis.addresses.tests.conftest import HEADER, ban_file, ban_line, run_import

pytestmark = pytest.mark.django_db


def rows() -> list[tuple]:
    return list(
        Address.objects.order_by("ban_id").values_list(
            "ban_id", "number", "suffix", "street__name", "street__postcode", "lon", "lat"
        )
    )


def test_a_file_is_imported_with_its_streets_and_their_words(gare_street):
    report = run_import(gare_street)
    assert (report.read, report.imported, report.created, report.updated, report.bad) == (
        5,
        5,
        5,
        0,
        0,
    )
    assert rows() == [
        ("59999_0100_00001", 1, "", "Rue de la Gare", "59999", 3.0001, 50.0001),
        ("59999_0100_00012", 12, "", "Rue de la Gare", "59999", 3.0012, 50.0012),
        ("59999_0100_00012_bis", 12, "bis", "Rue de la Gare", "59999", 3.0013, 50.0013),
        ("59999_0200_00012", 12, "", "Avenue de l'Église", "59999", 3.0112, 50.0112),
        ("59999_0300_00005", 5, "", "Place des Écluses", "59999", 3.0205, 50.0205),
    ]
    assert Street.objects.count() == 3
    gare = Street.objects.get(name="Rue de la Gare")
    assert sorted(gare.words.values_list("word", flat=True)) == [
        "59999",
        "de",
        "du",
        "gare",
        "la",
        "parvis",
        "rue",
        "villeneuve",
    ]
    assert Address.objects.get(ban_id="59999_0100_00012_bis").label == (
        "12 bis Rue de la Gare, 59999 Villeneuve-du-Parvis"
    )


def test_importing_again_updates_and_never_duplicates(gare_street):
    run_import(gare_street)
    moved = gare_street.replace("3.0012;50.0012", "3.0099;50.0099")
    report = run_import(moved)
    assert (report.imported, report.created, report.updated) == (5, 0, 5)
    assert Address.objects.count() == 5
    assert Address.objects.get(ban_id="59999_0100_00012").lon == 3.0099
    assert Street.objects.count() == 3


def test_an_address_moved_to_a_renamed_street_leaves_no_empty_street(gare_street):
    run_import(gare_street)
    renamed = gare_street.replace("Place des Écluses", "Place Marie Curie")
    run_import(renamed)
    assert sorted(Street.objects.values_list("name", flat=True)) == [
        "Avenue de l'Église",
        "Place Marie Curie",
        "Rue de la Gare",
    ]
    assert not StreetWord.objects.filter(word="ecluses").exists()


def test_addresses_gone_from_the_file_stay_unless_prune_is_asked(gare_street):
    run_import(gare_street)
    shorter = ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
    )
    report = run_import(shorter)
    assert report.removed == 0
    assert Address.objects.count() == 5
    report = run_import(shorter, prune=True)
    assert report.removed == 4
    assert [row[0] for row in rows()] == ["59999_0100_00001"]
    assert list(Street.objects.values_list("name", flat=True)) == ["Rue de la Gare"]


def test_prune_leaves_the_towns_the_file_does_not_cover(gare_street):
    run_import(gare_street)
    other_town = ban_file(
        ban_line("59998_0001_00003", "3", "", "Grand-Place", "3.1", "50.1", code_insee="59998")
    )
    report = run_import(other_town, prune=True)
    assert report.removed == 0
    assert Address.objects.count() == 6


def test_commune_keeps_only_that_towns_rows(gare_street):
    mixed = gare_street + ban_line(
        "59998_0001_00003", "3", "", "Grand-Place", "3.1", "50.1", code_insee="59998"
    )
    report = run_import(mixed, commune="59998")
    assert (report.imported, report.skipped) == (1, 5)
    assert [row[0] for row in rows()] == ["59998_0001_00003"]


def test_bad_rows_are_skipped_and_reported_with_their_line_number():
    text = ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
        ban_line("59999_0100_00002", "deux", "", "Rue de la Gare", "3.0002", "50.0002"),
        ban_line("59999_0100_00003", "3", "", "", "3.0003", "50.0003"),
        ban_line("59999_0100_00004", "4", "", "Rue de la Gare", "nan", "50.0004"),
        ban_line("59999_0100_00005", "5", "", "Rue de la Gare", "3.0005", "91"),
        ban_line(
            "59999_0100_00006", "6", "", "Rue de la Gare", "3.0006", "50.0006", code_insee="x"
        ),
        "59999_0100_00007;too;few;fields",
        ban_line("", "8", "", "Rue de la Gare", "3.0008", "50.0008"),
        ban_line("59999_0100_00009", "9", "", "Rue de la Gare", "3.0009", "50.0009"),
    )
    report = run_import(text)
    assert (report.read, report.imported, report.bad) == (9, 2, 7)
    assert report.errors == [
        (3, "numero n’est pas un numéro de voie\u00a0: «\u00a0deux\u00a0»."),
        (4, "nom_voie est vide."),
        (5, "lon est hors des limites\u00a0: «\u00a0nan\u00a0»."),
        (6, "lat est hors des limites\u00a0: «\u00a091\u00a0»."),
        (7, "code_insee n’est pas un code INSEE\u00a0: «\u00a0X\u00a0»."),
        (8, "4 champs alors que l’en-tête en compte 23."),
        (9, "id est vide."),
    ]
    assert [row[0] for row in rows()] == ["59999_0100_00001", "59999_0100_00009"]


def test_the_same_id_twice_in_a_file_keeps_the_last_line():
    text = ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0002", "50.0002"),
    )
    run_import(text)
    assert rows() == [("59999_0100_00001", 1, "", "Rue de la Gare", "59999", 3.0002, 50.0002)]


def test_small_batches_give_the_same_result(gare_street):
    report = run_import(gare_street, batch_size=2)
    assert report.created == 5
    assert Address.objects.count() == 5 and Street.objects.count() == 3


def test_a_file_with_other_columns_is_refused_and_changes_nothing(gare_street):
    run_import(gare_street)
    with pytest.raises(AddressFileError) as refused:
        run_import("id,numero,nom_voie,lon,lat\n1,2,Rue,3,50\n", prune=True)
    assert "il manque à son en-tête les colonnes id, numero, rep, nom_voie" in str(refused.value)
    assert Address.objects.count() == 5


def test_an_empty_file_is_refused():
    with pytest.raises(AddressFileError, match="Le fichier est vide"):
        run_import("")


def write(path, text: str, *, compress: bool = False, encoding: str = "utf-8") -> None:
    data = text.encode(encoding)
    path.write_bytes(gzip.compress(data) if compress else data)


def test_the_command_reads_csv_and_csv_gz_and_lists_bad_lines(tmp_path, gare_street):
    plain, packed = tmp_path / "adresses-59.csv", tmp_path / "adresses-59.csv.gz"
    write(plain, gare_street + "59999_0100_00077;x\n")
    write(packed, gare_street.replace("Rue de la Gare", "Rue de la Gare Nord"), compress=True)
    out, err = StringIO(), StringIO()
    call_command("addresses_import", str(plain), stdout=out, stderr=err)
    assert out.getvalue().strip() == (
        "5 addresses imported (5 new, 0 updated), 0 removed, 1 bad lines skipped, "
        "0 of other towns left out."
    )
    assert err.getvalue().strip() == (
        f"{plain}, line 7: 2 champs alors que l’en-tête en compte 23. (skipped)"
    )
    call_command("addresses_import", str(packed), "--prune", stdout=out, stderr=err)
    assert Street.objects.filter(name="Rue de la Gare Nord").count() == 1
    assert not Street.objects.filter(name="Rue de la Gare").exists()
    assert Address.objects.count() == 5


def test_the_command_refuses_a_file_not_in_utf8_and_imports_nothing(tmp_path, gare_street):
    latin = tmp_path / "adresses.csv"
    write(latin, gare_street, encoding="latin-1")
    with pytest.raises(CommandError, match="pas en UTF-8"):
        call_command("addresses_import", str(latin), stdout=StringIO(), stderr=StringIO())
    assert Address.objects.count() == 0


def test_the_command_refuses_a_broken_gzip_file(tmp_path, gare_street):
    broken = tmp_path / "adresses.csv.gz"
    broken.write_bytes(gzip.compress(gare_street.encode())[:40])
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("addresses_import", str(broken), stdout=StringIO(), stderr=StringIO())
    assert Address.objects.count() == 0


def test_the_header_may_begin_with_a_byte_order_mark(tmp_path, gare_street):
    marked = tmp_path / "adresses.csv"
    marked.write_bytes(b"\xef\xbb\xbf" + gare_street.encode())
    call_command("addresses_import", str(marked), stdout=StringIO(), stderr=StringIO())
    assert Address.objects.count() == 5
    assert HEADER.startswith("id;")


def test_the_command_says_when_no_line_is_of_the_town_asked_for(tmp_path, gare_street):
    path = tmp_path / "adresses-59.csv"
    write(path, gare_street)
    err = StringIO()
    call_command("addresses_import", str(path), "--commune", "59350", stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"No line of {path} is of the town 59350: check its INSEE code (not its postcode) "
        "and that the file is its department's."
    )
    assert Address.objects.count() == 0
