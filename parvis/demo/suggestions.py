"""The demo town's suggestions: three in every neighbourhood, answered by the area's
councillor (signed with their public name and title), at every stage (received, under
study, accepted, done, declined with a reason), supported by residents; and one private
suggestion in the Centre-Ville, read only by its author and the councillor.

Built once: a suggestion already there (its space and title) is left as it is, so a second
run writes nothing. Dates are counted back from the first build. Rows are written directly
(no notification: nobody is told of what the demo invents), the public ones indexed for the
search; their authors follow them, as the form makes them do.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

from parvis.core.geo import area_centre
from parvis.notifications.services import subscription_create
from parvis.search.indexing import index_objects
from parvis.spaces.models import ANSWERING_ROLES, Space, SpaceMembership
from parvis.suggestions.models import (
    Answer,
    Category,
    Suggestion,
    SuggestionStatus,
    Support,
    Visibility,
)

_S = SuggestionStatus

CATEGORIES = [
    ("cadre-de-vie", "Cadre de vie"),
    ("deplacements", "Déplacements"),
    ("nature-en-ville", "Nature en ville"),
    ("vie-de-quartier", "Vie de quartier"),
]

#: (category, title, text)
IDEAS: list[tuple[str, str, str]] = [
    (
        "nature-en-ville",
        "Planter des arbres fruitiers au square",
        "Le square manque d'ombre l'été. Des pommiers et des poiriers donneraient de l'ombre et des fruits à partager entre voisins.",
    ),
    (
        "deplacements",
        "Un passage piéton devant l'école",
        "Les enfants traversent la rue sans passage protégé à la sortie de l'école. Un passage piéton surélevé ralentirait les voitures.",
    ),
    (
        "cadre-de-vie",
        "Des bancs le long de l'avenue",
        "Les personnes âgées aimeraient pouvoir se reposer en chemin vers le marché : quelques bancs suffiraient.",
    ),
    (
        "vie-de-quartier",
        "Une boîte à livres près de la boulangerie",
        "Une boîte à livres permettrait d'échanger romans et albums entre voisins.",
    ),
    (
        "deplacements",
        "Des arceaux à vélos près de la pharmacie",
        "Il n'y a aucun endroit pour attacher son vélo dans la rue commerçante.",
    ),
    (
        "nature-en-ville",
        "Un jardin partagé sur la friche",
        "La friche au bout de la rue pourrait devenir un jardin partagé, avec des parcelles pour les familles.",
    ),
    (
        "cadre-de-vie",
        "Plus de poubelles de tri au parc",
        "Les poubelles du parc débordent le week-end ; des bacs de tri éviteraient les déchets au sol.",
    ),
    (
        "vie-de-quartier",
        "Une fête des voisins avec la mairie",
        "Organiser chaque année une fête des voisins, avec des tables et des barnums prêtés par la mairie.",
    ),
    (
        "cadre-de-vie",
        "Éteindre l'éclairage après minuit",
        "Éteindre l'éclairage public de la rue résidentielle après minuit économiserait l'énergie et protégerait les oiseaux.",
    ),
    (
        "deplacements",
        "Une zone à 30 km/h dans les rues résidentielles",
        "Les voitures roulent vite dans les petites rues ; une zone à 30 km/h rendrait le quartier plus sûr.",
    ),
]

#: Each neighbourhood's three suggestions go through these paths of answers.
PATHS: list[list[str]] = [
    [_S.UNDER_STUDY, _S.ACCEPTED, _S.DONE],
    [_S.UNDER_STUDY],
    [_S.DECLINED],
    [_S.ACCEPTED],
    [],
]

ANSWERS: dict[str, str] = {
    _S.UNDER_STUDY: "Merci pour cette proposition. Les services techniques l'étudient et nous vous tiendrons informés.",
    _S.ACCEPTED: "Bonne nouvelle : la proposition est retenue et inscrite au budget de l'année.",
    _S.DONE: "C'est fait ! Les travaux sont terminés ; merci à toutes celles et ceux qui l'ont soutenue.",
    _S.DECLINED: "Nous ne pouvons pas retenir cette proposition : la rue est trop étroite et le plan de circulation adopté en conseil ne le permet pas. Nous cherchons une autre solution.",
}

PRIVATE = (
    "cadre-de-vie",
    "Un voisin stocke des déchets dans la cour commune",
    "Je préfère ne pas en parler publiquement : des sacs s'accumulent dans la cour de notre immeuble depuis des semaines.",
)


def _categories_ensure(counts: Counter[str]) -> dict[str, Category]:
    found = {c.slug: c for c in Category.objects.filter(slug__in=[s for s, _n in CATEGORIES])}
    for position, (slug, name) in enumerate(CATEGORIES):
        if slug not in found:
            found[slug] = Category.objects.create(slug=slug, name=name, position=position)
            counts["suggestion category"] += 1
    return found


def _councillor(space: Space) -> SpaceMembership | None:
    return (
        SpaceMembership.objects.select_related("user")
        .filter(space=space, role__in=ANSWERING_ROLES)
        .order_by("position", "id")
        .first()
    )


def _suggestion_ensure(
    *,
    space: Space,
    idea: tuple[str, str, str],
    author: Any,
    categories: dict[str, Category],
    path: list[str],
    age_days: int,
    position: tuple[float, float] | None,
    supporters: list[Any],
    visibility: str = Visibility.PUBLIC,
    counts: Counter[str],
) -> Suggestion | None:
    slug, title, text = idea
    if Suggestion.objects.filter(space=space, title=title).exists():
        return None
    now = timezone.now()
    created = now - timedelta(days=age_days)
    suggestion = Suggestion.objects.create(
        space=space,
        category=categories[slug],
        author=author,
        title=title,
        text=text,
        visibility=visibility,
        lat=position[0] if position else None,
        lon=position[1] if position else None,
        created_at=created,
    )
    counts["suggestion"] += 1
    subscription_create(user=author, target=suggestion)
    membership = _councillor(space)
    status: str = _S.RECEIVED
    when = created
    for step, to_status in enumerate(path):
        if membership is None:
            break
        when = when + timedelta(days=3 + 5 * step, hours=2 + age_days % 7)
        Answer.objects.create(
            suggestion=suggestion,
            author=membership.user,
            signed_name=membership.display_name,
            signed_function=membership.title or str(membership.get_role_display()),
            from_status=status,
            to_status=to_status,
            text=ANSWERS[to_status],
            created_at=min(when, now),
        )
        counts["suggestion answer"] += 1
        if suggestion.first_answered_at is None:
            suggestion.first_answered_at = min(when, now)
        status = to_status
    for supporter in supporters:
        if supporter.pk != author.pk:
            Support.objects.create(suggestion=suggestion, user=supporter)
            counts["suggestion support"] += 1
    suggestion.status = status
    suggestion.support_count = Support.objects.filter(suggestion=suggestion).count()
    suggestion.save(update_fields=["status", "first_answered_at", "support_count"])
    return suggestion


def suggestions_ensure(
    *, neighbourhoods: list[Space], areas: dict[str, dict], authors: list[Any], voices: list[Any]
) -> Counter[str]:
    """Create what is missing; the counts of what was created, by kind."""
    counts: Counter[str] = Counter()
    categories = _categories_ensure(counts)
    created: list[Suggestion] = []
    people = authors + voices
    for n, space in enumerate(neighbourhoods):
        centre = area_centre(areas[space.slug]) if space.slug in areas else None
        for k in range(3):
            number = 3 * n + k
            suggestion = _suggestion_ensure(
                space=space,
                idea=IDEAS[number % len(IDEAS)],
                author=authors[number % len(authors)],
                categories=categories,
                path=PATHS[number % len(PATHS)],
                age_days=10 + (number * 7) % 80,
                position=centre if k == 0 else None,
                supporters=[people[(number + 1 + j) % len(people)] for j in range(1 + number % 6)],
                counts=counts,
            )
            if suggestion is not None:
                created.append(suggestion)
    if neighbourhoods:
        _suggestion_ensure(
            space=neighbourhoods[0],
            idea=PRIVATE,
            author=authors[0],
            categories=categories,
            path=[_S.UNDER_STUDY],
            age_days=6,
            position=None,
            supporters=[],
            visibility=Visibility.PRIVATE,
            counts=counts,
        )
    index_objects(
        Suggestion.objects.select_related("space", "category").filter(
            pk__in=[s.pk for s in created]
        )
    )
    return counts
