"""Transcripts: WebVTT read into cues (times and text) for the episode's page, and checked
when staff save one, so that apps given it as text/vtt can read it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}\.\d{3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}\.\d{3})(?:\s.*)?$"
)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    start: str  # as written, HH:MM:SS.mmm or MM:SS.mmm
    seconds: int
    text: str

    @property
    def clock(self) -> str:
        hours, rest = divmod(self.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def _seconds(stamp: str) -> int:
    parts = stamp.split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return int(total)


def transcript_cues(text: str) -> list[Cue]:
    """The cues of a WebVTT transcript, their text without markup (voice tags and the like)."""
    cues: list[Cue] = []
    blocks = re.split(r"\r?\n\s*\r?\n", text.replace("\r\n", "\n").strip())
    for block in blocks:
        lines = block.split("\n")
        for index, line in enumerate(lines):
            match = _TIMING.match(line)
            if match:
                words = " ".join(_TAG.sub("", each).strip() for each in lines[index + 1 :]).strip()
                if words:
                    cues.append(Cue(match.group(1), _seconds(match.group(1)), words))
                break
    return cues


def check_vtt(text: str) -> None:
    """ValidationError unless `text` is WebVTT with at least one cue."""
    if not text.lstrip("\ufeff").startswith("WEBVTT") or not transcript_cues(text):
        raise ValidationError(
            _("This is not a WebVTT transcript: it must begin with “WEBVTT” and hold timed cues."),
            code="not_vtt",
        )
