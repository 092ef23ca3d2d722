from __future__ import annotations

from typing import Any

import pytest

from parvis.comments.tests.factories import commented_page
from parvis.spaces.models import ModerationPolicy, SpacePage


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Personas sign in in many of these tests; the production hasher's cost is not tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page(db: Any) -> SpacePage:
    """A page of a neighbourhood moderated after publication."""
    return commented_page()


@pytest.fixture
def council_page(db: Any) -> SpacePage:
    """A page of a council moderated before publication."""
    return commented_page("conseil-des-jeunes", policy=ModerationPolicy.BEFORE)
