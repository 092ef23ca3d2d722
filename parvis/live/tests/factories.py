"""Sessions for the tests: a project space with an official who answers, and its session."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from conftest import make_user
from parvis.accounts.models import User
from parvis.live.models import LiveSession, Question, QuestionStatus, SessionState
from parvis.spaces.models import MemberRole, Space, SpaceKind, SpaceMembership


def space_create(slug: str = "tramway", name: str = "Le tramway") -> Space:
    return Space.objects.create(kind=SpaceKind.PROJECT, slug=slug, name=name)


def official_create(space: Space, email: str = "elue@example.org", **fields: Any) -> User:
    user = make_user(email, display_name="Jeanne Martin")
    SpaceMembership.objects.create(
        space=space,
        user=user,
        role=MemberRole.COUNCILLOR,
        title=fields.get("title", "Adjointe aux mobilités"),
    )
    return user


def session_create(
    space: Space | None = None,
    *,
    state: str = SessionState.OPEN,
    officials: list[User] = (),  # type: ignore[assignment]
    moderators: list[User] = (),  # type: ignore[assignment]
    title: str = "Le tracé du tramway",
) -> LiveSession:
    space = space or space_create()
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=10)
    session = LiveSession.objects.create(
        space=space,
        title=title,
        description="Vos questions sur le tracé.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        state=state,
    )
    for user in officials:
        session.officials.add(*SpaceMembership.objects.filter(space=space, user=user))
    session.moderators.add(*moderators)
    return session


def question_create(
    session: LiveSession,
    author: User,
    text: str = "Quand les travaux commencent-ils ?",
    **fields: Any,
) -> Question:
    fields.setdefault("status", QuestionStatus.PUBLISHED)
    return Question.objects.create(
        session=session, author=author, author_name=author.public_name, text=text, **fields
    )
