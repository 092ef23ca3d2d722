"""The demo town's citizen reports: 5,000 over the last two years, in five categories with
their extra fields (odours, noise, potholes, street lights, fly-tipping), each where people
live (inside a neighbourhood), most of the older ones dealt with, with the town's status
changes and their public messages.

Built once, deterministic (a seeded generator, dates counted back from the first build):
later runs find the reports and change nothing. Written in two bulk inserts (the reports,
then their status changes); the search index takes them with `parvis search_rebuild`.
"""

from __future__ import annotations

import math
import random
from datetime import timedelta
from typing import Any

from django.utils import timezone
from shapely.geometry import Point, shape
from shapely.prepared import prep

from parvis.reports.models import Category, Report, ReportStatus, StatusChange

COUNT = 5_000
DAYS = 730
#: The references of demo reports: "DM" and five digits, so a run finds its own.
PREFIX = "DM"
_S = ReportStatus


def _choice(key: str, label: str, choices: list[str], *, required: bool = True) -> dict:
    """An extra field to pick among `choices` (`reports/extra_fields.py`)."""
    return {"key": key, "label": label, "kind": "choice", "choices": choices, "required": required}


def _category(
    slug: str, name: str, weight: int, description: str, fields: list[dict], texts: list[str]
) -> dict[str, Any]:
    """A category with its extra fields, its share of the reports (`weight`) and the
    descriptions its reports pick from."""
    return {"slug": slug, "name": name, "weight": weight, "description": description,
            "extra_fields": fields, "texts": texts}  # fmt: skip


CATEGORIES: list[dict[str, Any]] = [
    _category("odeur", "Odeurs", 3, "Une odeur inhabituelle ou persistante dans la rue.", [
        {"key": "intensity", "label": "Intensité", "kind": "integer", "min": 1, "max": 5,
         "required": True},
        _choice("kind", "Odeur", ["égout", "brûlé", "chimique", "poubelles"]),
        _choice("duration", "Durée", ["quelques minutes", "une heure", "toute la journée"],
                required=False),
    ], ["Odeur d’égout devant les immeubles.", "Ça sent le brûlé depuis ce matin.",
        "Odeur chimique près de la zone d’activités.", "Les poubelles débordent et sentent."]),
    _category("bruit", "Bruit", 2, "Un bruit qui gêne le voisinage.", [
        _choice("kind", "Type de bruit", ["chantier", "musique", "circulation", "animaux"]),
        _choice("time", "Moment de la journée", ["matin", "après-midi", "soir", "nuit"]),
    ], ["Chantier bruyant dès 6 heures.", "Musique forte tard le soir.",
        "Camions qui passent la nuit.", "Chiens qui aboient toute la journée."]),
    _category("nid-de-poule", "Nids-de-poule", 3, "Un trou dans la chaussée ou le trottoir.", [
        _choice("size", "Taille", ["petit", "moyen", "grand"]),
    ], ["Nid-de-poule profond sur la chaussée.", "Trou dans le trottoir, dangereux.",
        "La chaussée s’effondre près du carrefour."]),
    _category("eclairage", "Éclairage public", 1,
              "Un lampadaire éteint, qui clignote ou reste allumé le jour.", [
        _choice("problem", "Problème", ["éteint", "clignote", "allumé le jour"]),
    ], ["Lampadaire éteint depuis une semaine.", "Le lampadaire clignote la nuit.",
        "Éclairage allumé en plein jour."]),
    _category("depot-sauvage", "Dépôts sauvages", 1,
              "Des déchets abandonnés sur la voie publique.", [
        _choice("volume", "Volume", ["un sac", "quelques sacs", "une camionnette"]),
    ], ["Sacs abandonnés au pied des conteneurs.", "Encombrants déposés sur le trottoir.",
        "Gravats jetés au bord du chemin."]),
]  # fmt: skip

MESSAGES: dict[str, list[str]] = {
    _S.ACKNOWLEDGED: ["Signalement transmis au service concerné.", "Merci, nous regardons."],
    _S.IN_PROGRESS: ["Une équipe intervient cette semaine.", "Intervention programmée."],
    _S.FIXED: ["C’est réparé. Merci de votre signalement.", "Le problème est résolu."],
    _S.CLOSED: ["Clos : relève d’un autre gestionnaire, qui a été prévenu.", "Clos."],
}


