"""The demo town's directory: 1,500 public places (town services, schools, state services,
health, associations) spread over its neighbourhoods, with hours in the OpenStreetMap
syntax, contacts and wheelchair access. Deterministic (a seeded generator), written in bulk,
built once: a later run finds the entries and changes nothing.

Each entry has a distinct name a French town could have, made of a kind and a name in
French ("École élémentaire Jules-Ferry", "Pharmacie du Marché", "Comité des fêtes des
Tilleuls"), and a slug made from it. The words of the search's relevance set
(`parvis/search/tests/test_relevance.py`: "travaux", "cantine", "piscine"…) are kept out of
the kinds, so that the directory does not crowd the pages and news a resident looks for."""

from __future__ import annotations

import random
from typing import Any

from django.utils.text import slugify
from shapely.geometry import Point, shape
from shapely.prepared import prep

from parvis.directory.models import CategoryKind, DirectoryCategory, Entry, Wheelchair
from parvis.search.indexing import index_objects

ENTRIES = 1_500
# slug, name, kind, share of the entries, how its entries are named.
CATEGORIES: list[tuple[str, str, CategoryKind, float, str]] = [
    ("services-municipaux", "Services municipaux", CategoryKind.TOWN, 0.2, "town"),
    ("ecoles", "Écoles", CategoryKind.SCHOOL, 0.12, "school"),
    ("services-de-l-etat", "Services de l’État", CategoryKind.STATE, 0.08, "state"),
    ("sante", "Santé", CategoryKind.HEALTH, 0.25, "health"),
    ("associations", "Associations", CategoryKind.ASSOCIATION, 0.35, "association"),
]
HOURS = [
    "Mo-Fr 08:30-12:00,13:30-17:00",
    "Mo-Fr 08:30-12:00,13:30-17:00; Sa 09:00-12:00",
    "Mo,Tu,Th,Fr 08:30-16:30; We 08:30-11:30",
    "Tu-Sa 10:00-18:00",
    "Mo-Fr 09:00-12:30,14:00-18:30",
    "Mo-Su 00:00-24:00",
    "We 14:00-18:00; Sa 10:00-12:00",
    "",
]
STREETS = ["Rue de la Halle", "Avenue de la Gare", "Rue du Moulin", "Place de l’Église",
           "Rue des Écoles", "Chemin des Vignes", "Boulevard de la Rivière"]  # fmt: skip
# People streets and schools are named after (hyphenated, as on the town's plaques).
PEOPLE = [
    "Jules-Ferry", "Jean-Jaurès", "Victor-Hugo", "Louise-Michel", "Marie-Curie", "Jean-Moulin",
    "Jacques-Prévert", "Paul-Éluard", "Louis-Pasteur", "Simone-Veil", "George-Sand",
    "Jean-de-La-Fontaine", "Antoine-de-Saint-Exupéry", "Albert-Camus", "Jules-Verne",
    "Condorcet", "Voltaire", "Émile-Zola", "Anatole-France", "Charles-Péguy", "Jean-Macé",
    "Paul-Bert", "Ferdinand-Buisson", "Marcel-Pagnol", "Alphonse-Daudet", "Olympe-de-Gouges",
    "Lucie-Aubrac", "Germaine-Tillion", "Joséphine-Baker", "Aimé-Césaire", "Gisèle-Halimi",
    "Camille-Claudel", "Berthe-Morisot", "Claude-Monet", "Frédéric-Chopin", "Maurice-Ravel",
    "Arthur-Rimbaud", "Paul-Verlaine", "Guillaume-Apollinaire", "Jean-Giono", "René-Char",
    "Robert-Desnos", "Louis-Aragon", "Elsa-Triolet", "Boris-Vian", "Françoise-Dolto",
    "Célestin-Freinet", "Marguerite-Yourcenar", "Irène-Joliot-Curie", "Jean-Rostand",
    "Théodore-Monod", "Paul-Langevin", "Jean-Zay", "Léon-Blum", "Jean-Monnet", "Louis-Braille",
    "Colette", "Pierre-de-Ronsard", "Joachim-du-Bellay", "Rabelais",
]  # fmt: skip
# Places, with their article: trees, flowers, birds, the town's landmarks.
PLACES = [
    "des Tilleuls", "des Peupliers", "des Acacias", "des Marronniers", "des Chênes",
    "des Platanes", "des Érables", "des Charmes", "des Bouleaux", "des Saules", "des Cerisiers",
    "des Lilas", "des Glycines", "des Coquelicots", "des Bleuets", "des Violettes",
    "des Mésanges", "des Hirondelles", "des Alouettes", "du Moulin", "du Centre",
    "de la Rivière", "du Parc", "de la Gare", "des Vignes", "du Château", "de la Fontaine",
    "du Lavoir", "des Prés", "du Bourg", "du Val", "des Coteaux", "de la Source", "du Pont",
    "des Vergers", "du Bois", "des Sablons", "des Bruyères", "de la Croix-Blanche",
    "du Petit-Bois", "du Clos", "de l’Étang", "des Ormeaux", "de la Halle", "du Marché",
    "de l’Église", "des Remparts", "de la Tour", "du Pressoir", "des Noyers", "de la Butte",
    "des Grands-Champs", "de la Charmille", "des Rochettes",
]  # fmt: skip
#: Places named once in a town, first in their category's list.
SINGLE = {
    "town": ["Hôtel de ville", "Médiathèque Louise-Michel", "Conservatoire Maurice-Ravel",
             "Police municipale", "Centre technique municipal", "Office de tourisme"],
    "state": ["Sous-préfecture", "Tribunal de proximité"],
}  # fmt: skip
#: Kinds of places, named after a person ("Gymnase Jean-Jaurès") or a place ("Square des
#: Lilas"), by how their category's entries are named.
AFTER_PEOPLE = {
    "town": ["Gymnase", "Complexe sportif", "Centre de loisirs", "Espace culturel", "Crèche",
             "Bibliothèque", "Salle"],
    "school": ["École maternelle", "École élémentaire", "École primaire", "Groupe scolaire",
               "Collège", "Lycée"],
}  # fmt: skip
AFTER_PLACES = {
    "town": ["Mairie annexe", "Maison de quartier", "Square", "Jardin public", "Cimetière",
             "Relais petite enfance", "Multi-accueil", "Stade", "Salle polyvalente",
             "Centre social", "Aire de jeux", "Boulodrome"],
    "school": ["École maternelle", "École élémentaire", "Groupe scolaire"],
    "state": ["Bureau de poste", "Agence postale", "Maison France services",
              "Antenne France Travail", "Permanence de la caisse d’allocations familiales",
              "Permanence de l’assurance maladie", "Brigade de gendarmerie",
              "Centre des finances publiques", "Point justice",
              "Permanence du conciliateur de justice"],
    "health": ["Pharmacie", "Cabinet infirmier", "Cabinet médical", "Maison de santé",
               "Cabinet dentaire", "Cabinet de kinésithérapie",
               "Laboratoire d’analyses médicales", "Cabinet d’orthophonie",
               "Cabinet de sage-femme", "Cabinet de podologie", "Centre de santé",
               "Centre de radiologie", "Cabinet d’ostéopathie", "Centre médico-psychologique"],
    "association": ["Amicale des joueurs de pétanque", "Comité des fêtes",
                    "Club de tennis de table", "Chorale", "Club de l’amitié",
                    "Compagnie de théâtre", "Club de randonnée", "Cercle d’échecs",
                    "Club de judo", "Union cycliste", "Société de pêche", "Atelier de couture",
                    "Club photo", "Jardins partagés", "Comité de quartier", "Club de basket",
                    "Club de badminton", "Amicale des donneurs de sang",
                    "Association des parents d’élèves", "Les Amis", "Club de football",
                    "Gymnastique volontaire", "Atelier de peinture", "Club de danse"],
}  # fmt: skip


