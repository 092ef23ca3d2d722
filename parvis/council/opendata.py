"""The council's deliberations as open data: the SCDL schema "Délibérations" (v2.1.5), its
columns in its order, its formats (dates AAAA-MM-JJ, integers, absolute URLs), written as CSV
(comma, UTF-8, as the schema's own examples)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from parvis.core.links import absolute_url
from parvis.core.town import current_town
from parvis.council import selectors
from parvis.council.models import Theme

SCHEMA = "https://gitlab.com/opendatafrance/scdl/deliberations/raw/v2.1.5/schema.json"
COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
)


def deliberation_rows() -> Iterator[dict[str, Any]]:
    """One row per public deliberation, oldest first. Votes only for what was put to the
    vote (adopted or rejected); the budget and the prefecture's columns are left empty (the
    town does not record them here)."""
    town = current_town()
    rows = selectors.public_deliberations().order_by("date", "number")
    for deliberation in rows.iterator(chunk_size=500):
        voted = deliberation.was_voted
        document = deliberation.document
        yield {
            "COLL_NOM": town.name,
            "COLL_SIRET": town.siret,
            "DELIB_ID": deliberation.number,
            "DELIB_DATE": deliberation.date.isoformat(),
            "DELIB_MATIERE_CODE": deliberation.theme,
            "DELIB_MATIERE_NOM": Theme(deliberation.theme).label,
            "DELIB_OBJET": deliberation.subject,
            "BUDGET_ANNEE": "",
            "BUDGET_NOM": "",
            "PREF_ID": "",
            "PREF_DATE": "",
            "VOTE_EFFECTIF": deliberation.members_in_office if voted else "",
            "VOTE_REEL": deliberation.voters if voted else "",
            "VOTE_POUR": deliberation.votes_for if voted else "",
            "VOTE_CONTRE": deliberation.votes_against if voted else "",
            "VOTE_ABSTENTION": deliberation.abstentions if voted else "",
            "DELIB_URL": (
                absolute_url(document.file.url)
                if document is not None and document.is_published
                else absolute_url(deliberation.get_absolute_url())
            ),
        }


def as_csv() -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in deliberation_rows():
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()
