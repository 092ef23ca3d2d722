"""The demo town's council: 24 meetings over two years, the same on every run. The 22 held
have their agenda, their minutes as a real PDF (fpdf2, in French: the agenda items, the
debates, the votes) whose text is read as the worker reads it, and 150 deliberations between
them, with outcomes and votes; the next two are planned, with their agenda. A second run
writes nothing. Written without notifications: nobody follows the council yet."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from parvis.council.models import (
    AgendaItem,
    Deliberation,
    Document,
    DocumentKind,
    Extraction,
    Meeting,
    MeetingStatus,
    Outcome,
)
from parvis.council.pdf import minutes_pdf
from parvis.council.services import pdf_text
from parvis.search.indexing import index_objects

SEED = 2026
MEETINGS = 24
PLANNED = 2
DELIBERATIONS = 150
MEMBERS = 29
PLACE = "Salle du conseil municipal, mairie"


@dataclass(frozen=True)
class Subject:
    text: str
    theme: str
    debate: str


SUBJECTS = [
    Subject(
        "Vote du budget primitif",
        "7.1",
        "L'opposition regrette la hausse des dépenses de fonctionnement ; la majorité rappelle que les taux d'imposition restent inchangés.",
    ),
    Subject(
        "Décision modificative n° 1 du budget principal",
        "7.1",
        "Les crédits supplémentaires financent la réparation de la toiture du gymnase.",
    ),
    Subject(
        "Taux des taxes locales",
        "7.2",
        "Les taux de la taxe foncière sont maintenus pour la troisième année.",
    ),
    Subject(
        "Subventions aux associations sportives",
        "7.5",
        "Le club de football et l'association de gymnastique reçoivent l'essentiel de l'enveloppe.",
    ),
    Subject(
        "Subvention exceptionnelle au comité des fêtes",
        "7.5",
        "Elle permet d'organiser la fête de la Saint-Jean sur la place du marché.",
    ),
    Subject(
        "Emprunt pour la rénovation de l'école Jules-Ferry",
        "7.3",
        "Le prêt de 800 000 euros sur vingt ans finance l'isolation et le chauffage de l'école.",
    ),
    Subject(
        "Tarifs de la cantine scolaire",
        "8.1",
        "Les tarifs restent calculés selon le quotient familial ; la première tranche baisse de dix centimes.",
    ),
    Subject(
        "Création d'un poste d'agent des espaces verts",
        "4.1",
        "Le poste renforce l'équipe qui entretient les parcs et le cimetière.",
    ),
    Subject(
        "Régime indemnitaire des agents",
        "4.5",
        "La mise à jour du RIFSEEP a été présentée au comité social territorial.",
    ),
    Subject(
        "Acquisition d'un terrain rue des Tilleuls",
        "3.1",
        "Le terrain accueillera les jardins familiaux demandés par les habitants.",
    ),
    Subject(
        "Cession d'un ancien logement de fonction",
        "3.2",
        "Le bien, inoccupé depuis six ans, est vendu au prix estimé par les Domaines.",
    ),
    Subject(
        "Convention d'occupation du kiosque du parc",
        "3.5",
        "Une association de musique pourra y répéter le samedi matin.",
    ),
    Subject(
        "Modification du plan local d'urbanisme",
        "2.1",
        "La zone du Champ-Long est ouverte à l'habitat avec une part de logements sociaux.",
    ),
    Subject(
        "Marché de travaux de voirie de la rue Haute",
        "1.1",
        "Trois entreprises ont répondu ; l'offre la mieux disante est retenue.",
    ),
    Subject(
        "Délégation de service public de la piscine",
        "1.2",
        "Le contrat impose des créneaux pour les écoles et des horaires élargis l'été.",
    ),
    Subject(
        "Désignation des délégués au syndicat des eaux",
        "5.3",
        "Deux titulaires et deux suppléants sont élus au scrutin secret.",
    ),
    Subject(
        "Règlement intérieur du conseil municipal",
        "5.2",
        "Le temps de parole des groupes est précisé, ainsi que les questions orales.",
    ),
    Subject(
        "Adhésion au groupement de commandes d'énergie",
        "5.7",
        "Le groupement départemental permet d'acheter l'électricité à meilleur prix.",
    ),
    Subject(
        "Extension du réseau de pistes cyclables",
        "8.7",
        "La piste reliera la gare au collège en longeant le canal.",
    ),
    Subject(
        "Plan de gestion des haies et des arbres",
        "8.8",
        "Deux cents arbres seront plantés ; les haies seront taillées hors de la nidification.",
    ),
    Subject(
        "Programme de la saison culturelle",
        "8.9",
        "La médiathèque accueillera des lectures pour les enfants et un festival de contes.",
    ),
    Subject(
        "Aide aux familles pour les séjours d'été",
        "8.2",
        "L'aide est versée selon le quotient familial, jusqu'à 150 euros par enfant.",
    ),
    Subject(
        "Réfection du lavoir communal",
        "3.5",
        "Le lavoir, inscrit au patrimoine de la commune, sera restauré avec une aide régionale.",
    ),
    Subject(
        "Vœu pour le maintien du bureau de poste",
        "9.4",
        "Le conseil demande le maintien des horaires d'ouverture du bureau du centre.",
    ),
]
RAPPORTEURS = ["Mme Fontaine", "M. Lefèvre", "Mme Haddad", "M. Giraud", "Mme Moreau", "M. Amrani"]


def _meeting_days(today: date) -> list[date]:
    """24 meetings, about one a month: 22 held, the last two to come."""
    first = today - timedelta(days=30 * (MEETINGS - PLANNED) - 10)
    return [first + timedelta(days=30 * i) for i in range(MEETINGS)]


def _votes(rng: random.Random, outcome: str) -> tuple[int, int, int]:
    if outcome not in (Outcome.ADOPTED, Outcome.REJECTED):
        return 0, 0, 0
    present = rng.randint(22, MEMBERS)
    against = rng.randint(0, 6)
    abstentions = rng.randint(0, 3)
    if outcome == Outcome.REJECTED:
        against = present // 2 + 1
        abstentions = min(abstentions, present - against)
    return present - against - abstentions, against, abstentions


def _outcome(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.9:
        return Outcome.ADOPTED
    if roll < 0.94:
        return Outcome.REJECTED
    return Outcome.POSTPONED if roll < 0.97 else Outcome.WITHDRAWN


_OUTCOME_WORDS: dict[str, str] = {
    Outcome.ADOPTED: "adoptée",
    Outcome.REJECTED: "rejetée",
    Outcome.POSTPONED: "ajournée",
    Outcome.WITHDRAWN: "retirée de l'ordre du jour",
}


def council_ensure() -> dict[str, int]:
    """Create the demo's council unless it is there; how many of each were created."""
    if Meeting.objects.exists():
        return {}
    rng = random.Random(SEED)
    today = timezone.localdate()
    days = _meeting_days(today)
    held = MEETINGS - PLANNED
    # 150 deliberations over the 22 held meetings: 6 each, one more for the first 18.
    counts = [DELIBERATIONS // held + (1 if i < DELIBERATIONS % held else 0) for i in range(held)]
    sequence: dict[int, int] = {}
    created = {"council meeting": 0, "council document": 0, "deliberation": 0}
    documents: list[Document] = []
    deliberations: list[Deliberation] = []
    with transaction.atomic():
        for index, day in enumerate(days):
            starts_at = timezone.make_aware(datetime.combine(day, time(18, 30)))
            is_held = index < held
            meeting = Meeting.objects.create(
                title=f"Conseil municipal du {day.day} {_MONTHS[day.month - 1]} {day.year}",
                starts_at=starts_at,
                place=PLACE,
                status=MeetingStatus.HELD if is_held else MeetingStatus.PLANNED,
                stream_url="" if is_held else "https://video.example/conseil/direct",
                recording_url=f"https://video.example/conseil/{day.isoformat()}" if is_held else "",
                is_published=True,
            )
            created["council meeting"] += 1
            picked = rng.sample(SUBJECTS, counts[index] if is_held else 5)
            if not is_held:
                for position, subject in enumerate(picked, start=1):
                    AgendaItem.objects.create(
                        meeting=meeting, position=position, title=subject.text
                    )
                continue
            paragraphs = [
                f"Séance du {day.strftime('%d/%m/%Y')} à 18 h 30, {PLACE}.",
                f"Membres en exercice : {MEMBERS}. Le quorum est atteint.",
            ]
            rows = []
            for position, subject in enumerate(picked, start=1):
                sequence[day.year] = sequence.get(day.year, 0) + 1
                number = f"{day.year}-{sequence[day.year]:03d}"
                outcome = _outcome(rng)
                votes = _votes(rng, outcome)
                rows.append((position, subject, number, outcome, votes))
                vote_text = (
                    f"Vote : {votes[0]} pour, {votes[1]} contre, {votes[2]} abstentions."
                    if outcome in (Outcome.ADOPTED, Outcome.REJECTED)
                    else "Pas de vote."
                )
                paragraphs.append(
                    f"Délibération n° {number} - {subject.text}. "
                    f"Rapporteur : {rng.choice(RAPPORTEURS)}. {subject.debate} "
                    f"{vote_text} La délibération est {_OUTCOME_WORDS[outcome]}."
                )
            paragraphs.append("L'ordre du jour étant épuisé, la séance est levée à 21 h 10.")
            data = minutes_pdf(title=meeting.title + " - procès-verbal", paragraphs=paragraphs)
            text, pages = pdf_text(data)
            minutes = Document(
                meeting=meeting,
                kind=DocumentKind.MINUTES,
                title=f"Procès-verbal de la séance du {day.strftime('%d/%m/%Y')}",
                size=len(data),
                pages=pages,
                text=text,
                extraction=Extraction.DONE,
            )
            minutes.file.save("pv.pdf", ContentFile(data), save=False)
            minutes.save()
            documents.append(minutes)
            created["council document"] += 1
            for position, subject, number, outcome, votes in rows:
                deliberation = Deliberation.objects.create(
                    meeting=meeting,
                    number=number,
                    date=day,
                    subject=subject.text,
                    theme=subject.theme,
                    outcome=outcome,
                    members_in_office=MEMBERS,
                    votes_for=votes[0],
                    votes_against=votes[1],
                    abstentions=votes[2],
                    document=minutes,
                )
                deliberation.meeting = meeting
                deliberation.document = minutes
                deliberations.append(deliberation)
                AgendaItem.objects.create(
                    meeting=meeting,
                    position=position,
                    title=subject.text,
                    deliberation=deliberation,
                )
                created["deliberation"] += 1
        index_objects(documents)
        index_objects(deliberations)
    return created


_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
