"""What the demo town says: its neighbourhoods, project, councils and themes, in French.

This is data, not interface: a fictional French town speaks French. Nothing here names the
town; texts say "la ville", so the demo reads right whatever TOWN_NAME says.
"""

from __future__ import annotations

from dataclasses import dataclass

from parvis.demo.geometry import Seed

EMAIL_DOMAIN = "villeneuve-du-parvis.example"


@dataclass(frozen=True)
class PageText:
    slug: str
    title: str
    body: str


@dataclass(frozen=True)
class Person:
    """Someone who answers for a space on its public page (no password: not a demo login)."""

    email_local: str
    first_name: str
    last_name: str
    feminine: bool

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def email(self) -> str:
        return f"{self.email_local}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class Neighbourhood:
    slug: str
    name: str
    seed: Seed
    summary: str
    intro: str
    landmarks: tuple[str, ...]
    origins: str
    today: str
    welcome: str
    schools: str
    market: str
    transport: str
    waste: str
    green: str
    councillor: Person | None  # None: the elected-official demo account answers here
    life: str = ""  # a third page, "Vie du quartier", for some

    @property
    def description(self) -> str:
        landmarks = "\n".join(f"- {landmark}" for landmark in self.landmarks)
        return f"{self.intro}\n\n## Points de repère\n\n{landmarks}\n"

    def pages(self) -> list[PageText]:
        pages = [
            PageText(
                "histoire",
                "Histoire du quartier",
                f"## Les origines\n\n{self.origins}\n\n## Hier et aujourd'hui\n\n{self.today}\n\n"
                "*Sources : archives municipales et société d'histoire locale.*\n",
            ),
            PageText(
                "infos-pratiques",
                "Informations pratiques",
                f"## Accueil de proximité\n\n{self.welcome}\n\n## Écoles\n\n{self.schools}\n\n"
                f"## Marché\n\n{self.market}\n\n## Transports\n\n{self.transport}\n\n"
                f"## Collecte des déchets\n\n{self.waste}\n\n## Espaces verts\n\n{self.green}\n\n"
                "Suivez ce quartier pour recevoir ses nouvelles et les avis de travaux.\n",
            ),
        ]
        if self.life:
            pages.append(PageText("vie-du-quartier", "Vie du quartier", self.life))
        return pages


