"""The libraries' words re-said as Parvis says them (parvis/locale_libraries/): each is still
a library's message, translated, with its placeholders, in French typography, compiled."""

from __future__ import annotations

import gettext as gnu_gettext
import re
from pathlib import Path

import allauth
import django
import django_tasks_db
import pytest

import parvis
from parvis.core.tests.test_translations import (
    _without_pot_date,
    compiled_form,
    parse_po,
    placeholder_mismatches,
    typography_mistakes,
)

WORDING_DIR = Path(parvis.__file__).resolve().parent / "locale_libraries"
LIBRARY_CATALOGUES = [
    Path(allauth.__file__).resolve().parent / "locale/fr/LC_MESSAGES/django.po",
    Path(django.__file__).resolve().parent / "contrib/admin/locale/fr/LC_MESSAGES/django.po",
]
#: A library without a catalogue of its own: its messages are read from its code.
LIBRARY_SOURCES = [Path(django_tasks_db.__file__).resolve().parent / "models.py"]


def library_messages() -> set[str]:
    found = {
        entry.msgid
        for catalogue in LIBRARY_CATALOGUES
        for entry in parse_po(catalogue.read_text(encoding="utf-8"))
    }
    for source in LIBRARY_SOURCES:
        found |= set(re.findall(r'\b_\("([^"]+)"\)', source.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_catalogue_only_re_says_the_libraries_words(language):
    library_ids = library_messages()
    entries = parse_po((WORDING_DIR / language / "LC_MESSAGES/django.po").read_text("utf-8"))
    messages = [entry for entry in entries if not entry.is_header]

    # An allauth upgrade that rewords a message leaves our version unused: it shows here.
    assert [entry.msgid for entry in messages if entry.msgid not in library_ids] == []
    assert [entry.msgid for entry in messages if not entry.msgstr[0].strip()] == []
    assert placeholder_mismatches(messages) == []
    if language == "fr":
        assert typography_mistakes(messages) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_catalogue_is_compiled(language):
    folder = WORDING_DIR / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalog = _without_pot_date(gnu_gettext.GNUTranslations(compiled)._catalog)

    expected = compiled_form(parse_po((folder / "django.po").read_text(encoding="utf-8")))
    assert catalog == _without_pot_date(expected), (
        "Run: cd parvis && ../.venv/bin/python -m django compilemessages --settings=parvis.settings"
    )
