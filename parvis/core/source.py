"""The source code of the running Parvis, offered to every visitor (AGPL-3.0, section 13).

A town that changes Parvis must offer its users the changed source. Serving the archive of
the code actually installed — the `parvis` package plus the project files beside it —
keeps that promise without anyone having to publish a repository.
"""

from __future__ import annotations

import io
import tarfile
from functools import cache
from pathlib import Path

import parvis

PACKAGE_DIR = Path(parvis.__file__).resolve().parent
PROJECT_FILES = (
    "LICENSE",
    "README.md",
    "pyproject.toml",
    "dev.py",
    "manage.py",
    "Makefile",
    ".env.example",
    ".ci/run",
)
PROJECT_DIRS = ("requirements", "docs", "bench", "tests")
_SKIPPED_PARTS = {"__pycache__", ".pytest_cache", "results", "var", ".venv"}
#: Only source files: never a secret key, a database or uploaded media that a data directory
#: placed inside the tree might hold.
_SOURCE_SUFFIXES = {
    ".py", ".html", ".txt", ".css", ".js", ".svg", ".po", ".mo", ".md", ".toml", ".in", ".json",
    ".example", ".cfg", ".ini",
}  # fmt: skip


def _private_dirs() -> list[Path]:
    from django.conf import settings

    return [
        Path(directory).resolve()
        for directory in (
            settings.DATA_DIR,
            settings.MEDIA_ROOT,
            settings.PRIVATE_MEDIA_ROOT,
            settings.STATIC_ROOT,
        )
    ]


def _wanted(path: Path) -> bool:
    if not path.is_file() or _SKIPPED_PARTS & set(path.parts):
        return False
    if path.suffix not in _SOURCE_SUFFIXES and path.name not in PROJECT_FILES:
        return False
    resolved = path.resolve()
    return not any(resolved.is_relative_to(directory) for directory in _private_dirs())


@cache
def source_archive() -> bytes:
    """A gzipped tar of the running code, built once per process."""
    buffer = io.BytesIO()
    root = PACKAGE_DIR.parent
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path in sorted(PACKAGE_DIR.rglob("*")):
            if _wanted(path):
                archive.add(path, arcname=f"parvis-{parvis.__version__}/{path.relative_to(root)}")
        for name in PROJECT_FILES:
            if (root / name).is_file():
                archive.add(root / name, arcname=f"parvis-{parvis.__version__}/{name}")
        for directory in PROJECT_DIRS:
            for path in (
                sorted((root / directory).rglob("*")) if (root / directory).is_dir() else []
            ):
                if _wanted(path):
                    archive.add(
                        path, arcname=f"parvis-{parvis.__version__}/{path.relative_to(root)}"
                    )
    return buffer.getvalue()
