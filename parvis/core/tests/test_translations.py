"""The French catalogue: complete, compiled, up to date with the code, and really used.

Parvis is written in English and shown in French by default, so a string added to the code
without its French translation shows English to French readers. These tests make that a
failing test that names the string (docs/where-things-go.md, "Translations").
"""

from __future__ import annotations

import gettext as gnu_gettext
import os
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.commands import makemessages

import parvis
from parvis.spaces.models import MemberRole
from parvis.spaces.tests.factories import CENTRE_BOUNDARY, make_member, make_page, make_space

PACKAGE_DIR = Path(parvis.__file__).resolve().parent
CATALOGUE_DIR = PACKAGE_DIR / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"

#: The options of the documented command (docs/where-things-go.md), run from parvis/.
#: Django drops a trailing "/*" and also matches a pattern against a folder's bare name, so
#: each of these leaves out every folder called "tests".
IGNORE_PATTERNS = ["*/tests/*", "tests/*"]
REGENERATE = (
    'cd parvis && ../.venv/bin/python -m django makemessages -l fr --no-obsolete -i "*/tests/*" '
    '-i "tests/*" --settings=parvis.settings'
)
COMPILE = (
    "cd parvis && ../.venv/bin/python -m django compilemessages -l fr --settings=parvis.settings"
)

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


# --- a small reader of .po files --------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural form → text; 0 when singular
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def sources(self) -> list[str]:
        """The English text of each form: msgstr[0] renders msgid, the others msgid_plural."""
        if self.msgid_plural is None:
            return [self.msgid]
        return [self.msgid if n == 0 else self.msgid_plural for n in sorted(self.msgstr)]

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[n] for n in sorted(self.msgstr)]


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')


def _unquote(quoted: str) -> str:
    if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"':
        raise ValueError(f"not a quoted PO string: {quoted!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m[1]], quoted[1:-1])


def parse_po(text: str) -> list[Entry]:
    """The entries of a PO file, as GNU gettext reads them (multi-line strings, contexts,
    plural forms, flags, obsolete `#~` entries)."""
    entries: list[Entry] = []
    entry = Entry()
    started = False  # the current entry has a keyword line
    target: tuple[str, int] | None = None  # where continuation lines go

    def finish() -> None:
        nonlocal entry, started, target
        if started:
            entries.append(entry)
        entry, started, target = Entry(), False, None

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and target and target[0] == "msgstr":
                finish()  # a comment after a translation opens the next entry
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"a string continues nothing: {raw!r}")
            name, form = target
            if name == "msgstr":
                entry.msgstr[form] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise ValueError(f"not a PO line: {raw!r}")
        keyword, form, value = match[1], match[2], _unquote(match[3])
        if keyword in ("msgctxt", "msgid") and target and target[0] == "msgstr":
            finish()  # entries not separated by a blank line
        started = True
        entry.obsolete = entry.obsolete or obsolete
        if keyword.startswith("msgstr"):
            entry.msgstr[int(form or 0)] = value
            target = ("msgstr", int(form or 0))
        else:
            setattr(entry, keyword, value)
            target = (keyword, 0)
    finish()
    return entries


def compiled_form(entries: list[Entry]) -> dict[Any, str]:
    """What msgfmt puts in a .mo file, keyed as `gettext.GNUTranslations` stores it: fuzzy,
    obsolete and untranslated entries are left out, the header is kept."""
    catalog: dict[Any, str] = {}
    for entry in entries:
        if entry.obsolete or ("fuzzy" in entry.flags and not entry.is_header):
            continue
        if not entry.is_header and not all(entry.msgstr.values()):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalog[key] = entry.msgstr[0]
        else:
            catalog.update({(key, n): text for n, text in entry.msgstr.items()})
    return catalog


@cache
def committed_entries() -> list[Entry]:
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


def messages() -> list[Entry]:
    """The committed entries that are messages (not the header)."""
    return [entry for entry in committed_entries() if not entry.is_header]


# --- the checks, written once and proved on samples below -----------------------------------

_PYTHON_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
_TAG = re.compile(r"<[^>]*>")


def placeholders(text: str) -> set[str]:
    return set(_PYTHON_FORMAT.findall(text)) | {
        f"{{{{ {name} }}}}" for name in _TEMPLATE_VARIABLE.findall(text)
    }


def untranslated(entries: list[Entry]) -> list[str]:
    wanted_forms = {False: [0], True: [0, 1]}  # French has two plural forms
    return [
        entry.msgid
        for entry in entries
        if sorted(entry.msgstr) != wanted_forms[entry.msgid_plural is not None]
        or not all(text.strip() for text in entry.msgstr.values())
    ]


