"""What the subscription partial (`agenda/_subscribe.html`) needs: a feed's address for
calendar applications (`webcal://`)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django import template

from parvis.core.links import absolute_url

register = template.Library()


@register.filter
def webcal(path: str) -> str:
    """The feed at `path` on the site's address, with the `webcal` scheme, which opens the
    visitor's calendar application ready to subscribe ("webcal://ville.example/…")."""
    return urlunsplit(urlsplit(absolute_url(path))._replace(scheme="webcal"))
