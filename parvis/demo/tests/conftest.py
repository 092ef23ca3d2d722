"""One demo town per test module: building it takes seconds (700 items, 260 pictures), so
the tests that only read it share one build, rolled back at the end of the module."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def media_storages(location: Path) -> dict[str, Any]:
    return {
        **django_settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": "/media/"},
        },
        # The demo's CVs: beside its pictures, never in the working tree's data.
        "private": {
            "BACKEND": "parvis.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": location / "private"},
        },
    }


@dataclass(frozen=True)
class DemoBuild:
    #: What the first `parvis demo` printed.
    output: str
    #: Where its pictures are.
    media: Path
    #: Tasks in the queue right after it.
    tasks_enqueued: int


@pytest.fixture(scope="module")
def demo_build(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[DemoBuild]:
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        # The demo hashes ten passwords per run; the production hasher's cost is not under test.
        override_settings(STORAGES=media_storages(media), PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        output = run_demo()
        yield DemoBuild(output=output, media=media, tasks_enqueued=DBTaskResult.objects.count())
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_build: DemoBuild, settings: Any) -> DemoBuild:
    """The module's demo town, with the storage that holds its pictures."""
    settings.STORAGES = media_storages(demo_build.media)
    settings.PASSWORD_HASHERS = FAST_HASHERS
    return demo_build
