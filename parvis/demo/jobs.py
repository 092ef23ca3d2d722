"""The demo town's job offers: 12 posts, the same on every run, in the services a town of
its size recruits for. Nine are open, two have closed (they are off the lists but still in
the back office), one is a draft. Dates are counted from the day of the first build; an
offer already there is left as it is, so a second run writes nothing.

Human resources have four reply templates and eight applications to work on (two of them
spontaneous), at each step of the pipeline, with their notes; each has a one-page PDF as
its CV, in the private storage. They are written without e-mail: nobody is told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from parvis.core.audit import audit_record
from parvis.core.codes import secret_digest
from parvis.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ContractType,
    EventKind,
    Offer,
    ReplyTemplate,
    WorkingTime,
)
from parvis.jobs.services import offer_save

PLACE = "Mairie, 1 rue de la Halle, 36000 Villeneuve-du-Parvis"


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    department: str
    category: str
    framework: str
    contract: str
    place: str
    salary: tuple[int, int] | None
    #: Published that many days before the first build; closes that many days after it.
    published_ago: int
    closes_in: int
    part_time: bool = False
    draft: bool = False


POSTS = [
    Post("agent-espaces-verts", "Agent des espaces verts", "Espaces verts", "C",
         "Technique — adjoints techniques", ContractType.CIVIL_SERVANT,
         "Centre technique municipal, 4 rue du Moulin, 36000 Villeneuve-du-Parvis",
         (1850, 2150), 6, 24),
    Post("secretaire-de-mairie", "Secrétaire général·e de mairie", "Direction générale", "A",
         "Administrative — attachés territoriaux", ContractType.CIVIL_SERVANT, PLACE,
         (3100, 3900), 10, 20),
    Post("agent-accueil-etat-civil", "Agent d'accueil et d'état civil", "Population", "C",
         "Administrative — adjoints administratifs", ContractType.CONTRACT, PLACE,
         (1800, 2000), 3, 27),
    Post("animateur-periscolaire", "Animateur ou animatrice périscolaire", "Enfance et jeunesse",
         "C", "Animation — adjoints d'animation", ContractType.CONTRACT,
         "École du Vieux-Bourg, 36000 Villeneuve-du-Parvis", (1100, 1300), 8, 15,
         part_time=True),
    Post("bibliothecaire-jeunesse", "Bibliothécaire jeunesse", "Médiathèque", "B",
         "Culturelle — assistants de conservation", ContractType.CIVIL_SERVANT,
         "Médiathèque, 2 place du Marché, 36000 Villeneuve-du-Parvis", (2200, 2700), 12, 18),
    Post("technicien-voirie", "Technicien ou technicienne voirie et réseaux", "Voirie", "B",
         "Technique — techniciens territoriaux", ContractType.CIVIL_SERVANT,
         "Centre technique municipal, 4 rue du Moulin, 36000 Villeneuve-du-Parvis",
         (2300, 2900), 4, 26),
    Post("apprenti-mecanicien", "Apprenti·e mécanicien de parc automobile", "Garage municipal",
         "", "", ContractType.APPRENTICESHIP,
         "Centre technique municipal, 4 rue du Moulin, 36000 Villeneuve-du-Parvis",
         None, 2, 40),
    Post("stage-communication", "Stage en communication numérique", "Communication", "", "",
         ContractType.INTERNSHIP, PLACE, (600, 650), 5, 30),
    Post("maitre-nageur-ete", "Maître-nageur sauveteur pour l'été", "Sports", "", "",
         ContractType.SEASONAL, "Piscine des Tilleuls, 36000 Villeneuve-du-Parvis",
         (2000, 2100), 1, 45),
    Post("policier-municipal", "Policier ou policière municipal·e", "Police municipale", "C",
         "Police municipale — agents de police", ContractType.CIVIL_SERVANT, PLACE,
         (2000, 2400), 40, -10),
    Post("agent-entretien-ecoles", "Agent d'entretien des écoles", "Enfance et jeunesse", "C",
         "Technique — adjoints techniques", ContractType.CONTRACT,
         "Groupe scolaire des Tilleuls, 36000 Villeneuve-du-Parvis", (1750, 1850), 50, -20,
         part_time=True),
    Post("chef-de-projet-tram", "Chef ou cheffe de projet tramway", "Direction des projets",
         "A", "Technique — ingénieurs territoriaux", ContractType.CONTRACT, PLACE,
         (3300, 4200), -2, 30, draft=True),
]  # fmt: skip


def jobs_ensure() -> int:
    """Create the demo's offers not there yet; how many were created."""
    present = set(Offer.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    created = 0
    for number, post in enumerate(POSTS, start=1):
        if post.slug in present:
            continue
        offer_save(
            offer=Offer(
                slug=post.slug,
                reference=f"{today.year}-RH-{number:03d}",
                title=post.title,
                department=post.department,
                category=post.category,
                framework=post.framework,
                contract_type=post.contract,
                working_time=WorkingTime.PART_TIME if post.part_time else WorkingTime.FULL_TIME,
                place=post.place,
                salary_min=post.salary[0] if post.salary else None,
                salary_max=post.salary[1] if post.salary else None,
                description=(
                    f"Au sein du service {post.department.lower()}, vous rejoignez une équipe "
                    "qui sert chaque jour les habitants de Villeneuve-du-Parvis.\n\n"
                    "- Missions détaillées lors de l'entretien\n"
                    "- Travail en lien avec les autres services de la mairie"
                ),
                profile=(
                    "Sens du service public, rigueur et goût du travail en équipe. "
                    "Candidature : lettre et CV."
                ),
                published_on=today - timedelta(days=post.published_ago),
                closes_on=today + timedelta(days=post.closes_in),
                is_published=not post.draft,
            ),
            actor=None,
        )
        created += 1
    return created


# name, subject, body, status after sending
REPLY_TEMPLATES = [
    ("Accusé de réception détaillé", "Votre candidature {reference}",
     "Bonjour {first_name} {last_name},\n\nNous avons bien reçu votre candidature pour "
     "« {offer} ». Le service la lira avec attention et reviendra vers vous d'ici trois "
     "semaines.\n\nLe service des ressources humaines", ""),
    ("Invitation à un entretien", "Entretien — {offer}",
     "Bonjour {first_name} {last_name},\n\nVotre candidature a retenu notre attention. Nous "
     "vous proposons un entretien en mairie : merci de nous appeler au 02 54 00 00 00 pour "
     "convenir d'une date.\n\nLe service des ressources humaines",
     ApplicationStatus.INTERVIEW),
    ("Candidature non retenue", "Votre candidature {reference}",
     "Bonjour {first_name} {last_name},\n\nNous vous remercions de l'intérêt porté à notre "
     "commune. Après examen, votre candidature pour « {offer} » n'a pas été retenue.\n\n"
     "Le service des ressources humaines", ApplicationStatus.REJECTED),
    ("Proposition d'embauche", "Votre recrutement — {offer}",
     "Bonjour {first_name} {last_name},\n\nNous avons le plaisir de vous annoncer que votre "
     "candidature est retenue. Le service vous appellera pour fixer votre date d'arrivée.\n\n"
     "Le service des ressources humaines", ApplicationStatus.HIRED),
]  # fmt: skip


@dataclass(frozen=True)
class Applicant:
    first_name: str
    last_name: str
    #: The offer's slug; empty for a spontaneous application.
    offer: str
    status: str
    days_ago: int
    note: str = ""


APPLICANTS = [
    Applicant("Léa", "Fournier", "agent-espaces-verts", ApplicationStatus.RECEIVED, 1),
    Applicant("Mehdi", "Benali", "agent-espaces-verts", ApplicationStatus.UNDER_REVIEW, 4,
              "CAP travaux paysagers, deux saisons en pépinière."),
    Applicant("Claire", "Dumas", "agent-espaces-verts", ApplicationStatus.INTERVIEW, 9,
              "Entretien prévu avec le chef du centre technique."),
    Applicant("Julien", "Perrin", "agent-espaces-verts", ApplicationStatus.REJECTED, 12,
              "Pas de permis B, indispensable sur ce poste."),
    Applicant("Sophie", "Lambert", "", ApplicationStatus.RECEIVED, 3),
    Applicant("Thomas", "Girard", "", ApplicationStatus.UNDER_REVIEW, 20,
              "Profil comptable : à garder pour le prochain poste aux finances."),
    Applicant("Nadia", "Haddad", "", ApplicationStatus.WITHDRAWN, 15),
    Applicant("Antoine", "Roux", "agent-espaces-verts", ApplicationStatus.HIRED, 30,
              "Prise de poste au premier du mois."),
]  # fmt: skip


def _cv(applicant: Applicant) -> bytes:
    """A one-page PDF with the applicant's name: enough for the back office's download."""
    text = f"CV - {applicant.first_name} {applicant.last_name}".encode("latin-1")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    return (
        b"%PDF-1.4\n"
        b"1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n"
        b"3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources <</Font <</F1 5 0 R>>>>>> endobj\n"
        b"4 0 obj <</Length "
        + str(len(stream)).encode()
        + b">> stream\n"
        + stream
        + b"\nendstream endobj\n"
        b"5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


#: The offer whose hiring manager is the technical services' account.
MANAGED_OFFER = "agent-espaces-verts"


def applications_ensure(*, hr: Any, manager: Any) -> dict[str, int]:
    """Create the reply templates and applications not there yet, and give the gardener's
    post its hiring manager; how many of each were created."""
    created = {"reply template": 0, "job application": 0}
    managed = Offer.objects.filter(slug=MANAGED_OFFER).first()
    if managed is not None and not managed.hiring_managers.exists():
        managed.hiring_managers.add(manager)
    present = set(ReplyTemplate.objects.values_list("name", flat=True))
    for name, subject, body, status in REPLY_TEMPLATES:
        if name not in present:
            ReplyTemplate.objects.create(name=name, subject=subject, body=body, sets_status=status)
            created["reply template"] += 1
    year = timezone.localdate().year
    offers = {offer.slug: offer for offer in Offer.objects.all()}
    references = set(Application.objects.values_list("reference", flat=True))
    for number, applicant in enumerate(APPLICANTS, start=1):
        reference = f"CAND-{year}-DEMO{number:02d}"
        if reference in references:
            continue
        when = timezone.now() - timedelta(days=applicant.days_ago, hours=number)
        with transaction.atomic():
            application = Application(
                reference=reference,
                offer=offers.get(applicant.offer) if applicant.offer else None,
                first_name=applicant.first_name,
                last_name=applicant.last_name,
                email=f"{applicant.first_name.lower()}.{applicant.last_name.lower()}@example.org",
                letter_text=(
                    f"Madame, Monsieur,\n\nJe vous adresse ma candidature. Disponible dès "
                    f"maintenant, je serais heureux de mettre mon expérience au service de la "
                    f"commune.\n\n{applicant.first_name} {applicant.last_name}"
                ),
                status=applicant.status,
                language="fr",
                # No link was ever e-mailed: a digest no secret matches.
                secret_digest=secret_digest(f"demo {reference}"),
                consent_at=when,
                created_at=when,
                last_contact_at=when,
            )
            application.cv = ContentFile(_cv(applicant), name=f"demo-{number:02d}.pdf")
            application.save()
            audit_record(actor=None, action="jobs.application_received", target=application)
            if applicant.note:
                ApplicationEvent.objects.create(
                    application=application, kind=EventKind.NOTE, author=hr,
                    text=applicant.note, created_at=when + timedelta(days=1),
                )  # fmt: skip
            if applicant.status != ApplicationStatus.RECEIVED:
                ApplicationEvent.objects.create(
                    application=application, kind=EventKind.STATUS,
                    author=None if applicant.status == ApplicationStatus.WITHDRAWN else hr,
                    status=applicant.status, created_at=when + timedelta(days=1, hours=1),
                )  # fmt: skip
        created["job application"] += 1
    return created
