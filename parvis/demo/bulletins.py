"""What the demo town posts: 500 short announcements, in French, from the town, its services
and its spaces.

Drawn from a seeded generator like `stories`: the same list on every run, each text
different, so the demo build looks announcements up by their text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from parvis.demo import content
from parvis.demo.stories import DISHES, HISTORY_DAYS, LIBRARY_EVENTS, SPORTS, STREETS, cap, say

ANNOUNCEMENT_COUNT = 500


@dataclass(frozen=True)
class AnnouncementText:
    text: str
    space: str | None
    service: str
    tags: tuple[str, ...]
    subject: str | None
    published: bool
    days_ago: float


SERVICES: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    # (service, tags, subject of a picture)
    ("Office de tourisme", ("culture",), "festival"),
    ("Médiathèque Louise-Michel", ("culture",), "library"),
    ("Service des sports", ("sport",), "sport"),
    ("Centre communal d'action sociale", ("solidarite",), "solidarity"),
    ("Service de l'eau et de l'assainissement", ("travaux",), "roadworks"),
    ("Police municipale", ("mobilites",), None),
    ("Service Enfance-Jeunesse", ("jeunesse", "ecoles"), "school"),
    ("Service de la propreté urbaine", ("environnement",), "nature"),
    ("Conservatoire de musique", ("culture",), "festival"),
    ("Restauration scolaire", ("ecoles",), "canteen"),
)

_SERVICE_TEMPLATES: dict[str, tuple[str, ...]] = {
    "Office de tourisme": (
        "Un nouveau gîte vient d'ouvrir {place} : {n} chambres, un jardin et des vélos prêtés "
        "aux hôtes. Il rejoint les {m} hébergements labellisés de la ville.",
        "Nous passons au journal télévisé régional ce soir à {hour} h : un reportage sur "
        "{place}. Ne le manquez pas !",
        "Visite guidée « {theme} » {day} à {hour} h, départ de l'Office de tourisme. "
        "Gratuit, {n} places.",
        "Le guide des balades {theme} est arrivé : {n} circuits, disponible gratuitement à "
        "l'Office de tourisme.",
    ),
    "Médiathèque Louise-Michel": (
        "{day}, la médiathèque propose {event}. Gratuit, {n} places.",
        "Fermeture exceptionnelle de la médiathèque {day} après-midi pour inventaire. "
        "Les boîtes de retour restent ouvertes.",
        "{n} nouveaux livres, BD et jeux arrivent ce mois-ci en rayon. Réservez-les en ligne "
        "ou à l'accueil.",
    ),
    "Service des sports": (
        "La piscine des Joncs ouvre ses lignes d'eau de {hour} h à {hour2} h {day}. Pensez au "
        "bonnet de bain !",
        "Inscriptions ouvertes pour les stages sportifs des vacances : {sport}, dès {age} ans.",
        "Le gymnase {place} est fermé {day} pour l'entretien des sols. Les créneaux des clubs "
        "sont reportés.",
    ),
    "Centre communal d'action sociale": (
        "Permanence du CCAS {place} {day} de {hour} h à {hour2} h, sans rendez-vous.",
        "Le transport solidaire accompagne les aînés à leurs rendez-vous médicaux : "
        "réservez {n} jours à l'avance au CCAS.",
        "Distribution de colis alimentaires {day} à {hour} h au centre social. Merci aux "
        "{n} bénévoles !",
    ),
    "Service de l'eau et de l'assainissement": (
        "Coupure d'eau {street} {day} de {hour} h à {hour2} h pour une réparation de canalisation.",
        "Rinçage du réseau d'eau {street} {day} matin : l'eau peut être trouble quelques "
        "minutes, laissez couler.",
        "Contrôle des branchements d'assainissement {street} : un technicien passera {day}.",
    ),
    "Police municipale": (
        "{day}, stationnement interdit {street} de {hour} h à {hour2} h pour un déménagement.",
        "Opération tranquillité vacances : signalez votre absence, une patrouille passera "
        "devant chez vous. {n} logements inscrits l'été dernier.",
        "Jour de marché {day} : la {street} est fermée à la circulation de {hour} h à {hour2} h.",
    ),
    "Service Enfance-Jeunesse": (
        "Inscriptions au centre de loisirs pour les vacances jusqu'à {day} : {n} places "
        "pour les {age} à 11 ans.",
        "Le Point information jeunesse aide à écrire un CV {day} de {hour} h à {hour2} h.",
        "Sortie à la ferme des Quatre-Vents {day} pour les {age}-10 ans : {n} places.",
    ),
    "Service de la propreté urbaine": (
        "Collecte des encombrants {place} {day} : sortez-les la veille au soir, {n} objets "
        "au plus par foyer.",
        "Distribution gratuite de compost {day} de {hour} h à {hour2} h {place}. Apportez "
        "vos sacs !",
        "Balayage mécanique {street} {day} matin : merci de ne pas stationner.",
    ),
    "Conservatoire de musique": (
        "Concert des élèves du conservatoire {day} à {hour} h {place}. Entrée libre.",
        "Portes ouvertes du conservatoire {day} : essayez {n} instruments, dès {age} ans.",
        "Audition de la classe de {instrument} {day} à {hour} h à l'auditorium.",
    ),
    "Restauration scolaire": (
        "{day}, repas de fête à la cantine : {dish} au menu !",
        "Les menus de la cantine du mois sont en ligne : {n} produits locaux cette fois.",
        "Semaine du goût à la cantine : les enfants découvrent {dish}.",
    ),
}

_TOWN_TEMPLATES = (
    "L'hôtel de ville sera fermé {day}. L'état civil assure une permanence de {hour} h à "
    "{hour2} h pour les déclarations urgentes.",
    "Le recensement commence : {n} agents recenseurs, munis d'une carte officielle, "
    "passeront chez vous. Merci de leur faire bon accueil.",
    "Réunion publique {day} à {hour} h {place} : venez échanger avec le maire et les élus.",
    "Inscriptions sur les listes électorales : pensez-y avant la fin du mois, en mairie ou "
    "en ligne ({n} nouveaux inscrits depuis janvier).",
    "Alerte météo : vents forts attendus {day}. Parcs et cimetières fermés par précaution.",
    "Cérémonie de citoyenneté {day} à {hour} h : {n} jeunes reçoivent leur première carte "
    "d'électeur.",
    "La ville recrute {n} saisonniers pour l'été : animation, piscine, espaces verts. "
    "Candidatures en mairie.",
    "Le marché {day} est avancé à {hour} h en raison de la fête locale {place}.",
)

_SPACE_TEMPLATES = (
    "Fête des voisins {day} à partir de {hour} h {place} : apportez un plat à partager !",
    "Atelier de réparation de vélos {day} de {hour} h à {hour2} h {place}. Gratuit.",
    "Permanence de votre élu de quartier {day} de {hour} h à {hour2} h {place}.",
    "Nettoyage collectif {place} {day} à {hour} h : gants et sacs fournis, {n} inscrits déjà.",
    "Le repair café revient {day} {place} : petit électroménager, couture, vélos.",
    "Concours des balcons fleuris : {n} participants l'an dernier, inscrivez-vous avant {day}.",
)

_TRAM_TEMPLATES = (
    "Tram T1 : travaux de nuit {street} {day}, de {hour} h à 5 h. Merci de votre patience.",
    "Tram T1 : la rue {street2} rouvre {day} dans les deux sens.",
    "Tram T1 : permanence de l'équipe du projet {day} de {hour} h à {hour2} h à la maison "
    "du projet.",
)

_YOUTH_TEMPLATES = (
    "Le conseil municipal des jeunes se réunit {day} à {hour} h en salle du conseil. Séance "
    "publique !",
    "Les jeunes élus collectent {n} jouets pour les Restos du cœur jusqu'à {day}.",
)

_THEME_TEMPLATES = {
    "transition-ecologique": (
        "Balade nature {day} à {hour} h {place} : {n} espèces d'oiseaux à découvrir.",
        "Troc de graines et de plants {day} de {hour} h à {hour2} h {place}.",
    ),
    "vie-associative": (
        "Forum des associations {day} de {hour} h à {hour2} h : {n} associations vous attendent.",
        "Formation des bénévoles associatifs {day} à {hour} h : la comptabilité simple.",
    ),
}

DAYS = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "ce samedi", "ce dimanche", "lundi prochain", "samedi prochain", "mercredi prochain",
)  # fmt: skip
PLACES = (
    "place de la Mairie", "aux halles", "à la maison de quartier du Moulin",
    "au centre social des Hauts", "place Saint-Martin", "au parc du Belvédère",
    "sur le mail des Tilleuls", "quai du Canal", "à la halle Freycinet",
    "à la ferme des Quatre-Vents", "place des Vergers", "sur la promenade des Berges",
)  # fmt: skip
THEMES = ("patrimoine", "nature", "industrie", "street art", "au fil de l'eau", "gourmande")
INSTRUMENTS = ("piano", "violon", "flûte traversière", "guitare", "trompette", "batterie")


def _fill(rng: random.Random, template: str) -> str:
    hour = rng.randint(8, 19)
    street, _area = STREETS[rng.randrange(len(STREETS))]
    return cap(
        template.format(
            day=say(rng, *DAYS),
            place=say(rng, *PLACES),
            street=street,
            street2=STREETS[rng.randrange(len(STREETS))][0],
            hour=hour,
            hour2=hour + rng.randint(2, 4),
            n=rng.randint(4, 60),
            m=rng.randint(12, 40),
            age=rng.randint(4, 8),
            event=LIBRARY_EVENTS[rng.randrange(len(LIBRARY_EVENTS))],
            sport=SPORTS[rng.randrange(len(SPORTS))][1],
            theme=say(rng, *THEMES),
            instrument=say(rng, *INSTRUMENTS),
            dish=DISHES[rng.randrange(len(DISHES))],
        )
    )


def _announcement_draft(
    rng: random.Random,
) -> tuple[str, str | None, str, tuple[str, ...], str | None]:
    """(text, space slug, service, tags, picture subject)."""
    draw = rng.random()
    if draw < 0.4:
        service, tags, subject = SERVICES[rng.randrange(len(SERVICES))]
        text = _fill(rng, say(rng, *_SERVICE_TEMPLATES[service]))
        return text, None, service, tags, subject
    if draw < 0.7:
        text = _fill(rng, say(rng, *_TOWN_TEMPLATES))
        return text, None, "", ("vie-municipale",), "council"
    if draw < 0.88:
        slug = content.NEIGHBOURHOODS[rng.randrange(len(content.NEIGHBOURHOODS))].slug
        return _fill(rng, say(rng, *_SPACE_TEMPLATES)), slug, "", (), "solidarity"
    if draw < 0.94:
        return _fill(rng, say(rng, *_TRAM_TEMPLATES)), "tram-t1", "", ("mobilites",), "tram"
    if draw < 0.97:
        text = _fill(rng, say(rng, *_YOUTH_TEMPLATES))
        return text, "conseil-municipal-des-jeunes", "", ("jeunesse",), "festival"
    slug = say(rng, *_THEME_TEMPLATES)
    return _fill(rng, say(rng, *_THEME_TEMPLATES[slug])), slug, "", (), "nature"


#: One announcement in this many has a picture.
PICTURE_EVERY = 8
#: The newest few are drafts.
ANNOUNCEMENT_DRAFTS = 4


@cache
def announcements() -> tuple[AnnouncementText, ...]:
    """The demo's 500 announcements, newest first, each with a different text."""
    rng = random.Random("parvis-demo-announcements")
    result: list[AnnouncementText] = []
    texts: set[str] = set()
    while len(result) < ANNOUNCEMENT_COUNT:
        text, space, service, tags, subject = _announcement_draft(rng)
        if text in texts:
            continue
        index = len(result)
        published = index >= ANNOUNCEMENT_DRAFTS
        rank = index - ANNOUNCEMENT_DRAFTS
        days_ago = 0.1 + rank * (HISTORY_DAYS / ANNOUNCEMENT_COUNT) if published else 0.0
        picture = subject if subject is not None and index % PICTURE_EVERY == 0 else None
        texts.add(text)
        result.append(AnnouncementText(text, space, service, tags, picture, published, days_ago))
    return tuple(result)