NEIGHBOURHOODS: tuple[Neighbourhood, ...] = (
    Neighbourhood(
        slug="centre-ville",
        name="Centre-Ville",
        seed=Seed("centre-ville", 0.0, 0.0),
        summary="Le cœur historique de la ville, autour de la place de la Mairie, des halles "
        "et de l'église Notre-Dame.",
        intro="Rues commerçantes, halles du XIXᵉ siècle et parvis de la mairie : le Centre-Ville "
        "rassemble l'essentiel des services publics et la plupart des commerces de proximité. "
        "La future ligne de tram T1 le traversera d'ouest en est.",
        landmarks=(
            "la place de la Mairie et son parvis",
            "les halles de 1884, marché couvert",
            "l'église Notre-Dame et son clocher roman",
            "les mails plantés de platanes, sur le tracé des anciens remparts",
        ),
        origins="Le bourg s'est formé au XIIᵉ siècle au croisement de la route de Bourges et "
        "du chemin de halage. Ses remparts, démolis après 1790, ont laissé place aux mails "
        "plantés de platanes qui ceinturent encore le quartier.",
        today="La place de la Mairie prend sa forme actuelle en 1868, quand la ville achète "
        "l'ancien couvent des Ursulines pour y installer l'hôtel de ville ; les halles sont "
        "inaugurées seize ans plus tard. Depuis 2015, la rue Nationale est piétonne le samedi.",
        welcome="Hôtel de ville, 1 place de la Mairie : du lundi au vendredi de 8 h 30 à "
        "17 h 30, le samedi de 9 h à 12 h.",
        schools="École maternelle des Ursulines, école élémentaire Jules-Ferry, "
        "collège George-Sand.",
        market="Mardi et samedi matin, sous les halles et sur la place de la Mairie.",
        transport="Lignes de bus 1, 2, 3 et 5, arrêt « Mairie ». Station de vélos en libre "
        "service place du Marché.",
        waste="Ordures ménagères le lundi et le jeudi ; emballages et papiers le mercredi.",
        green="Jardin du Presbytère (ouvert de 8 h à la tombée de la nuit), mails des Remparts.",
        councillor=None,
        life="## Associations\n\nL'Union des commerçants anime les vitrines et organise la "
        "braderie de septembre. L'association Mémoire du bourg propose des visites guidées "
        "le premier dimanche du mois.\n\n## Rendez-vous\n\n- Fête de la musique sur le "
        "parvis de la mairie\n- Marché de Noël sous les halles, en décembre\n",
    ),
    Neighbourhood(
        slug="gare",
        name="Gare",
        seed=Seed("gare", 0.95, 315.0),
        summary="Autour de la gare et du pôle d'échanges : anciens ateliers reconvertis, "
        "nouveaux logements et une station du futur tram.",
        intro="Le quartier de la Gare vit au rythme des trains et des bus. Les anciens "
        "entrepôts ferroviaires accueillent aujourd'hui un tiers-lieu, des ateliers et de "
        "nouveaux logements, entre le parvis de la gare et la passerelle des Cheminots.",
        landmarks=(
            "la gare de 1847 et sa marquise",
            "la halle Freycinet, ancien entrepôt devenu tiers-lieu",
            "la passerelle des Cheminots, au-dessus des voies",
        ),
        origins="L'arrivée du chemin de fer en 1847 fait naître un quartier neuf entre les "
        "voies et la vieille ville : hôtels, entrepôts de grains et maisons d'employés de la "
        "compagnie s'alignent le long de l'avenue de la Gare.",
        today="Les cités cheminotes des années 1920 ont gardé leurs jardins ouvriers. Après "
        "la fermeture des ateliers de réparation en 1994, la halle Freycinet a été rachetée "
        "par la ville et rouverte en 2019 comme lieu de travail partagé et de spectacles.",
        welcome="Maison des services publics, 12 avenue de la Gare : du mardi au samedi, "
        "de 9 h à 12 h 30.",
        schools="École maternelle et élémentaire Pierre-Sémard.",
        market="Marché de producteurs le jeudi de 16 h à 19 h, sur le parvis de la gare.",
        transport="Pôle d'échanges : toutes les lignes de bus, cars régionaux, trains TER et "
        "Intercités. Parc à vélos sécurisé de 200 places.",
        waste="Ordures ménagères le mardi et le vendredi ; emballages et papiers le lundi.",
        green="Square des Cheminots, jardins familiaux de la rue Sémard.",
        councillor=Person("marc.lefevre", "Marc", "Lefèvre", feminine=False),
    ),
    Neighbourhood(
        slug="les-tilleuls",
        name="Les Tilleuls",
        seed=Seed("les-tilleuls", 0.95, 135.0),
        summary="Maisons de ville et petits immeubles autour d'un grand mail planté et d'une "
        "école de plein air des années 1930.",
        intro="Quartier résidentiel et calme, Les Tilleuls doit son nom au double alignement "
        "de deux cents arbres qui borde son avenue principale. On y vient pour l'école de "
        "plein air, les jardins familiaux et les fêtes de voisins.",
        landmarks=(
            "le mail des Tilleuls",
            "l'école de plein air de 1934",
            "les jardins familiaux de la Cressonnière",
        ),
        origins="Jusqu'aux années 1920, le secteur est occupé par des jardins maraîchers "
        "qui approvisionnent le marché de la ville. Le lotissement des Tilleuls est tracé en "
        "1927 ; le mail est planté en 1932.",
        today="L'école de plein air, construite en 1934 pour les enfants fragiles, est "
        "devenue une école ordinaire mais a gardé ses grandes baies et ses classes ouvertes "
        "sur le jardin. Le quartier a été classé en zone de circulation apaisée en 2021.",
        welcome="Maison de quartier des Tilleuls, 3 allée des Jardiniers : mercredi et "
        "vendredi après-midi.",
        schools="École de plein air (maternelle et élémentaire).",
        market="Pas de marché dans le quartier : marché du Centre-Ville le mardi et le samedi.",
        transport="Ligne de bus 2, arrêts « Tilleuls » et « Cressonnière ».",
        waste="Ordures ménagères le lundi et le jeudi ; emballages et papiers le mercredi.",
        green="Mail des Tilleuls, jardins familiaux de la Cressonnière (liste d'attente à la "
        "maison de quartier).",
        councillor=Person("nadia.haddad", "Nadia", "Haddad", feminine=True),
        life="## Fête des voisins\n\nChaque année en juin, le mail est fermé à la circulation "
        "pour un grand repas partagé.\n\n## Jardins familiaux\n\nSoixante parcelles, une "
        "mare pédagogique et un composteur collectif. L'association des jardiniers accueille "
        "les écoles au printemps.\n",
    ),
    Neighbourhood(
        slug="saint-martin",
        name="Saint-Martin",
        seed=Seed("saint-martin", 0.95, 225.0),
        summary="Ancien faubourg aux ruelles pavées, entre la chapelle Saint-Martin, le "
        "lavoir et les berges du ruisseau de la Mare.",
        intro="Saint-Martin a gardé son air de village : ruelles pavées, cours intérieures, "
        "lavoir couvert au bord du ruisseau de la Mare. Les anciennes tanneries abritent des "
        "logements et des ateliers d'artisans d'art.",
        landmarks=(
            "la chapelle Saint-Martin (XIIIᵉ siècle)",
            "le lavoir couvert de 1852",
            "la promenade du ruisseau de la Mare",
        ),
        origins="Faubourg né hors des remparts autour d'une chapelle de pèlerinage, "
        "Saint-Martin vivait de l'eau du ruisseau : tanneries, teintureries et lavandières y "
        "travaillaient jusqu'au début du XXᵉ siècle.",
        today="Menacé de démolition dans les années 1960, le faubourg a été restauré à "
        "partir de 1992. Le lavoir accueille des expositions l'été et le ruisseau, rouvert "
        "en 2018, longe désormais une promenade.",
        welcome="Point d'accueil en mairie annexe, 8 place Saint-Martin : lundi et jeudi, "
        "de 14 h à 17 h.",
        schools="École élémentaire Saint-Martin ; collège George-Sand (Centre-Ville).",
        market="Marché bio le vendredi de 15 h à 19 h, place Saint-Martin.",
        transport="Ligne de bus 3, arrêt « Chapelle ». Le tram T1 passera en limite nord du "
        "quartier.",
        waste="Ordures ménagères le mardi et le vendredi ; emballages et papiers le jeudi.",
        green="Promenade du ruisseau de la Mare, verger conservatoire du Clos.",
        councillor=Person("bernard.giraud", "Bernard", "Giraud", feminine=False),
    ),
    Neighbourhood(
        slug="faubourg-du-moulin",
        name="Faubourg du Moulin",
        seed=Seed("faubourg-du-moulin", 0.95, 45.0),
        summary="Entre le canal et l'ancien moulin, un quartier d'artisans en pleine "
        "transformation, avec sa maison de quartier et ses ateliers d'artistes.",
        intro="Le Faubourg du Moulin mêle maisons ouvrières, petites entreprises et ateliers "
        "d'artistes installés dans l'ancienne minoterie. Le long du canal, le chemin de "
        "halage est devenu une voie verte.",
        landmarks=(
            "l'ancienne minoterie et sa roue à aubes",
            "la maison de quartier du Moulin",
            "la voie verte du canal",
        ),
        origins="Un moulin à farine est mentionné ici dès 1462. Au XIXᵉ siècle, la minoterie "
        "industrielle emploie jusqu'à cent cinquante personnes et fait construire des "
        "logements pour ses ouvriers.",
        today="La minoterie ferme en 1974. Rachetée par la ville, elle abrite depuis 2012 "
        "une vingtaine d'ateliers d'artistes et d'artisans, ouverts au public lors des "
        "journées portes ouvertes d'octobre.",
        welcome="Maison de quartier du Moulin, 21 rue de la Minoterie : du mardi au samedi, "
        "de 14 h à 18 h.",
        schools="École maternelle et élémentaire du Canal.",
        market="Marché du dimanche matin, quai du Canal.",
        transport="Lignes de bus 1 et 4, arrêts « Minoterie » et « Écluse ».",
        waste="Ordures ménagères le lundi et le jeudi ; emballages et papiers le mardi.",
        green="Voie verte du canal, square de l'Écluse.",
        councillor=Person("claire.fontaine", "Claire", "Fontaine", feminine=True),
        life="## Ateliers ouverts\n\nLe deuxième week-end d'octobre, les ateliers de la "
        "minoterie ouvrent leurs portes : démonstrations, ventes et concerts.\n\n## Maison "
        "de quartier\n\nAide aux devoirs, repair café le premier samedi du mois, cours de "
        "français pour adultes.\n",
    ),
    Neighbourhood(
        slug="les-hauts",
        name="Les Hauts",
        seed=Seed("les-hauts", 1.75, 82.0),
        summary="Sur le coteau nord, des immeubles des années 1960 rénovés, le grand parc du "
        "Belvédère et la médiathèque Louise-Michel.",
        intro="Premier quartier de la ville par le nombre d'habitants, Les Hauts domine la "
        "vallée. La rénovation urbaine a ouvert le quartier sur le parc du Belvédère, "
        "devenu l'un des lieux de promenade préférés des habitants.",
        landmarks=(
            "le parc du Belvédère et sa table d'orientation",
            "la médiathèque Louise-Michel",
            "le centre social des Hauts",
        ),
        origins="Terres à blé jusqu'aux années 1950, le coteau est urbanisé entre 1962 et "
        "1971 pour loger les familles arrivées avec les nouvelles usines de la vallée.",
        today="De 2008 à 2016, un programme de rénovation urbaine a réhabilité huit cents "
        "logements, démoli deux barres et créé le parc du Belvédère. La médiathèque "
        "Louise-Michel a ouvert en 2014.",
        welcome="Centre social des Hauts, 2 place du Belvédère : du lundi au vendredi, de "
        "9 h à 18 h.",
        schools="Écoles maternelles Colette et Prévert, école élémentaire Langevin, collège "
        "Jean-Moulin.",
        market="Mercredi et dimanche matin, place du Belvédère.",
        transport="Lignes de bus 1 et 6, arrêts « Belvédère », « Médiathèque » et « Langevin ».",
        waste="Ordures ménagères le lundi, le mercredi et le vendredi ; emballages et "
        "papiers le mardi.",
        green="Parc du Belvédère (12 hectares), city-stade, jardins partagés du Coteau.",
        councillor=Person("youssef.amrani", "Youssef", "Amrani", feminine=False),
        life="## Centre social\n\nAccueil des familles, ludothèque, sorties d'été et "
        "permanences d'écrivain public.\n\n## Fête du Belvédère\n\nLe premier samedi de "
        "juillet : concerts, jeux et pique-nique géant dans le parc.\n",
    ),
    Neighbourhood(
        slug="la-prairie",
        name="La Prairie",
        seed=Seed("la-prairie", 1.75, 226.0),
        summary="Quartier pavillonnaire et sportif du sud-ouest : complexe sportif, piscine "
        "et prairie humide protégée.",
        intro="La Prairie est le quartier du sport et de la nature : complexe sportif "
        "Marie-Marvingt, piscine couverte et, au bout des lotissements, une prairie humide "
        "où nichent les courlis.",
        landmarks=(
            "le complexe sportif Marie-Marvingt",
            "la piscine des Joncs",
            "l'espace naturel sensible de la prairie des Aulnes",
        ),
        origins="Ces terres basses étaient des communaux où les habitants menaient paître "
        "leurs bêtes. Drainées au XIXᵉ siècle, elles sont restées agricoles jusqu'aux "
        "lotissements des années 1975 à 1990.",
        today="La prairie des Aulnes, dernier pré humide de la commune, est classée espace "
        "naturel sensible depuis 2011 : un sentier sur pilotis permet de la découvrir sans "
        "la piétiner.",
        welcome="Accueil du complexe sportif, 40 avenue des Sports : tous les jours de 8 h à 21 h.",
        schools="École maternelle et élémentaire des Aulnes.",
        market="Pas de marché dans le quartier : marché des Hauts le mercredi et le dimanche.",
        transport="Ligne de bus 5, arrêts « Piscine » et « Aulnes ».",
        waste="Ordures ménagères le mardi ; emballages et papiers le vendredi, une semaine "
        "sur deux.",
        green="Prairie des Aulnes (sentier ouvert toute l'année), parcours de santé.",
        councillor=Person("isabelle.moreau", "Isabelle", "Moreau", feminine=True),
    ),
    Neighbourhood(
        slug="bellevue",
        name="Bellevue",
        seed=Seed("bellevue", 1.75, 298.0),
        summary="Un quartier récent sur les pentes sud-est, autour de l'écoquartier des "
        "Vergers et de son groupe scolaire.",
        intro="Bellevue est le plus jeune quartier de la ville : maisons de ville, petits "
        "collectifs en bois et noues plantées qui recueillent l'eau de pluie. Les vergers "
        "d'origine ont été en partie conservés au cœur des îlots.",
        landmarks=(
            "l'écoquartier des Vergers",
            "le groupe scolaire Simone-Veil",
            "le belvédère de la côte de Bellevue",
        ),
        origins="Le coteau était couvert de vergers de pommiers et de poiriers jusqu'aux "
        "années 1990 ; une coopérative fruitière y pressait le cidre chaque automne.",
        today="La zone d'aménagement de Bellevue est créée en 2005. L'écoquartier des "
        "Vergers, labellisé en 2017, compte aujourd'hui six cents logements, une chaufferie "
        "au bois et un groupe scolaire à énergie positive.",
        welcome="Point d'accueil au groupe scolaire Simone-Veil, 5 rue des Vergers : mardi "
        "de 16 h à 19 h.",
        schools="Groupe scolaire Simone-Veil (maternelle et élémentaire).",
        market="Marché du samedi matin, place des Vergers.",
        transport="Ligne de bus 4, arrêts « Vergers » et « Bellevue ». Le tram T1 passera en "
        "limite nord.",
        waste="Ordures ménagères le mercredi ; emballages et papiers le lundi ; composteurs "
        "collectifs en pied d'immeuble.",
        green="Vergers partagés, noues plantées, belvédère de la côte.",
        councillor=Person("thomas.nguyen", "Thomas", "Nguyen", feminine=False),
    ),
    Neighbourhood(
        slug="les-rives",
        name="Les Rives",
        seed=Seed("les-rives", 1.75, 10.0),
        summary="Le long de la rivière : zone d'activités, port de plaisance et promenade des "
        "berges, terminus est du futur tram.",
        intro="Entre la rivière et la voie ferrée, Les Rives réunit la principale zone "
        "d'activités de la ville, le port de plaisance et une longue promenade sur les "
        "berges. Le terminus est du tram T1 y est prévu.",
        landmarks=(
            "le port de plaisance et sa capitainerie",
            "la promenade des Berges",
            "la zone d'activités des Rives",
        ),
        origins="Au XVIIIᵉ siècle, le port fluvial expédiait vers la Loire le bois, le vin "
        "et la laine de la région. Les quais ont ensuite accueilli des usines de tissage.",
        today="Les dernières usines ont fermé en 1988. La friche a été dépolluée et "
        "transformée à partir de 2012 en zone d'activités ; la promenade des Berges a été "
        "inaugurée en 2019.",
        welcome="Capitainerie du port, quai des Mariniers : du mardi au dimanche, de 10 h à "
        "18 h (d'avril à octobre).",
        schools="École élémentaire des Mariniers.",
        market="Marché nocturne le vendredi soir en juillet et en août, sur le quai.",
        transport="Ligne de bus 6, arrêts « Port » et « Zone des Rives ».",
        waste="Ordures ménagères le mardi et le vendredi ; emballages et papiers le jeudi. "
        "Déchèterie des Rives ouverte du lundi au samedi.",
        green="Promenade des Berges, île aux Saules (accès en barque l'été).",
        councillor=Person("agnes.perrin", "Agnès", "Perrin", feminine=True),
    ),
    Neighbourhood(
        slug="la-garenne",
        name="La Garenne",
        seed=Seed("la-garenne", 1.75, 154.0),
        summary="À l'ouest, entre bois et terres agricoles : un hameau devenu quartier, avec "
        "sa ferme pédagogique et ses chemins de randonnée.",
        intro="La Garenne a gardé ses fermes, son église de hameau et ses chemins creux. "
        "Les familles viennent de toute la ville pour la ferme pédagogique et le bois de la "
        "Garenne ; le terminus ouest du tram T1 y est prévu.",
        landmarks=(
            "le bois de la Garenne",
            "la ferme pédagogique des Quatre-Vents",
            "l'église Saint-Hubert",
        ),
        origins="Ancien terrain de chasse du château, la garenne a donné son nom au hameau "
        "qui s'est formé autour de trois fermes au XVIIᵉ siècle.",
        today="Commune indépendante jusqu'en 1973, La Garenne a fusionné avec la ville en "
        "gardant sa mairie annexe. La ferme des Quatre-Vents accueille les écoles depuis "
        "2003.",
        welcome="Mairie annexe de La Garenne, 1 rue de l'Église : lundi, mercredi et "
        "vendredi, de 9 h à 12 h.",
        schools="École du hameau (classe unique maternelle et élémentaire).",
        market="Vente à la ferme des Quatre-Vents le samedi matin.",
        transport="Ligne de bus 3 (prolongée), arrêts « Garenne » et « Quatre-Vents ». "
        "Transport à la demande le dimanche.",
        waste="Ordures ménagères le mercredi ; emballages et papiers le mercredi, une "
        "semaine sur deux.",
        green="Bois de la Garenne, trois boucles de randonnée balisées.",
        councillor=Person("francois.charpentier", "François", "Charpentier", feminine=False),
    ),
)


