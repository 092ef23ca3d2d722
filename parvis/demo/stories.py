"""What the demo town publishes: 200 news articles, in French (announcements: `bulletins`).

Drawn from a seeded generator: the same list on every run, so the demo build can look each
one up by its natural key (an article's slug, an announcement's text) and create only what
is missing. Like `content.py` this is data, not interface: texts say "la ville" and never
name the town. Dates are given relative to the moment an item is first created (the demo
town always reads as current news) and never touched afterwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from django.utils.text import slugify

from parvis.demo import content

ARTICLE_COUNT = 200
#: Published news spread over this many days before the first build (about 18 months).
HISTORY_DAYS = 540

#: (slug, name) of the demo's tags, shared by news and announcements.
TAGS: tuple[tuple[str, str], ...] = (
    ("travaux", "Travaux"),
    ("ecoles", "Écoles"),
    ("culture", "Culture"),
    ("sport", "Sport"),
    ("vie-municipale", "Vie municipale"),
    ("environnement", "Environnement"),
    ("mobilites", "Mobilités"),
    ("solidarite", "Solidarité"),
    ("jeunesse", "Jeunesse"),
)


@dataclass(frozen=True)
class ArticleText:
    slug: str
    title: str
    lead: str
    body: str
    #: The subject of its picture (a key of `covers.NEWS_SUBJECTS`).
    subject: str
    tags: tuple[str, ...]
    space: str | None
    #: "published", "scheduled", "in_review" or "draft".
    status: str
    #: Published: days before the first build; scheduled: days after it (negative).
    days_ago: float


# --- places and people the texts speak of ---------------------------------------------------

#: (street, slug of its neighbourhood)
STREETS: tuple[tuple[str, str], ...] = (
    ("rue Nationale", "centre-ville"),
    ("boulevard des Remparts", "centre-ville"),
    ("place du Marché", "centre-ville"),
    ("avenue de la Gare", "gare"),
    ("rue Pierre-Sémard", "gare"),
    ("allée des Jardiniers", "les-tilleuls"),
    ("avenue des Tilleuls", "les-tilleuls"),
    ("rue de la Chapelle", "saint-martin"),
    ("place Saint-Martin", "saint-martin"),
    ("rue de la Minoterie", "faubourg-du-moulin"),
    ("quai du Canal", "faubourg-du-moulin"),
    ("place du Belvédère", "les-hauts"),
    ("rue Paul-Langevin", "les-hauts"),
    ("avenue des Sports", "la-prairie"),
    ("rue des Aulnes", "la-prairie"),
    ("rue des Vergers", "bellevue"),
    ("côte de Bellevue", "bellevue"),
    ("quai des Mariniers", "les-rives"),
    ("rue de l'Écluse", "les-rives"),
    ("rue de l'Église", "la-garenne"),
    ("chemin des Quatre-Vents", "la-garenne"),
)

#: (school, slug of its neighbourhood)
SCHOOLS: tuple[tuple[str, str], ...] = (
    ("l'école Jules-Ferry", "centre-ville"),
    ("l'école Pierre-Sémard", "gare"),
    ("l'école de plein air", "les-tilleuls"),
    ("l'école Saint-Martin", "saint-martin"),
    ("l'école du Canal", "faubourg-du-moulin"),
    ("l'école Langevin", "les-hauts"),
    ("l'école des Aulnes", "la-prairie"),
    ("le groupe scolaire Simone-Veil", "bellevue"),
    ("l'école des Mariniers", "les-rives"),
    ("l'école du hameau", "la-garenne"),
)

NEIGHBOURHOOD_NAMES = {n.slug: n.name for n in content.NEIGHBOURHOODS}

WORKS = (
    ("réfection de la chaussée", "La couche de roulement, usée et creusée de nids-de-poule, "
     "est entièrement refaite ; les bordures de trottoir abîmées sont changées."),
    ("remplacement des conduites d'eau", "Les canalisations en fonte posées en 1958 sont "
     "remplacées pour mettre fin aux fuites et aux coupures répétées."),
    ("enfouissement des réseaux", "Les fils électriques et téléphoniques aériens passent "
     "sous le trottoir ; les poteaux disparaîtront à la fin du chantier."),
    ("rénovation de l'éclairage public", "Les lampadaires sont équipés de LED qui baissent "
     "d'intensité au cœur de la nuit : deux tiers d'électricité en moins."),
    ("création d'une piste cyclable", "Une piste séparée de la circulation, dans les deux "
     "sens, relie le quartier au centre-ville."),
    ("élargissement des trottoirs", "Les trottoirs passent à 1,80 m pour les poussettes et "
     "les fauteuils roulants ; des arbres seront plantés à l'automne."),
    ("création d'un plateau ralentisseur", "Un plateau surélevé devant l'école oblige les "
     "voitures à ralentir à 30 km/h, comme le demandaient les parents d'élèves."),
)  # fmt: skip

WORK_DURATIONS = ("deux semaines", "trois semaines", "un mois", "six semaines", "deux mois")

TRAFFIC = (
    "Circulation alternée par feux tricolores, de 8 h à 17 h.",
    "Rue fermée à la circulation, sauf pour les riverains et les secours.",
    "Stationnement interdit des deux côtés de la rue pendant le chantier.",
    "Déviation conseillée par les boulevards, fléchée sur place.",
    "Les piétons gardent un passage protégé sur un trottoir.",
    "Les arrêts de bus sont déplacés de quelques mètres : suivez les panneaux.",
    "La collecte des déchets est maintenue ; sortez vos bacs au coin de la rue.",
    "Les commerces restent ouverts et accessibles à pied.",
)

DISHES = (
    "carottes râpées au citron", "velouté de potiron", "lentilles en salade", "taboulé",
    "poulet rôti et haricots verts", "poisson pané et purée maison", "lasagnes aux légumes",
    "hachis parmentier", "curry de pois chiches et riz", "omelette et pommes sautées",
    "yaourt de la ferme des Quatre-Vents", "compote pomme-poire", "fromage blanc au miel",
    "tarte aux pommes", "clafoutis aux cerises", "salade de fruits de saison",
)  # fmt: skip

FESTIVALS = (
    ("La Fête de la musique", "sur le parvis de la mairie et dans les rues du centre"),
    ("Le festival Les Rives en scène", "sur la promenade des Berges"),
    ("La braderie de septembre", "dans les rues du Centre-Ville"),
    ("Le marché de Noël", "sous les halles"),
    ("La Fête du Belvédère", "dans le parc du Belvédère"),
    ("Les Ateliers ouverts de la minoterie", "au Faubourg du Moulin"),
    ("Le carnaval des écoles", "de la place Saint-Martin aux halles"),
    ("Le cinéma en plein air", "dans le jardin du Presbytère"),
    ("La fête des vendanges", "au belvédère de la côte de Bellevue"),
    ("Le festival de la BD", "à la médiathèque Louise-Michel"),
)

LIBRARY_EVENTS = (
    "une heure du conte pour les 3 à 6 ans",
    "un club de lecture pour les adolescents",
    "un atelier d'initiation à l'informatique",
    "une exposition de photographies anciennes du quartier",
    "une rencontre avec une autrice de romans policiers",
    "un atelier de réparation de jeux de société",
    "une soirée jeux vidéo en famille",
    "une grainothèque pour échanger ses semences",
    "une aide aux démarches en ligne, avec un conseiller numérique",
)

SPORTS = (
    ("le club de handball", "handball"),
    ("l'Union sportive de football", "football"),
    ("le cercle d'escrime", "escrime"),
    ("le club de natation des Joncs", "natation"),
    ("le club de basket des Hauts", "basket"),
    ("l'Aviron des Rives", "aviron"),
    ("le club de tennis de table", "tennis de table"),
    ("le Judo-club du Moulin", "judo"),
)

COUNCIL_DECISIONS = (
    "les tarifs de la restauration scolaire, inchangés pour les familles",
    "une subvention à la maison de quartier du Moulin",
    "le plan de rénovation thermique des écoles",
    "la gratuité de la médiathèque pour les moins de 18 ans",
    "la convention avec l'association des jardiniers des Tilleuls",
    "le règlement du marché du dimanche",
    "l'achat d'un terrain pour agrandir le cimetière",
    "la création de deux postes d'animateurs pour l'été",
    "le nouveau nom de la place devant la gare",
    "le programme de plantation d'arbres de l'hiver",
    "la participation de la ville au budget du tram T1",
    "les horaires d'été des piscines",
)

TRAM_MILESTONES = (
    ("les travaux de dévoiement des réseaux commencent", "gare"),
    ("la première rame est arrivée au dépôt", "les-rives"),
    ("la pose des rails avance boulevard des Remparts", "centre-ville"),
    ("le nom des stations soumis au vote des habitants", None),
    ("une réunion publique sur le tracé ouest", "la-garenne"),
    ("les essais de nuit commencent entre la gare et les Rives", "gare"),
    ("les arbres du mail seront replantés en novembre", "centre-ville"),
    ("la passerelle des Cheminots fermée pendant un week-end", "gare"),
    ("les commerçants indemnisés pendant les travaux", "centre-ville"),
)

TREES = ("tilleuls", "érables champêtres", "chênes verts", "merisiers", "arbres fruitiers")


def say(rng: random.Random, *options: str) -> str:
    return options[rng.randrange(len(options))]


def cap(text: str) -> str:
    """`text` with a capital first letter (`str.capitalize` would lower the rest)."""
    return text[:1].upper() + text[1:]


def _link_to_space(slug: str) -> str:
    name = NEIGHBOURHOOD_NAMES.get(slug) or slug
    return f"[la page du quartier {name}](/spaces/{slug}/)"


# --- one generator per kind of news ----------------------------------------------------------
# Each returns (title, lead, body, subject, tags, space slug or None).

Draft = tuple[str, str, str, str, tuple[str, ...], str | None]


def _roadworks(rng: random.Random) -> Draft:
    street, area = STREETS[rng.randrange(len(STREETS))]
    work, why = WORKS[rng.randrange(len(WORKS))]
    duration = say(rng, *WORK_DURATIONS)
    title = say(
        rng,
        f"Travaux {street} : {work} pendant {duration}",
        f"{cap(work)} {street} : ce qui change",
        f"{cap(street)} : {work} à partir de lundi",
    )
    lead = f"Le chantier de {work} {street} dure {duration}. " + say(
        rng,
        "La rue reste accessible aux riverains.",
        "Prévoyez un détour aux heures de pointe.",
        "Les commerces restent ouverts pendant les travaux.",
    )
    traffic = rng.sample(TRAFFIC, 3)
    body = (
        f"## Le chantier\n\n{why}\n\n## Circulation et stationnement\n\n"
        + "".join(f"- {line}\n" for line in traffic)
        + f"\n## Pour suivre le chantier\n\nLes avis de travaux du quartier sont publiés sur "
        f"{_link_to_space(area)} : suivez-la pour les recevoir par courriel. Une question ? "
        "Les services techniques répondent au **03 00 00 00 12**, du lundi au vendredi.\n"
    )
    space = area if rng.random() < 0.7 else None
    tags = ("travaux", "mobilites") if "cyclable" in work else ("travaux",)
    return title, lead, body, "roadworks", tags, space


def _canteen(rng: random.Random) -> Draft:
    share = rng.choice((35, 40, 45, 50, 55, 60))
    title = say(
        rng,
        f"Cantine : {share} % de produits bio et locaux dans les assiettes",
        "Les menus de la cantine des prochaines semaines",
        "Restauration scolaire : un repas végétarien de plus chaque semaine",
        "Cantine : les enfants ont élu leurs plats préférés",
        "La cuisine centrale ouvre ses portes aux parents",
    )
    dishes = rng.sample(DISHES, 5)
    lead = say(
        rng,
        "La cuisine centrale prépare chaque jour 2 400 repas pour les écoles de la ville.",
        "Légumes de la ceinture maraîchère, pain du boulanger du quartier, yaourts de la ferme : "
        "la cantine mise sur les produits locaux.",
        "Les menus sont établis avec une diététicienne et la commission des parents d'élèves.",
    )
    days = ("Lundi", "Mardi", "Jeudi", "Vendredi", "Mercredi (centre de loisirs)")
    menu = "".join(f"- **{day}** : {dish}\n" for day, dish in zip(days, dishes, strict=True))
    body = (
        f"## Au menu\n\n{menu}"
        + f"\n## D'où viennent les produits\n\n{share} % des produits servis sont bio ou viennent "
        "d'un producteur installé à moins de 50 km. Le pain est livré chaque matin par les "
        "boulangers de la ville.\n\n## Inscriptions et tarifs\n\nLes tarifs dépendent du "
        "quotient familial. Inscriptions au guichet famille de l'hôtel de ville ou en ligne "
        "sur [service-public.fr](https://www.service-public.fr/).\n"
    )
    return title, lead, body, "canteen", ("ecoles",), None


def _school(rng: random.Random) -> Draft:
    school, area = SCHOOLS[rng.randrange(len(SCHOOLS))]
    project = say(
        rng,
        "rénove sa cour, plantée et débitumée",
        "ouvre une classe de plus à la rentrée",
        "inaugure sa nouvelle bibliothèque",
        "part en classe de découverte",
        "accueille un potager pédagogique",
        "change ses fenêtres pour mieux isoler",
    )
    title = f"{school[0].upper()}{school[1:]} {project}"
    lead = say(
        rng,
        "Les élèves, les enseignants et les parents ont participé au projet.",
        "Un projet préparé avec le conseil d'école pendant toute l'année.",
        "Les travaux ont eu lieu pendant les vacances, sans gêner les classes.",
    )
    body = (
        f"## Le projet\n\n{school[0].upper()}{school[1:]} {project}. {lead}\n\n"
        "## En chiffres\n\n"
        f"- {rng.randint(80, 260)} élèves concernés\n"
        f"- {rng.randint(3, 11)} classes\n"
        f"- {rng.randint(20, 180)} 000 € financés par la ville\n\n"
        f"Les nouvelles de l'école sont aussi sur {_link_to_space(area)}.\n"
    )
    space = area if rng.random() < 0.5 else None
    return title, lead, body, "school", ("ecoles", "jeunesse"), space


def _festival(rng: random.Random) -> Draft:
    name, place = FESTIVALS[rng.randrange(len(FESTIVALS))]
    edition = rng.randint(3, 42)
    title = say(
        rng,
        f"{name} revient pour sa {edition}ᵉ édition",
        f"{name} : le programme complet",
        f"{name} : appel aux bénévoles",
        f"{name} : retour en images sur une belle édition",
    )
    lead = f"{name} se tient {place}. " + say(
        rng,
        "Entrée libre, pour toute la famille.",
        "Plus de quarante associations y participent.",
        "Des navettes gratuites relient les quartiers.",
    )
    body = (
        "## Le programme\n\n"
        + "".join(
            f"- {hour} h : {act}\n"
            for hour, act in zip(
                (10, 14, 17, 21),
                rng.sample(
                    (
                        "ouverture par la fanfare municipale",
                        "ateliers pour les enfants",
                        "concert des élèves du conservatoire",
                        "spectacle de rue",
                        "bal populaire",
                        "démonstration de danse",
                        "projection en plein air",
                        "feu d'artifice",
                    ),
                    4,
                ),
                strict=True,
            )
        )
        + "\n## Venir\n\nLe centre-ville est fermé aux voitures à partir de midi : "
        "garez-vous au parking de la gare ou venez à vélo (parc gardé place du Marché).\n\n"
        "## Devenir bénévole\n\nÉcrivez au service culturel ou passez à la "
        "[maison des associations](/spaces/vie-associative/).\n"
    )
    return title, lead, body, "festival", ("culture",), None


def _council(rng: random.Random) -> Draft:
    decisions = rng.sample(COUNCIL_DECISIONS, rng.randint(3, 5))
    count = rng.randint(12, 34)
    title = say(
        rng,
        f"Conseil municipal : {count} délibérations adoptées",
        f"Ce qu'a décidé le conseil municipal : {decisions[0]}",
        "Le budget de la ville voté en conseil municipal",
        f"Conseil municipal : {decisions[0]} au programme",
    )
    lead = (
        f"Réuni en séance publique, le conseil municipal a adopté {count} délibérations, "
        f"dont {decisions[0]}."
    )
    body = (
        "## Les principales décisions\n\n"
        + "".join(f"- {decision[0].upper()}{decision[1:]}\n" for decision in decisions)
        + "\n## Assister aux séances\n\nLes séances du conseil municipal sont publiques et "
        "ont lieu dans la salle du conseil de l'hôtel de ville. L'ordre du jour est affiché "
        "cinq jours avant.\n\n*Le compte rendu complet est consultable en mairie ; les décisions "
        "précédentes sont dans les [actualités de la ville](/news/).*\n"
    )
    return title, lead, body, "council", ("vie-municipale",), None


def _library(rng: random.Random) -> Draft:
    event = LIBRARY_EVENTS[rng.randrange(len(LIBRARY_EVENTS))]
    title = say(
        rng,
        f"Médiathèque Louise-Michel : {event}",
        f"Nouveau à la médiathèque : {event}",
        f"À la médiathèque, {event}",
    )
    lead = say(
        rng,
        "Gratuit, sur inscription à l'accueil ou par téléphone.",
        "Ouvert à tous, inscrit ou non à la médiathèque.",
        "Un rendez-vous proposé chaque mois par l'équipe de la médiathèque.",
    )
    body = (
        f"## Le rendez-vous\n\nLa médiathèque propose {event}. {lead}\n\n"
        "## Horaires de la médiathèque\n\n"
        "- Mardi, jeudi et vendredi : 14 h – 19 h\n"
        "- Mercredi et samedi : 10 h – 18 h\n"
        "- Fermée le dimanche et le lundi\n\n"
        f"La médiathèque est aux Hauts : voir {_link_to_space('les-hauts')}.\n"
    )
    space = "les-hauts" if rng.random() < 0.4 else None
    return title, lead, body, "library", ("culture",), space


def _sport(rng: random.Random) -> Draft:
    club, sport = SPORTS[rng.randrange(len(SPORTS))]
    title = say(
        rng,
        f"{club[0].upper()}{club[1:]} champion départemental",
        f"{cap(sport)} : {club} cherche des bénévoles",
        f"Portes ouvertes : venez essayer le {sport} avec {club}",
        f"{club[0].upper()}{club[1:]} monte en division supérieure",
        "La piscine des Joncs ferme deux semaines pour sa vidange",
        "Course des Remparts : les inscriptions sont ouvertes",
    )
    lead = say(
        rng,
        f"Une belle saison pour {club}, qui compte {rng.randint(80, 420)} licenciés.",
        "Le complexe sportif Marie-Marvingt accueille petits et grands toute l'année.",
        "Le service des sports accompagne les clubs de la ville.",
    )
    body = (
        f"## La saison\n\n{lead}\n\n## Infos pratiques\n\n"
        "- Complexe sportif Marie-Marvingt, 40 avenue des Sports\n"
        "- Ouvert tous les jours de 8 h à 21 h\n"
        "- Ligne de bus 5, arrêt « Piscine »\n\n"
        f"Plus d'informations sur {_link_to_space('la-prairie')}.\n"
    )
    space = "la-prairie" if rng.random() < 0.4 else None
    return title, lead, body, "sport", ("sport",), space


def _nature(rng: random.Random) -> Draft:
    street, area = STREETS[rng.randrange(len(STREETS))]
    trees = rng.randint(12, 140)
    kind = TREES[rng.randrange(len(TREES))]
    title = say(
        rng,
        f"{trees} {kind} plantés {street}",
        f"Nature en ville : une haie et {trees} arbres {street}",
        "Collecte des déchets verts : les nouveaux horaires",
        "Opération « Rivière propre » : merci aux bénévoles",
        "Moins d'éclairage la nuit, plus d'étoiles et d'économies",
        "Des composteurs partagés dans chaque quartier",
    )
    lead = say(
        rng,
        "La ville poursuit son objectif de 10 000 arbres plantés d'ici 2030.",
        "Une action du plan climat, menée avec les habitants.",
        "Les services des espaces verts ont choisi des essences adaptées au climat qui change.",
    )
    body = (
        f"## L'action\n\n{lead}\n\n## Pourquoi\n\n"
        "- rafraîchir les rues pendant les canicules\n"
        "- accueillir les oiseaux et les insectes\n"
        "- laisser l'eau de pluie s'infiltrer\n\n"
        "Retrouvez le [plan climat de la ville](/spaces/transition-ecologique/plan-climat/) "
        "et proposez vos idées dans l'espace Transition écologique.\n"
    )
    space = say(rng, "transition-ecologique", area, "") or None
    return title, lead, body, "nature", ("environnement",), space


def _tram(rng: random.Random) -> Draft:
    milestone, area = TRAM_MILESTONES[rng.randrange(len(TRAM_MILESTONES))]
    title = f"Tram T1 : {milestone}"
    lead = say(
        rng,
        "Le chantier du tram suit son calendrier pour une mise en service prévue en 2028.",
        "Toutes les étapes du chantier sont sur la page du projet.",
        "L'équipe du projet répond aux questions des riverains chaque jeudi.",
    )
    where = f" ({NEIGHBOURHOOD_NAMES[area]})" if area else ""
    body = (
        f"## Où en est le chantier ?\n\n{milestone[0].upper()}{milestone[1:]}{where}. {lead}\n\n"
        "## Ce qui change pour vous\n\n"
        + "".join(f"- {line}\n" for line in rng.sample(TRAFFIC, 2))
        + "\nLe calendrier complet et les impacts des travaux sont sur la "
        "[page du projet](/spaces/tram-t1/calendrier/). Suivez le projet pour recevoir ses "
        "alertes.\n"
    )
    return title, lead, body, "tram", ("mobilites", "travaux"), "tram-t1"


def _solidarity(rng: random.Random) -> Draft:
    title = say(
        rng,
        "Plan grand froid : les numéros utiles",
        "Collecte de la Banque alimentaire ce week-end",
        "Le repas des aînés réunit trois cents convives",
        "Canicule : inscrivez vos proches sur le registre",
        "Un nouveau service de transport solidaire pour les seniors",
        "Les permanences d'écrivain public reprennent",
        "Le centre social cherche des bénévoles pour l'aide aux devoirs",
    )
    lead = say(
        rng,
        "Le centre communal d'action sociale (CCAS) coordonne l'action.",
        "Un geste simple pour ne laisser personne seul.",
        "Des bénévoles de toute la ville se mobilisent.",
    )
    body = (
        f"## Comment participer\n\n{lead}\n\n"
        "1. Appelez le CCAS au **03 00 00 00 30**\n"
        "2. Ou passez à l'accueil de l'hôtel de ville\n"
        "3. Ou écrivez au centre social de votre quartier\n\n"
        "Les droits et les aides sont détaillés sur "
        "[service-public.fr](https://www.service-public.fr/).\n"
    )
    space = "les-hauts" if rng.random() < 0.25 else None
    return title, lead, body, "solidarity", ("solidarite",), space


def _youth_council(rng: random.Random) -> Draft:
    project = say(
        rng,
        "un skate-park près du collège",
        "des boîtes à livres dans les parcs",
        "une journée sans voiture devant les écoles",
        "des tournois sportifs entre quartiers",
        "un festival de courts métrages",
    )
    title = f"Conseil municipal des jeunes : {project}"
    lead = "Les jeunes élus ont présenté leur projet en séance plénière."
    body = (
        f"## Le projet\n\nLes jeunes élus proposent {project}. {lead}\n\n"
        "## La suite\n\n- vote des élèves en mai\n- étude par les services\n"
        "- réalisation avant l'été\n\nVoir le "
        "[fonctionnement du conseil](/spaces/conseil-municipal-des-jeunes/fonctionnement/).\n"
    )
    return title, lead, body, "council", ("jeunesse",), "conseil-municipal-des-jeunes"


#: How often each kind of news comes up, out of 100.
_KINDS = (
    (_roadworks, 14),
    (_canteen, 10),
    (_school, 10),
    (_festival, 11),
    (_council, 9),
    (_library, 9),
    (_sport, 10),
    (_nature, 9),
    (_tram, 9),
    (_solidarity, 10),
    (_youth_council, 4),
)

#: The newest items are still in the works: (status, how many).
_UNPUBLISHED = (("scheduled", 3), ("in_review", 4), ("draft", 5))
_SCHEDULED_DAYS_AHEAD = (2.0, 6.0, 12.0)


@cache
def articles() -> tuple[ArticleText, ...]:
    """The demo's 200 articles, newest first, each with a unique title and slug."""
    rng = random.Random("parvis-demo-articles")
    generators = [generator for generator, weight in _KINDS for _ in range(weight)]
    statuses = [status for status, count in _UNPUBLISHED for _ in range(count)]
    published = ARTICLE_COUNT - len(statuses)
    result: list[ArticleText] = []
    slugs: set[str] = set()
    titles: set[str] = set()
    while len(result) < ARTICLE_COUNT:
        title, lead, body, subject, tags, space = rng.choice(generators)(rng)
        slug = slugify(title)[:100].strip("-")
        if slug in slugs or title in titles:
            continue  # the same news twice would read as a mistake: draw another
        index = len(result)
        if index < len(statuses):
            status = statuses[index]
            days_ago = -_SCHEDULED_DAYS_AHEAD[index] if status == "scheduled" else 0.0
        else:
            status = "published"
            rank = index - len(statuses)
            days_ago = 0.2 + rank * (HISTORY_DAYS / published) + rng.uniform(0, 1.5)
        slugs.add(slug)
        titles.add(title)
        result.append(ArticleText(slug, title, lead, body, subject, tags, space, status, days_ago))
    return tuple(result)
