"""The difference between two texts, line by line with the changed words marked, for an
accessible table: each changed line says in words whether it was removed or added (for
screen readers) and marks its changed words with <del> and <ins>, whose colours are only
a second sign. Unchanged stretches are cut down to `CONTEXT` lines around each change."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

CONTEXT = 2
_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class DiffRow:
    #: "equal", "changed", "removed", "added", or "gap" (unchanged lines left out).
    kind: str
    old_number: int | None
    old: SafeString
    new_number: int | None
    new: SafeString


def _words(old: str, new: str) -> tuple[str, str]:
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if tag == "equal":
            old_html.append(before)
            new_html.append(after)
            continue
        if before:
            old_html.append(f"<del>{before}</del>")
        if after:
            new_html.append(f"<ins>{after}</ins>")
    return "".join(old_html), "".join(new_html)


def _safe(html: str) -> SafeString:
    """HTML this module built from escaped text and its own tags."""
    return mark_safe(html)  # noqa: S308 (every piece of text in it was escaped)


def diff_rows(old_text: str, new_text: str) -> list[DiffRow]:
    """The rows of the table comparing `old_text` with `new_text` (empty: no difference)."""
    if old_text == new_text:
        return []
    hidden = '<span class="visually-hidden">{}</span>'
    removed = hidden.format(escape(gettext("Removed:")) + " ")
    added = hidden.format(escape(gettext("Added:")) + " ")
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[DiffRow] = []
    empty = _safe("")
    for number, group in enumerate(matcher.get_grouped_opcodes(CONTEXT)):
        if number or group[0][1] > 0 or group[0][3] > 0:
            rows.append(DiffRow("gap", None, empty, None, empty))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    old, new = escape(old_lines[i]), escape(new_lines[j])
                    rows.append(DiffRow("equal", i + 1, _safe(old), j + 1, _safe(new)))
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(pairs):
                old, new = _words(old_lines[i1 + k], new_lines[j1 + k])
                rows.append(
                    DiffRow(
                        "changed", i1 + k + 1, _safe(removed + old), j1 + k + 1, _safe(added + new)
                    )
                )
            for i in range(i1 + pairs, i2):
                line = f"<del>{escape(old_lines[i])}</del>" if old_lines[i] else ""
                rows.append(DiffRow("removed", i + 1, _safe(removed + line), None, empty))
            for j in range(j1 + pairs, j2):
                line = f"<ins>{escape(new_lines[j])}</ins>" if new_lines[j] else ""
                rows.append(DiffRow("added", None, empty, j + 1, _safe(added + line)))
    return rows