def placeholder_mismatches(entries: list[Entry]) -> list[tuple[str, str]]:
    """(English, French) pairs whose placeholders or HTML tags differ."""
    found = []
    for entry in entries:
        for source, translation in zip(entry.sources, entry.translations, strict=True):
            if placeholders(source) != placeholders(translation) or Counter(
                _TAG.findall(source)
            ) != Counter(_TAG.findall(translation)):
                found.append((source, translation))
    return found


def typography_mistakes(entries: list[Entry]) -> list[str]:
    """French typography: a non-breaking space before : ; ? ! and inside « », French quotes,
    the typographic apostrophe. Tags and placeholders are left aside."""
    spaces = NBSP + NARROW_NBSP
    rules = [
        (re.compile(rf"(?:^|[^{spaces}])[:;?!»]"), "no non-breaking space before : ; ? ! »"),
        (re.compile(rf"«(?:[^{NBSP}]|$)"), "no non-breaking space after «"),
        (re.compile(r"[“”\"]"), "English quotes"),
        (re.compile(r"'"), "straight apostrophe"),
    ]
    found = []
    for entry in entries:
        for translation in entry.translations:
            text = _PYTHON_FORMAT.sub("x", _TAG.sub(" ", translation))
            found += [f"{translation!r}: {why}" for rule, why in rules if rule.search(text)]
    return found


def test_the_po_reader_reads_what_msgfmt_compiles(tmp_path):
    sample = (
        "# a translator's comment\n"
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid ""\n"Welcome to "\n"%(name)s"\n'
        'msgstr "%(name)s vous souhaite "\n"la bienvenue"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mai"\n\n'
        'msgid "%(n)d result"\nmsgid_plural "%(n)d results"\n'
        'msgstr[0] "%(n)d résultat"\nmsgstr[1] "%(n)d résultats"\n\n'
        '#, fuzzy\nmsgid "Maybe"\nmsgstr "Peut-être"\n\n'
        'msgid "Say \\"hi\\"\\n"\nmsgstr "Dites « salut »\\n"\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    )
    po = tmp_path / "sample.po"
    po.write_text(sample, encoding="utf-8")
    subprocess.run(["msgfmt", "-o", tmp_path / "sample.mo", po], check=True)

    entries = parse_po(sample)

    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr) for e in entries[1:]] == [
        (None, "Welcome to %(name)s", None, {0: "%(name)s vous souhaite la bienvenue"}),
        ("month", "May", None, {0: "mai"}),
        (None, "%(n)d result", "%(n)d results", {0: "%(n)d résultat", 1: "%(n)d résultats"}),
        (None, "Maybe", None, {0: "Peut-être"}),
        (None, 'Say "hi"\n', None, {0: "Dites « salut »\n"}),
        (None, "Untranslated", None, {0: ""}),
        (None, "Gone", None, {0: "Parti"}),
    ]
    assert [e.flags for e in entries[1:]] == [
        {"python-format"},
        set(),
        set(),
        {"fuzzy"},
        set(),
        set(),
        set(),
    ]
    assert [e.obsolete for e in entries] == [False] * 7 + [True]
    with (tmp_path / "sample.mo").open("rb") as compiled:
        assert gnu_gettext.GNUTranslations(compiled)._catalog == compiled_form(entries)


def test_the_checks_find_what_they_look_for():
    entries = parse_po(
        '#, fuzzy\nmsgid "Sign in"\nmsgstr "Se connecter"\n\n'
        'msgid "Sign out"\nmsgstr ""\n\n'
        'msgid "%(n)s file"\nmsgid_plural "%(n)s files"\nmsgstr[0] "%(n)s fichier"\n\n'
        'msgid "Hello %(name)s: <a href=\\"%(url)s\\">go</a>"\n'
        'msgstr "Bonjour %(nom)s: <a href=\\"%(url)s\\">allez-y</a>"\n\n'
        'msgid "Say {{ word }}"\nmsgstr "Dites \\"{{ mot }}\\" l\'ami !"\n'
    )

    assert untranslated(entries) == ["Sign out", "%(n)s file"]
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == ["Sign in"]
    assert placeholder_mismatches(entries) == [
        (
            'Hello %(name)s: <a href="%(url)s">go</a>',
            'Bonjour %(nom)s: <a href="%(url)s">allez-y</a>',
        ),
        ("Say {{ word }}", 'Dites "{{ mot }}" l\'ami !'),
    ]
    assert typography_mistakes(entries) == [
        "'Bonjour %(nom)s: <a href=\"%(url)s\">allez-y</a>': no non-breaking space before : ; ? ! »",
        "'Dites \"{{ mot }}\" l\\'ami !': no non-breaking space before : ; ? ! »",
        "'Dites \"{{ mot }}\" l\\'ami !': English quotes",
        "'Dites \"{{ mot }}\" l\\'ami !': straight apostrophe",
    ]


