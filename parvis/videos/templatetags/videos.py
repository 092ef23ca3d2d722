"""`{{ seconds|video_duration }}`: a duration as players show it (1:02:05, 4:07)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter(name="video_duration")
def video_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
