"""Public names (`User.display_name`): the one rule for every way a name is set.

A public name is shown next to what a person writes, in pages, feeds, e-mails and the
moderation queue. `display_name_clean()` is called by everything that sets one (the
profile form, the back office's account form, `accounts.services.user_update`, the demo):

- it is normalised: Unicode NFKC (full-width and "mathematical" letters become plain
  ones), runs of white space become one space, none at the ends;
- it holds no control character (line breaks, tabs), no character that changes the
  direction of the text (U+202E and the other bidirectional controls and isolates), no
  invisible character (zero-width spaces, Hangul fillers, blank Braille) and at least one
  visible letter, digit or sign: a name cannot be blank to the eye, nor rearrange the page
  around it, nor span several lines;
- it does not claim to be the town or its staff: the town's name, "Mairie…", "Ville de…",
  the staff roles' names in French and English ("Modérateur", "Administrator"…) and
  "Parvis" are reserved. They are compared on a skeleton of the name (case, accents,
  punctuation and spacing dropped, look-alike letters such as the Cyrillic a (U+0430) or
  "0" for "o" merged), so "MAIRIE  DE …", "Mairíe" and a Cyrillic "Modérateur" are caught.

The joiners U+200C and U+200D are the only invisible characters kept, where a script needs
them (RFC 5892's rule for domain names: after a virama, or U+200C between two Arabic-script
letters, as in the Persian "علی‌رضا"); elsewhere, e.g. in emoji sequences, they are refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import Role
from parvis.core.town import current_town

#: As `User.display_name` (kept here so the rule does not import the model).
MAX_LENGTH = 80
#: More combining marks than this on one letter is "Zalgo" text spilling over the lines
#: around it; real names need at most three (Vietnamese, Hebrew with points, Thai).
MAX_MARKS_IN_A_ROW = 4

_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Letters and signs drawn as nothing: Hangul fillers (U+3164 and U+FFA0 become U+1160 under
# NFKC) and the blank Braille pattern.
_BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_VIRAMA = 9  # canonical combining class of viramas (Devanagari, Bengali, Malayalam…)

MESSAGES = {
    "control": _("A public name cannot contain line breaks, tabs or other control characters."),
    "bidi": _(
        "A public name cannot contain characters that change the direction of the text "
        "(such as U+202E)."
    ),
    "invisible": _(
        "A public name cannot contain invisible characters (such as zero-width spaces or "
        "blank fillers)."
    ),
    "unassigned": _(
        "A public name cannot contain private-use or unassigned characters, which devices "
        "show differently or not at all."
    ),
    "marks": _("A public name cannot pile more than %(limit)d accents on one letter."),
    "blank": _(
        "A public name needs at least one visible letter, digit or sign. Leave the field "
        "empty to appear as “a resident”."
    ),
    "reserved": _(
        "A public name cannot include “%(reserved)s”: it belongs to the town or its staff. "
        "Please choose another name."
    ),
}


def display_name_clean(value: str) -> str:
    """`value` as it is stored and shown (normalised), or ValidationError with the message
    to show next to the field. An empty result is valid: the person appears as "a resident".
    Idempotent: a cleaned name comes back unchanged."""
    name = unicodedata.normalize("NFKC", value or "").strip()
    _refuse_characters(name)
    name = re.sub(r"\s+", " ", name)
    if not name:
        return ""
    if not any(_is_visible(char) for char in name):
        raise ValidationError(MESSAGES["blank"], code="blank")
    MaxLengthValidator(MAX_LENGTH)(name)
    reserved = reserved_term_in(name)
    if reserved is not None:
        raise ValidationError(MESSAGES["reserved"], code="reserved", params={"reserved": reserved})
    return name


def _refuse_characters(name: str) -> None:
    marks = 0
    for position, char in enumerate(name):
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp"):
            raise ValidationError(MESSAGES["control"], code="control")
        if char in _BIDI_CONTROLS:
            raise ValidationError(MESSAGES["bidi"], code="bidi")
        if category == "Cf" and not _joiner_needed(name, position):
            raise ValidationError(MESSAGES["invisible"], code="invisible")
        if char in _BLANK_GRAPHICS:
            raise ValidationError(MESSAGES["invisible"], code="invisible")
        if category in ("Co", "Cn", "Cs"):
            raise ValidationError(MESSAGES["unassigned"], code="unassigned")
        marks = marks + 1 if category.startswith("M") else 0
        if marks > MAX_MARKS_IN_A_ROW:
            raise ValidationError(
                MESSAGES["marks"], code="marks", params={"limit": MAX_MARKS_IN_A_ROW}
            )


def _joiner_needed(name: str, position: int) -> bool:
    """RFC 5892 (CONTEXTJ), with Arabic-script letters standing for its joining types."""
    char = name[position]
    if char not in (_ZWNJ, _ZWJ) or position == 0:
        return False
    before = name[position - 1]
    if unicodedata.combining(before) == _VIRAMA:
        return True
    after = name[position + 1] if position + 1 < len(name) else ""
    return char == _ZWNJ and _is_arabic_letter(before) and _is_arabic_letter(after)


def _is_arabic_letter(char: str) -> bool:
    if not char or not unicodedata.category(char).startswith("L"):
        return False
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x0870 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _is_visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_GRAPHICS


# --- reserved names -------------------------------------------------------------------------

#: Words that only the town speaks as, matched anywhere in a name.
RESERVED_WORDS = (
    "Mairie",
    "Hôtel de ville",
    "Municipalité",
    "Conseil municipal",
    "Monsieur le maire",
    "Madame la maire",
    "Madame le maire",
    "Adjoint au maire",
    "Adjointe au maire",
    "Town hall",
    "City hall",
    "Municipality",
    "Town council",
    "City council",
    "The mayor",
    "Deputy mayor",
    "Modérateur",
    "Modératrice",
    "Modération",
    "Moderator",
    "Moderation",
    "Administrateur",
    "Administratrice",
    "Administration",
    "Administrator",
    "Admin",
    "Webmaster",
    "Officiel",
    "Officielle",
    "Official",
    "Parvis",
    # The French feminine forms of the roles (the catalogue has the masculine ones).
    "Élue",
    "Chargée de communication",
    "Chargée des ressources humaines",
    "Agente des services à la famille",
    "Habitante vérifiée",
)
#: How the town is named in its own voice, matched at the start of a name.
RESERVED_PREFIXES = ("Ville de", "Ville d’", "Commune de", "Commune d’", "City of", "Town of")
# Shorter skeletons are matched as whole words only: "elu" must not catch "Delubac".
_SUBSTRING_MIN = 6

# Letters that look alike in common fonts, reduced to one: Cyrillic and Greek look-alikes,
# digits and signs used for letters, "l"/"I"/"1" (one shape in many sans-serif fonts).
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
        "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d",
        "һ": "h", "ԛ": "q", "ԝ": "w", "ӏ": "i", "ɡ": "g", "ı": "i", "ɩ": "i",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
        "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
        "|": "i", "l": "i",
    }
)  # fmt: skip


def skeleton(text: str) -> str:
    """What `text` looks like, for comparing names: casefolded, accents and punctuation
    dropped, look-alikes merged, words separated by one space. "MAIRÍE  d'Ys" → "mairie d ys"."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_CONFUSABLES).replace("rn", "m").replace("vv", "w")
    words = [word for word in re.split(r"[\W_]+", text) if word]
    # "M A I R I E": a run of letters typed apart is read as one word.
    merged: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1:
            run.append(word)
            continue
        merged.extend(["".join(run)] if len(run) > 1 else run)
        run = []
        if word:
            merged.append(word)
    return " ".join(merged)


def reserved_term_in(name: str) -> str | None:
    """The reserved term `name` includes (as people would read it), or None."""
    shape = skeleton(name)
    padded = f" {shape} "
    squashed = shape.replace(" ", "")
    for term, prefix_only in _reserved_terms():
        term_shape = skeleton(term)
        if not term_shape:
            continue
        if prefix_only:
            if padded.startswith(f" {term_shape} "):
                return term
            continue
        if f" {term_shape} " in padded:
            return term
        term_squashed = term_shape.replace(" ", "")
        if len(term_squashed) >= _SUBSTRING_MIN and term_squashed in squashed:
            return term
    return None


def _reserved_terms() -> Iterator[tuple[str, bool]]:
    """(term, matched at the start only): the town, its roles in every language, the rest."""
    yield str(current_town().name), False
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for role in Role:
                yield str(role.label), False
    for word in RESERVED_WORDS:
        yield word, False
    for prefix in RESERVED_PREFIXES:
        yield prefix, True
