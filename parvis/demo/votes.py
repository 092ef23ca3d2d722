"""The demo town's votes, in the youth council's space: a participatory budget for the young
open now and last year's, closed with its results; the election of the youth council open
now, and the previous one, closed with its elected members. Candidates are young residents
of the demo (born 12 to 16 years before the first build), their candidacies validated.

Dates are counted from the day of the first build and never moved: a consultation already
there (by its web address) is left as it is, so a second run writes nothing. The closed
ones get their ballots in bulk from a seeded generator (the same on every run), and as
many lines in the register, without voters (as erased accounts leave them): the demo has
no thousand young residents to sign in.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from parvis.demo.content import Person
from parvis.spaces.models import Space
from parvis.votes.models import (
    Ballot,
    Candidacy,
    CandidacyStatus,
    Consultation,
    Eligibility,
    Method,
    Option,
    VoterRecord,
)

SEED = 13
DAY = datetime.timedelta(days=1)

PROJECTS = [
    ("Un skatepark derrière le gymnase", "Des modules en béton, ouverts à tous les âges.", 18000),
    (
        "Une salle de musique au centre jeunesse",
        "Insonorisée, avec une batterie et des amplis.",
        9000,
    ),
    ("Des jeux d'eau au parc", "Pour les journées chaudes, avec une eau recyclée.", 12000),
    ("Un mur d'expression libre", "Un mur du square où peindre sans enfreindre la loi.", 3000),
    (
        "Des boîtes à livres dans les quartiers",
        "Cinq boîtes fabriquées par le lycée technique.",
        2500,
    ),
]
#: (e-mail's local part, first name, last name, feminine, age, presentation, projects)
CANDIDATES = [
    ("lea.moreau", "Léa", "Moreau", True, 14, "En 4e au collège Jules-Ferry, je joue au hand.", "Un skatepark et des concerts l'été."),
    ("yanis.benali", "Yanis", "Benali", False, 15, "En 3e, passionné de vélo.", "Des pistes cyclables jusqu'au collège."),
    ("ines.lefevre", "Inès", "Lefèvre", True, 13, "En 5e, je fais partie du club nature.", "Un potager au collège et plus d'arbres."),
    ("tom.girard", "Tom", "Girard", False, 16, "En seconde, je fais du théâtre.", "Une fête de la jeunesse chaque printemps."),
    ("chloe.martin", "Chloé", "Martin", True, 12, "En 6e, je lis beaucoup.", "Une boîte à livres dans chaque quartier."),
]  # fmt: skip


def _consultation(slug: str, **fields: Any) -> tuple[Consultation, bool]:
    found = Consultation.objects.filter(slug=slug).first()
    if found is not None:
        return found, False
    return Consultation.objects.create(slug=slug, is_published=True, **fields), True


def _ballots(consultation: Consultation, choices: list[list[int]]) -> None:
    Ballot.objects.bulk_create(Ballot(consultation=consultation, choices=c) for c in choices)
    VoterRecord.objects.bulk_create(
        VoterRecord(consultation=consultation, voter=None, voted_at=consultation.closes_at - DAY)
        for _ in choices
    )


def _budget(slug: str, title: str, space: Space, opens: datetime.datetime, *, closed: bool,
            rng: random.Random) -> Counter:  # fmt: skip
    made: Counter = Counter()
    consultation, created = _consultation(
        slug,
        space=space,
        title=title,
        summary="20 000 euros pour des projets choisis par les jeunes de la ville.",
        description=(
            "Les jeunes de 11 à 25 ans choisissent les projets que la ville réalise avec "
            "**20 000 euros**. Choisissez autant de projets que vous voulez, dans la limite "
            "du budget."
        ),
        method=Method.BUDGET,
        budget=20000,
        opens_at=opens,
        closes_at=opens + 21 * DAY,
        eligibility=Eligibility.RESIDENTS,
    )
    if not created:
        return made
    made["consultation"] += 1
    options = Option.objects.bulk_create(
        Option(consultation=consultation, title=t, description=d, cost=c, position=n)
        for n, (t, d, c) in enumerate(PROJECTS)
    )
    if closed:
        weights = [5, 3, 4, 2, 3]
        ballots = []
        for _ in range(240):
            picked: list[int] = []
            total = 0
            for option in rng.choices(options, weights, k=3):
                if option.pk not in picked and total + (option.cost or 0) <= 20000:
                    picked.append(option.pk)
                    total += option.cost or 0
            ballots.append(picked)
        _ballots(consultation, ballots)
        made["ballot"] += len(ballots)
    return made


def _election(slug: str, title: str, space: Space, opens: datetime.datetime, *, closed: bool,
              candidates: list[Any], rng: random.Random) -> Counter:  # fmt: skip
    made: Counter = Counter()
    consultation, created = _consultation(
        slug,
        space=space,
        title=title,
        summary="Élisez les trois jeunes qui représentent les collégiens au conseil.",
        description=(
            "Le conseil municipal des jeunes porte les projets des 11-17 ans. Chaque votant "
            "choisit jusqu'à **trois** candidats ; les trois qui ont le plus de voix sont élus."
        ),
        method=Method.ELECTION,
        max_choices=3,
        opens_at=opens,
        closes_at=opens + 14 * DAY,
        min_age=11,
        max_age=17,
        candidate_min_age=11,
        candidate_max_age=17,
    )
    if not created:
        return made
    made["consultation"] += 1
    options = []
    for position, (user, presentation, projects) in enumerate(candidates):
        option = Option.objects.create(
            consultation=consultation,
            title=user.display_name,
            description=presentation,
            position=position,
        )
        Candidacy.objects.create(
            consultation=consultation,
            user=user,
            name=user.display_name,
            presentation=presentation,
            projects=projects,
            status=CandidacyStatus.VALIDATED,
            option=option,
            submitted_at=opens - 20 * DAY,
        )
        options.append(option)
        made["candidacy"] += 1
    if closed:
        weights = [6, 4, 5, 2, 3][: len(options)]
        ballots = []
        for _ in range(180):
            chosen = {o.pk for o in rng.choices(options, weights, k=rng.randint(1, 3))}
            ballots.append(sorted(chosen))
        _ballots(consultation, ballots)
        made["ballot"] += len(ballots)
    return made


def votes_ensure(
    *, youth_council: Space, person_ensure: Callable[..., Any], report: Any
) -> Counter:
    """The youth council's consultations and elections (see the module's docstring); what
    was created, by kind. The candidates are people of the demo (listed in its output,
    without a password)."""
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    young = []
    for local, first, last, feminine, age, presentation, projects in CANDIDATES:
        user = person_ensure(
            person=Person(email_local=local, first_name=first, last_name=last, feminine=feminine),
            report=report,
        )
        if user.birth_date is None:
            user.birth_date = today.replace(year=today.year - age) - datetime.timedelta(days=40)
            user.save(update_fields=["birth_date"])
        young.append((user, presentation, projects))
    made: Counter = Counter()
    made += _budget("budget-participatif-jeunes", "Budget participatif des jeunes",
                    youth_council, now - 3 * DAY, closed=False, rng=rng)  # fmt: skip
    made += _budget("budget-participatif-jeunes-l-an-dernier",
                    "Budget participatif des jeunes de l'an dernier", youth_council,
                    now - 380 * DAY, closed=True, rng=rng)  # fmt: skip
    made += _election("election-conseil-des-jeunes", "Élection du conseil municipal des jeunes",
                      youth_council, now - 2 * DAY, closed=False, candidates=young[:4],
                      rng=rng)  # fmt: skip
    made += _election("election-conseil-des-jeunes-precedente",
                      "Élection précédente du conseil municipal des jeunes", youth_council,
                      now - 400 * DAY, closed=True, candidates=young[1:], rng=rng)  # fmt: skip
    return made