# --- the committed catalogue ----------------------------------------------------------------


def test_the_header_declares_french_in_utf_8_with_french_plurals():
    header = next(entry for entry in committed_entries() if entry.is_header)
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines())

    assert "fuzzy" not in header.flags
    assert fields["Project-Id-Version"] == "Parvis"
    assert fields["Language"] == "fr"
    assert fields["Language-Team"] == "French"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete():
    assert len(messages()) > 0
    assert untranslated(messages()) == []
    assert [entry.msgid for entry in messages() if "fuzzy" in entry.flags] == []
    assert [entry.msgid for entry in messages() if entry.obsolete] == []


def test_every_translation_keeps_the_placeholders_and_tags_of_its_english():
    assert placeholder_mismatches(messages()) == []


def test_every_translation_follows_french_typography():
    assert typography_mistakes(messages()) == []


def _without_pot_date(catalog: dict[Any, str]) -> dict[Any, str]:
    """Recent msgfmt leaves the header's POT-Creation-Date out of the .mo (for reproducible
    builds), older ones keep it: it says nothing about the translations either way."""
    header = re.sub(r"^POT-Creation-Date: .*\n", "", catalog.get("", ""), flags=re.MULTILINE)
    return {**catalog, "": header}


def test_the_compiled_catalogue_is_the_po_file_compiled():
    with MO_FILE.open("rb") as compiled:
        catalog = _without_pot_date(gnu_gettext.GNUTranslations(compiled)._catalog)

    expected = _without_pot_date(compiled_form(committed_entries()))
    assert "Project-Id-Version: Parvis" in catalog[""]
    assert sorted(map(str, expected.keys() - catalog.keys())) == [], f"Run: {COMPILE}"
    assert sorted(map(str, catalog.keys() - expected.keys())) == [], f"Run: {COMPILE}"
    assert catalog == expected, f"Run: {COMPILE}"


# --- the catalogue and the code ---------------------------------------------------------------


def _require_gettext_tools() -> None:
    missing = [
        tool for tool in ("xgettext", "msguniq", "msgmerge", "msgattrib") if not shutil.which(tool)
    ]
    if missing:
        pytest.fail(
            f"GNU gettext is missing ({', '.join(missing)}): `python3 dev.py test` installs it, "
            "or run `sudo apt-get install gettext`."
        )


class _WorkFileElsewhere(makemessages.BuildFile):
    """Django writes a template's Python version next to the template; put it in a temporary
    folder instead, so the test leaves the source tree alone."""

    @cached_property
    def work_path(self) -> str:
        if not self.is_templatized:
            return self.path
        path = os.path.join(
            self.command.work_dir, self.translatable.dirpath, f"{self.translatable.file}.py"
        )
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path


class _MakemessagesIntoTemporaryFolder(makemessages.Command):
    """Django's makemessages with the documented options, writing its catalogue into
    `target` rather than into parvis/locale/."""

    build_file_class = _WorkFileElsewhere

    def __init__(self, target: Path) -> None:
        super().__init__(stdout=StringIO(), stderr=StringIO())
        self.target = str(target / "locale")
        self.work_dir = str(target / "work")
        self.scanned: list[str] = []
        os.makedirs(self.target)

    def find_files(self, root: str) -> list[Any]:
        files = super().find_files(root)
        self.locale_paths = [self.target]  # where the .pot is written, read and removed
        for translatable in files:
            translatable.locale_dir = self.target
        self.scanned = [translatable.path for translatable in files]
        return files


def _extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: str) -> tuple[Any, Path]:
    _require_gettext_tools()
    command = _MakemessagesIntoTemporaryFolder(tmp_path)
    monkeypatch.chdir(PACKAGE_DIR)
    call_command(
        command,
        locale=["fr"],
        domain=domain,
        ignore_patterns=list(IGNORE_PATTERNS),
        no_obsolete=True,
        verbosity=0,
    )
    return command, Path(command.target) / "fr" / "LC_MESSAGES" / f"{domain}.po"


