import pytest

from parvis.accounts.tests.helpers import fast_password_hashing


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    fast_password_hashing(settings)
