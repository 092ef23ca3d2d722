from pathlib import Path
from typing import Any

import pytest

from parvis.core.tests.subprocesses import parvis_env, run_parvis


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Personas are created in many of these tests; the production hasher's cost is not tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: Any) -> Path:
    """Static files collected once, as `parvis collectstatic` does before serving."""
    data_dir = tmp_path_factory.mktemp("collectstatic")
    static_root = data_dir / "static"
    done = run_parvis(
        "collectstatic", "--noinput", "-v0", env=parvis_env(data_dir, STATIC_ROOT=str(static_root))
    )
    assert done.returncode == 0, done.stderr
    return static_root
