from __future__ import annotations

import pytest

from conftest import make_user
from parvis.live.tests.factories import official_create, session_create, space_create


@pytest.fixture
def space(db):
    return space_create()


@pytest.fixture
def official(space):
    return official_create(space)


@pytest.fixture
def session_moderator(db):
    return make_user("animatrice@example.org", display_name="Léa")


@pytest.fixture
def live_session(space, official, session_moderator):
    return session_create(space, officials=[official], moderators=[session_moderator])
