"""Every environment variable Parvis reads is documented, in both places that list them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_READS = [
    re.compile(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"'),
    re.compile(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"'),
]


def variables_read_by_parvis() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.joinpath("parvis").rglob("*.py"), ROOT / "dev.py"]:
        if "tests" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in _READS:
            names.update(pattern.findall(text))
    return names - {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_parvis_reads_a_known_set_of_variables():
    # Guards the scan itself: if it found nothing, the tests below would pass vacuously.
    names = variables_read_by_parvis()
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TOWN_NAME", "S3_BUCKET"} <= names


def test_every_variable_is_in_env_example():
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    documented |= {name.removesuffix("_FILE") for name in documented}
    assert variables_read_by_parvis() - documented == set()


def test_every_variable_is_in_the_configuration_guide():
    guide = (ROOT / "docs" / "configuration.md").read_text()
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", guide))
    assert variables_read_by_parvis() - documented == set()


def test_env_example_lists_only_variables_parvis_reads():
    # A variable removed from the settings goes from the examples too.
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert {name.removesuffix("_FILE") for name in listed} - variables_read_by_parvis() == set()
