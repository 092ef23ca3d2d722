from __future__ import annotations

from typing import Any

import pytest

from parvis.accounts.tests.helpers import fast_password_hashing


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    # Staff sign in with a password in the back-office tests; its production cost is not tested.
    fast_password_hashing(settings)
