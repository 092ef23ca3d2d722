"""Absolute links to this site, built on `settings.SITE_URL` and never on a request's Host.

Whatever leaves the site with a link in it (an e-mail, a feed, a provider's callback) takes
it from here: a request may name any host of ALLOWED_HOSTS, with any port, and a link
built on it (`request.build_absolute_uri`) would send the reader there.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """`url` (a path like "/spaces/x/", or already absolute) on the site's public address."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):  # object storage may give scheme-relative addresses
        return f"{urlsplit(settings.SITE_URL).scheme}:{url}"
    return f"{settings.SITE_URL}{url}"


def site_domain() -> str:
    """The site's host name with its port, if it has one: "ville.example", "127.0.0.1:8000"."""
    return urlsplit(settings.SITE_URL).netloc


def site_hostname() -> str:
    """The site's host name alone, for identifiers that carry no port (tag: URIs, Message-IDs)."""
    return urlsplit(settings.SITE_URL).hostname or ""
