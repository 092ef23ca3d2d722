"""The demo town's job offers: 12 posts, the same on every run, in the services a town of
its size recruits for. Nine are open, two have closed (they are off the lists but still in
the back office), one is a draft. Dates are counted from the day of the first build; an
offer already there is left as it is, so a second run writes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from parvis.jobs.models import ContractType, Offer, WorkingTime
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
