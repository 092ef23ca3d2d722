"""Page sections: what an app adds to the pages shared by every app.

The home page, a space's page, a tag's page, the resident's "What I follow" page and their
profile belong to no feature app: each app declares, in its `manifest.py`, the sections it adds to them:

    section(
        "agenda.space",
        page="space",
        template="agenda/_space_events.html",
        context=lambda request, space: {"events": upcoming_events(space=space)[:3]},
        order=20,
    )

The page renders its sections with `{% page_sections "space" space %}`, in `order` (then in
the order they were declared). `context(request, obj)` gets the page's request and its
object (the space, the tag; None on the home page, the person on "What I follow" and on
their profile) and
returns the section's template context, or None to leave the section out of this page. A
section runs a fixed number of queries, whatever the amount of content.

The page cache (`parvis.core.pagecache`) keeps the page until a change to what its sections
read: the tables they query are recorded while the page renders, so a section needs to
declare nothing; one that shows only what belongs to the page's object may say so with
`depends_on(request, f"space:{space.pk}", instead_of=[...])`.

A section that shows the same markup to every visitor (nothing in its context or template
depends on who asks, no form with a CSRF token) may say `cache=True`: it is then kept
rendered in each process's memory (`parvis.core.fragments`) until something it read
changes, for signed-in visitors too, so that a change to one article renders the news of
the home page again but not its spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from parvis.core.registry import Registry

#: The shared pages that take sections, and what their object is.
PAGES = {
    "home": "nothing (None)",
    "space": "the space",
    "tag": "the tag",
    "following": "the signed-in person",
    "profile": "the signed-in person (links to what they do online)",
}


@dataclass(frozen=True)
class Section:
    key: str
    page: str
    template: str
    context: Callable[[HttpRequest | None, Any], dict[str, Any] | None]
    order: int = 50
    cache: bool = False


_sections: Registry[Section] = Registry("page section")


def section(
    key: str,
    *,
    page: str,
    template: str,
    context: Callable[[HttpRequest | None, Any], dict[str, Any] | None],
    order: int = 50,
    cache: bool = False,
) -> Section:
    """Add a section to one of the shared `PAGES`; `cache`: the same markup for every
    visitor, kept rendered until what it read changes (see above)."""
    if page not in PAGES:
        raise ValueError(f"No page {page!r} takes sections; the pages are {', '.join(PAGES)}.")
    return _sections.add(
        key,
        Section(key=key, page=page, template=template, context=context, order=order, cache=cache),
    )


def sections_of(page: str) -> list[Section]:
    declared = _sections.filter(lambda entry: entry.page == page)
    return sorted(declared, key=lambda entry: entry.order)
