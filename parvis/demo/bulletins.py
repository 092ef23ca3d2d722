"""What the demo town posts: 500 short announcements, in French, from the town, its services
and its spaces.

Drawn from a seeded generator like `stories`: the same list on every run, each text
different, so the demo build looks announcements up by their text.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from functools import cache

from parvis.demo import content
from parvis.demo.stories import DISHES, LIBRARY_EVENTS, SPORTS, STREETS, cap, say
from parvis.demo.timeline import HISTORY_DAYS, SCHOOL_YEAR, Moment, Season, office_clock

ANNOUNCEMENT_COUNT = 500


@dataclass(frozen=True)
class AnnouncementText:
    text: str
    space: str | None
    service: str
    tags: tuple[str, ...]
    subject: str | None
    published: bool
    #: When it went out (drafts: a day of 0).
    moment: Moment
    #: What residents may say under it: a key of `conversations.ANNOUNCEMENT_SAYINGS`.
    topic: str


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


@dataclass(frozen=True)
class Template:
    """One kind of announcement: its words, and what makes them true."""

    text: str
    #: What residents may say under it: a key of `conversations.ANNOUNCEMENT_SAYINGS`.
    topic: str
    season: Season | None = None
    #: The hours {hour} may be; {hour2} comes `length` hours later.
    hours: tuple[int, ...] = (9, 10, 14, 15)
    length: tuple[int, ...] = (2, 3)
    #: The days {day} may be.
    days: tuple[str, ...] = ()


#: Any day of the week, said as the town says it.
DAYS = (
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "ce samedi", "lundi prochain", "samedi prochain", "mercredi prochain",
)  # fmt: skip
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
WEEKEND = ("samedi", "dimanche", "ce samedi", "ce dimanche", "samedi prochain")
#: Days the library is open (it closes on Sunday and Monday).
LIBRARY_DAYS = ("mardi", "mercredi", "jeudi", "vendredi", "samedi", "samedi prochain")
EVENING = (18, 19, 20)
SPRING = Season((3, 1), (5, 31))
FOREST_WIND = Season((10, 15), (3, 15))

_SERVICE_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "Office de tourisme": (
        Template("Un nouveau gîte vient d'ouvrir {quarter} : {few} chambres, un jardin et des vélos "
                 "prêtés aux hôtes. Il rejoint les {m} hébergements labellisés de la ville.",
                 "news"),
        Template("Reportage sur la ville au journal régional de {hour} h {day} : on y voit "
                 "{sight}. Ne le manquez pas !", "news", hours=(19,), days=WEEKDAYS),
        Template("Visite guidée « {theme} » {day} à {hour} h, départ de l'Office de tourisme. "
                 "Gratuit, {n} places.", "event", Season((4, 1), (10, 31)), hours=(10, 14, 15),
                 days=WEEKEND),
        Template("Le guide des balades {theme} est arrivé : {n} circuits, disponible "
                 "gratuitement à l'Office de tourisme.", "news"),
    ),
    "Médiathèque Louise-Michel": (
        Template("{day}, la médiathèque propose {event}. Gratuit, {n} places.", "event",
                 hours=(10, 15), days=LIBRARY_DAYS),
        Template("Fermeture exceptionnelle de la médiathèque {day} après-midi pour inventaire. "
                 "Les boîtes de retour restent ouvertes.", "closure", days=LIBRARY_DAYS),
        Template("{n} nouveaux livres, BD et jeux arrivent ce mois-ci en rayon. Réservez-les "
                 "en ligne ou à l'accueil.", "news"),
    ),
    "Service des sports": (
        Template("La piscine des Joncs ouvre des lignes d'eau en plus de {hour} h à {hour2} h "
                 "{day}. Pensez au bonnet de bain !", "news", hours=(7, 12, 17), length=(2,)),
        Template("Inscriptions ouvertes pour les stages sportifs des vacances : {sport}, dès "
                 "{age} ans.", "signup"),
        Template("Le gymnase {gym} est fermé {day} pour l'entretien des sols. Les créneaux des "
                 "clubs sont reportés.", "closure"),
    ),
    "Centre communal d'action sociale": (
        Template("Permanence du CCAS {hall} {day} de {hour} h à {hour2} h, sans rendez-vous.",
                 "service", days=WEEKDAYS),
        Template("Le transport solidaire accompagne les aînés à leurs rendez-vous médicaux : "
                 "réservez {few} jours à l'avance au CCAS.", "service"),
        Template("Distribution de colis alimentaires {day} à {hour} h au centre social. Merci "
                 "aux {n} bénévoles !", "solidarity", days=WEEKDAYS),
    ),
    "Service de l'eau et de l'assainissement": (
        Template("Coupure d'eau {street} {day} de {hour} h à {hour2} h pour une réparation de "
                 "canalisation.", "works", hours=(8, 9, 13, 14), days=WEEKDAYS),
        Template("Rinçage du réseau d'eau {street} {day} matin : l'eau peut être trouble "
                 "quelques minutes, laissez couler.", "works", days=WEEKDAYS),
        Template("Contrôle des branchements d'assainissement {street} : un technicien passera "
                 "{day}.", "works", days=WEEKDAYS),
    ),
    "Police municipale": (
        Template("{day}, stationnement interdit {street} de {hour} h à {hour2} h pour un "
                 "déménagement.", "works", hours=(8, 9, 13), length=(4, 5)),
        Template("Opération tranquillité vacances : signalez votre absence, une patrouille "
                 "passera devant chez vous. {n} logements inscrits l'été dernier.", "service",
                 Season((6, 1), (7, 31))),
        Template("Marché du {market_day} : circulation interdite place du Marché et rue des "
                 "Halles de 6 h à 14 h.", "works"),
    ),
    "Service Enfance-Jeunesse": (
        Template("Inscriptions au centre de loisirs pour les vacances jusqu'à {day} : {n} "
                 "places pour les {age} à 11 ans.", "signup", days=WEEKDAYS),
        Template("Le Point information jeunesse aide à écrire un CV {day} de {hour} h à "
                 "{hour2} h.", "service", hours=(14, 15), days=("mercredi", "mercredi prochain")),
        Template("Sortie à la ferme des Quatre-Vents {day} pour les {age}-10 ans : {n} places.",
                 "signup", Season((4, 1), (10, 15)), days=("mercredi", "mercredi prochain")),
    ),
    "Service de la propreté urbaine": (
        Template("Collecte des encombrants {quarter} {day} : sortez-les la veille au soir, "
                 "{few} objets au plus par foyer.", "service", days=WEEKDAYS),
        Template("Distribution gratuite de compost {day} de {hour} h à {hour2} h {place}. "
                 "Apportez vos sacs !", "service", Season((3, 10), (5, 15)), hours=(9, 10),
                 days=WEEKEND),
        Template("Balayage mécanique {street} {day} matin : merci de ne pas stationner.",
                 "works", days=WEEKDAYS),
    ),
    "Conservatoire de musique": (
        Template("Concert des élèves du conservatoire {day} à {hour} h {place}. Entrée libre.",
                 "event", SCHOOL_YEAR, hours=(18, 19, 20)),
        Template("Portes ouvertes du conservatoire {day} : essayez {n} instruments, dès {age} "
                 "ans.", "event", Season((5, 15), (6, 30)), days=WEEKEND),
        Template("Audition de la classe de {instrument} {day} à {hour} h à l'auditorium.",
                 "event", SCHOOL_YEAR, hours=(18, 19)),
    ),
    "Restauration scolaire": (
        Template("Repas de fête à la cantine {day} : {dish} au menu, et une surprise au "
                 "dessert !", "canteen", Season((12, 1), (12, 18)), days=WEEKDAYS[:2]),
        Template("Les menus de la cantine du mois sont en ligne : {n} produits locaux cette "
                 "fois.", "canteen", SCHOOL_YEAR),
        Template("Semaine du goût à la cantine : les enfants découvrent {dish}.", "canteen",
                 Season((10, 5), (10, 18))),
    ),
}  # fmt: skip

_TOWN_TEMPLATES = (
    Template("L'hôtel de ville sera fermé {day}. L'état civil assure une permanence de "
             "{hour} h à {hour2} h pour les déclarations urgentes.", "closure", hours=(9, 10),
             days=WEEKDAYS),
    Template("Le recensement commence : {n} agents recenseurs, munis d'une carte officielle, "
             "passeront chez vous. Merci de leur faire bon accueil.", "service",
             Season((1, 10), (1, 20))),
    Template("Réunion publique {day} à {hour} h {place} : venez échanger avec le maire et les "
             "élus.", "meeting", hours=(18, 19), days=WEEKDAYS),
    Template("Inscriptions sur les listes électorales : pensez-y avant la fin du mois, en "
             "mairie ou en ligne ({n} nouveaux inscrits depuis janvier).", "service",
             Season((3, 1), (12, 15))),
    Template("Alerte météo : vents forts attendus {day}. Parcs et cimetières fermés par "
             "précaution.", "closure", FOREST_WIND),
    Template("Cérémonie de citoyenneté {day} à {hour} h : {n} jeunes reçoivent leur première "
             "carte d'électeur.", "meeting", Season((3, 1), (4, 30)), hours=(11, 18),
             days=("samedi", "ce samedi", "samedi prochain")),
    Template("La ville recrute {n} saisonniers pour l'été : animation, piscine, espaces "
             "verts. Candidatures en mairie.", "signup", Season((2, 1), (4, 30))),
    Template("Fête locale {place} {day} : le marché est avancé, de 7 h à 12 h.", "event",
             days=("samedi", "ce samedi")),
)  # fmt: skip

_SPACE_TEMPLATES = (
    Template("Fête des voisins {day} à partir de {hour} h {place} : apportez un plat à "
             "partager !", "event", Season((5, 10), (6, 20)), hours=EVENING,
             days=("vendredi", "ce vendredi", "vendredi prochain")),
    Template("Atelier de réparation de vélos {day} de {hour} h à {hour2} h {place}. Gratuit.",
             "event", hours=(10, 14), days=WEEKEND),
    Template("Permanence de votre élu de quartier {day} de {hour} h à {hour2} h {place}.",
             "meeting", hours=(10, 17), length=(2,)),
    Template("Nettoyage collectif {place} {day} à {hour} h : gants et sacs fournis, {n} "
             "inscrits déjà.", "event", hours=(9, 10), days=WEEKEND),
    Template("Le repair café revient {day} {place} : petit électroménager, couture, vélos.",
             "event", days=WEEKEND),
    Template("Concours des balcons fleuris : {n} participants l'an dernier, inscrivez-vous "
             "avant {day}.", "signup", Season((4, 1), (5, 31)), days=("la fin du mois",)),
)  # fmt: skip

#: Streets the tram's works go through.
TRAM_STREETS = ("avenue de la Gare", "rue Nationale", "boulevard des Remparts",
                "boulevard de l'Ouest", "quai des Mariniers", "rue de l'Église")  # fmt: skip

_TRAM_TEMPLATES = (
    Template("Tram T1 : travaux de nuit {tram_street} {day}, de {hour} h à 5 h. Merci de votre "
             "patience.", "works", hours=(21, 22), days=WEEKDAYS),
    Template("Tram T1 : circulation rétablie {tram_street} {day}, dans les deux sens.", "works",
             days=WEEKDAYS),
    Template("Tram T1 : permanence de l'équipe du projet {day} de {hour} h à {hour2} h à la "
             "maison du projet.", "meeting", hours=(10, 14, 16)),
)  # fmt: skip

_YOUTH_TEMPLATES = (
    Template("Le conseil municipal des jeunes se réunit {day} à {hour} h en salle du "
             "conseil. Séance publique !", "meeting", SCHOOL_YEAR, hours=(14, 15),
             days=("mercredi", "mercredi prochain")),
    Template("Les jeunes élus collectent {n} jouets pour les Restos du cœur jusqu'à {day}.",
             "solidarity", Season((11, 15), (12, 15)), days=WEEKEND),
)  # fmt: skip

_THEME_TEMPLATES = {
    "transition-ecologique": (
        Template("Balade nature {day} à {hour} h {place} : {n} espèces d'oiseaux à découvrir.",
                 "event", Season((3, 15), (10, 15)), hours=(8, 9, 10), days=WEEKEND),
        Template("Troc de graines et de plants {day} de {hour} h à {hour2} h {place}.", "event",
                 SPRING, hours=(9, 10, 14), days=WEEKEND),
    ),
    "vie-associative": (
        Template("Forum des associations samedi de 10 h à 18 h au complexe sportif "
                 "Marie-Marvingt : {n} associations vous attendent.", "event",
                 Season((8, 25), (9, 5))),
        Template("Formation des bénévoles associatifs {day} à {hour} h : la comptabilité "
                 "simple.", "signup", hours=(18, 19), days=WEEKDAYS),
    ),
}  # fmt: skip

#: Where things happen in town (the places a neighbourhood's own announcements name are in
#: `NEIGHBOURHOOD_PLACES`).
PLACES = (
    "place de la Mairie", "aux halles", "à la maison de quartier du Moulin",
    "au centre social des Hauts", "place Saint-Martin", "au parc du Belvédère",
    "sur le mail des Tilleuls", "quai du Canal", "à la halle Freycinet",
    "à la ferme des Quatre-Vents", "place des Vergers", "sur la promenade des Berges",
)  # fmt: skip
NEIGHBOURHOOD_PLACES = {
    "centre-ville": "place de la Mairie",
    "gare": "à la halle Freycinet",
    "les-tilleuls": "sur le mail des Tilleuls",
    "saint-martin": "place Saint-Martin",
    "faubourg-du-moulin": "à la maison de quartier du Moulin",
    "les-hauts": "au centre social des Hauts",
    "la-prairie": "devant le complexe sportif Marie-Marvingt",
    "bellevue": "place des Vergers",
    "les-rives": "sur la promenade des Berges",
    "la-garenne": "à la ferme des Quatre-Vents",
}
#: Neighbourhoods, as "in …".
QUARTERS = (
    "au Centre-Ville", "dans le quartier de la Gare", "aux Tilleuls", "à Saint-Martin",
    "au Faubourg du Moulin", "aux Hauts", "à La Prairie", "à Bellevue", "aux Rives",
    "à La Garenne",
)  # fmt: skip
#: Where residents are welcomed indoors.
HALLS = (
    "au centre social des Hauts", "à la maison de quartier du Moulin",
    "à la maison de quartier des Tilleuls", "à la mairie annexe de La Garenne",
    "à la mairie annexe de Saint-Martin",
)  # fmt: skip
SIGHTS = ("les halles", "la minoterie", "le lavoir de Saint-Martin", "le port des Rives")
GYMS = ("Langevin", "des Aulnes", "Pierre-Sémard", "du Canal")
MARKET_DAYS = ("mardi", "samedi")
THEMES = ("patrimoine", "nature", "industrie", "street art", "au fil de l'eau", "gourmande")
INSTRUMENTS = ("piano", "violon", "flûte traversière", "guitare", "trompette", "batterie")


def _fill(rng: random.Random, template: Template, *, place: str = "") -> str:
    """`template` said with drawn days, places and numbers (and `place`, when given)."""
    hour = rng.choice(template.hours)
    street, _area = STREETS[rng.randrange(len(STREETS))]
    return cap(
        template.text.format(
            day=say(rng, *(template.days or DAYS)),
            place=place or say(rng, *PLACES),
            quarter=say(rng, *QUARTERS),
            hall=say(rng, *HALLS),
            sight=say(rng, *SIGHTS),
            street=street,
            tram_street=say(rng, *TRAM_STREETS),
            gym=say(rng, *GYMS),
            market_day=say(rng, *MARKET_DAYS),
            hour=hour,
            hour2=hour + rng.choice(template.length),
            n=rng.randint(4, 60),
            m=rng.randint(12, 40),
            few=rng.randint(2, 5),
            age=rng.randint(4, 8),
            event=LIBRARY_EVENTS[rng.randrange(len(LIBRARY_EVENTS))],
            sport=SPORTS[rng.randrange(len(SPORTS))][1],
            theme=say(rng, *THEMES),
            instrument=say(rng, *INSTRUMENTS),
            dish=DISHES[rng.randrange(len(DISHES))],
        )
    )


def _pick(rng: random.Random, templates: tuple[Template, ...]) -> Template:
    return templates[rng.randrange(len(templates))]


def _announcement_draft(
    rng: random.Random,
) -> tuple[Template, str, str | None, str, tuple[str, ...], str | None]:
    """(template, text, space slug, service, tags, picture subject)."""
    draw = rng.random()
    if draw < 0.37:
        service, tags, subject = SERVICES[rng.randrange(len(SERVICES))]
        template = _pick(rng, _SERVICE_TEMPLATES[service])
        return template, _fill(rng, template), None, service, tags, subject
    if draw < 0.75:
        template = _pick(rng, _TOWN_TEMPLATES)
        return template, _fill(rng, template), None, "", ("vie-municipale",), "council"
    if draw < 0.88:
        slug = content.NEIGHBOURHOODS[rng.randrange(len(content.NEIGHBOURHOODS))].slug
        template = _pick(rng, _SPACE_TEMPLATES)
        text = _fill(rng, template, place=NEIGHBOURHOOD_PLACES[slug])
        return template, text, slug, "", (), "solidarity"
    if draw < 0.94:
        template = _pick(rng, _TRAM_TEMPLATES)
        return template, _fill(rng, template), "tram-t1", "", ("mobilites",), "tram"
    if draw < 0.97:
        template = _pick(rng, _YOUTH_TEMPLATES)
        space = "conseil-municipal-des-jeunes"
        return template, _fill(rng, template), space, "", ("jeunesse",), "festival"
    slug = say(rng, *_THEME_TEMPLATES)
    template = _pick(rng, _THEME_TEMPLATES[slug])
    return template, _fill(rng, template), slug, "", (), "nature"


#: One announcement in this many has a picture.
PICTURE_EVERY = 8
#: How many times an announcement of a season may come (once: twice would often land in the
#: same weeks, and the census is not announced twice in a fortnight).
SEASONS_IN_HISTORY = 1
#: The newest few are drafts.
ANNOUNCEMENT_DRAFTS = 4


@cache
def announcements() -> tuple[AnnouncementText, ...]:
    """The demo's 500 announcements, newest first, each with a different text.

    They go out irregularly, as a town's do: some days two, then none for a day or two, in
    office hours mostly (`timeline`), each in its season.
    """
    rng = random.Random("parvis-demo-announcements")
    # Drawn apart from the texts, so that changing one leaves the other.
    times = random.Random("parvis-demo-announcement-times")
    published = ANNOUNCEMENT_COUNT - ANNOUNCEMENT_DRAFTS
    gaps = [times.uniform(0.2, 1.8) for _ in range(published)]
    scale = (HISTORY_DAYS - 1) / sum(gaps)
    result: list[AnnouncementText] = []
    texts: set[str] = set()
    # What comes once a year (the census, the summer jobs) comes once.
    yearly: Counter[tuple[str, str | None]] = Counter()
    days_ago = 0.0
    while len(result) < ANNOUNCEMENT_COUNT:
        template, text, space, service, tags, subject = _announcement_draft(rng)
        index = len(result)
        is_published = index >= ANNOUNCEMENT_DRAFTS
        if template.season is not None and (
            not is_published or yearly[template.text, space] == SEASONS_IN_HISTORY
        ):
            continue
        if text in texts:
            continue
        if is_published:
            days_ago += gaps[index - ANNOUNCEMENT_DRAFTS] * scale
        moment = Moment(days_ago, office_clock(times), template.season)
        picture = subject if subject is not None and index % PICTURE_EVERY == 0 else None
        texts.add(text)
        if template.season is not None:
            yearly[template.text, space] += 1
        result.append(
            AnnouncementText(
                text, space, service, tags, picture, is_published, moment, template.topic
            )
        )
    return tuple(result)