def councillor_title(neighbourhood: Neighbourhood, *, feminine: bool) -> str:
    who = "Conseillère municipale déléguée" if feminine else "Conseiller municipal délégué"
    return f"{who} au quartier {neighbourhood.name}"


@dataclass(frozen=True)
class OtherSpace:
    slug: str
    kind: str
    name: str
    summary: str
    description: str
    pages: tuple[PageText, ...]
    moderation_policy: str = "after"
    #: (path in km from the centre, corridor width in km) for a project that has a route.
    route: tuple[tuple[tuple[float, float], ...], float] | None = None


TRAM_ROUTE_KM = ((-2.5, 0.35), (-1.1, 0.2), (-0.3, 0.05), (0.35, -0.2), (0.8, -0.55), (2.5, -0.75))

TRAM = OtherSpace(
    slug="tram-t1",
    kind="project",
    name="Ligne de tram T1",
    summary="Une ligne de 5,2 km et 12 stations reliera La Garenne aux Rives en passant par "
    "le Centre-Ville et la gare. Mise en service prévue en 2029.",
    description=(
        "La ligne T1 reliera en un quart d'heure La Garenne, à l'ouest, au port des Rives, à "
        "l'est, en desservant Saint-Martin, le Centre-Ville et le pôle d'échanges de la gare.\n"
        "\n"
        "## Le projet en chiffres\n\n"
        "- 5,2 km de voie, dont 3 km engazonnés\n"
        "- 12 stations, toutes accessibles de plain-pied\n"
        "- une rame toutes les 6 minutes aux heures de pointe\n"
        "- 2,4 km de pistes cyclables créées le long de la ligne\n\n"
        "Suivez ce projet pour être prévenu des étapes et des impacts des travaux près de chez "
        "vous."
    ),
    route=(TRAM_ROUTE_KM, 0.2),
    pages=(
        PageText(
            "calendrier",
            "Calendrier et étapes",
            "| Étape | Période | État |\n|---|---|---|\n"
            "| Concertation préalable | printemps 2025 | terminée |\n"
            "| Enquête publique et déclaration d'utilité publique | 2026 | terminée |\n"
            "| Déviation des réseaux (eau, gaz, électricité) | automne 2026 – été 2027 | en "
            "cours |\n"
            "| Pose de la voie et aménagement des stations | 2027 – 2028 | à venir |\n"
            "| Essais des rames et formation des conducteurs | début 2029 | à venir |\n"
            "| Mise en service | été 2029 | à venir |\n\n"
            "Le bilan de la concertation préalable et le rapport de la commission d'enquête "
            "sont consultables à l'accueil de la mairie.\n",
        ),
        PageText(
            "impacts-des-travaux",
            "Impacts des travaux",
            "## Secteur Gare\n\nAvenue de la Gare : circulation sur une voie dans chaque sens, "
            "stationnement supprimé côté pair. Les commerces restent accessibles à pied.\n\n"
            "## Secteur Centre-Ville\n\nRue Nationale : fermée à la circulation entre la place "
            "de la Mairie et la rue des Halles, sauf riverains et livraisons de 6 h à 11 h. "
            "Le marché du samedi est déplacé sur le mail des Remparts.\n\n"
            "## Secteur Saint-Martin\n\nBoulevard de l'Ouest : travaux de nuit ponctuels "
            "(22 h – 5 h), annoncés une semaine à l'avance.\n\n"
            "## Bus\n\nLes lignes 2 et 5 sont déviées par le boulevard des Remparts ; les "
            "arrêts provisoires sont signalés par des panneaux jaunes.\n\n"
            "Une médiatrice des travaux répond aux riverains et aux commerçants du lundi au "
            "vendredi, de 9 h à 17 h, à la maison du projet (12 avenue de la Gare).\n",
        ),
        PageText(
            "questions-frequentes",
            "Questions fréquentes",
            "### Les commerces seront-ils indemnisés ?\n\nOui : une commission d'indemnisation "
            "amiable examine les demandes des commerçants dont le chiffre d'affaires baisse "
            "pendant les travaux.\n\n### Pourquoi des travaux de nuit ?\n\nCertains "
            "raccordements ne peuvent se faire qu'en coupant la circulation ; les faire la "
            "nuit évite de fermer la rue pendant plusieurs jours.\n\n### Les vélos "
            "pourront-ils monter dans le tram ?\n\nOui, en dehors des heures de pointe, dans "
            "les espaces signalés aux extrémités des rames.\n",
        ),
    ),
)