def test_the_catalogue_holds_exactly_the_strings_of_the_code(tmp_path, monkeypatch):
    command, extracted_po = _extract(tmp_path, monkeypatch, "django")
    in_code = {e.key for e in parse_po(extracted_po.read_text(encoding="utf-8")) if not e.is_header}
    in_catalogue = {entry.key for entry in messages()}

    assert "./templates/base.html" in command.scanned
    assert [path for path in command.scanned if "/tests/" in path] == []
    missing = sorted(in_code - in_catalogue, key=str)
    assert missing == [], (
        "These strings of the code are not in the French catalogue. Run\n"
        f"  {REGENERATE}\ntranslate them in {PO_FILE.relative_to(PACKAGE_DIR.parent)}, then\n"
        f"  {COMPILE}\nMissing (context, English, English plural):\n"
        + "\n".join(f"  {key!r}" for key in missing)
    )
    stale = sorted(in_catalogue - in_code, key=str)
    assert stale == [], (
        f"These strings are no longer in the code. Run\n  {REGENERATE}\n  {COMPILE}\n"
        + "\n".join(f"  {key!r}" for key in stale)
    )


def test_the_scripts_have_nothing_to_translate(tmp_path, monkeypatch):
    """No JavaScript catalogue is served; a script that starts to use gettext() needs one
    (a `djangojs` catalogue and Django's JavaScriptCatalog view)."""
    command, extracted_po = _extract(tmp_path, monkeypatch, "djangojs")

    assert "./static/parvis/js/parvis.js" in command.scanned
    assert not extracted_po.exists()


# --- pages as French and English readers see them --------------------------------------------


def _pieces(text: str) -> list[str]:
    """The runs of words of a message between its tags and placeholders."""
    parts = re.split(f"{_TAG.pattern}|{_PYTHON_FORMAT.pattern}", text)
    return [piece for part in parts if (piece := re.sub(r"[ \t\r\n]+", " ", part).strip())]


def _visible_texts(html: str) -> list[str]:
    """Text and text attributes of a page; parts marked in another language (the link to
    the other language) are left out."""
    page = BeautifulSoup(html, "html.parser")
    language = page.html["lang"]
    for element in page.select("[lang]"):
        if element.name != "html" and element["lang"] != language:
            element.decompose()
    for element in page(["script", "style"]):
        element.decompose()
    texts = list(page.stripped_strings)
    for attribute in ("alt", "aria-label", "placeholder", "title"):
        texts += [element[attribute] for element in page.select(f"[{attribute}]")]
    return [re.sub(r"[ \t\r\n]+", " ", text).strip() for text in texts]


def leftovers(html: str, *, of: str) -> set[str]:
    """Catalogue strings shown in the wrong language: `of="en"` finds English in a French
    page, `of="fr"` French in an English page. A string that reads the same in both
    languages ("Pages", "Notifications") is not a leftover."""
    texts = _visible_texts(html)
    whole = " ".join(texts)
    found = set()
    for entry in messages():
        english = [piece for source in entry.sources for piece in _pieces(source)]
        french = [piece for text in entry.translations for piece in _pieces(text)]
        wrong, right = (english, french) if of == "en" else (french, english)
        plain = [*entry.sources, *entry.translations]
        for piece in set(wrong) - set(right):
            if len(piece.split()) >= 3 and piece in whole:
                found.add(piece)
            elif piece in plain and any(t == piece or t.startswith(f"{piece} ") for t in texts):
                found.add(piece)  # a short message, alone or leading its value
    return found


@pytest.fixture
def neighbourhood(officer):
    space = make_space(
        "centre-ville",
        name="Centre-ville",
        summary="Le cœur historique de la commune.",
        boundary=CENTRE_BOUNDARY,
    )
    make_member(space, officer, MemberRole.COUNCILLOR)
    make_page(space, "histoire", title="Histoire du quartier", body="Le marché date de 1820.")
    make_page(space, "pratique", title="Infos pratiques", body="Mairie annexe, rue Haute.")
    return space


PAGES = {
    "home": "/",
    "space": "/spaces/centre-ville/",
    "space page": "/spaces/centre-ville/pages/histoire/",
    "login": "/accounts/login/",
    "legal notice": "/legal/notice/",
    "accessibility": "/legal/accessibility/",
    "privacy": "/legal/privacy/",
    "404": "/no-such-page/",
}
STATUS = {"404": 404}

