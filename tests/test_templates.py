"""Parvis's templates hold nothing the Content-Security-Policy would block.

The browser tests catch violations on the pages they open; this reads every template, so
a page no test opens yet cannot bring an inline script, style or event handler either.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import parvis

PARVIS_DIR = Path(parvis.__file__).resolve().parent
TEMPLATES = sorted(p for p in PARVIS_DIR.rglob("templates/**/*.html"))

FORBIDDEN = {
    "inline style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "inline <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "inline event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    # A schema.org JSON-LD data block is not run, so the policy lets it be: exactly
    # `<script type="application/ld+json">`, nothing else (its text comes from
    # `parvis.core.jsonld.json_ld_dumps`, escaped against `</script>`).
    "inline <script>": re.compile(
        r"<script(?![^>]*\ssrc=)(?!\s+type=\"application/ld\+json\">)[^>]*>",
        re.IGNORECASE,
    ),
    "javascript: address": re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I),
}


def test_templates_are_found():
    names = {p.relative_to(PARVIS_DIR).as_posix() for p in TEMPLATES}
    assert "templates/base.html" in names
    assert "spaces/templates/spaces/space_detail.html" in names


@pytest.mark.parametrize("rule", sorted(FORBIDDEN))
def test_no_template_has_what_the_policy_blocks(rule):
    pattern = FORBIDDEN[rule]
    found = [
        f"{path.relative_to(PARVIS_DIR)}: {match.group(0)[:80]}"
        for path in TEMPLATES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("tag", "flagged"),
    [
        ('<script type="application/ld+json">', False),
        ('<script src="/static/parvis/js/parvis.js" defer>', False),
        ("<script>", True),
        ('<script type="application/json">', True),
        ('<script type="text/javascript">', True),
        ('<script type="module">', True),
        ('<script type="application/ld+json" nonce="x">', True),
    ],
)
def test_only_a_json_ld_data_block_may_be_inline(tag, flagged):
    assert bool(FORBIDDEN["inline <script>"].search(tag)) is flagged
