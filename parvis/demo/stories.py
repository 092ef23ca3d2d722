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
from parvis.demo.timeline import (
    HISTORY_DAYS,
    SCHOOL_YEAR,
    WINTER_PLANTING,
    Moment,
    Season,
    after,
    before,
    office_clock,
)

ARTICLE_COUNT = 200

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
    #: When it goes out (published or scheduled); drafts and reviews carry a day of 0.
    moment: Moment


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

#: (name, where, the days it lasts)
FESTIVALS: tuple[tuple[str, str, Season], ...] = (
    ("La Fête de la musique", "sur le parvis de la mairie et dans les rues du centre",
     Season((6, 21), (6, 21))),
    ("Le festival Les Rives en scène", "sur la promenade des Berges", Season((7, 10), (7, 13))),
    ("La braderie de septembre", "dans les rues du Centre-Ville", Season((9, 12), (9, 14))),
    ("Le marché de Noël", "sous les halles", Season((12, 5), (12, 23))),
    ("La Fête du Belvédère", "dans le parc du Belvédère", Season((7, 4), (7, 4))),
    ("Les Ateliers ouverts de la minoterie", "au Faubourg du Moulin", Season((10, 10), (10, 11))),
    ("Le carnaval des écoles", "de la place Saint-Martin aux halles", Season((3, 3), (3, 3))),
    ("Le cinéma en plein air", "dans le jardin du Presbytère", Season((7, 17), (8, 21))),
    ("La fête des vendanges", "au belvédère de la côte de Bellevue", Season((9, 26), (9, 27))),
    ("Le festival de la BD", "à la médiathèque Louise-Michel", Season((11, 14), (11, 15))),
)  # fmt: skip

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
    "la création de deux postes d'animateurs au centre de loisirs",
    "le nouveau nom de la place devant la gare",
    "le programme de plantation d'arbres des écoles",
    "la participation de la ville au budget du tram T1",
    "les nouveaux horaires de la piscine des Joncs",
)

#: (milestone, neighbourhood, lead, season), in step with the project's calendar page.
TRAM_MILESTONES: tuple[tuple[str, str | None, str, Season | None], ...] = (
    ("les travaux de déviation des réseaux commencent", "gare", "Eau, gaz et électricité "
     "quittent le tracé du tram : premier chantier avenue de la Gare.", Season((9, 1), (10, 31))),
    ("des sondages du sol le long du tracé", "saint-martin", "Des foreuses prélèvent le sol "
     "tous les cent mètres, pour dimensionner la plateforme du tram.", None),
    ("la pose des rails se prépare boulevard des Remparts", "centre-ville", "Les réseaux "
     "déviés, le boulevard attend les rails : le chantier suit son calendrier pour une mise en "
     "service en 2029.", None),
    ("le nom des stations soumis au vote des habitants", None, "Trois noms proposés pour "
     "chacune des douze stations : votez en ligne ou à l'accueil de la mairie.", None),
    ("une réunion publique sur le tracé ouest", "la-garenne", "L'équipe du projet présente le "
     "terminus de La Garenne et répond aux questions des riverains.", None),
    ("la maquette des rames exposée sous les halles", "centre-ville", "Couleurs, sièges, "
     "places pour les vélos : venez voir la maquette et donner votre avis.", None),
    ("les arbres du mail seront replantés en novembre", "centre-ville", "Quarante platanes "
     "déplacés par le chantier retrouvent le mail des Remparts, avec vingt arbres de plus.",
     Season((9, 1), (10, 31))),
    ("la passerelle des Cheminots fermée pendant un week-end", "gare", "Piétons et vélos "
     "passent par le pont de la Gare, fléché sur place, le temps de déplacer un câble.", None),
    ("les commerçants indemnisés pendant les travaux", "centre-ville", "La commission "
     "d'indemnisation amiable a examiné les premiers dossiers des commerces riverains.", None),
)  # fmt: skip

TREES = ("tilleuls", "érables champêtres", "chênes verts", "merisiers", "arbres fruitiers")


def say(rng: random.Random, *options: str) -> str:
    return options[rng.randrange(len(options))]


def cap(text: str) -> str:
    """`text` with a capital first letter (`str.capitalize` would lower the rest)."""
    return text[:1].upper() + text[1:]


def low(text: str) -> str:
    """`text` with a small first letter: "La Fête de la musique" in mid-sentence."""
    return text[:1].lower() + text[1:]


#: The article of each kind of street: "la rue Nationale", "le quai du Canal".
_STREET_ARTICLES = {
    "rue": "la ",
    "place": "la ",
    "côte": "la ",
    "avenue": "l'",
    "allée": "l'",
    "boulevard": "le ",
    "quai": "le ",
    "chemin": "le ",
}