FRENCH_ON_EVERY_PAGE = [
    "Aller au contenu",
    "Rechercher sur le site",
    "Accueil",
    "Quartiers et projets",
    "Se connecter",
    "Créer un compte",
    "Mentions légales",
    f"Accessibilité{NBSP}: partiellement conforme",
    "Données personnelles",
    f"Site réalisé avec Parvis, logiciel libre sous licence AGPL{NBSP}:",
    "télécharger le code source de ce site",
]
ENGLISH_ON_EVERY_PAGE = [
    "Skip to content",
    "Search the site",
    "Home",
    "Neighbourhoods and projects",
    "Sign in",
    "Create an account",
    "Legal notice",
    "Accessibility: partially compliant",
    "Personal data",
    "Made with Parvis, free software under the AGPL licence:",
    "download the source code of this site",
]
HEADINGS = {
    "home": ("Villeneuve-du-Parvis vous souhaite la bienvenue", "Welcome to Villeneuve-du-Parvis"),
    "space": ("Centre-ville", "Centre-ville"),
    "space page": ("Histoire du quartier", "Histoire du quartier"),
    "legal notice": ("Mentions légales", "Legal notice"),
    "accessibility": ("Déclaration d’accessibilité", "Accessibility statement"),
    "privacy": ("Données personnelles", "Personal data"),
    "404": ("Page introuvable", "Page not found"),
}
PAGE_TEXTS = {
    "space": (
        [
            "Qui vous répond dans cet espace",
            "Élu référent",
            "Personne ne suit encore cet espace",
            "Carte",
            f"Contour de l’espace «{NBSP}Centre-ville{NBSP}»",
            f"Connectez-vous pour suivre «{NBSP}Centre-ville{NBSP}»",
        ],
        [
            "Who answers for this space",
            "Councillor for this space",
            "Nobody follows this space yet",
            "Map",
            "Outline of Centre-ville",
            "Sign in to follow Centre-ville",
        ],
    ),
    "space page": (
        [
            "Autres pages de cet espace",
            f"Pages de l’espace «{NBSP}Centre-ville{NBSP}»",
            "Vous êtes ici",
        ],
        ["Other pages of this space", "Pages of", "You are here"],
    ),
    "legal notice": (
        [
            "Éditeur du site",
            "Directeur de la publication",
            "Hébergement",
            f"Téléphone{NBSP}:",
            "Réutilisation des contenus",
        ],
        ["Publisher", "Director of publication", "Hosting", "Telephone:", "Reuse of content"],
    ),
    "accessibility": (
        [
            "État de conformité",
            "Voies de recours",
            "Défenseur des droits",
            "partiellement conforme",
        ],
        ["Compliance status", "Remedies", "Défenseur des droits", "partially compliant"],
    ),
    "privacy": (
        [
            "Responsable du traitement",
            "délégué à la protection des données",
            "CNIL",
            "Durée de conservation des données",
        ],
        ["Who is responsible", "data protection officer", "CNIL", "How long we keep data"],
    ),
    "404": (
        ["Erreur 404", "Retour à la page d’accueil", f"Besoin d’aide{NBSP}?"],
        ["Error 404", "Back to the home page", "Need help?"],
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_french_pages_show_french_and_english_pages_english(client, neighbourhood, name):
    french = client.get(PAGES[name])
    english = client.get(f"/en{PAGES[name]}")

    for response, language in [(french, "fr"), (english, "en")]:
        assert response.status_code == STATUS.get(name, 200)
        assert BeautifulSoup(response.content, "html.parser").html["lang"] == language
    french_html, english_html = french.content.decode(), english.content.decode()
    french_texts, english_texts = _visible_texts(french_html), _visible_texts(english_html)
    for expected in FRENCH_ON_EVERY_PAGE + PAGE_TEXTS.get(name, ([], []))[0]:
        assert expected in " ".join(french_texts)
    for expected in ENGLISH_ON_EVERY_PAGE + PAGE_TEXTS.get(name, ([], []))[1]:
        assert expected in " ".join(english_texts)
    if name in HEADINGS:
        assert (
            BeautifulSoup(french_html, "html.parser").h1.get_text(strip=True) == HEADINGS[name][0]
        )
        assert (
            BeautifulSoup(english_html, "html.parser").h1.get_text(strip=True) == HEADINGS[name][1]
        )
    assert leftovers(french_html, of="en") == set()
    assert leftovers(english_html, of="fr") == set()


@pytest.mark.django_db
def test_the_leftover_check_finds_english_in_english_and_french_in_french(client, neighbourhood):
    english = client.get("/en/spaces/centre-ville/").content.decode()
    french = client.get("/spaces/centre-ville/").content.decode()

    assert {"Skip to content", "Who answers for this space", "Map", "Sign in"} <= leftovers(
        english, of="en"
    )
    assert {"Aller au contenu", "Qui vous répond dans cet espace", "Carte", "Se connecter"} <= (
        leftovers(french, of="fr")
    )
    # The link to the other language is marked with its own language, so it is not a leftover.
    assert "English" not in leftovers(french, of="en")