def names_of(style: str, rng: random.Random) -> list[str]:
    """Every name of a category named in `style`: its single places first, then each kind
    with each person or place, shuffled."""
    combined = [f"{kind} {person}" for kind in AFTER_PEOPLE.get(style, []) for person in PEOPLE]
    combined += [f"{kind} {place}" for kind in AFTER_PLACES.get(style, []) for place in PLACES]
    rng.shuffle(combined)
    return SINGLE.get(style, []) + combined


def directory_ensure(*, neighbourhoods: list[dict], report: Any) -> None:
    """The categories and entries, unless the demo's entries are there already."""
    rng = random.Random("annuaire")
    picks = rng.choices(range(len(CATEGORIES)), [c[3] for c in CATEGORIES], k=ENTRIES)
    pools = [names_of(style, rng) for *_rest, style in CATEGORIES]
    names: list[tuple[int, str, str]] = []
    slugs: set[str] = set()
    for index in picks:
        name = pools[index].pop(0)
        # Two names making one slug ("Ecole…", "École…") would be one too many: skipped.
        while (slug := slugify(name)[:100]) in slugs:
            name = pools[index].pop(0)
        slugs.add(slug)
        names.append((index, name, slug))
    if Entry.objects.filter(slug__in=slugs).exists():
        return
    categories = []
    for slug, label, kind, _share, _style in CATEGORIES:
        category, new = DirectoryCategory.objects.get_or_create(
            slug=slug, defaults={"name": label, "kind": kind}
        )
        categories.append(category)
        report.created["directory category"] += new
    areas = [prep(shape(area)) for area in neighbourhoods]
    bounds = shape({"type": "GeometryCollection", "geometries": neighbourhoods}).bounds

    def position() -> tuple[float, float]:
        while True:
            lon, lat = rng.uniform(bounds[0], bounds[2]), rng.uniform(bounds[1], bounds[3])
            if any(area.contains(Point(lon, lat)) for area in areas):
                return round(lat, 6), round(lon, 6)

    rows = []
    for index, name, slug in names:
        lat, lon = position()
        rows.append(
            Entry(
                name=name,
                slug=slug,
                category=categories[index],
                lat=lat,
                lon=lon,
                address_text=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                opening_hours=rng.choice(HOURS),
                phone=f"02 54 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                # An address's local part holds at most 64 characters.
                email=f"{slug[:50]}@villeneuve-du-parvis.example" if rng.random() < 0.5 else "",
                website=f"https://villeneuve-du-parvis.example/annuaire/{slug}"
                if rng.random() < 0.3
                else "",
                wheelchair=rng.choice([w.value for w in Wheelchair]),
            )
        )
    created = Entry.objects.bulk_create(rows, batch_size=500)
    report.created["directory entry"] += len(created)
    # Written in bulk: the search index hears of them here.
    index_objects(Entry.objects.filter(slug__in=slugs).select_related("category"))
