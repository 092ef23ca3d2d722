"""The trail of links above a page ("Home > Neighbourhoods > Vieux-Bourg"), said once.

A view passes `breadcrumbs(...)` in its context as `breadcrumbs`; `base.html` draws the
visible trail from it (`_breadcrumbs.html`) and writes the same trail as a schema.org
`BreadcrumbList` for search engines, so the two never disagree. A page without
`breadcrumbs` shows neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from parvis.core.jsonld import breadcrumb_list_json_ld, json_ld_dumps


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # a path on this site, in the page's language ("/en/spaces/")
    # What the town wrote, when the name is its words (a space, a page's title) rather than the
    # site's (Home, Spaces): the trail marks the language of those words, like the page does.
    source: object | None = None


@dataclass(frozen=True)
class Breadcrumbs:
    crumbs: tuple[Crumb, ...]

    @cached_property
    def json_ld(self) -> SafeString:
        return json_ld_dumps(breadcrumb_list_json_ld([(c.name, c.url) for c in self.crumbs]))


def breadcrumbs(
    *trail: tuple[str | Promise, str] | tuple[str | Promise, str, object],
) -> Breadcrumbs:
    """Home, then each (name, path) of `trail`; the last one is the page itself.

    A third item names the object whose words the name is (`Crumb.source`). Call it while
    the page's language is active (in the view): names are shown as given, and Home is
    translated and linked here.
    """
    home = Crumb(gettext("Home"), reverse("home"))
    return Breadcrumbs((home, *(Crumb(str(name), *rest) for name, *rest in trail)))