YOUTH_COUNCIL = OtherSpace(
    slug="conseil-municipal-des-jeunes",
    kind="council",
    name="Conseil municipal des jeunes",
    summary="33 jeunes élus de 11 à 17 ans proposent et mènent des actions pour la ville. "
    "Élections chaque automne dans les collèges.",
    description=(
        "Le conseil municipal des jeunes donne la parole aux collégiens et aux lycéens. Ses "
        "membres, élus pour deux ans, se réunissent en commissions (environnement, sport et "
        "loisirs, solidarité) et présentent leurs projets au conseil municipal.\n\n"
        "Les contributions publiées ici sont relues avant publication : les élus du conseil "
        "sont mineurs."
    ),
    moderation_policy="before",
    pages=(
        PageText(
            "fonctionnement",
            "Comment fonctionne le conseil",
            "## Les commissions\n\n- Environnement et cadre de vie\n- Sport et loisirs\n"
            "- Solidarité et citoyenneté\n\nChaque commission se réunit deux mercredis par "
            "mois, de 14 h à 16 h, à l'hôtel de ville.\n\n## Le budget\n\nLe conseil dispose "
            "d'un budget annuel de 15 000 euros pour ses projets. Les habitants sont invités "
            "à voter pour départager les propositions.\n",
        ),
        PageText(
            "elections",
            "Élections",
            "Les élections ont lieu chaque année en novembre, dans les trois collèges et au "
            "lycée de la ville. Pour être candidat, il faut habiter la ville, avoir entre 11 et "
            "17 ans et présenter un projet en quelques lignes.\n\nLes candidates et les "
            "candidats présentent leur programme sur ce site ; tous les élèves des "
            "établissements votent.\n",
        ),
    ),
)

