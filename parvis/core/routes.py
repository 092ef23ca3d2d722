"""The public pages an app routes: declared in its manifest, included by `parvis/urls.py`.

    pages("parvis.agenda.urls", prefix="agenda/")

The app's URL module gives its `app_name` (the namespace of its `{% url %}`s). Its pages go
under the language prefixes (French at /, English under /en/), like every page of the site;
feeds are declared apart (`parvis.core.feeds.feed`), at one address each. A machine
interface whose addresses a specification fixes (Open311) says `localized=False`: its
routes go at the root, without a language prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLResolver, include, path

from parvis.core.registry import Registry


@dataclass(frozen=True)
class Pages:
    module: str
    prefix: str
    localized: bool = True


_pages: Registry[Pages] = Registry("URL module")


def pages(module: str, *, prefix: str = "", localized: bool = True) -> Pages:
    """Route the URL module `module` (dotted path) under `prefix` ("" or "agenda/");
    `localized=False`: once, at the root, without a language prefix."""
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"The prefix of {module!r} must end with a slash: {prefix!r}.")
    return _pages.add(module, Pages(module=module, prefix=prefix, localized=localized))


def page_urlpatterns(*, localized: bool = True) -> list[URLResolver]:
    """The URL patterns of every app's declared pages, in the order apps are installed:
    those under the language prefixes, or (`localized=False`) those at the root."""
    return [
        path(entry.prefix, include(entry.module))
        for entry in _pages
        if entry.localized == localized
    ]
