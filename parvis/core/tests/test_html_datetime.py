"""`|html_datetime` writes the `datetime` attribute of `<time>` as HTML allows it."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template
from django.utils import timezone

UTC = dt.UTC


def render(value: object) -> str:
    template = Template('{% load parvis %}<time datetime="{{ value|html_datetime }}">')
    with timezone.override("Europe/Paris"):
        return template.render(Context({"value": value}))


def test_an_aware_datetime_drops_its_microseconds_and_keeps_the_local_offset():
    moment = dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=UTC)

    assert render(moment) == '<time datetime="2026-03-01T09:30:15+01:00">'


def test_summer_time_gives_its_own_offset():
    moment = dt.datetime(2026, 7, 14, 20, 0, 0, 999999, tzinfo=UTC)

    assert render(moment) == '<time datetime="2026-07-14T22:00:00+02:00">'


def test_a_date_is_a_plain_date_and_nothing_is_empty():
    assert render(dt.date(2026, 12, 4)) == '<time datetime="2026-12-04">'
    assert render(None) == '<time datetime="">'
