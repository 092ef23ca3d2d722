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
    # Data blocks (JSON-LD) are not run, so the policy lets them be.
    "inline <script>": re.compile(
        r"<script(?![^>]*\ssrc=)(?![^>]*\stype=[\"']application/(?:ld\+)?json[\"'])[^>]*>",
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