THEMES: tuple[OtherSpace, ...] = (
    OtherSpace(
        slug="transition-ecologique",
        kind="theme",
        name="Transition écologique",
        summary="Climat, biodiversité, énergie : les actions de la ville et celles que les "
        "habitants proposent.",
        description=(
            "La ville s'est fixé trois objectifs pour 2030 : réduire de moitié les émissions "
            "de gaz à effet de serre de ses bâtiments, planter 10 000 arbres et ne plus "
            "envoyer en décharge aucun déchet recyclable.\n\n"
            "Cet espace rassemble les projets en cours, les observations des habitants et les "
            "rendez-vous pour agir ensemble."
        ),
        pages=(
            PageText(
                "plan-climat",
                "Le plan climat de la ville",
                "## Bâtiments\n\nRénovation thermique des écoles, d'une par an, et "
                "raccordement des équipements au réseau de chaleur au bois.\n\n## Nature "
                "en ville\n\nDésimperméabilisation des cours d'école, plantation de haies et "
                "de vergers partagés dans chaque quartier.\n\n## Mobilités\n\nLe tram T1, "
                "les pistes cyclables et le plan piétons.\n",
            ),
        ),
    ),
    OtherSpace(
        slug="vie-associative",
        kind="theme",
        name="Vie associative",
        summary="Plus de 180 associations font vivre la ville : forum, salles, subventions "
        "et bénévolat.",
        description=(
            "Sport, culture, solidarité, loisirs : les associations de la ville accueillent "
            "des milliers d'adhérents. La maison des associations les aide dans leurs "
            "démarches et leur prête salles et matériel."
        ),
        pages=(
            PageText(
                "forum-des-associations",
                "Forum des associations",
                "Le forum a lieu le premier samedi de septembre, de 10 h à 18 h, au complexe "
                "sportif Marie-Marvingt. Démonstrations, inscriptions et buvette tenue par "
                "les bénévoles.\n",
            ),
            PageText(
                "demander-une-subvention",
                "Demander une subvention",
                "Les demandes de subvention de fonctionnement se déposent avant le 31 "
                "janvier, avec le bilan de l'année écoulée et le budget prévisionnel. Les "
                "projets ponctuels peuvent être aidés toute l'année.\n",
            ),
        ),
    ),
)

#: The elected-official demo account (Hélène Rousseau) answers for the Centre-Ville and
#: speaks for the tram; the family-services officer (Inès Barbier) runs the youth council.
ELECTED_OFFICIAL_IS_FEMININE = True
TRAM_OFFICIAL_TITLE = "Adjointe au maire chargée des mobilités"
YOUTH_COUNCIL_FACILITATOR_TITLE = "Animatrice du conseil, service Enfance-Jeunesse"

#: The tram's project lead, shown on its page (no password: not a demo login).
TRAM_LEAD = Person("julien.mercier", "Julien", "Mercier", feminine=False)
TRAM_LEAD_TITLE = "Chef de projet tramway, direction des mobilités"
