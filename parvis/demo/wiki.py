"""The demo town's wiki: 100 articles about Villeneuve-du-Parvis (its streets, places, past,
clubs, people, feasts and nature), each with a history of two to five versions by several
residents, in categories, linking to one another (and to a few pages not written yet); a
page renamed, whose former address redirects; a vandalised page rolled back by the
moderator; and debates on a dozen talk pages (the shared comments, through their service).

Deterministic (a seeded generator), written in bulk (the revisions in one statement per
round of versions), built once: a later run finds the first article and changes nothing.
The words of the search's relevance set (`parvis/search/tests/test_relevance.py`: the
neighbourhoods' names, "travaux", "cantine", "association"…) are kept out of the texts, so
that the wiki does not crowd the pages a resident looks for."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from parvis.accounts.models import User
from parvis.comments.models import Comment
from parvis.comments.services import comment_create
from parvis.search.indexing import index_objects
from parvis.wiki.links import title_slug
from parvis.wiki.models import (
    Article,
    Redirect,
    Revision,
    RevisionKind,
    RevisionStatus,
    WikiCategory,
)

SEED = 1247

STREETS = [
    "Rue de la Halle", "Rue du Moulin", "Place de l’Église", "Chemin des Vignes",
    "Boulevard de la Rivière", "Rue du Vieux-Four", "Rue des Tanneurs", "Rue du Puits",
    "Impasse des Lavandières", "Rue Haute", "Rue Basse", "Place du Marché",
    "Rue des Remparts", "Allée des Marronniers", "Chemin de la Croix-Blanche",
    "Rue des Charrons", "Rue du Pressoir", "Quai des Mariniers", "Rue de la Poste",
    "Rue Pasteur", "Rue Jean-Jaurès", "Rue Victor-Hugo", "Place de la Liberté",
    "Rue des Vergers", "Chemin du Bois-Joli", "Rue de la Fontaine", "Rue des Forges",
    "Ruelle du Chat-qui-Dort", "Rue du Colombier", "Route de Montval",
]  # fmt: skip
PLACES = [
    "Le Lavoir de la Fontaine", "L’Église Saint-Étienne", "Le Moulin de la Rivière",
    "La Halle aux grains", "Le Château d’eau", "Le Kiosque à musique", "Le Pont de pierre",
    "Le Monument aux morts", "La Croix-Blanche", "Le Colombier du Prieuré",
    "L’Ancienne Tannerie", "Le Parc du Château", "Le Château de Villeneuve",
    "La Chapelle des Vignes", "Le Cimetière ancien", "Le Four banal", "L’Étang des Carpes",
    "Le Bois-Joli", "La Source Sainte-Claire", "Le Jardin partagé des Vergers",
    "La Salle des fêtes", "Le Marché couvert", "La Tour de l’Horloge", "L’Hôtel de ville",
    "Le Port fluvial",
]  # fmt: skip
PAST = [
    "Les origines de Villeneuve-du-Parvis", "La charte de franchise de 1247",
    "La Révolution à Villeneuve-du-Parvis", "L’arrivée du chemin de fer en 1862",
    "La crue de 1910", "La Grande Guerre à Villeneuve-du-Parvis",
    "L’incendie de la halle en 1893", "Les tanneries au XIXᵉ siècle",
    "Le marché aux bestiaux", "La foire de la Saint-Jean", "Les vignes avant le phylloxéra",
    "L’électrification de la commune", "Le jumelage avec Sankt Florian",
    "Le blason de la commune", "Les maires de Villeneuve-du-Parvis",
]  # fmt: skip
CLUBS = [
    "L’Harmonie municipale", "Le Comité des fêtes", "L’Amicale des pêcheurs",
    "L’Union sportive de Villeneuve", "La Compagnie d’arc du Val", "Le Club des aînés",
    "La Chorale Sainte-Cécile", "L’Amicale des sapeurs-pompiers", "Le Cercle d’échecs",
    "Les Tréteaux du Val", "Les Marcheurs du Parvis", "Les Amis du patrimoine",
    "Le Club photo du Parvis", "La Banda des Vignes", "Le Ciné-club du Kiosque",
]  # fmt: skip
PEOPLE = [
    "Jeanne Vallier", "Auguste Morel", "Émile Caron", "Marguerite Lenoir", "Louis Berthier",
    "Henriette Dumas", "Paul Achard", "Antoine Ferrand", "Claire Joubert", "L’abbé Delorme",
]  # fmt: skip
FEASTS = [
    "La fête de la Saint-Jean", "Le carnaval des Vignes", "La Claire (rivière)",
    "Les marronniers de l’allée", "Les oiseaux de l’Étang des Carpes",
]  # fmt: skip
#: Titles linked from the texts but not written yet: shown as "create this page" links.
NOT_WRITTEN = ["Rue des Moines", "Le Prieuré", "La Tuilerie", "Le Gué de la Claire"]

CENTURIES = ["XIIᵉ", "XIIIᵉ", "XVᵉ", "XVIIᵉ", "XVIIIᵉ", "XIXᵉ"]
TRADES = ["tanneurs", "meuniers", "vignerons", "charrons", "tisserands", "mariniers"]
SUMMARIES = [
    "Ébauche", "Ajout d’une section", "Sources ajoutées", "Orthographe", "Précisions",
    "Liens vers d’autres pages", "Mise en forme", "Dates corrigées", "Souvenirs d’un habitant",
]  # fmt: skip

#: Debates on talk pages: (article, [(comment, reply), …]).
DEBATES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Le Moulin de la Rivière", [
        ("Faut-il parler du projet de remettre la roue en état ? La page n’en dit rien.",
         "Oui, mais seulement quand le conseil aura voté : on l’ajoutera avec la délibération."),
    ]),
    ("La charte de franchise de 1247", [
        ("La date de 1247 vient-elle d’une source sûre ? J’ai lu 1274 ailleurs.",
         "Les archives départementales donnent bien 1247 ; 1274 est la confirmation royale."),
    ]),
    ("Rue du Vieux-Four", [
        ("Pourquoi avoir renommé la page ? Tout le monde dit « rue du Four ».",
         "La plaque posée en 2019 porte « rue du Vieux-Four » : l’ancienne adresse mène ici."),
    ]),
    ("Le Château de Villeneuve", [
        ("Le parc se visite-t-il encore le dimanche ?",
         "D’avril à octobre, oui ; j’ajoute les horaires dans la page."),
    ]),
    ("L’Harmonie municipale", [
        ("Il manque la liste des chefs de musique depuis 1950.",
         "J’ai les programmes des concerts chez moi, je la complète ce week-end."),
    ]),
    ("La crue de 1910", [
        ("Une photo de la place du Marché sous l’eau serait bienvenue.",
         "Les Amis du patrimoine en ont une, je leur demande l’autorisation."),
    ]),
    ("Le Pont de pierre", [
        ("Le pont a-t-il vraiment été détruit en 1940 ? Mon grand-père disait 1944.",
         "Une arche en 1940, la seconde en 1944 : j’ai corrigé le texte."),
    ]),
    ("Les origines de Villeneuve-du-Parvis", [
        ("Le nom « Parvis » vient-il de l’église ou du marché ?",
         "Des deux : le marché se tenait sur le parvis de l’église jusqu’en 1820."),
    ]),
    ("Le Four banal", [
        ("On pourrait le rallumer pour la fête de la Saint-Jean, non ?",
         "Le comité des fêtes y pense : il faut d’abord l’avis des pompiers."),
    ]),
    ("Jeanne Vallier", [
        ("Quelle rue porte son nom ? La page ne le dit pas.",
         "Aucune pour le moment ; c’est une proposition à faire au conseil."),
    ]),
    ("L’Étang des Carpes", [
        ("La pêche y est-elle ouverte toute l’année ?",
         "Non, de mars à novembre, avec la carte de l’amicale des pêcheurs."),
    ]),
    ("Le Comité des fêtes", [
        ("Le vide-grenier a lieu en mai ou en juin ?",
         "Le premier dimanche de juin, depuis 2015."),
    ]),
]  # fmt: skip


def _titles() -> list[tuple[str, str]]:
    """(title, kind) of the 100 articles."""
    kinds = [
        (STREETS, "street"), (PLACES, "place"), (PAST, "past"), (CLUBS, "club"),
        (PEOPLE, "person"), (FEASTS, "feast"),
    ]  # fmt: skip
    return [(title, kind) for titles, kind in kinds for title in titles]


CATEGORY_OF = {
    "street": ["Rues et places"],
    "place": ["Lieux", "Patrimoine"],
    "past": ["Passé de la commune"],
    "club": ["Clubs et amicales"],
    "person": ["Personnalités"],
    "feast": ["Fêtes et nature"],
}


def _paragraphs(title: str, kind: str, rng: random.Random, others: list[str]) -> list[str]:
    """The full text of an article, paragraph by paragraph (the versions grow towards it)."""
    a, b, c = rng.sample(others, 3)
    century, trade = rng.choice(CENTURIES), rng.choice(TRADES)
    length, year = rng.randrange(120, 900, 10), rng.randrange(1780, 1990)
    lead = {
        "street": f"La **{title}** est une voie de Villeneuve-du-Parvis, longue d’environ "
        f"{length} mètres, qui mène de [[{a}]] à [[{b}]].",
        "place": f"**{title}** est l’un des lieux familiers de Villeneuve-du-Parvis, "
        f"non loin de [[{a}]].",
        "past": f"Cette page raconte **{title.lower()}**, un moment du passé de "
        "Villeneuve-du-Parvis.",
        "club": f"**{title}** réunit des habitants de Villeneuve-du-Parvis depuis {year}.",
        "person": f"**{title}** est une figure de Villeneuve-du-Parvis, dont le souvenir "
        f"reste attaché à [[{a}]].",
        "feast": f"**{title}** fait partie de la vie de Villeneuve-du-Parvis.",
    }[kind]
    past = (
        f"## Autrefois\n\nAu {century} siècle, les {trade} s’y installent ; les actes "
        f"notariés de l’époque mentionnent déjà [[{c}]]. Un plan de {year} montre "
        "l’endroit à peu près tel qu’on le connaît."
    )
    today = "## Aujourd’hui\n\n" + rng.choice(
        [
            "Les habitants s’y retrouvent les soirs d’été ; un panneau rappelle son passé.",
            "Le lieu a été restauré avec l’aide des [[Les Amis du patrimoine|Amis du "
            "patrimoine]] et se visite lors des Journées du patrimoine.",
            "Il accueille chaque année une partie de [[La fête de la Saint-Jean]].",
            f"On peut en savoir plus en lisant la page [[{rng.choice(NOT_WRITTEN)}]], "
            "qui reste à écrire.",
        ]
    )
    memories = (
        "## Souvenirs\n\n- « On y venait à pied le dimanche. »\n"
        f"- « Mon grand-père y travaillait en {year + 40}. »"
    )
    categories = "\n".join(f"[[Catégorie:{name}]]" for name in CATEGORY_OF[kind])
    return [lead, past, today, memories, categories]


def _versions(paragraphs: list[str], count: int) -> list[str]:
    """`count` versions growing to the full text: a stub, then a paragraph more each time,
    the last one complete (with its categories)."""
    body, *more, categories = paragraphs
    versions = []
    for number in range(count):
        last = number == count - 1
        shown = more if last else more[: max(0, number * len(more) // (count - 1))]
        text = "\n\n".join([body, *shown])
        versions.append(text + ("\n\n" + categories if number == count - 1 else ""))
    # A typo put right between the first two versions, for a diff with word highlights.
    if count > 1:
        versions[0] = versions[0].replace("Villeneuve-du-Parvis", "Villeneuve du Parvis", 1)
    return versions


def wiki_ensure(*, authors: list[User], moderator: User, now: datetime) -> Counter[str]:
    """The wiki, once; what it created, by kind ("wiki article": 100, …)."""
    created: Counter[str] = Counter()
    titles = _titles()
    if Article.objects.filter(slug=title_slug(titles[0][0])).exists():
        return created
    rng = random.Random(SEED)
    names = [title for title, _kind in titles]
    start = now - timedelta(days=730)
    specs = []
    for title, kind in titles:
        others = [name for name in names if name != title]
        versions = _versions(_paragraphs(title, kind, rng, others), rng.randint(2, 5))
        when = start + timedelta(days=rng.randrange(0, 400), hours=rng.randrange(8, 20))
        specs.append((title, kind, versions, when))
    articles = Article.objects.bulk_create(
        Article(title=title, slug=title_slug(title), created_at=when, modified_at=when)
        for title, _kind, _versions_, when in specs
    )
    created["wiki article"] += len(articles)

    # One round of bulk writes per version number, so that each revision knows its parent.
    latest: dict[int, Revision] = {}
    rounds = max(len(versions) for _t, _k, versions, _w in specs)
    for number in range(rounds):
        batch = []
        for article, (_title, _kind, versions, when) in zip(articles, specs, strict=True):
            if number >= len(versions):
                continue
            parent = latest.get(article.pk)
            body = versions[number]
            batch.append(
                Revision(
                    article=article,
                    parent=parent,
                    author=rng.choice(authors),
                    title=article.title,
                    body=body,
                    summary=SUMMARIES[0] if number == 0 else rng.choice(SUMMARIES[1:]),
                    kind=RevisionKind.CREATE if number == 0 else RevisionKind.EDIT,
                    status=RevisionStatus.PUBLISHED,
                    size=len(body),
                    delta=len(body) - (parent.size if parent else 0),
                    created_at=when + timedelta(days=number * rng.randint(3, 60)),
                )
            )
        for revision in Revision.objects.bulk_create(batch):
            latest[revision.article_id] = revision
        created["wiki revision"] += len(batch)

    # Vandalism on one page, rolled back by the moderator the same evening.
    vandalised = articles[names.index("Le Kiosque à musique")]
    good = latest[vandalised.pk]
    vandal = Revision.objects.create(
        article=vandalised, parent=good, author=authors[-1], title=vandalised.title,
        body="LE KIOSQUE C NUL", summary="", kind=RevisionKind.EDIT,
        status=RevisionStatus.PUBLISHED, size=16, delta=16 - good.size,
        created_at=good.created_at + timedelta(days=2),
    )  # fmt: skip
    latest[vandalised.pk] = Revision.objects.create(
        article=vandalised, parent=vandal, author=moderator, title=vandalised.title,
        body=good.body, summary=f"Modifications de {authors[-1].public_name} annulées.",
        kind=RevisionKind.REVERT, status=RevisionStatus.PUBLISHED, size=good.size,
        delta=good.size - 16, created_at=vandal.created_at + timedelta(hours=3),
    )  # fmt: skip
    created["wiki revision"] += 2

    for article in articles:
        article.current = latest[article.pk]
        article.modified_at = article.current.created_at
    Article.objects.bulk_update(articles, ["current", "modified_at"])

    # Categories, as the texts name them.
    categories = {
        name: WikiCategory(name=name, slug=title_slug(name))
        for names_ in CATEGORY_OF.values()
        for name in names_
    }
    WikiCategory.objects.bulk_create(categories.values())
    created["wiki category"] += len(categories)
    through = Article.categories.through
    through.objects.bulk_create(
        through(article_id=article.pk, wikicategory_id=categories[name].pk)
        for article, (_title, kind, _v, _w) in zip(articles, specs, strict=True)
        for name in CATEGORY_OF[kind]
    )

    # The street renamed in 2019: its former address leads to the page.
    renamed = articles[names.index("Rue du Vieux-Four")]
    Redirect.objects.create(old_slug="rue-du-four", article=renamed, created_at=now)
    created["wiki redirect"] += 1

    index_objects(Article.objects.filter(pk__in=[a.pk for a in articles]).select_related("current"))

    # Debates on the talk pages, between several residents.
    by_title = {article.title: article for article in articles}
    for number, (title, exchanges) in enumerate(DEBATES):
        for comment_text, reply_text in exchanges:
            asker = authors[number % len(authors)]
            replier = authors[(number + 3) % len(authors)]
            comment = comment_create(target=by_title[title], author=asker, body=comment_text)
            reply = comment_create(
                target=by_title[title], author=replier, body=reply_text, parent=comment
            )
            # Dated in the past, as a debate that has taken place: the reply a few hours later.
            asked = now - timedelta(days=3 + number * 5, hours=rng.randrange(1, 12))
            Comment.objects.filter(pk=comment.pk).update(created_at=asked)
            Comment.objects.filter(pk=reply.pk).update(
                created_at=asked + timedelta(hours=rng.randrange(2, 20))
            )
            created["comment"] += 2
    return created
