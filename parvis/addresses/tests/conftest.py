"""Small BAN files written by hand, and a helper that imports one."""

from __future__ import annotations

import io
from typing import Any

import pytest

from parvis.addresses.services import ImportReport, addresses_import

HEADER = (
    "id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
    "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;"
    "libelle_acheminement;nom_afnor;source_position;source_nom_voie;certification_commune;"
    "cad_parcelles"
)


def ban_line(
    ban_id: str,
    numero: str,
    rep: str,
    nom_voie: str,
    lon: str,
    lat: str,
    *,
    code_postal: str = "59999",
    code_insee: str = "59999",
    nom_commune: str = "Villeneuve-du-Parvis",
) -> str:
    """One line of a BAN file, the other columns filled as the BAN fills them."""
    return ";".join(
        [
            ban_id,
            ban_id.rsplit("_", 1)[0] if ban_id.count("_") >= 2 else "",
            numero,
            rep,
            nom_voie,
            code_postal,
            code_insee,
            nom_commune,
            "",
            "",
            "704000.12",
            "7059000.34",
            lon,
            lat,
            "entrée",
            "",
            "",
            nom_commune.upper(),
            nom_voie.upper(),
            "commune",
            "commune",
            "oui",
            "",
        ]
    )


def ban_file(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def run_import(text: str, **options: Any) -> ImportReport:
    return addresses_import(lines=io.StringIO(text, newline=""), **options)


@pytest.fixture
def gare_street() -> str:
    return ban_file(
        ban_line("59999_0100_00001", "1", "", "Rue de la Gare", "3.0001", "50.0001"),
        ban_line("59999_0100_00012", "12", "", "Rue de la Gare", "3.0012", "50.0012"),
        ban_line("59999_0100_00012_bis", "12", "bis", "Rue de la Gare", "3.0013", "50.0013"),
        ban_line("59999_0200_00012", "12", "", "Avenue de l'Église", "3.0112", "50.0112"),
        ban_line("59999_0300_00005", "5", "", "Place des Écluses", "3.0205", "50.0205"),
    )
