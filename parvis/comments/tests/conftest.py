from __future__ import annotations

from typing import Any

import pytest

from parvis.comments.tests.factories import commented_page
from parvis.spaces.models import ModerationPolicy, SpacePage


@pytest.fixture
def page(db: Any) -> SpacePage:
    """A page of a neighbourhood moderated after publication."""
    return commented_page()


@pytest.fixture
def council_page(db: Any) -> SpacePage:
    """A page of a council moderated before publication."""
    return commented_page("conseil-des-jeunes", policy=ModerationPolicy.BEFORE)
