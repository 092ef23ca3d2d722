"""`parvis demo` never adds its public accounts to a real town's site unless forced."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from parvis.accounts.models import User
from parvis.demo.tests.conftest import FAST_HASHERS, run_demo
from parvis.news.models import Article
from parvis.spaces.models import Space


@pytest.mark.django_db
def test_the_demo_refuses_a_real_town_unless_forced(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": "Saint-Réel", "is_demo": False}

    with pytest.raises(CommandError, match=r"real town \(Saint-Réel; TOWN_NAME is set\)"):
        run_demo()
    assert Space.objects.count() == 0
    assert User.objects.count() == 0
    assert Article.objects.count() == 0

    run_demo("--force")
    assert Space.objects.count() == 14
    assert Article.objects.count() == 200