def the_street(street: str) -> str:
    """ "rue des Aulnes" → "la rue des Aulnes": a street named in the middle of a sentence."""
    return _STREET_ARTICLES[street.split()[0]] + street


def of(words: str) -> str:
    """`words` after "de", as French says it: "de l'école", "du groupe scolaire", "des
    Ateliers", "d'enfouissement", "de réfection"."""
    if words.startswith("le "):
        return "du " + words[3:]
    if words.startswith("les "):
        return "des " + words[4:]
    if words[:1].lower() in "aàâeéèêiîoôuh" and not words.startswith("l'"):
        return "d'" + words
    return "de " + words


def _link_to_space(slug: str) -> str:
    name = NEIGHBOURHOOD_NAMES.get(slug) or slug
    return f"[la page du quartier {name}](/spaces/{slug}/)"


# --- one generator per kind of news ----------------------------------------------------------
# Each returns (title, lead, body, subject, tags, space slug or None, season or None): the
# season when the text speaks of a time of year (a programme, the start of school).

Draft = tuple[str, str, str, str, tuple[str, ...], str | None, Season | None]


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
    lead = f"Le chantier {of(work)} {street} dure {duration}. " + say(
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
    return title, lead, body, "roadworks", tags, space, None


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
    lead = (
        say(
            rng,
            "La cuisine centrale prépare chaque jour 2 400 repas pour les écoles de la ville",
            "Légumes de la ceinture maraîchère, pain du boulanger du quartier, yaourts de la ferme",
            "Des menus établis avec une diététicienne et la commission des parents d'élèves",
        )
        + f" ; cette fois au menu, {dishes[0]} et {dishes[1]}."
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
    return title, lead, body, "canteen", ("ecoles",), None, SCHOOL_YEAR


#: (what the school does, the lead ({school}, {of_school}, {pupils}, {classes}), when).
SCHOOL_PROJECTS: tuple[tuple[str, str, Season], ...] = (
    ("rénove sa cour, plantée et débitumée", "Moins de bitume et plus d'ombre : les {pupils} "
     "élèves {of_school} ont dessiné leur cour avec les jardiniers de la ville.",
     Season((8, 28), (10, 20))),
    ("ouvre une classe de plus à la rentrée", "Avec {pupils} élèves inscrits, {school} gagne "
     "une classe : l'inspection académique a confirmé l'ouverture.", Season((5, 15), (9, 5))),
    ("inaugure sa nouvelle bibliothèque", "Albums, romans et documentaires choisis avec les "
     "{pupils} élèves {of_school}, dans une salle repeinte par les parents.", SCHOOL_YEAR),
    ("part en classe de découverte", "Une semaine à la mer pour {classes} classes "
     "{of_school} : voile, pêche à pied et carnet de bord.", Season((3, 1), (6, 20))),
    ("accueille un potager pédagogique", "Les {pupils} élèves {of_school} sèment, arrosent "
     "et récoltent dans leurs nouveaux carrés de potager.", Season((3, 1), (6, 30))),
    ("change ses fenêtres pour mieux isoler", "Les fenêtres {of_school} ont été changées "
     "pendant les vacances : moins de froid en classe et moins de chauffage.",
     Season((8, 28), (11, 30))),
)  # fmt: skip


def _school(rng: random.Random) -> Draft:
    school, area = SCHOOLS[rng.randrange(len(SCHOOLS))]
    project, lead, season = SCHOOL_PROJECTS[rng.randrange(len(SCHOOL_PROJECTS))]
    pupils, classes = rng.randint(80, 260), rng.randint(3, 11)
    title = f"{cap(school)} {project}"
    lead = cap(lead.format(school=school, of_school=of(school), pupils=pupils, classes=classes))
    body = (
        f"## Le projet\n\n{lead}\n\n"
        "## En chiffres\n\n"
        f"- {pupils} élèves concernés\n"
        f"- {classes} classes\n"
        f"- {rng.randint(20, 180)} 000 € financés par la ville\n\n"
        f"Les nouvelles de l'école sont aussi sur {_link_to_space(area)}.\n"
    )
    space = area if rng.random() < 0.5 else None
    return title, lead, body, "school", ("ecoles", "jeunesse"), space, season


def _festival(rng: random.Random) -> Draft:
    index = rng.randrange(len(FESTIVALS))
    name, place, days = FESTIVALS[index]
    edition = 5 + 4 * index  # each festival has its own age
    visitors = rng.randrange(8, 60) * 100
    title, lead, season = [
        (f"{name} revient pour sa {edition}ᵉ édition",
         f"{name} fête sa {edition}ᵉ édition {place}. Entrée libre, pour toute la famille.",
         before(days, 30, 8)),
        (f"{name} : le programme complet",
         f"Ateliers, concerts et spectacles {place} : voici le programme "
         f"{of(low(name))}, heure par heure.", before(days, 14, 1)),
        (f"{name} : appel aux bénévoles",
         f"Accueil, buvette, installation : {low(name)} cherche des bénévoles, quelques heures "
         "suffisent.", before(days, 60, 20)),
        (f"{name} : retour en images sur une belle édition",
         f"Plus de {visitors} visiteurs {place} : merci à toutes celles et ceux qui ont fait "
         f"vivre {low(name)}.", after(days, 1, 10)),
    ][rng.randrange(4)]  # fmt: skip
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
    return title, lead, body, "festival", ("culture",), None, season


#: The season the council votes the town's budget (by law, before 15 April).
BUDGET_VOTE = Season((3, 10), (4, 14))


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
        + "".join(f"- {cap(decision)}\n" for decision in decisions)
        + "\n## Assister aux séances\n\nLes séances du conseil municipal sont publiques et "
        "ont lieu dans la salle du conseil de l'hôtel de ville. L'ordre du jour est affiché "
        "cinq jours avant.\n\n*Le compte rendu complet est consultable en mairie ; les décisions "
        "précédentes sont dans les [actualités de la ville](/news/).*\n"
    )
    season = BUDGET_VOTE if "budget de la ville" in title else None
    return title, lead, body, "council", ("vie-municipale",), None, season


#: The library's opening days, with hours at which it holds its events.
LIBRARY_SLOTS = (
    ("mardi", (16, 17)),
    ("mercredi", (10, 14, 15, 16)),
    ("jeudi", (16, 17)),
    ("vendredi", (16, 17)),
    ("samedi", (10, 11, 14, 15, 16)),
)


def _library(rng: random.Random) -> Draft:
    event = LIBRARY_EVENTS[rng.randrange(len(LIBRARY_EVENTS))]
    title = say(
        rng,
        f"Médiathèque Louise-Michel : {event}",
        f"Nouveau à la médiathèque : {event}",
        f"À la médiathèque, {event}",
    )
    day, hours = LIBRARY_SLOTS[rng.randrange(len(LIBRARY_SLOTS))]
    lead = f"Un {day} sur deux à {rng.choice(hours)} h, " + say(
        rng,
        "gratuit, sur inscription à l'accueil ou par téléphone.",
        "ouvert à tous, inscrit ou non à la médiathèque.",
        "un rendez-vous proposé par l'équipe de la médiathèque.",
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
    return title, lead, body, "library", ("culture",), space, None


#: The end of the sports season, when titles are won.
SEASON_END = Season((5, 10), (7, 5))


def _sport(rng: random.Random) -> Draft:
    club, sport = SPORTS[rng.randrange(len(SPORTS))]
    members = rng.randint(80, 420)
    title, lead, season = [
        (f"{cap(club)} champion départemental",
         f"Une saison remarquable pour {club}, qui compte {members} licenciés.", SEASON_END),
        (f"{cap(sport)} : {club} cherche des bénévoles",
         f"Entraîneurs, arbitres, chauffeurs du week-end : {club} a besoin de bras pour ses "
         f"{members} licenciés.", None),
        (f"Portes ouvertes : venez essayer le {sport} avec {club}",
         f"Séance d'essai gratuite avec {club} au complexe sportif Marie-Marvingt, dès "
         f"{rng.randint(5, 9)} ans.", Season((8, 25), (10, 5))),
        (f"{cap(club)} monte en division supérieure",
         f"Après {rng.randint(12, 20)} victoires cette saison, {club} jouera la saison "
         "prochaine en division supérieure.", SEASON_END),
        ("La piscine des Joncs ferme deux semaines pour sa vidange",
         "Vidange, nettoyage et contrôle des bassins : les nageurs sont accueillis à la "
         "piscine intercommunale pendant la fermeture.", None),
        ("Course des Remparts : les inscriptions sont ouvertes",
         "Cinq ou dix kilomètres autour du Centre-Ville, et une course pour les enfants.",
         Season((3, 1), (5, 15))),
    ][rng.randrange(6)]  # fmt: skip
    body = (
        f"## La saison\n\n{lead}\n\n## Infos pratiques\n\n"
        "- Complexe sportif Marie-Marvingt, 40 avenue des Sports\n"
        "- Ouvert tous les jours de 8 h à 21 h\n"
        "- Ligne de bus 5, arrêt « Piscine »\n\n"
        f"Plus d'informations sur {_link_to_space('la-prairie')}.\n"
    )
    space = "la-prairie" if rng.random() < 0.4 else None
    return title, lead, body, "sport", ("sport",), space, season


def _nature(rng: random.Random) -> Draft:
    street, area = STREETS[rng.randrange(len(STREETS))]
    trees = rng.randint(12, 140)
    kind = TREES[rng.randrange(len(TREES))]
    title, lead, season = [
        (f"{trees} {kind} plantés {street}",
         f"Les {trees} {kind} de {the_street(street)} rapprochent la ville de son objectif : "
         "10 000 arbres plantés d'ici 2030.", WINTER_PLANTING),
        (f"Nature en ville : une haie et {trees} arbres {street}",
         f"Une haie champêtre et {trees} jeunes arbres bordent désormais "
         f"{the_street(street)}, choisis pour résister aux étés qui chauffent.",
         WINTER_PLANTING),
        ("Collecte des déchets verts : les nouveaux horaires",
         "Tontes et branchages sont collectés chaque lundi d'avril à novembre, en sacs ou "
         "en fagots.", Season((3, 1), (4, 10))),
        ("Opération « Rivière propre » : merci aux bénévoles",
         "Plus de cent bénévoles ont sorti de la rivière et du ruisseau de la Mare trois "
         "tonnes de déchets.", Season((4, 1), (6, 30))),
        ("Moins d'éclairage la nuit, plus d'étoiles et d'économies",
         "De 1 h à 5 h, l'éclairage public s'éteint dans les rues résidentielles : un tiers "
         "d'électricité en moins.", None),
        ("Des composteurs partagés dans chaque quartier",
         "Un bac pour les épluchures au pied des immeubles, un compost mûr pour les jardins "
         "au bout de neuf mois.", None),
    ][rng.randrange(6)]  # fmt: skip
    body = (
        f"## L'action\n\n{lead}\n\n## Pourquoi\n\n"
        "- rafraîchir les rues pendant les canicules\n"
        "- accueillir les oiseaux et les insectes\n"
        "- laisser l'eau de pluie s'infiltrer\n\n"
        "Retrouvez le [plan climat de la ville](/spaces/transition-ecologique/plan-climat/) "
        "et proposez vos idées dans l'espace Transition écologique.\n"
    )
    space = say(rng, "transition-ecologique", area, "") or None
    return title, lead, body, "nature", ("environnement",), space, season


def _tram(rng: random.Random) -> Draft:
    milestone, area, lead, season = TRAM_MILESTONES[rng.randrange(len(TRAM_MILESTONES))]
    title = f"Tram T1 : {milestone}"
    where = f" ({NEIGHBOURHOOD_NAMES[area]})" if area else ""
    body = (
        f"## Où en est le chantier ?\n\n{cap(milestone)}{where}. {lead}\n\n"
        "## Ce qui change pour vous\n\n"
        + "".join(f"- {line}\n" for line in rng.sample(TRAFFIC, 2))
        + "\nLe calendrier complet et les impacts des travaux sont sur la "
        "[page du projet](/spaces/tram-t1/calendrier/). Suivez le projet pour recevoir ses "
        "alertes.\n"
    )
    return title, lead, body, "tram", ("mobilites", "travaux"), "tram-t1", season


#: (title, lead, season) of the social services' news.
SOLIDARITY_NEWS: tuple[tuple[str, str, Season | None], ...] = (
    ("Plan grand froid : les numéros utiles", "Le 115 et le CCAS veillent sur les personnes "
     "sans abri et les aînés isolés tant que le froid dure.", Season((11, 20), (2, 20))),
    ("Collecte de la Banque alimentaire ce week-end", "Des bénévoles attendent vos dons à "
     "l'entrée des supermarchés de la ville, vendredi et samedi.", Season((11, 18), (11, 28))),
    ("Le repas des aînés réunit trois cents convives", "Un déjeuner dansant offert par la "
     "ville aux habitants de plus de 70 ans, dans la salle des fêtes.", Season((1, 12), (2, 5))),
    ("Canicule : inscrivez vos proches sur le registre", "Les personnes inscrites reçoivent "
     "un appel du CCAS chaque jour de fortes chaleurs.", Season((6, 1), (8, 10))),
    ("Un nouveau service de transport solidaire pour les seniors", "Des chauffeurs "
     "bénévoles conduisent les aînés à leurs rendez-vous médicaux et à leurs courses.", None),
    ("Les permanences d'écrivain public reprennent", "Courriers, dossiers, démarches en "
     "ligne : un écrivain public vous aide gratuitement, sans rendez-vous.",
     Season((8, 28), (9, 25))),
    ("Le centre social cherche des bénévoles pour l'aide aux devoirs", "Une heure par "
     "semaine suffit pour accompagner un écolier ou un collégien.", Season((8, 25), (10, 10))),
)  # fmt: skip


def _solidarity(rng: random.Random) -> Draft:
    title, lead, season = SOLIDARITY_NEWS[rng.randrange(len(SOLIDARITY_NEWS))]
    body = (
        f"## Comment participer\n\n{lead}\n\n"
        "1. Appelez le CCAS au **03 00 00 00 30**\n"
        "2. Ou passez à l'accueil de l'hôtel de ville\n"
        "3. Ou écrivez au centre social de votre quartier\n\n"
        "Les droits et les aides sont détaillés sur "
        "[service-public.fr](https://www.service-public.fr/).\n"
    )
    space = "les-hauts" if rng.random() < 0.25 else None
    return title, lead, body, "solidarity", ("solidarite",), space, season


#: (project, lead) of the youth council, presented in winter and voted on in May.
YOUTH_PROJECTS = (
    ("un skate-park près du collège", "Les jeunes élus de la commission sport ont visité "
     "trois skate-parks de la région avant de dessiner le leur."),
    ("des boîtes à livres dans les parcs", "Une boîte par parc, fabriquée par les élèves du "
     "lycée professionnel et remplie par les habitants."),
    ("une journée sans voiture devant les écoles", "Rues fermées aux voitures le temps d'une "
     "journée, pour venir à l'école à pied, à vélo ou en trottinette."),
    ("des tournois sportifs entre quartiers", "Football, basket et tennis de table : une "
     "équipe par quartier, une finale au complexe sportif."),
    ("un festival de courts métrages", "Des films de moins de dix minutes tournés par des "
     "jeunes de la ville, projetés à la médiathèque."),
)  # fmt: skip
YOUTH_PROJECT_SEASON = Season((1, 10), (4, 30))


def _youth_council(rng: random.Random) -> Draft:
    project, lead = YOUTH_PROJECTS[rng.randrange(len(YOUTH_PROJECTS))]
    title = f"Conseil municipal des jeunes : {project}"
    body = (
        f"## Le projet\n\nLes jeunes élus proposent {project}. {lead}\n\n"
        "## La suite\n\n- vote des élèves en mai\n- étude par les services\n"
        "- réalisation avant l'été\n\nVoir le "
        "[fonctionnement du conseil](/spaces/conseil-municipal-des-jeunes/fonctionnement/).\n"
    )
    space = "conseil-municipal-des-jeunes"
    return title, lead, body, "council", ("jeunesse",), space, YOUTH_PROJECT_SEASON


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
#: The unpublished ones and the few newest published ones are news of any season.
_NEWEST_UNSEASONED = sum(count for _status, count in _UNPUBLISHED) + 5


@cache
def articles() -> tuple[ArticleText, ...]:
    """The demo's 200 articles, newest first, each with a unique title, lead and slug."""
    rng = random.Random("parvis-demo-articles")
    # Times of day are drawn apart from the texts, so that changing one leaves the other.
    clocks = random.Random("parvis-demo-article-times")
    generators = [generator for generator, weight in _KINDS for _ in range(weight)]
    statuses = [status for status, count in _UNPUBLISHED for _ in range(count)]
    published = ARTICLE_COUNT - len(statuses)
    result: list[ArticleText] = []
    seen: set[str] = set()  # slugs, titles and leads: the same words twice read as a mistake
    while len(result) < ARTICLE_COUNT:
        title, lead, body, subject, tags, space, season = rng.choice(generators)(rng)
        slug = slugify(title)[:100].strip("-")
        index = len(result)
        if {slug, title, lead} & seen or (season is not None and index < _NEWEST_UNSEASONED):
            continue  # draw another (the newest news are of any season: they are current)
        if index < len(statuses):
            status = statuses[index]
            days_ago = -_SCHEDULED_DAYS_AHEAD[index] if status == "scheduled" else 0.0
        else:
            status = "published"
            rank = index - len(statuses)
            days_ago = 0.2 + rank * (HISTORY_DAYS / published) + rng.uniform(0, 1.5)
        seen |= {slug, title, lead}
        moment = Moment(days_ago, office_clock(clocks), season)
        result.append(ArticleText(slug, title, lead, body, subject, tags, space, status, moment))
    return tuple(result)