def _path(rng: random.Random, age_days: float) -> list[str]:
    """The statuses a report went through after "open", the older the further along."""
    done = min(0.95, age_days / 120)
    if rng.random() >= done:
        return rng.choice([[], [_S.ACKNOWLEDGED], [_S.ACKNOWLEDGED, _S.IN_PROGRESS]])
    end = _S.FIXED if rng.random() < 0.8 else _S.CLOSED
    return rng.choice([[end], [_S.ACKNOWLEDGED, end], [_S.ACKNOWLEDGED, _S.IN_PROGRESS, end]])


def _extra_values(rng: random.Random, fields: list[dict]) -> dict[str, Any]:
    """A report's extra values: every integer and required field, half the optional ones."""
    extra: dict[str, Any] = {}
    for field in fields:
        if field["kind"] == "integer":
            extra[field["key"]] = rng.randint(field["min"], field["max"])
        elif field["required"] or rng.random() < 0.5:
            extra[field["key"]] = rng.choice(field["choices"])
    return extra


def _history(
    rng: random.Random, report: Report, created: Any, path: list[str], *, actor: Any, now: Any
) -> list[StatusChange]:
    """The status changes of `report` along `path`, from open, each some days after the
    previous one (never after `now`), with one of the town's messages."""
    changes: list[StatusChange] = []
    previous: str = _S.OPEN
    when = created
    for status in path:
        when += timedelta(days=rng.uniform(0.5, 20))
        changes.append(
            StatusChange(
                report=report, from_status=previous, to_status=status, actor=actor,
                message=rng.choice(MESSAGES[status]), created_at=min(when, now),
            )
        )  # fmt: skip
        previous = status
    return changes


def reports_ensure(
    *, neighbourhoods: list[dict], authors: list[Any], officer: Any, email_domain: str, report: Any
) -> None:
    """The categories, the reports and their status changes, unless they are there."""
    categories = []
    for spec in CATEGORIES:
        category, is_new = Category.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: spec[k] for k in ("name", "description", "extra_fields")},
        )
        if is_new:
            report.created["report category"] += 1
        categories.append((category, spec))
    if Report.objects.filter(reference__startswith=PREFIX).exists():
        return
    rng = random.Random("signalements")
    areas = [prep(shape(area)) for area in neighbourhoods]
    box = shape({"type": "GeometryCollection", "geometries": neighbourhoods}).bounds
    weights = [spec["weight"] for __, spec in categories]
    now = timezone.now().replace(microsecond=0)

    def position() -> tuple[float, float]:
        while True:
            lon, lat = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
            if any(area.contains(Point(lon, lat)) for area in areas):
                return round(lat, 6), round(lon, 6)

    rows, paths = [], []
    for i in range(COUNT):
        category, spec = rng.choices(categories, weights=weights)[0]
        # More reports lately: the site became known.
        age = DAYS * (1 - math.sqrt(rng.random()))
        created = now - timedelta(days=age, minutes=rng.randrange(24 * 60))
        extra = _extra_values(rng, spec["extra_fields"])
        lat, lon = position()
        author = rng.choice(authors) if rng.random() < 0.4 else None
        path = _path(rng, age)
        rows.append(
            Report(
                reference=f"{PREFIX}{i:05d}",
                category=category,
                lat=lat,
                lon=lon,
                description=rng.choice(spec["texts"]),
                extra=extra,
                author=author,
                email="" if author else f"signalement-{i % 300:03d}@{email_domain}",
                language="fr",
                hide_author=rng.random() < 0.3,
                status=path[-1] if path else _S.OPEN,
                created_at=created,
            )
        )
        paths.append((created, path))
    saved = Report.objects.bulk_create(rows, batch_size=1000)
    # `updated_at` is set on save: the last change's date is the report's.
    changes = [
        change
        for row, (created, path) in zip(saved, paths, strict=True)
        for change in _history(rng, row, created, path, actor=officer, now=now)
    ]
    StatusChange.objects.bulk_create(changes, batch_size=2000)
    report.created["report"] += len(saved)
    report.created["report status change"] += len(changes)
