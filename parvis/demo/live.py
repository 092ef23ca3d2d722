"""The demo town's live Q&A sessions, in the tram project's space: one held a month before
the first build, whose transcript is published (residents' questions, the project lead's
and the deputy mayor's answers, the votes), and one planned three weeks after it, with its
moderator. Dates are counted from the day of the first build and never moved afterwards:
a session already there (by its title, in the space) is left as it is, so a second run
writes nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from parvis.accounts.models import User
from parvis.live.models import Answer, LiveSession, Question, QuestionStatus, SessionState
from parvis.search.indexing import index_objects
from parvis.spaces.models import ANSWERING_ROLES, Space, SpaceMembership

PAST_TITLE = "Le tracé du tram T1 : vos questions en direct"
NEXT_TITLE = "Les travaux du tram T1 : questions-réponses en direct"

#: (question, votes, index of the asker, answers as (index of the official, text))
TRANSCRIPT: list[tuple[str, int, int, list[tuple[int, str]]]] = [
    ("Quand les travaux de la ligne commenceront-ils dans le quartier de la Gare ?", 23, 0,
     [(0, "Les déviations de réseaux commencent au printemps prochain ; la plateforme du tram "
          "suivra à l'automne. Un calendrier rue par rue sera publié dans l'espace du projet.")]),
    ("Les arbres de l'avenue de la République seront-ils abattus ?", 31, 1,
     [(1, "Trente-deux arbres seront déplacés ou remplacés ; la ligne en plantera deux fois "
          "plus qu'elle n'en retire, le long de la plateforme engazonnée."),
      (0, "Les essences choisies sont présentées dans l'étude paysagère, en ligne.")]),
    ("Combien de stations desserviront les Berges ?", 12, 2,
     [(0, "Deux : Berges-Centre et le terminus Est, avec un parc relais de 150 places.")]),
    ("Le stationnement des riverains sera-t-il maintenu pendant le chantier ?", 18, 3,
     [(1, "Oui : des places provisoires seront ouvertes dans chaque rue concernée, et les "
          "accès aux garages resteront possibles.")]),
    ("Les vélos pourront-ils monter dans le tram ?", 9, 4,
     [(0, "Oui, en dehors des heures de pointe, dans les espaces prévus à chaque extrémité "
          "des rames.")]),
    ("Le bruit des rames a-t-il été mesuré près des écoles ?", 7, 5, []),
]  # fmt: skip


def live_ensure(*, tram: Space, moderator: User, askers: list[User]) -> dict[str, int]:
    """The two sessions of the tram's space; what was created, by kind."""
    created = {"live session": 0, "live question": 0}
    officials = list(
        SpaceMembership.objects.filter(space=tram, role__in=ANSWERING_ROLES)
        .select_related("user")
        .order_by("role", "id")
    )
    # The project lead answers first, then the deputy mayor.
    officials.sort(key=lambda m: 0 if m.role == "project_lead" else 1)
    sessions = []
    if not LiveSession.objects.filter(space=tram, title=PAST_TITLE).exists():
        sessions.append(_past_session(tram, officials, moderator, askers, created))
    if not LiveSession.objects.filter(space=tram, title=NEXT_TITLE).exists():
        sessions.append(_next_session(tram, officials, moderator))
    created["live session"] = len(sessions)
    if sessions:
        index_objects(sessions)
    return created


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _past_session(
    tram: Space,
    officials: list[SpaceMembership],
    moderator: User,
    askers: list[User],
    created: dict[str, int],
) -> LiveSession:
    starts = _at(-30, 18)
    session = LiveSession.objects.create(
        space=tram,
        title=PAST_TITLE,
        description=(
            "Une heure pour poser vos questions sur le tracé de la ligne T1 au chef de projet et "
            "à l'adjointe chargée des mobilités."
        ),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        state=SessionState.PUBLISHED,
    )
    session.officials.set(officials)
    session.moderators.add(moderator)
    for position, (text, votes, asker, answers) in enumerate(TRANSCRIPT):
        author = askers[asker % len(askers)]
        asked = starts + datetime.timedelta(minutes=3 + 7 * position)
        question = Question.objects.create(
            session=session,
            author=author,
            author_name=author.public_name,
            text=text,
            status=QuestionStatus.PUBLISHED,
            votes=votes,
            created_at=asked,
            decided_at=asked + datetime.timedelta(minutes=1),
        )
        created["live question"] += 1
        for number, (official, answer) in enumerate(answers):
            membership = officials[official % len(officials)]
            Answer.objects.create(
                question=question,
                official=membership,
                official_name=membership.display_name,
                official_title=membership.title,
                text=answer,
                created_at=asked + datetime.timedelta(minutes=3 + number),
            )
    return session


def _next_session(tram: Space, officials: list[SpaceMembership], moderator: User) -> LiveSession:
    starts = _at(21, 18)
    session = LiveSession.objects.create(
        space=tram,
        title=NEXT_TITLE,
        description=(
            "Le calendrier des travaux, les déviations et le stationnement : posez vos "
            "questions pendant la séance, un modérateur les publie et l'équipe du projet y répond."
        ),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
    )
    session.officials.set(officials)
    session.moderators.add(moderator)
    return session
